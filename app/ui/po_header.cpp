#include "app/ui/po_header.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/utf8.hpp"

namespace mutua {

namespace {

std::string_view trim_header_text(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string_view base_code(std::string_view code) {
  return code.substr(0, code.find_first_of("_-@."));
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s.empty() ? "none" : s;
}

}  // namespace

std::string parse_po_header(std::string_view header, std::string_view code, CatalogueHeader& out) {
  out = CatalogueHeader{};
  bool have_name = false, have_plural = false;
  size_t guard = 0;
  while (!header.empty() && ++guard < 200) {
    const size_t nl = header.find('\n');
    const std::string_view line = trim_header_text(header.substr(0, nl));
    header.remove_prefix(nl == std::string_view::npos ? header.size() : nl + 1);
    const size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    const std::string_view key = trim_header_text(line.substr(0, colon));
    const std::string_view value = trim_header_text(line.substr(colon + 1));
    if (key == "Language") {
      out.language = std::string(value);
      if (!value.empty() && base_code(value) != base_code(code))
        return "its header says Language: " + std::string(value.substr(0, 20)) +
               ", but the file is named " + std::string(code) + ".po";
    } else if (key == "X-Native-Name") {
      const bool control =
          std::any_of(value.begin(), value.end(), [](char c) { return (unsigned char)c < 0x20; });
      if (value.empty() || !utf8::valid(value) || utf8::length(value) > 40 || control)
        return "X-Native-Name must be the language's name, 1 to 40 letters";
      out.native_name = std::string(value);
      have_name = true;
    } else if (key == "Plural-Forms") {
      std::string why;
      auto rule = PluralRule::parse(value, why);
      if (!rule) return "bad Plural-Forms: " + why;
      out.plural = *rule;
      have_plural = true;
    } else if (key == "X-Direction") {
      if (value != "ltr" && value != "rtl") return "X-Direction must be ltr or rtl";
      out.rtl = value == "rtl";
    } else if (key == "X-Digits") {
      if (!parse_digits(value, out.digits))
        return "X-Digits must be latin, arabic-indic or persian";
    } else if (key == "X-Keyboard") {
      if (value != "qwerty" && value != "azerty" && value != "ukrainian" && value != "arabic" &&
          value != "persian")
        return "X-Keyboard must be qwerty, azerty, ukrainian, arabic or persian";
      out.keyboard = std::string(value);
    }
  }
  if (!have_name) return "its header has no X-Native-Name line (the language's name in its script)";
  if (!have_plural) return "its header has no Plural-Forms line";
  return std::string();
}

std::vector<std::string> printf_conversions(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') continue;
    size_t j = i + 1;
    if (j < s.size() && s[j] == '%') {
      i = j;
      continue;
    }
    while (j < s.size() && std::strchr("-+ #0123456789.hlzjt'$*", s[j])) ++j;
    if (j < s.size()) ++j;  // the conversion letter
    out.emplace_back(s.substr(i, j - i));
    i = j - 1;
  }
  return out;
}

std::string check_formats(const std::map<std::string, std::string, std::less<>>& catalogue,
                          int nplurals, char plural_key_mark) {
  for (const auto& [key, str] : catalogue) {
    if (str.empty()) continue;
    std::string_view id = key;
    if (const size_t mark = id.find(plural_key_mark); mark != std::string_view::npos) {
      const int form = std::atoi(key.c_str() + mark + 1);
      id = id.substr(0, mark);
      if (form >= nplurals)
        return "msgstr[" + std::to_string(form) + "] for \"" + std::string(id.substr(0, 60)) +
               "\", but Plural-Forms says nplurals=" + std::to_string(nplurals);
    }
    const auto want = printf_conversions(id), have = printf_conversions(str);
    if (want != have)
      return "the translation of \"" + std::string(id.substr(0, 60)) + "\" has " + join(have) +
             " where the English has " + join(want) + " (keep every %s, %d, %lld as it is)";
  }
  return std::string();
}

}  // namespace mutua
