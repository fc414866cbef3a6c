#include "app/widgets/number_pad.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <utility>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/overlay.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/digits.hpp"
#include "core/utf8.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

size_t digit_count(int64_t n) {
  return std::to_string(n < 0 ? -n : n).size();
}

// A number in the reader's digits, for the words about the range.
std::string said(const char* format, int64_t n) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, format_count(n).c_str());
  return buf;
}

std::string& pending_owner() {
  static std::string id;
  return id;
}

}  // namespace

NumberEntry number_entry(int64_t value, int64_t min, int64_t max) {
  NumberEntry e;
  e.digits = std::to_string(std::clamp(value, min, max));
  e.min = min;
  e.max = max;
  return e;
}

void number_entry_press(NumberEntry& e, int digit) {
  if (digit < 0 || digit > 9) return;
  if (e.fresh) e.digits.clear();
  e.fresh = false;
  if (e.digits == "0") e.digits.clear();  // no leading zeros
  if (e.digits.size() >= digit_count(e.max) + 1) return;
  e.digits.push_back(char('0' + digit));
}

void number_entry_backspace(NumberEntry& e) {
  e.fresh = false;
  if (!e.digits.empty()) e.digits.pop_back();
}

void number_entry_clear(NumberEntry& e) {
  e.fresh = false;
  e.digits.clear();
}

void number_entry_type(NumberEntry& e, std::string_view typed) {
  utf8::for_each(typed, [&](char32_t c) { number_entry_press(e, digit_value(c)); });
}

int64_t number_entry_value(const NumberEntry& e) {
  if (e.digits.empty()) return -1;
  int64_t v = 0;
  for (char c : e.digits) v = v * 10 + (c - '0');  // at most 20 digits: max has fewer than 19
  return v;
}

std::string number_entry_problem(const NumberEntry& e) {
  const int64_t v = number_entry_value(e);
  if (v < 0) return tr("Type a number first.");
  if (v > e.max) return said(tr("At most %s."), e.max);
  if (v < e.min) return said(tr("At least %s."), e.min);
  return {};
}

NumberPadState& number_pad() {
  static NumberPadState pad;
  return pad;
}

void open_number_pad_for(const char* stepper_id) {
  pending_owner() = stepper_id;
}

void close_number_pad() {
  number_pad() = NumberPadState{};
  pending_owner().clear();
}

void close_shown_number_pad() {
  number_pad() = NumberPadState{};
}

bool number_pad_pending(const char* stepper_id) {
  if (pending_owner().empty() || pending_owner() != stepper_id) return false;
  pending_owner().clear();
  return true;
}

namespace {

NumberPadSpeaker& pad_speaker() {
  static NumberPadSpeaker s;
  return s;
}

// The range in words, or what is wrong with the number typed.
std::string range_words(const NumberEntry& e) {
  const std::string problem = number_entry_problem(e);
  if (!problem.empty() && !e.digits.empty()) return problem;
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("From %s to %s"), format_count(e.min).c_str(),
                format_count(e.max).c_str());
  return buf;
}

}  // namespace

NumberPadSpeakerScope::NumberPadSpeakerScope(NumberPadSpeaker speaker)
    : was_(std::exchange(pad_speaker(), std::move(speaker))) {}

NumberPadSpeakerScope::~NumberPadSpeakerScope() {
  pad_speaker() = std::move(was_);
}

std::vector<std::string> number_pad_words() {
  const NumberPadState& pad = number_pad();
  if (pad.owner == 0) return {};
  const NumberEntry& e = pad.entry;
  std::vector<std::string> words{tr("Type the number"), range_words(e)};
  if (const int64_t v = number_entry_value(e); v >= 0) words.push_back(format_count(v));
  return words;
}

bool draw_number_pad(ImGuiID owner, int64_t* value, ImU32 accent, ImFont* number_font) {
  NumberPadState& pad = number_pad();
  if (pad.owner != owner) return false;
  pad.drawn_frame = ImGui::GetFrameCount();
  NumberEntry& e = pad.entry;
  const Palette& p = palette();
  ImFont* body = ImGui::GetFont();
  if (!number_font) number_font = body;

  // A physical keyboard types too: digits of any set, Backspace, Enter for OK, Escape to cancel.
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    number_entry_press(e, digit_value(char32_t(io.InputQueueCharacters[i])));
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) number_entry_backspace(e);
  bool ok = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  bool cancel = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  begin_dim_overlay("##numpad_overlay", 170);
  const float margin = std::min(px(16), 16.0f);
  const float pad_in = std::min(px(16), 16.0f);
  const float gap = std::min(px(8), 10.0f);
  const ImVec2 panel_min(vp->Pos.x + margin, vp->Pos.y + margin);
  const ImVec2 panel_max(vp->Pos.x + vp->Size.x - margin, vp->Pos.y + vp->Size.y - margin);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(panel_min, panel_max, p.surface, px(16));
  const float inner_w = panel_max.x - panel_min.x - 2 * pad_in;
  const float inner_h = panel_max.y - panel_min.y - 2 * pad_in;
  const ImVec2 at(panel_min.x + pad_in, panel_min.y + pad_in);
  // Landscape: words, number, Cancel and OK on the left, the keys on the right. Portrait: all in
  // one column, the keys under the number.
  const bool wide = inner_w > inner_h * 1.2f;
  const float keys_w = wide ? std::min(inner_w * 0.5f, px(130) * 3 + gap * 2) : inner_w;
  const float col_w = wide ? inner_w - keys_w - pad_in : inner_w;

  // The words and the number.
  float y = at.y;
  const std::string problem = number_entry_problem(e);
  // The speaker (when reading aloud is on) before the title, which is centred on its row.
  float title_x = 0;
  float row = 0;
  if (pad_speaker()) {
    row = std::max(kTouchTargetPx, body->FontSize * 1.6f);
    ImGui::SetCursorScreenPos(ImVec2(at.x, y));
    const float side = pad_speaker()(row);
    if (side > 0) title_x = side + px(12);
  }
  const char* title = tr("Type the number");
  const float title_h = calc_text_size(body, body->FontSize, title, col_w - title_x).y;
  draw_text_wrapped(dl, body, ImVec2(at.x + title_x, y + std::max(0.0f, (row - title_h) * 0.5f)),
                    p.text, title, col_w - title_x);
  y += (title_x > 0 ? std::max(row, title_h) : title_h) + gap;
  const float box_h = number_font->FontSize * 1.5f;
  const ImVec2 box_min(at.x, y), box_max(at.x + col_w, y + box_h);
  dl->AddRectFilled(box_min, box_max, p.background, px(10));
  dl->AddRect(box_min, box_max, problem.empty() ? accent : p.urgent, px(10), 0, px(3));
  const std::string shown = ui_number_text(e.digits);
  const float tw = text_width(number_font, shown);
  draw_text(dl, number_font,
            ImVec2(box_min.x + std::max(px(8), (col_w - tw) * 0.5f),
                   y + (box_h - number_font->FontSize) * 0.5f),
            e.fresh ? p.muted : p.text, shown, col_w - px(16));
  y += box_h + gap;
  // The range, or what is wrong with the number, in words (never just a red box).
  const std::string largest = format_count(e.max);
  std::string range = range_words(NumberEntry{{}, true, e.min, e.max});
  // Too long for a line: the break goes before the largest number, never inside it at a comma.
  const size_t cut = range.rfind(largest);
  if (text_width(body, range) > col_w && cut != std::string::npos && cut > 0 &&
      range[cut - 1] == ' ')
    range[cut - 1] = '\n';
  const bool wrong = !problem.empty() && !e.digits.empty();
  y += draw_text_wrapped(dl, body, ImVec2(at.x, y), wrong ? p.urgent : p.muted,
                         wrong ? problem : range, col_w) +
       gap;

  // Cancel and OK: side by side when both words fit, else one above the other. At the bottom of
  // the left column (landscape) or of the panel (portrait).
  const std::string cancel_label = tr("Cancel");
  const std::string ok_label = tr("OK");
  const float half = (col_w - gap) * 0.5f;
  const bool side = text_width(body, cancel_label) + px(24) <= half &&
                    text_width(body, ok_label) + px(24) <= half;
  const float button_h = std::max(kTouchTargetPx, std::min(touch_target(), inner_h * 0.2f));
  const float buttons_h = side ? button_h : 2 * button_h + gap;
  const float buttons_y = at.y + inner_h - buttons_h;

  // The keys: 1-9, then ⌫ 0 on the last row, filling what is left.
  const float keys_x = wide ? at.x + col_w + pad_in : at.x;
  const float keys_top = wide ? at.y : y;
  const float keys_bottom = wide ? at.y + inner_h : buttons_y - gap;
  const float key_w = (keys_w - 2 * gap) / 3.0f;
  const float key_h = std::clamp((keys_bottom - keys_top - 3 * gap) / 4.0f, kTouchTargetPx, px(84));
  const std::string back_label = "\xE2\x8C\xAB";  // ⌫
  const Digits digits = language_digits(language());
  ImGui::PushID("##numpad");
  for (int i = 0; i < 12; ++i) {
    if (i == 9) continue;  // the bottom left stays empty, as on a phone
    // Reads 1 2 3 from the left in every language (as phones' pads do in Arabic): on a mirrored
    // frame the columns are laid out reversed, so the flip puts them back.
    const int col = frame_mirrored() ? 2 - i % 3 : i % 3;
    ImGui::SetCursorScreenPos(
        ImVec2(keys_x + col * (key_w + gap), keys_top + float(i / 3) * (key_h + gap)));
    const int digit = i < 9 ? i + 1 : 0;
    const bool back = i == 11;
    const std::string id = back ? "back" : std::to_string(digit);
    const std::string label = back ? back_label : localize_digits(std::to_string(digit), digits);
    ImFont* key_font = number_font->FontSize <= key_h - px(4) ? number_font : body;
    if (touch_button(id.c_str(), label, key_w, ButtonLook::plain, p.text, key_font, key_h)) {
      if (back)
        number_entry_backspace(e);
      else
        number_entry_press(e, digit);
    }
  }
  ImGui::PopID();

  ImGui::SetCursorScreenPos(ImVec2(at.x, buttons_y));
  if (touch_button("##numpad_cancel", cancel_label, side ? half : col_w, ButtonLook::plain, p.muted,
                   body, button_h))
    cancel = true;
  ImGui::SetCursorScreenPos(side ? ImVec2(at.x + half + gap, buttons_y)
                                 : ImVec2(at.x, buttons_y + button_h + gap));
  if (touch_button_if(problem.empty(), problem, "##numpad_ok", ok_label, side ? half : col_w,
                      ButtonLook::selected, accent, body, button_h, "action.confirm"))
    ok = true;
  ImGui::End();

  bool changed = false;
  if (ok && problem.empty()) {
    const int64_t v = number_entry_value(e);
    changed = v != *value;
    *value = v;
    close_number_pad();
  } else if (cancel) {
    close_number_pad();
  }
  return changed;
}

}  // namespace mutua
