#include "app/ui/direction.hpp"

#include <array>

#include "app/ui/i18n.hpp"
#include "app/ui/po_header.hpp"

namespace mutua {

bool language_rtl(std::string_view lang) {
  // A catalogue says its direction (X-Direction in its header, app/ui/po_header.hpp).
  if (const CatalogueHeader* h = language_header(lang)) return h->rtl;
  // For a code without a catalogue, the scripts Mutua may meet that are read right to left.
  static constexpr std::array<std::string_view, 8> kRtl{"ar", "fa", "prs", "ps",
                                                        "ur", "he", "ckb", "yi"};
  const std::string_view base = lang.substr(0, lang.find_first_of("_-"));
  for (std::string_view c : kRtl)
    if (base == c) return true;
  return false;
}

bool ui_rtl() {
  return language_rtl(language());
}

}  // namespace mutua
