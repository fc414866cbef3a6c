#include "app/widgets/icons.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "app/widgets/mirror.hpp"

namespace mutua {

namespace {
std::vector<CapturedText>* g_pictogram_sink = nullptr;
}  // namespace

void set_pictogram_capture(std::vector<CapturedText>* sink) {
  g_pictogram_sink = sink;
}

void draw_pictogram(ImDrawList* dl, const Pictogram& p, ImVec2 centre, float size, ImU32 colour,
                    bool mirror) {
  if (g_pictogram_sink) {  // where it lands on screen, as capture_text does
    float x0 = centre.x - size * 0.5f, x1 = centre.x + size * 0.5f;
    if (frame_mirrored()) {
      const float m0 = screen_x(x1), m1 = screen_x(x0);
      x0 = m0;
      x1 = m1;
    }
    g_pictogram_sink->push_back({std::string(p.id), ImVec2(x0, centre.y - size * 0.5f),
                                 ImVec2(x1, centre.y + size * 0.5f)});
  }
  // On a mirrored (right-to-left) frame, a pictogram that points (an arrow) turns round with the
  // frame; any other is drawn pre-mirrored so that it comes out as drawn (a tick, a house, a
  // question mark do not turn round in Arabic). app/widgets/mirror.hpp.
  std::optional<MirrorVertices> unflipped;
  if (!p.points) unflipped.emplace(dl, centre.x);
  const float r = size * 0.5f;  // the unit square's half side, in pixels
  const float flip = mirror ? -1.0f : 1.0f;
  auto at = [&](PVec v) { return ImVec2(centre.x + flip * v.x * r, centre.y + v.y * r); };
  std::vector<ImVec2> pts;
  for (const PictShape& s : p.shapes) {
    const float w = std::max(1.5f, s.width * r);
    // Circles too go through flatten(): ImGui's AddCircle draws half a pixel inside the radius.
    pts.clear();
    for (PVec v : flatten(s)) pts.push_back(at(v));
    if (pts.empty()) continue;
    if (s.fill) {
      // Anti-aliased convex fills want the points clockwise on screen.
      float area = 0;
      for (size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++)
        area += pts[j].x * pts[i].y - pts[i].x * pts[j].y;
      if (area < 0) std::reverse(pts.begin(), pts.end());
      dl->AddConvexPolyFilled(pts.data(), int(pts.size()), colour);
    } else {
      dl->AddPolyline(pts.data(), int(pts.size()), colour,
                      s.closed || s.kind == PictShape::Kind::circle ? ImDrawFlags_Closed : 0, w);
    }
  }
}

void draw_pictogram(ImDrawList* dl, std::string_view id, ImVec2 centre, float size, ImU32 colour,
                    bool mirror) {
  if (const Pictogram* p = find_pictogram(id)) draw_pictogram(dl, *p, centre, size, colour, mirror);
}

std::string_view status_pictogram_id(StatusIcon icon) {
  switch (icon) {
    case StatusIcon::hourglass:
      return "status.open";
    case StatusIcon::half:
      return "status.partly_met";
    case StatusIcon::link:
      return "status.matched";
    case StatusIcon::pin:
      return "status.ready";
    case StatusIcon::check:
      return "status.met";
    case StatusIcon::cross:
      return "status.closed";
    case StatusIcon::question:
      break;
  }
  return "status.unknown";
}

void draw_status_icon(ImDrawList* dl, StatusIcon icon, ImVec2 centre, float size, ImU32 colour) {
  draw_pictogram(dl, status_pictogram_id(icon), centre, size, colour);
}

void draw_category_icon(ImDrawList* dl, std::string_view category, ImVec2 centre, float size,
                        ImU32 colour) {
  draw_pictogram(dl, category_pictogram(category), centre, size, colour);
}

}  // namespace mutua
