// Pictograms (core/pictogram.hpp): one geometry, drawn the same as SVG and as a 1-bit raster, and
// no two alike. The SVG is read back and filled here with a scanline filler of its own (strokes
// outlined as quads and round joins), independent of core's sampling rasterizer.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/pictogram.hpp"

using namespace mutua;

namespace {

constexpr int kSize = 32;

std::vector<bool> threshold(const std::vector<uint8_t>& cov) {
  std::vector<bool> m(cov.size());
  for (size_t i = 0; i < cov.size(); ++i) m[i] = cov[i] >= 128;
  return m;
}

int count(const std::vector<bool>& m) {
  return int(std::count(m.begin(), m.end(), true));
}

int differing(const std::vector<bool>& a, const std::vector<bool>& b) {
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

// --- A small reader for the SVG pictogram_svg writes ------------------------------------------

struct Poly {
  std::vector<PVec> pts;
};

std::string attr(const std::string& el, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = el.find(key);
  if (at == std::string::npos) return "";
  const size_t from = at + key.size();
  return el.substr(from, el.find('"', from) - from);
}

// Filled regions (polygons, their union is the ink) for one SVG element.
void outline(std::vector<Poly>& out, std::vector<PVec> pts, bool fill, bool closed, float w) {
  if (fill) {
    out.push_back({pts});
    return;
  }
  const float h = w * 0.5f;
  // A join's disc, cut by the square ends of an open stroke (a join near an end must not poke
  // out past it): Sutherland-Hodgman against each end's half-plane.
  auto clip = [](std::vector<PVec> poly, PVec end, PVec from) {
    const float dx = end.x - from.x, dy = end.y - from.y;
    auto side = [&](PVec v) { return (v.x - end.x) * dx + (v.y - end.y) * dy; };
    std::vector<PVec> out;
    for (size_t i = 0; i < poly.size(); ++i) {
      const PVec a = poly[i], b = poly[(i + 1) % poly.size()];
      const float sa = side(a), sb = side(b);
      if (sa <= 0) out.push_back(a);
      if ((sa <= 0) != (sb <= 0)) {
        const float t = sa / (sa - sb);
        out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
      }
    }
    return out;
  };
  const std::vector<PVec> ends = pts;
  auto disc = [&](PVec c) {
    Poly d;
    for (int i = 0; i < 24; ++i) {
      const float t = 6.2831853f * float(i) / 24.0f;
      d.pts.push_back({c.x + h * std::cos(t), c.y + h * std::sin(t)});
    }
    if (!closed && ends.size() >= 2) {
      d.pts = clip(d.pts, ends[0], ends[1]);
      d.pts = clip(d.pts, ends.back(), ends[ends.size() - 2]);
    }
    if (d.pts.size() >= 3) out.push_back(d);
  };
  // Quads for the runs, discs for the joins (stroke-linejoin round); open ends are cut square
  // (stroke-linecap butt).
  if (closed && pts.size() > 2) pts.push_back(pts.front());
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const PVec a = pts[i], b = pts[i + 1];
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    if (len > 0) {
      const float nx = -dy / len * h, ny = dx / len * h;
      out.push_back({{{a.x + nx, a.y + ny},
                      {b.x + nx, b.y + ny},
                      {b.x - nx, b.y - ny},
                      {a.x - nx, a.y - ny}}});
    }
    if (i > 0 || closed) disc(a);
  }
}

std::vector<Poly> read_svg(const std::string& svg, float min_w) {
  std::vector<Poly> out;
  size_t at = 0;
  while ((at = svg.find('<', at + 1)) != std::string::npos) {
    const size_t end = svg.find('>', at);
    const std::string el = svg.substr(at, end - at);
    const bool fill = attr(el, "fill") == "currentColor";
    const std::string sw = attr(el, "stroke-width");
    const float w = std::max(min_w, sw.empty() ? 0.0f : std::strtof(sw.c_str(), nullptr));
    if (el.rfind("<circle", 0) == 0) {
      const float cx = std::strtof(attr(el, "cx").c_str(), nullptr);
      const float cy = std::strtof(attr(el, "cy").c_str(), nullptr);
      const float r = std::strtof(attr(el, "r").c_str(), nullptr);
      std::vector<PVec> pts;
      for (int i = 0; i < 96; ++i) {
        const float t = 6.2831853f * float(i) / 96.0f;
        pts.push_back({cx + r * std::cos(t), cy + r * std::sin(t)});
      }
      outline(out, pts, fill, true, w);
    } else if (el.rfind("<path", 0) == 0) {
      const std::string d = attr(el, "d");
      std::vector<PVec> pts;
      bool closed = false;
      const char* s = d.c_str();
      while (*s) {
        const char cmd = *s++;
        if (cmd == 'Z') {
          closed = true;
          continue;
        }
        REQUIRE((cmd == 'M' || cmd == 'L'));
        char* next = nullptr;
        const float x = std::strtof(s, &next);
        const float y = std::strtof(next, &next);
        s = next;
        pts.push_back({x, y});
      }
      outline(out, pts, fill, closed, w);
    }
  }
  return out;
}

// Scanline fill of each polygon (even-odd), ORed together; 4x4 samples a pixel.
std::vector<uint8_t> scanline(const std::vector<Poly>& polys, int size) {
  const int ss = 4;
  std::vector<int> hits(size_t(size) * size_t(size), 0);
  const int rows = size * ss;
  std::vector<uint8_t> row_ink(size_t(size) * ss);
  for (int sy = 0; sy < rows; ++sy) {
    std::fill(row_ink.begin(), row_ink.end(), 0);
    const float y = (float(sy) + 0.5f) / float(rows) * 2.0f - 1.0f;
    for (const Poly& p : polys) {
      std::vector<float> xs;
      for (size_t i = 0, j = p.pts.size() - 1; i < p.pts.size(); j = i++) {
        const PVec a = p.pts[j], b = p.pts[i];
        if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
      }
      std::sort(xs.begin(), xs.end());
      for (size_t k = 0; k + 1 < xs.size(); k += 2)
        for (int sx = 0; sx < size * ss; ++sx) {
          const float x = (float(sx) + 0.5f) / float(size * ss) * 2.0f - 1.0f;
          if (x >= xs[k] && x < xs[k + 1]) row_ink[size_t(sx)] = 1;
        }
    }
    for (int sx = 0; sx < size * ss; ++sx)
      hits[size_t(sy / ss) * size_t(size) + size_t(sx / ss)] += row_ink[size_t(sx)];
  }
  std::vector<uint8_t> out(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) out[i] = uint8_t((hits[i] * 255 + 8) / 16);
  return out;
}

bool convex(const std::vector<PVec>& pts) {
  int sign = 0;
  const size_t n = pts.size();
  for (size_t i = 0; i < n; ++i) {
    const PVec a = pts[i], b = pts[(i + 1) % n], c = pts[(i + 2) % n];
    const float cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (std::fabs(cross) < 1e-6f) continue;
    const int s = cross > 0 ? 1 : -1;
    if (sign != 0 && s != sign) return false;
    sign = s;
  }
  return true;
}

}  // namespace

TEST_CASE("every category, home tile, status, urgency and main action has a pictogram") {
  for (const Category& c : default_categories()) {
    const Pictogram* p = find_pictogram(c.id);
    REQUIRE_MESSAGE(p, c.id);
    CHECK(&category_pictogram(c.id) == p);
  }
  CHECK(category_pictogram("seeds").id == "tag");  // a category a group added
  CHECK(category_pictogram("status.open").id == "tag");
  for (const char* id :
       {"tile.need",        "tile.offer",       "tile.board",     "tile.ticket",
        "tile.last_ticket", "tile.language",    "tile.text_size", "tile.contrast",
        "tile.settings",    "tile.phone",       "status.open",    "status.partly_met",
        "status.matched",   "status.ready",     "status.met",     "status.closed",
        "status.unknown",   "urgency.critical", "urgency.high",   "urgency.normal",
        "urgency.low",      "action.next",      "action.back",    "action.cancel",
        "action.confirm",   "action.post",      "action.print",   "action.speak",
        "action.keyboard",  "action.search"})
    CHECK_MESSAGE(find_pictogram(id), id);
  CHECK(find_pictogram("nothing") == nullptr);
}

TEST_CASE("only pictograms that point flip right to left") {
  for (const Pictogram& p : all_pictograms()) {
    const bool should = p.id == "action.next" || p.id == "action.back" || p.id == "action.post";
    CHECK_MESSAGE(p.points == should, p.id);
  }
  // Mirroring "next" gives "back".
  const auto next = threshold(rasterize(*find_pictogram("action.next"), kSize, 4, 1.5f, true));
  const auto back = threshold(rasterize(*find_pictogram("action.back"), kSize));
  CHECK(differing(next, back) <= 8);
}

TEST_CASE("pictogram geometry stays in its square and fills only convex shapes") {
  for (const Pictogram& p : all_pictograms()) {
    CAPTURE(p.id);
    REQUIRE(!p.shapes.empty());
    for (const PictShape& s : p.shapes) {
      CHECK(s.width > 0.05f);
      CHECK(s.width < 0.5f);
      const std::vector<PVec> pts = flatten(s);
      REQUIRE(!pts.empty());
      for (PVec v : pts) {
        CHECK(std::fabs(v.x) <= 1.0f);
        CHECK(std::fabs(v.y) <= 1.0f);
      }
      if (s.fill && s.kind == PictShape::Kind::path) CHECK(convex(pts));
    }
    // Some ink, and not a filled square.
    const int ink = count(threshold(rasterize(p, kSize)));
    CHECK(ink > kSize * kSize / 20);
    CHECK(ink < kSize * kSize * 3 / 4);
  }
}

TEST_CASE("no two pictograms look alike") {
  std::vector<std::vector<bool>> masks;
  for (const Pictogram& p : all_pictograms()) masks.push_back(threshold(rasterize(p, kSize)));
  const auto& all = all_pictograms();
  double closest = 0;
  for (size_t i = 0; i < masks.size(); ++i)
    for (size_t j = i + 1; j < masks.size(); ++j) {
      int both = 0, either = 0;
      for (size_t k = 0; k < masks[i].size(); ++k) {
        both += masks[i][k] && masks[j][k];
        either += masks[i][k] || masks[j][k];
      }
      const double overlap = double(both) / double(std::max(1, either));
      closest = std::max(closest, overlap);
      CHECK_MESSAGE(overlap < 0.6, all[i].id << " and " << all[j].id << " overlap " << overlap);
    }
  MESSAGE("closest pair overlaps " << closest);
}

TEST_CASE("the SVG of each pictogram has the geometry's shape") {
  for (const Pictogram& p : all_pictograms()) {
    CAPTURE(p.id);
    const std::string svg = pictogram_svg(p, 48, "pict big");
    CHECK(svg.rfind("<svg class=\"pict big\" viewBox=\"-1 -1 2 2\" width=\"48\"", 0) == 0);
    CHECK(svg.find("aria-hidden=\"true\"") != std::string::npos);
    CHECK(svg.find("<script") == std::string::npos);
    const auto from_svg = threshold(scanline(read_svg(svg, 1.5f * 2 / kSize), kSize));
    const auto from_geometry = threshold(rasterize(p, kSize));
    const int ink = count(from_geometry);
    const int diff = differing(from_svg, from_geometry);
    CHECK_MESSAGE(diff <= std::max(4, ink / 20), diff << " of " << ink << " ink pixels differ");
  }
  // The class keeps to its alphabet: nothing can leave the attribute.
  CHECK(pictogram_svg(*find_pictogram("food"), 10, "a\"><script>").find("<script") ==
        std::string::npos);
}

TEST_CASE("the 1-bit raster for the printer is the geometry, a bit per dot") {
  const Pictogram& p = *find_pictogram("status.ready");
  const int size = 50;  // not a multiple of 8: rows are padded
  const std::vector<uint8_t> bits = pictogram_bits(p, size);
  REQUIRE(bits.size() == 7u * 50u);
  const auto mask = threshold(rasterize(p, size, 3, 1.0f));
  int diff = 0, ink = 0;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const bool bit = bits[size_t(y) * 7 + size_t(x / 8)] & (0x80 >> (x % 8));
      diff += bit != mask[size_t(y) * size + size_t(x)];
      ink += bit;
    }
  CHECK(diff == 0);
  CHECK(ink > 100);
  for (int y = 0; y < size; ++y) CHECK((bits[size_t(y) * 7 + 6] & 0x3F) == 0);  // padding
  CHECK(pictogram_bits(p, 0).empty());
}
