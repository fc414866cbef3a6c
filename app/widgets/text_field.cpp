#include "app/widgets/text_field.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_internal.h>  // NextItemData (a width set for this item), ScrollToRect

#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/shaped_text.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

KeyboardTarget g_target;
std::string g_focus_when_drawn;  // focus_text_field_when_drawn
constexpr float kNoQuestion = -1e30f;
// next_field_question_from and next_field_compact: for the next field drawn in the same frame.
float g_question_top = kNoQuestion;
bool g_compact = false;
int g_next_frame = -1;      // the frame they were set in
bool g_focus_next = false;  // a field's name was tapped: the next field drawn takes the keyboard

size_t default_max(TextFieldKind kind) {
  switch (kind) {
    case TextFieldKind::phone:
      return 32;
    case TextFieldKind::number:
      return 7;
    case TextFieldKind::pin:
      return 12;
    case TextFieldKind::text:
      break;
  }
  return 120;
}

// A PIN as one dot per digit, drawn as circles so no font glyph is needed (the fallback font
// has no "•"). Returns the width used.
float draw_masked(ImDrawList* dl, ImVec2 at, float line_h, float max_w, size_t digits,
                  ImU32 colour) {
  const float r = std::max(px(4), line_h * 0.2f);
  const float step = r * 3.0f;
  const size_t fit = std::max<size_t>(1, size_t(max_w / step));
  const size_t shown = std::min(digits, fit);
  for (size_t i = 0; i < shown; ++i)
    dl->AddCircleFilled(ImVec2(at.x + r + float(i) * step, at.y + line_h * 0.5f), r, colour);
  return float(shown) * step;
}

// Scrolls the field into view in its own window and in the child windows that hold it, never in
// the screen's top-level window: when the keyboard has just made that window shorter, its content
// size is a frame old, and ImGui scrolling it (as ImGui::ScrollToRect does for every parent) moved
// the whole page, field and all, out of view for a frame, so the keyboard, drawn only under a
// field drawn that frame, did not show.
void scroll_into_view(ImGuiWindow* window, ImRect rect) {
  const ImGuiScrollFlags flags =
      ImGuiScrollFlags_KeepVisibleEdgeY | ImGuiScrollFlags_NoScrollParent;
  for (ImGuiWindow* w = window;;) {
    const ImVec2 delta = ImGui::ScrollToRectEx(w, rect, flags);
    rect.Translate(ImVec2(-delta.x, -delta.y));
    ImGuiWindow* parent = w->ParentWindow;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow) || !parent ||
        !(parent->Flags & ImGuiWindowFlags_ChildWindow))
      break;
    w = parent;
  }
}

// Scrolls the field's own window by just what brings [top, bottom] (screen heights) into its
// view: ImGui's ScrollToRect keeps an item spacing either side, and where the question and the
// field fit only without it (800x480 at 200 %), it showed the question and cut the field.
void scroll_exactly_into_view(ImGuiWindow* window, float top, float bottom) {
  const ImRect view = window->InnerClipRect;
  float delta = 0;
  if (top < view.Min.y)
    delta = top - view.Min.y;
  else if (bottom > view.Max.y)
    delta = bottom - view.Max.y;
  ImGui::SetScrollY(window, window->Scroll.y + delta);
}

}  // namespace

bool KeyboardTarget::live() const {
  if (!value || drawn_frame < 0) return false;
  const int now = ImGui::GetFrameCount();
  return drawn_frame == now || drawn_frame == now - 1;
}

KeyboardTarget& keyboard_target() {
  return g_target;
}
void clear_keyboard_target() {
  g_target = KeyboardTarget{};
}
bool keyboard_target_settling() {
  return g_target.live() &&
         (g_target.scrolling ||
          ((!g_target.in_view || !g_target.question_in_view) && g_target.reveal_frames > 0));
}
void next_field_question_from(float top) {
  g_question_top = top;
  g_next_frame = ImGui::GetFrameCount();
}
void text_field_name(std::string_view words, float width) {
  const float top = ImGui::GetCursorScreenPos().y;
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ui_text(words);
  ImGui::PopTextWrapPos();
  // Tapping the name is tapping its field, as a form's label does.
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
      ImGui::IsMouseReleased(ImGuiMouseButton_Left) && is_tap())
    g_focus_next = true;
  next_field_question_from(top);
}
bool typing_short_of_room() {
  return g_target.live() && ImGui::GetContentRegionAvail().y < touch_target() * kShortRoomTargets;
}
void next_field_compact() {
  g_compact = true;
  g_next_frame = ImGui::GetFrameCount();
}
void focus_text_field_when_drawn(const char* id) {
  g_focus_when_drawn = id;
}

bool text_field_accepts(TextFieldKind kind, unsigned int c) {
  switch (kind) {
    case TextFieldKind::number:
    case TextFieldKind::pin:
      return c >= '0' && c <= '9';
    case TextFieldKind::phone:
      return (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')';
    case TextFieldKind::text:
      return c >= 0x20 && c != 0x7F;
  }
  return false;
}

namespace {
// Compact where asked, and wherever the keyboard is up and leaves the screen's own window
// short (800x480 at 200 %: about 160 px): the field and its question both fit above it.
bool next_field_compact_now() {
  const ImGuiWindow* root = ImGui::GetCurrentWindow()->RootWindow;
  const bool short_of_room =
      g_target.live() && root && root->Size.y < touch_target() * kShortRoomTargets;
  return (g_next_frame == ImGui::GetFrameCount() && g_compact) || short_of_room;
}
}  // namespace

float next_field_height() {
  const float font_size = ImGui::GetFontSize();
  return next_field_compact_now() ? std::max(kTouchTargetPx, font_size + px(14))
                                  : std::max(touch_target() * 1.15f, font_size + px(20));
}

void text_field_name_beside(std::string_view words) {
  ImFont* font = ImGui::GetFont();
  const float h = next_field_height();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w =
      draw_text(ImGui::GetWindowDrawList(), font, ImVec2(at.x, at.y + (h - font->FontSize) * 0.5f),
                palette().text, words);
  ImGui::Dummy(ImVec2(w, h));
  ImGui::SameLine(0, px(12));
}

bool touch_text_field(const char* id, const char* hint, std::string* value, TextFieldKind kind,
                      size_t max_chars) {
  if (max_chars == 0) max_chars = default_max(kind);
  const bool has_width = (GImGui->NextItemData.Flags & ImGuiNextItemDataFlags_HasWidth) != 0;
  const float width = has_width ? GImGui->NextItemData.Width : ImGui::GetContentRegionAvail().x;
  GImGui->NextItemData.Flags &= ~ImGuiNextItemDataFlags_HasWidth;

  // Not an ImGui InputText: while one is active ImGui keeps its own copy of the text and would
  // overwrite what the on-screen keyboard writes into *value. This is a display of *value with a
  // caret; the keyboard (on screen, or a physical one through it) does all the editing.
  const Palette& p = palette();
  ImFont* font = ImGui::GetFont();
  const bool this_frame = g_next_frame == ImGui::GetFrameCount();
  const float question_top = this_frame ? g_question_top : kNoQuestion;
  const bool compact = next_field_compact_now();
  float height = next_field_height();
  g_question_top = kNoQuestion;
  g_compact = false;
  const float pad = px(16);
  const float inner = width - 2 * pad - px(4);
  // A hint longer than the field wraps, and the field is as tall as its lines, typed in or not
  // (nothing moves under the finger at the first letter); never cut with "…", which leaves an
  // example or an instruction half said. A compact field has room for one line only: there a
  // longer hint is left out, the field's name above it saying what it is.
  const std::string_view hint_words = hint ? hint : "";
  const bool hint_wraps = !hint_words.empty() && text_width(font, hint_words) > inner &&
                          words_fit(font, hint_words, inner);
  const float hint_h =
      hint_wraps ? calc_text_size(font, font->FontSize, hint_words, inner).y : font->FontSize;
  if (hint_wraps && !compact) height = std::max(height, hint_h + px(20));
  const bool hint_shown = !(hint_wraps && compact);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + width, min.y + height);
  bool tapped = ImGui::InvisibleButton(id, ImVec2(width, height)) && is_tap();
  if (g_focus_next) tapped = true;
  g_focus_next = false;
  if (!g_focus_when_drawn.empty() && g_focus_when_drawn == id) {
    g_focus_when_drawn.clear();
    tapped = true;
  }
  probe_text_field(id, min, max);
  const ImGuiID item = ImGui::GetItemID();
  if (tapped) {
    g_target.value = value;
    g_target.kind = kind;
    g_target.max_chars = max_chars;
    g_target.id = item;
    g_target.reveal_frames = 6;  // scroll it into view once the keyboard has made room
  }
  const bool targeted = g_target.id == item && g_target.value == value;
  if (targeted) {
    g_target.drawn_frame = ImGui::GetFrameCount();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect view = window->InnerClipRect;
    g_target.in_view = min.y >= view.Min.y - 1 && max.y <= view.Max.y + 1;
    const bool asked = question_top != kNoQuestion && question_top < min.y;
    g_target.question_in_view = !asked || (question_top >= view.Min.y - 1 && g_target.in_view);
    g_target.min = min;
    g_target.max = max;
    g_target.scrolling = false;
    if (g_target.reveal_frames > 0) {
      --g_target.reveal_frames;
      if (!g_target.in_view || !g_target.question_in_view) {
        // The question with its field where both fit the view; else the field alone.
        const bool both = asked && max.y - question_top <= view.GetHeight();
        if (both)
          scroll_exactly_into_view(window, question_top, max.y);
        else
          scroll_into_view(window, ImRect(min, max));
        g_target.scrolling = true;
      }
    }
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = px(10);
  dl->AddRectFilled(min, max, p.surface, rounding);
  // A thicker, coloured border shows where typing goes.
  if (targeted)
    dl->AddRect(min, max, p.need, rounding, 0, px(3));
  else
    dl->AddRect(min, max, p.muted, rounding, 0, px(2));

  const float y = min.y + (height - font->FontSize) * 0.5f;
  float shown_w = 0;  // where the caret goes
  if (value->empty() && hint_wraps && hint_shown) {
    draw_text_wrapped(dl, font, ImVec2(min.x + pad, min.y + (height - hint_h) * 0.5f), p.muted,
                      hint_words, inner);
  } else if (value->empty() && hint_shown) {
    const float hint_w = draw_text(dl, font, ImVec2(min.x + pad, y), p.muted, hint_words, inner);
    // A hint cut with "…" (a word wider than the field) is text a person cannot read, as a
    // clipped label is.
    if (text_width(font, hint_words) > inner)
      probe_text(hint_words, ImVec2(min.x + pad, y),
                 ImVec2(min.x + pad + hint_w, y + font->FontSize), ImVec2(min.x + pad, min.y),
                 ImVec2(min.x + pad + inner, max.y), true);
  } else if (kind == TextFieldKind::pin) {
    shown_w = draw_masked(dl, ImVec2(min.x + pad, y), font->FontSize, inner, value->size(), p.text);
    // Tests read dots too, never the digits.
    std::string dots;
    for (size_t i = 0; i < value->size(); ++i) dots += "\xE2\x80\xA2";  // •
    capture_text(dots, min, max);
  } else {
    // Long text shows its end, where the caret is.
    size_t start = 0;
    while (start < value->size() &&
           text_width(font, std::string_view(*value).substr(start)) > inner) {
      ++start;
      while (start < value->size() && ((*value)[start] & 0xC0) == 0x80) ++start;
    }
    const std::string_view shown = std::string_view(*value).substr(start);
    font = ImGui::GetFont();
    draw_text_line(dl, font, font->FontSize, ImVec2(min.x + pad, y), p.text, shown);
    capture_text(*value, min, max);
    // Shaped (right-to-left text, or a mirrored frame): the caret follows the last character
    // typed, which in Arabic is at the left end of the line.
    shown_w = takes_shaped_path(shown) ? shaped_caret_x(font, shown)
                                       : std::min(inner, text_width(font, *value));
  }
  if (targeted) {
    const float cx = min.x + pad + shown_w + px(1);
    dl->AddLine(ImVec2(cx, y - px(2)), ImVec2(cx, y + font->FontSize + px(2)), p.text, px(2));
  }
  if (value->empty() && hint_shown) capture_text(hint_words, min, max);
  // Changes arrive from the keyboard between this field's frames; report them once.
  const bool changed = targeted && g_target.last_seen != *value;
  if (targeted) g_target.last_seen = *value;
  return changed;
}

}  // namespace mutua
