#include "app/widgets/pointing.hpp"

#include "app/ui/direction.hpp"

namespace mutua {

namespace {
constexpr std::string_view kAlm = "\xD8\x9C";               // U+061C ARABIC LETTER MARK
constexpr std::string_view kChevronBack = "\xE2\x80\xB9";   // ‹
constexpr std::string_view kFsi = "\xE2\x81\xA8";           // U+2068 FIRST STRONG ISOLATE
constexpr std::string_view kPdi = "\xE2\x81\xA9";           // U+2069 POP DIRECTIONAL ISOLATE
constexpr std::string_view kArrowRight = " \xE2\x86\x92 ";  // " → "
constexpr std::string_view kArrowLeft = " \xE2\x86\x90 ";   // " ← "
}  // namespace

std::string back_label(std::string_view words) {
  std::string s(kChevronBack);
  s += "  ";
  s += words;
  // Last, so a button that breaks its label at a space never leaves the chevron alone on a line.
  if (ui_rtl()) s += kAlm;
  return s;
}

std::string change_text(std::string_view before, std::string_view after) {
  if (!ui_rtl()) return std::string(before) + std::string(kArrowRight) + std::string(after);
  std::string s;
  s += kFsi;
  s += before;
  s += kPdi;
  s += kArrowLeft;
  s += kFsi;
  s += after;
  s += kPdi;
  return s;
}

}  // namespace mutua
