#include "app/widgets/drag_scroll.hpp"

#include <imgui_internal.h>  // the window's inner rectangle

#include <algorithm>
#include <array>
#include <cmath>

#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {
float axis(const ImVec2& v, bool horizontal) {
  return horizontal ? v.x : v.y;
}

bool has_more_below(const ImGuiWindow* w) {
  return w->ScrollMax.y > 0.5f && w->Scroll.y < w->ScrollMax.y - 0.5f;
}

// What the window keeps between frames (its own ImGui storage): the room added under its
// contents, and whether more_below_tapped() narrowed the contents' clip this frame.
// Keyed by the window alone, not the ID stack: the contents read it under their own IDs.
ImGuiID pad_key(const ImGuiWindow* w) {
  return ImHashStr("##more_below_pad", 0, w->ID);
}
ImGuiID clipped_key(const ImGuiWindow* w) {
  return ImHashStr("##more_below_clipped", 0, w->ID);
}

// The strip at the bottom of the view where the fade and the arrow go, and the arrow's disc in
// it (centre and radius). The strip is the arrow's touch target: a finger's height, the physical
// minimum kTouchTargetPx (it does not grow with the text), across the view.
struct MoreBelow {
  ImRect strip;
  ImVec2 centre;
  float radius;
};
MoreBelow more_below_arrow(const ImRect& view) {
  const float h = std::min(more_below_strip_height(), view.GetHeight() * 0.5f);
  const ImRect strip(ImVec2(view.Min.x, view.Max.y - h), view.Max);
  const float r = std::min(px(18), h * 0.5f - 2.0f);
  return {strip, ImVec2((view.Min.x + view.Max.x) * 0.5f, strip.GetCenter().y), r};
}
}  // namespace

float more_below_strip_height() {
  return kTouchTargetPx;
}

float more_below_reserved() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  return w->StateStorage.GetFloat(pad_key(w), 0.0f);
}

bool more_below_tapped() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  // The view and the scroll limits are the last frame's, as draw_more_below() saw them. The
  // contents overflow the view (without the room this adds under them last frame): then room for
  // the strip goes under them (draw_more_below()), so at the end of the scroll the last of them
  // sits above where the strip was, and nothing moves when the strip goes.
  // A view under three strips tall keeps all of it for the contents (the strip would take a
  // third of it or more: 800x480 at 200 % has step 4's view 103 px, where the strip left its
  // 66 px consent row no room); there the scrollbar alone says there is more.
  const float pad_before = w->StateStorage.GetFloat(pad_key(w), 0.0f);
  const bool room = w->InnerClipRect.GetHeight() >= 3 * more_below_strip_height();
  const bool overflows = room && w->ScrollMax.y - pad_before > 0.5f;
  w->StateStorage.SetFloat(pad_key(w), overflows ? more_below_strip_height() : 0.0f);
  const bool shown = room && has_more_below(w);
  w->StateStorage.SetBool(clipped_key(w), shown);
  if (!shown) return false;
  const ImRect view = w->InnerClipRect;
  const MoreBelow a = more_below_arrow(view);
  // The whole strip is the arrow's target, taken before the contents; then the contents are
  // clipped above the strip, so none is drawn or tapped under the fade or the arrow (a second
  // row of units once sat there, dimmed, and a tap between its buttons scrolled instead).
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  const ImVec2 max_pos = w->DC.CursorMaxPos;
  ImGui::SetCursorScreenPos(a.strip.Min);
  const bool tapped = ImGui::InvisibleButton("##more_below", a.strip.GetSize()) && is_tap();
  // Back where the contents begin, and the window's contents no taller for it.
  ImGui::SetCursorScreenPos(cursor);
  w->DC.CursorMaxPos = max_pos;
  ImGui::PushClipRect(view.Min, ImVec2(view.Max.x, a.strip.Min.y), true);
  if (!tapped) return false;
  const float page = a.strip.Min.y - view.Min.y;
  ImGui::SetScrollY(std::min(w->ScrollMax.y, w->Scroll.y + page * 0.8f));
  return true;
}

bool draw_more_below() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  // The room under the contents (see more_below_tapped()).
  w->DC.CursorMaxPos.y += w->StateStorage.GetFloat(pad_key(w), 0.0f);
  if (!w->StateStorage.GetBool(clipped_key(w), false)) return false;
  w->StateStorage.SetBool(clipped_key(w), false);
  ImGui::PopClipRect();
  const Palette& p = palette();
  const ImRect view = w->InnerClipRect;
  ImDrawList* dl = w->DrawList;
  const MoreBelow arrow = more_below_arrow(view);
  // A shadow from the edge where the contents are cut, fading into the strip: they go on
  // under it.
  const ImU32 clear = p.muted & ~IM_COL32_A_MASK;
  const ImU32 shade = (p.muted & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70);
  const ImRect& s = arrow.strip;
  dl->AddRectFilledMultiColor(s.Min, ImVec2(s.Max.x, s.Min.y + s.GetHeight() * 0.4f), shade, shade,
                              clear, clear);
  // A chevron in a disc at the strip's centre.
  const float r = arrow.radius;
  const ImVec2 c = arrow.centre;
  dl->AddCircleFilled(c, r, p.muted);
  const float a = r * 0.5f;
  dl->AddPolyline(
      std::array<ImVec2, 3>{ImVec2(c.x - a, c.y - a * 0.4f), ImVec2(c.x, c.y + a * 0.6f),
                            ImVec2(c.x + a, c.y - a * 0.4f)}
          .data(),
      3, p.background, 0, std::max(2.0f, px(3)));
  probe_more_below(s.Min, s.Max, s.Min, s.Max);
  return true;
}

bool is_tap() {
  const float slop = px(kTapSlopPx);
  return ImGui::GetIO().MouseDragMaxDistanceSqr[0] < slop * slop;
}

bool update_drag_scroll(DragScroll& s, bool horizontal) {
  probe_scrolling_window(horizontal);
  const ImGuiIO& io = ImGui::GetIO();
  const float mouse = axis(io.MousePos, horizontal);
  const float dt = io.DeltaTime > 0 ? io.DeltaTime : 1.0f / 60.0f;
  auto scroll = [&] { return horizontal ? ImGui::GetScrollX() : ImGui::GetScrollY(); };
  auto set_scroll = [&](float v) { horizontal ? ImGui::SetScrollX(v) : ImGui::SetScrollY(v); };

  // Buttons inside the area become the active item on press, so hover must allow that.
  const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                              ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  // A press on the scrollbar belongs to the scrollbar.
  const bool in_content = ImGui::GetCurrentWindow()->InnerRect.Contains(io.MouseClickedPos[0]);
  if (hovered && in_content && ImGui::IsMouseClicked(0)) {
    s.pressed = true;
    s.dragging = false;
    s.velocity = 0.0f;
    s.last = mouse;
  }
  if (s.pressed && ImGui::IsMouseDown(0)) {
    if (!s.dragging && !is_tap()) s.dragging = true;
    if (s.dragging) {
      const float delta = mouse - s.last;
      set_scroll(scroll() - delta);
      // Smoothed, so one jittery last frame does not decide the flick.
      s.velocity = 0.7f * s.velocity + 0.3f * (delta / dt);
    }
    s.last = mouse;
    return false;
  }
  if (s.pressed) {  // released this frame
    s.pressed = false;
    if (!s.dragging) s.velocity = 0.0f;
    s.dragging = false;
  }
  // Glide after a flick, slowing down exponentially; stops at the ends.
  if (std::fabs(s.velocity) > px(30.0f)) {
    const float max = horizontal ? ImGui::GetScrollMaxX() : ImGui::GetScrollMaxY();
    const float next = scroll() - s.velocity * dt;
    if (next <= 0.0f || next >= max) {
      s.velocity = 0.0f;
    } else {
      set_scroll(next);
      s.velocity *= std::exp(-4.0f * dt);
    }
    return s.velocity != 0.0f;
  }
  s.velocity = 0.0f;
  return false;
}

}  // namespace mutua
