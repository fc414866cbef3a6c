#include "core/plural_rule.hpp"

#include <cctype>
#include <limits>

namespace mutua {

namespace {

// Bounds: a real rule is under 200 characters and 40 nodes (Arabic's is the longest).
constexpr size_t kMaxExprChars = 1000;
constexpr size_t kMaxNodes = 256;
constexpr int kMaxNesting = 32;

using Node = PluralRule::Node;

class Parser {
 public:
  Parser(std::string_view s, std::vector<Node>& nodes) : s_(s), nodes_(nodes) {}

  bool parse(std::string& error) {
    const auto root = conditional(0);
    if (root && (skip(), pos_ == s_.size())) return true;
    error = error_.empty() ? "plural= may only use n, numbers, ?:, ||, &&, ==, !=, <, >, <=, >=, % "
                             "and parentheses; found '" +
                                 std::string(s_.substr(pos_, 1)) + "'"
                           : error_;
    return false;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  std::vector<Node>& nodes_;
  std::string error_;

  void skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool eat(std::string_view tok) {
    skip();
    if (s_.substr(pos_, tok.size()) != tok) return false;
    // "<" must not take the first half of "<=", "=" is never a token on its own.
    if (tok.size() == 1 && (tok == "<" || tok == ">") && pos_ + 1 < s_.size() &&
        s_[pos_ + 1] == '=')
      return false;
    pos_ += tok.size();
    return true;
  }
  std::optional<uint16_t> add(Node n) {
    if (nodes_.size() >= kMaxNodes) {
      error_ = "plural= expression is too long";
      return std::nullopt;
    }
    nodes_.push_back(n);
    return uint16_t(nodes_.size() - 1);
  }
  std::optional<uint16_t> binary(Node::Kind k, uint16_t a, uint16_t b) {
    Node n;
    n.kind = k;
    n.a = a;
    n.b = b;
    return add(n);
  }

  std::optional<uint16_t> conditional(int depth) {
    if (depth > kMaxNesting) {
      error_ = "plural= expression is nested too deeply";
      return std::nullopt;
    }
    auto test = logical_or(depth);
    if (!test || !eat("?")) return test;
    auto then = conditional(depth + 1);
    if (!then) return std::nullopt;
    if (!eat(":")) {
      if (error_.empty()) error_ = "'?' without ':' in plural=";
      return std::nullopt;
    }
    auto otherwise = conditional(depth + 1);
    if (!otherwise) return std::nullopt;
    Node n;
    n.kind = Node::cond;
    n.a = *test;
    n.b = *then;
    n.c = *otherwise;
    return add(n);
  }
  std::optional<uint16_t> logical_or(int depth) {
    auto l = logical_and(depth);
    while (l && eat("||")) {
      auto r = logical_and(depth);
      if (!r) return std::nullopt;
      l = binary(Node::or_, *l, *r);
    }
    return l;
  }
  std::optional<uint16_t> logical_and(int depth) {
    auto l = equality(depth);
    while (l && eat("&&")) {
      auto r = equality(depth);
      if (!r) return std::nullopt;
      l = binary(Node::and_, *l, *r);
    }
    return l;
  }
  std::optional<uint16_t> equality(int depth) {
    auto l = relation(depth);
    while (l) {
      Node::Kind k;
      if (eat("=="))
        k = Node::eq;
      else if (eat("!="))
        k = Node::ne;
      else
        break;
      auto r = relation(depth);
      if (!r) return std::nullopt;
      l = binary(k, *l, *r);
    }
    return l;
  }
  std::optional<uint16_t> relation(int depth) {
    auto l = modulo(depth);
    while (l) {
      Node::Kind k;
      if (eat("<="))
        k = Node::le;
      else if (eat(">="))
        k = Node::ge;
      else if (eat("<"))
        k = Node::lt;
      else if (eat(">"))
        k = Node::gt;
      else
        break;
      auto r = modulo(depth);
      if (!r) return std::nullopt;
      l = binary(k, *l, *r);
    }
    return l;
  }
  std::optional<uint16_t> modulo(int depth) {
    auto l = primary(depth);
    while (l && eat("%")) {
      auto r = primary(depth);
      if (!r) return std::nullopt;
      l = binary(Node::mod, *l, *r);
    }
    return l;
  }
  std::optional<uint16_t> primary(int depth) {
    skip();
    if (eat("(")) {
      auto inner = conditional(depth + 1);
      if (!inner) return std::nullopt;
      if (!eat(")")) {
        if (error_.empty()) error_ = "'(' without ')' in plural=";
        return std::nullopt;
      }
      return inner;
    }
    if (pos_ < s_.size() && s_[pos_] == 'n' &&
        (pos_ + 1 == s_.size() || !std::isalnum(static_cast<unsigned char>(s_[pos_ + 1])))) {
      ++pos_;
      Node n;
      n.kind = Node::var;
      return add(n);
    }
    if (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      uint64_t v = 0;
      size_t digits = 0;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
        if (++digits > 9) {
          error_ = "a number in plural= is too large";
          return std::nullopt;
        }
        v = v * 10 + uint64_t(s_[pos_++] - '0');
      }
      Node n;
      n.kind = Node::num;
      n.value = v;
      return add(n);
    }
    if (pos_ >= s_.size())
      error_ = "plural= expression ends too early";
    else
      error_ =
          "plural= may only use n, numbers, ?:, ||, &&, ==, !=, <, >, <=, >=, % and "
          "parentheses; found '" +
          std::string(s_.substr(pos_, 1)) + "'";
    return std::nullopt;
  }
};

std::string_view trim_rule_text(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

PluralRule::PluralRule() {
  // (n != 1)
  nodes_ = {Node{Node::var}, Node{Node::num, 1}, Node{Node::ne, 0, 0, 1}};
}

std::optional<PluralRule> PluralRule::parse_expression(std::string_view expr, int nplurals,
                                                       std::string& error) {
  if (nplurals < 1 || nplurals > 6) {
    error = "nplurals must be 1 to 6";
    return std::nullopt;
  }
  expr = trim_rule_text(expr);
  if (expr.empty()) {
    error = "plural= is empty";
    return std::nullopt;
  }
  if (expr.size() > kMaxExprChars) {
    error = "plural= expression is too long";
    return std::nullopt;
  }
  PluralRule rule;
  rule.nplurals_ = nplurals;
  rule.nodes_.clear();
  Parser p(expr, rule.nodes_);
  if (!p.parse(error)) return std::nullopt;
  return rule;
}

std::optional<PluralRule> PluralRule::parse(std::string_view text, std::string& error) {
  std::optional<int> nplurals;
  std::optional<std::string_view> expr;
  // "nplurals=N; plural=EXPR;" (the expression holds no ';').
  size_t guard = 0;
  while (!trim_rule_text(text).empty() && ++guard < 8) {
    const size_t semi = text.find(';');
    const std::string_view part = trim_rule_text(text.substr(0, semi));
    text.remove_prefix(semi == std::string_view::npos ? text.size() : semi + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      error = "Plural-Forms needs nplurals=N; plural=...;";
      return std::nullopt;
    }
    const std::string_view key = trim_rule_text(part.substr(0, eq)),
                           value = trim_rule_text(part.substr(eq + 1));
    if (key == "nplurals") {
      if (value.size() != 1 || value[0] < '1' || value[0] > '6') {
        error = "nplurals must be 1 to 6";
        return std::nullopt;
      }
      nplurals = value[0] - '0';
    } else if (key == "plural") {
      expr = value;
    } else {
      error = "unknown part '" + std::string(key.substr(0, 20)) + "' in Plural-Forms";
      return std::nullopt;
    }
  }
  if (!nplurals || !expr) {
    error = "Plural-Forms needs nplurals=N; plural=...;";
    return std::nullopt;
  }
  auto rule = parse_expression(*expr, *nplurals, error);
  if (!rule) return std::nullopt;
  // Every count 0..1000 must name a form the catalogue has.
  for (uint64_t n = 0; n <= 1000; ++n) {
    const auto v = rule->evaluate(n);
    if (!v || *v >= uint64_t(*nplurals)) {
      error = "plural= gives " + (v ? std::to_string(*v) : std::string("a division by zero")) +
              " for n=" + std::to_string(n) + ", but nplurals is " + std::to_string(*nplurals);
      return std::nullopt;
    }
  }
  return rule;
}

std::optional<uint64_t> PluralRule::eval(size_t i, uint64_t n) const {
  const Node& x = nodes_[i];
  switch (x.kind) {
    case Node::num:
      return x.value;
    case Node::var:
      return n;
    case Node::cond: {
      const auto t = eval(x.a, n);
      if (!t) return std::nullopt;
      return eval(*t ? x.b : x.c, n);
    }
    case Node::and_: {
      const auto l = eval(x.a, n);
      if (!l) return std::nullopt;
      if (!*l) return 0;
      const auto r = eval(x.b, n);
      if (!r) return std::nullopt;
      return *r ? 1 : 0;
    }
    case Node::or_: {
      const auto l = eval(x.a, n);
      if (!l) return std::nullopt;
      if (*l) return 1;
      const auto r = eval(x.b, n);
      if (!r) return std::nullopt;
      return *r ? 1 : 0;
    }
    default:
      break;
  }
  const auto l = eval(x.a, n), r = eval(x.b, n);
  if (!l || !r) return std::nullopt;
  switch (x.kind) {
    case Node::mod:
      if (*r == 0) return std::nullopt;
      return *l % *r;
    case Node::eq:
      return *l == *r;
    case Node::ne:
      return *l != *r;
    case Node::lt:
      return *l < *r;
    case Node::gt:
      return *l > *r;
    case Node::le:
      return *l <= *r;
    case Node::ge:
      return *l >= *r;
    default:
      return std::nullopt;
  }
}

std::optional<uint64_t> PluralRule::evaluate(uint64_t n) const {
  if (nodes_.empty()) return std::nullopt;
  return eval(nodes_.size() - 1, n);
}

int PluralRule::form(long long n) const {
  const uint64_t u =
      n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  const auto v = evaluate(u);
  return v && *v < uint64_t(nplurals_) ? int(*v) : 0;
}

}  // namespace mutua
