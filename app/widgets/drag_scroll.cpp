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

// The fade's height and the arrow's disc (centre and radius) over the bottom of the view.
struct MoreBelow {
  float fade;
  ImVec2 centre;
  float radius;
};
MoreBelow more_below_arrow(const ImRect& view) {
  const float fade = std::min(px(40), view.GetHeight() * 0.3f);
  const float r = std::min(px(18), fade * 0.5f);
  return {fade, ImVec2((view.Min.x + view.Max.x) * 0.5f, view.Max.y - r - px(2)), r};
}
}  // namespace

bool more_below_tapped() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  // The view and the scroll limits are the last frame's, as draw_more_below() saw them.
  if (!has_more_below(w)) return false;
  const ImRect view = w->InnerClipRect;
  const MoreBelow a = more_below_arrow(view);
  // A target a finger can hit (the physical minimum, kTouchTargetPx, which does not grow with
  // the text), its bottom on the view's: the arrow is small and low. No larger: it is submitted
  // before the contents and takes their taps, and at 200 % a text-sized square reached up into
  // wizard step 2's field, so a tap on the field scrolled instead of opening the keyboard.
  const float side = std::max(kTouchTargetPx, 2 * a.radius);
  const ImVec2 min(a.centre.x - side * 0.5f, view.Max.y - side);
  const ImVec2 cursor = ImGui::GetCursorScreenPos();
  const ImVec2 max_pos = w->DC.CursorMaxPos;
  ImGui::SetCursorScreenPos(min);
  const bool tapped = ImGui::InvisibleButton("##more_below", ImVec2(side, side)) && is_tap();
  // Back where the contents begin, and the window's contents no taller for it.
  ImGui::SetCursorScreenPos(cursor);
  w->DC.CursorMaxPos = max_pos;
  if (!tapped) return false;
  ImGui::SetScrollY(std::min(w->ScrollMax.y, w->Scroll.y + view.GetHeight() * 0.8f));
  return true;
}

bool draw_more_below() {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  if (!has_more_below(w)) return false;
  const Palette& p = palette();
  const ImRect view = w->InnerClipRect;
  ImDrawList* dl = w->DrawList;
  const MoreBelow arrow = more_below_arrow(view);
  const float fade = arrow.fade;
  const ImU32 clear = p.background & ~IM_COL32_A_MASK;
  dl->AddRectFilledMultiColor(ImVec2(view.Min.x, view.Max.y - fade), view.Max, clear, clear,
                              p.background, p.background);
  // A chevron in a disc at the bottom centre, over the fade.
  const float r = arrow.radius;
  const ImVec2 c = arrow.centre;
  dl->AddCircleFilled(c, r, p.muted);
  const float a = r * 0.5f;
  dl->AddPolyline(
      std::array<ImVec2, 3>{ImVec2(c.x - a, c.y - a * 0.4f), ImVec2(c.x, c.y + a * 0.6f),
                            ImVec2(c.x + a, c.y - a * 0.4f)}
          .data(),
      3, p.background, 0, std::max(2.0f, px(3)));
  probe_more_below();
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
