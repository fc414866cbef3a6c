#include "app/widgets/mirror.hpp"

#include <cfloat>
#include <utility>

#include "app/ui/direction.hpp"

namespace mutua {

namespace {
bool g_mirrored = false;
ImVec2 g_screen_mouse;
float g_axis2 = 0;  // 2 x the display's vertical axis: x on screen = g_axis2 - x in the layout

bool valid(ImVec2 p) {
  return p.x > -FLT_MAX / 2 && p.y > -FLT_MAX / 2;
}

// Glyph and image quads, as ImDrawList::PrimRectUV writes them (a, (c.x, a.y), c, (a.x, c.y)),
// get their u swapped so they read forwards once mirrored.
void swap_quad_u(ImDrawList& list, ImVec2 white) {
  ImVector<ImDrawVert>& v = list.VtxBuffer;
  int i = 0;
  while (i < v.Size) {
    if (v[i].uv.x == white.x && v[i].uv.y == white.y) {
      ++i;
      continue;
    }
    if (i + 3 < v.Size) {
      ImDrawVert& a = v[i];
      ImDrawVert& b = v[i + 1];
      ImDrawVert& c = v[i + 2];
      ImDrawVert& d = v[i + 3];
      if (a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x &&
          a.uv.y == b.uv.y && b.uv.x == c.uv.x && c.uv.y == d.uv.y && d.uv.x == a.uv.x) {
        std::swap(a.uv.x, b.uv.x);
        std::swap(d.uv.x, c.uv.x);
        i += 4;
        continue;
      }
    }
    ++i;
  }
}
}  // namespace

void begin_frame_mirror() {
  ImGuiIO& io = ImGui::GetIO();
  g_mirrored = ui_rtl();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // The viewport of the last frame; before the first, the display size io holds.
  g_axis2 = vp && vp->Size.x > 0 ? 2 * vp->Pos.x + vp->Size.x : io.DisplaySize.x;
  if (io.DisplaySize.x > 0 && (!vp || vp->Size.x != io.DisplaySize.x)) g_axis2 = io.DisplaySize.x;
  // ImGui's anti-aliased lines sample a texture across their width; untextured ones mirror simply.
  ImGui::GetStyle().AntiAliasedLinesUseTex = !g_mirrored;
  if (!g_mirrored) return;
  g_screen_mouse = io.MousePos;
  if (valid(io.MousePos)) io.MousePos.x = g_axis2 - io.MousePos.x;
}

void end_frame_mirror() {
  if (!g_mirrored) return;
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = g_screen_mouse;
  ImDrawData* dd = ImGui::GetDrawData();
  if (!dd || !dd->Valid) return;
  const float axis2 = 2 * dd->DisplayPos.x + dd->DisplaySize.x;
  const ImVec2 white = io.Fonts->TexUvWhitePixel;
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    ImDrawList& list = *dd->CmdLists[l];
    for (ImDrawVert& v : list.VtxBuffer) v.pos.x = axis2 - v.pos.x;
    swap_quad_u(list, white);
    for (ImDrawCmd& cmd : list.CmdBuffer) {
      const float x0 = cmd.ClipRect.x;
      cmd.ClipRect.x = axis2 - cmd.ClipRect.z;
      cmd.ClipRect.z = axis2 - x0;
    }
  }
}

bool frame_mirrored() {
  return g_mirrored;
}

float screen_x(float x) {
  return g_mirrored ? g_axis2 - x : x;
}

MirrorVertices::MirrorVertices(ImDrawList* dl, float cx) : dl_(dl), cx_(cx) {
  if (g_mirrored && dl_) first_ = dl_->VtxBuffer.Size;
}

MirrorVertices::~MirrorVertices() {
  if (first_ < 0) return;
  for (int i = first_; i < dl_->VtxBuffer.Size; ++i)
    dl_->VtxBuffer[i].pos.x = 2 * cx_ - dl_->VtxBuffer[i].pos.x;
}

}  // namespace mutua
