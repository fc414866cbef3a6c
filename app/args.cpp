#include "app/args.hpp"

#include <charconv>

#include "core/digits.hpp"

namespace mutua::cli {

Args::Args(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() > 2 && w.rfind("--", 0) == 0) {
      std::string name = w.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      const OptionSpec* spec = nullptr;
      for (const auto& s : specs)
        if (s.name == name) spec = &s;
      if (!spec) throw UsageError{"unknown option --" + name};
      if (spec->takes_value) {
        if (inline_value) {
          values_[name] = *inline_value;
        } else {
          if (i + 1 >= words.size()) throw UsageError{"--" + name + " needs a value"};
          values_[name] = words[++i];
        }
      } else {
        if (inline_value) throw UsageError{"--" + name + " takes no value"};
        values_[name] = "";
      }
    } else {
      positional_.push_back(w);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> Args::get_int(const std::string& name, int64_t min, int64_t max) const {
  auto v = get(name);
  if (!v) return std::nullopt;
  v = normalize_digits(*v);  // --quantity ١٢ or ۱۲ is 12
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max)
    throw UsageError{"--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max)};
  return n;
}

std::string format_options(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " VALUE" : "");
    if (left.size() < 26)
      left.resize(26, ' ');
    else
      left += "  ";
    out += left + s.help + "\n";
  }
  return out;
}

bool parse_size(const std::string& s, int& w, int& h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    w = std::stoi(s.substr(0, x));
    h = std::stoi(s.substr(x + 1));
  } catch (...) {
    return false;
  }
  return w >= 320 && h >= 320 && w <= 7680 && h <= 4320;
}

}  // namespace mutua::cli
