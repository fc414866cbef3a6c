#pragma once
// The plural rule of a gettext catalogue, from its header line
//   Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 :
//   n%100>=11 ? 4 : 5;
// The expression is C as gettext evaluates it, limited to what plural rules use: the variable n,
// whole numbers, ?:, ||, &&, ==, !=, <, >, <=, >=, %, and parentheses. Anything else is refused;
// nothing is ever executed. Parsing is bounded (length, nesting), so any text is safe to give it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

class PluralRule {
 public:
  // English: nplurals=2; plural=(n != 1).
  PluralRule();
  // Parses the value of a Plural-Forms header ("nplurals=2; plural=(n > 1);"). On failure
  // returns nullopt and says why in `error` (one short English phrase).
  static std::optional<PluralRule> parse(std::string_view plural_forms, std::string& error);
  // Parses only the expression after "plural=" (for tests and tools).
  static std::optional<PluralRule> parse_expression(std::string_view expr, int nplurals,
                                                    std::string& error);

  int nplurals() const { return nplurals_; }
  // The form (0 .. nplurals-1) for n; negative counts use |n|. An expression that divides by
  // zero, or gives a form out of range, gives 0.
  int form(long long n) const;
  // The raw value of the expression for n, or nullopt when it divides by zero.
  std::optional<uint64_t> evaluate(uint64_t n) const;

  // One node of the parsed expression; children are indices into the node list.
  struct Node {
    enum Kind : uint8_t { num, var, mod, eq, ne, lt, gt, le, ge, and_, or_, cond } kind = num;
    uint64_t value = 0;            // num
    uint16_t a = 0, b = 0, c = 0;  // operands (cond: test, then, else)
  };

 private:
  int nplurals_ = 2;
  std::vector<Node> nodes_;  // the root is the last node
  std::optional<uint64_t> eval(size_t node, uint64_t n) const;
};

}  // namespace mutua
