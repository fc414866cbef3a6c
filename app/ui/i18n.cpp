#include "app/ui/i18n.hpp"

#include "app/ui/format.hpp"
#include "core/model.hpp"

namespace mutua {

namespace {
std::string& current_language() {
  static std::string lang = "en";
  return lang;
}
}  // namespace

void set_language(const std::string& lang) { current_language() = lang.empty() ? "en" : lang; }
const std::string& language() { return current_language(); }

std::vector<std::string> glyph_texts() {
  std::vector<std::string> texts{
      "\xE2\x80\xA6",  // … (ellipsis for clipped text)
      "\xC2\xB7",      // · (separator)
      "\xE2\x80\xB9",  // ‹ (back)
      "\xE2\x80\x94",  // — (dash)
  };
  for (const auto& c : default_categories()) texts.push_back(category_label(c.id));
  return texts;
}

}  // namespace mutua
