#pragma once
// Pictograms for people who do not read: one geometry for the kiosk (app/widgets/icons.hpp), the
// phone pages (pictogram_svg) and the printed slip (rasterize + core/slip.hpp). No ImGui, no SDL.
//
// Each pictogram is a short list of shapes in a unit square from (-1,-1) to (1,1), y downwards.
// A shape is a disc or ring (circle), or a path of straight runs and arcs, either filled (the
// path must then be convex: the kiosk fills it with ImDrawList::PathFillConvex) or stroked
// (open or closed) with a width in the same units (the square's side is 2). See docs/pictograms.md
// for what each one means and how to add one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

struct PVec {
  float x = 0, y = 0;
};

// One step of a path: a straight run to `p`, or (arc) an arc around centre `p` of radius `r`
// from angle a0 to a1 (radians; 0 points right, pi/2 points down), joined to what went before.
struct PathStep {
  bool arc = false;
  PVec p;
  float r = 0, a0 = 0, a1 = 0;
};

struct PictShape {
  enum class Kind : uint8_t { path, circle };
  Kind kind = Kind::path;
  bool fill = false;            // filled (disc / convex polygon) or stroked
  bool closed = false;          // a stroked path goes back to its start
  float width = 0.14f;          // stroke width, in unit-square units
  std::vector<PathStep> steps;  // path
  PVec c;                       // circle centre
  float r = 0;                  // circle radius
};

struct Pictogram {
  std::string_view id;
  // It points somewhere (an arrow, a paper plane): a right-to-left layout mirrors it. Others never
  // flip.
  bool points = false;
  std::vector<PictShape> shapes;
};

// Every pictogram, in a fixed order: categories (the default category ids, and "tag" for a
// category a group added), home tiles ("tile.need", ...), statuses ("status.open", ...),
// urgencies ("urgency.critical", ...) and main actions ("action.next", ...).
const std::vector<Pictogram>& all_pictograms();
// The pictogram of `id`, or nullptr.
const Pictogram* find_pictogram(std::string_view id);
// The pictogram of a category id: a default category's own, else "tag".
const Pictogram& category_pictogram(std::string_view category);

// A path's steps as points (arcs cut into short straight runs: at least `min_segments` for a
// full turn, more for big arcs).
std::vector<PVec> flatten(const PictShape& path, int segments_per_turn = 48);

// A coverage mask of `size` x `size` pixels, row by row from the top, 0 (paper) to 255 (ink),
// each pixel sampled `samples` x `samples` times. `min_stroke_px` is the thinnest stroke drawn,
// in pixels (the kiosk draws no stroke under 1.5 px). `mirror` draws it flipped left to right.
std::vector<uint8_t> rasterize(const Pictogram& p, int size, int samples = 4,
                               float min_stroke_px = 1.5f, bool mirror = false);

// The pictogram as an inline SVG element drawn in currentColor, `px` pixels square,
// aria-hidden (the words beside it say what it means). Coordinates have 3 decimals and arcs are
// cut into 24 runs a turn: a page holds dozens.
// `css_class` goes in the class attribute (ASCII letters, digits, '-' and ' ' only).
std::string pictogram_svg(const Pictogram& p, int px, std::string_view css_class = "pict");
// Only its shapes (<path>, <circle>), for a <symbol> a page defines once and <use>s often.
std::string pictogram_svg_shapes(const Pictogram& p);

// A 1-bit image of `size` x `size` dots for a thermal printer: rows of (size + 7) / 8 bytes,
// most significant bit leftmost, 1 = black (a dot is black when at least half of it is ink).
std::vector<uint8_t> pictogram_bits(const Pictogram& p, int size);

}  // namespace mutua
