#include "app/widgets/keypad.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

size_t digits_after_dash(const std::string& code) {
  return code.size() > kTicketPrefixChars + 1 ? code.size() - kTicketPrefixChars - 1 : 0;
}

struct Key {
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
  const bool prefix = ticket_pad_phase(*code) == TicketPadPhase::prefix;
  std::vector<Key> keys;
  if (prefix) {
    for (char c : kTicketPrefixAlphabet) keys.push_back({std::string(1, c), std::string(1, c)});
  } else {
    for (char c : std::string_view("123456789"))
      keys.push_back({std::string(1, c), std::string(1, c)});
  }
  keys.push_back({"erase", labels.erase});
  if (!prefix) keys.push_back({"0", "0"});
  keys.push_back({"check", labels.check});

  const float gap = px(8);
  int cols = 3;
  float key_w = 0, key_h = 0;
  if (prefix) {
    // As many columns as keep keys comfortably wide; rows then share the height.
    cols = std::clamp(int((size.x + gap) / (px(72) + gap)), 5, 10);
    key_w = (size.x - gap * (cols - 1)) / cols;
  } else {
    key_w = std::min(px(170), (size.x - gap * 2) / 3);
  }
  const int rows = int((keys.size() + cols - 1) / cols);
  key_h = std::clamp((size.y - gap * (rows - 1)) / rows, touch_target(), px(84));
  const float left = ImGui::GetCursorPosX() + (size.x - (key_w * cols + gap * (cols - 1))) * 0.5f;

  bool check = false;
  ImGui::PushID(id);
  // A group, so rows stack by their own height even when the pad sits beside something taller.
  ImGui::BeginGroup();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < keys.size(); ++i) {
    const Key& k = keys[i];
    if (i % cols == 0) {
      ImGui::SetCursorPosX(left);
    } else {
      ImGui::SameLine(0, gap);
    }
    const bool is_check = k.id == "check";
    const bool is_erase = k.id == "erase";
    const bool enabled = is_check ? ticket_code_complete(*code) : (!is_erase || !code->empty());
    const ImU32 colour = enabled ? (is_check ? accent : p.text) : p.border;
    const ButtonLook look = is_check && enabled ? ButtonLook::selected : ButtonLook::plain;
    if (touch_button(k.id.c_str(), k.label, key_w, look, colour, key_font, key_h) && enabled) {
      if (is_check)
        check = true;
      else if (is_erase)
        ticket_pad_backspace(*code);
      else
        ticket_pad_press(*code, k.id[0]);
    }
  }
  ImGui::PopStyleVar();
  ImGui::EndGroup();
  ImGui::PopID();
  return check;
}

}  // namespace mutua
