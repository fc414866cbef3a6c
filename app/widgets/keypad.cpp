#include "app/widgets/keypad.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/digits.hpp"
#include "core/utf8.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

size_t digits_after_dash(const std::string& code) {
  return code.size() > kTicketPrefixChars + 1 ? code.size() - kTicketPrefixChars - 1 : 0;
}

struct PadKey {
  std::string id;     // the character, "erase" or "check"
  std::string label;  // what is written on it
};

}  // namespace

TicketPadPhase ticket_pad_phase(const std::string& code) {
  return code.size() < kTicketPrefixChars ? TicketPadPhase::prefix : TicketPadPhase::number;
}

void ticket_pad_press(std::string& code, char key) {
  if (key >= 'a' && key <= 'z') key = char(key - 'a' + 'A');
  if (ticket_pad_phase(code) == TicketPadPhase::prefix) {
    if (kTicketPrefixAlphabet.find(key) == std::string_view::npos) return;
    code.push_back(key);
    if (code.size() == kTicketPrefixChars) code.push_back('-');
    return;
  }
  if (key < '0' || key > '9' || digits_after_dash(code) >= kTicketMaxDigits) return;
  if (code.size() == kTicketPrefixChars) code.push_back('-');
  code.push_back(key);
}

namespace {
void type_one(std::string& code, char32_t c) {
  if (const int v = digit_value(c); v >= 0) {
    ticket_pad_press(code, char('0' + v));  // ٣ and ۳ are 3
  } else if (c < 0x80) {
    ticket_pad_press(code, char(c));
  }
}
}  // namespace

void ticket_pad_type(std::string& code, std::string_view typed) {
  utf8::for_each(typed, [&](char32_t c) { type_one(code, c); });
}

std::string ticket_pad_key_label(char key, TicketPadPhase phase) {
  const std::string k(1, key);
  // The prefix is part of the code, printed as it is; the counter is a number people read.
  return phase == TicketPadPhase::number ? localize_digits(k, language_digits(language())) : k;
}

void ticket_pad_backspace(std::string& code) {
  if (code.empty()) return;
  code.pop_back();
  if (code.size() == kTicketPrefixChars) code.pop_back();  // the dash goes with its character
}

bool ticket_code_complete(const std::string& code) {
  return code.size() > kTicketPrefixChars && code[kTicketPrefixChars] == '-' &&
         digits_after_dash(code) >= kTicketMinDigits;
}

bool ticket_keypad(const char* id, std::string* code, ImVec2 size, ImU32 accent,
                   const TicketPadLabels& labels, ImFont* key_font) {
  const Palette& p = palette();
  if (!key_font) key_font = ImGui::GetFont();
  ImFont* small_font = ImGui::GetFont();
  // A physical keyboard types into the code too, in any of the three digit sets.
  ImGuiIO& io = ImGui::GetIO();
  bool typed_check = false;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    type_one(*code, char32_t(io.InputQueueCharacters[i]));
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) ticket_pad_backspace(*code);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && ticket_code_complete(*code))
    typed_check = true;
  const TicketPadPhase phase = ticket_pad_phase(*code);
  const bool prefix = phase == TicketPadPhase::prefix;
  std::vector<PadKey> keys;
  const std::string_view chars = prefix ? kTicketPrefixAlphabet : std::string_view("1234567890");
  for (char c : chars) keys.push_back({std::string(1, c), ticket_pad_key_label(c, phase)});

  // Character keys in a grid, then Delete and Check side by side on a row of their own, so their
  // words are never squeezed into a letter's key. Keys shrink to the touch target (never below),
  // and the grid takes more columns when the rows would not fit the height.
  // Gaps do not grow with the text: at 200 % the room goes to the keys.
  const float gap = std::min(px(8), 10.0f);
  // 48 px whatever the text size (app/ui/layout_check.hpp).
  const float min_key = kTouchTargetPx;
  const int n = int(keys.size());
  int cols = 3;
  float key_w = 0;
  if (prefix) {
    cols = std::clamp(int((size.x + gap) / (px(72) + gap)), 5, 10);
    for (int c = cols; c <= 10; ++c) {
      const int rows = (n + c - 1) / c + 1;
      if ((size.x - gap * (c - 1)) / c < min_key) break;
      cols = c;
      if (rows * min_key + (rows - 1) * gap <= size.y) break;
    }
    key_w = (size.x - gap * (cols - 1)) / cols;
  } else {
    key_w = std::min(px(170), (size.x - gap * 2) / 3);
  }
  const int rows = (n + cols - 1) / cols + 1;
  const float key_h = std::clamp((size.y - gap * (rows - 1)) / rows, min_key, px(84));
  const float row_w = key_w * cols + gap * (cols - 1);
  const float left = ImGui::GetCursorPosX() + (size.x - row_w) * 0.5f;
  // The key font where its letters fit the key, else the smaller running-text font.
  auto font_for = [&](const std::string& label, float w) {
    const bool fits =
        key_font->FontSize <= key_h - px(4) && text_width(key_font, label) + px(8) <= w;
    return fits ? key_font : small_font;
  };

  // The digits read 1 2 3 from the left in every language (as phones' pads do in Arabic, and as
  // the PIN pad does): on a mirrored frame each row is laid out reversed, so the flip puts it back.
  if (!prefix && frame_mirrored())
    for (int r = 0; r + cols <= n; r += cols)
      std::reverse(keys.begin() + r, keys.begin() + r + cols);

  bool check = typed_check;
  ImGui::PushID(id);
  // A group, so rows stack by their own height even when the pad sits beside something taller.
  ImGui::BeginGroup();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (int i = 0; i < n; ++i) {
    const PadKey& k = keys[size_t(i)];
    const bool last_alone = !prefix && i == n - 1 && i % cols == 0;  // "0" under the "8"
    if (i % cols == 0) {
      ImGui::SetCursorPosX(left + (last_alone ? key_w + gap : 0.0f));
    } else {
      ImGui::SameLine(0, gap);
    }
    if (touch_button(k.id.c_str(), k.label, key_w, ButtonLook::plain, p.text,
                     font_for(k.label, key_w), key_h))
      ticket_pad_press(*code, k.id[0]);
  }
  const float half = (row_w - gap) * 0.5f;
  const bool can_erase = !code->empty();
  const bool can_check = ticket_code_complete(*code);
  ImGui::SetCursorPosX(left);
  if (touch_button("erase", labels.erase, half, ButtonLook::plain, can_erase ? p.text : p.border,
                   font_for(labels.erase, half), key_h) &&
      can_erase)
    ticket_pad_backspace(*code);
  ImGui::SameLine(0, gap);
  if (touch_button("check", labels.check, half,
                   can_check ? ButtonLook::selected : ButtonLook::plain,
                   can_check ? accent : p.border, font_for(labels.check, half), key_h) &&
      can_check)
    check = true;
  ImGui::PopStyleVar();
  ImGui::EndGroup();
  ImGui::PopID();
  return check;
}

}  // namespace mutua
