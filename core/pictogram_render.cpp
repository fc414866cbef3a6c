// How a pictogram (core/pictogram.cpp holds their shapes) is drawn outside the kiosk: its paths
// as points, a bitmap for the printed slip, SVG for the phone pages.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/pictogram.hpp"

namespace mutua {

std::vector<PVec> flatten(const PictShape& s, int segments_per_turn) {
  std::vector<PVec> out;
  if (s.kind == PictShape::Kind::circle) {
    const int n = std::max(8, segments_per_turn);
    for (int i = 0; i < n; ++i) {
      const float t = 2 * std::numbers::pi_v<float> * float(i) / float(n);
      out.push_back({s.c.x + s.r * std::cos(t), s.c.y + s.r * std::sin(t)});
    }
    return out;
  }
  for (const PathStep& st : s.steps) {
    if (!st.arc) {
      out.push_back(st.p);
      continue;
    }
    const float sweep = std::fabs(st.a1 - st.a0);
    const int n = std::max(
        2, int(std::ceil(sweep / (2 * std::numbers::pi_v<float>)*float(segments_per_turn))));
    for (int i = 0; i <= n; ++i) {
      const float t = st.a0 + (st.a1 - st.a0) * float(i) / float(n);
      out.push_back({st.p.x + st.r * std::cos(t), st.p.y + st.r * std::sin(t)});
    }
  }
  return out;
}

namespace {

float segment_distance2(PVec q, PVec a, PVec b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = a.x + t * dx - q.x, ey = a.y + t * dy - q.y;
  return ex * ex + ey * ey;
}

// Whether q lies behind the square-cut end `end` of a stroke whose last run comes from `from`,
// close enough to the end (two half widths) to be part of this end's cap.
bool beyond_end(PVec q, PVec end, PVec from, float half_w) {
  const float dx = end.x - from.x, dy = end.y - from.y;
  const float ex = q.x - end.x, ey = q.y - end.y;
  return ex * ex + ey * ey < 4 * half_w * half_w && ex * dx + ey * dy > 0;
}

bool inside(const std::vector<PVec>& poly, PVec q) {  // even-odd
  bool in = false;
  for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const PVec a = poly[i], b = poly[j];
    if ((a.y > q.y) != (b.y > q.y) && q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

struct Prepared {
  const PictShape* s;
  std::vector<PVec> pts;
  float half_w;
  float x0, y0, x1, y1;  // bounds, stroke included
};

}  // namespace

std::vector<uint8_t> rasterize(const Pictogram& p, int size, int samples, float min_stroke_px,
                               bool mirror) {
  std::vector<uint8_t> out;
  if (size <= 0 || size > 4096 || samples <= 0 || samples > 16) return out;
  out.assign(size_t(size) * size_t(size), 0);
  const float unit_per_px = 2.0f / float(size);
  std::vector<Prepared> shapes;
  for (const PictShape& s : p.shapes) {
    Prepared q{&s, {}, std::max(s.width, min_stroke_px * unit_per_px) * 0.5f, 0, 0, 0, 0};
    if (s.kind == PictShape::Kind::path) q.pts = flatten(s);
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    auto grow = [&](float x, float y) {
      x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    };
    if (s.kind == PictShape::Kind::circle) {
      grow(s.c.x - s.r, s.c.y - s.r);
      grow(s.c.x + s.r, s.c.y + s.r);
    } else {
      for (PVec v : q.pts) grow(v.x, v.y);
    }
    const float m = s.fill ? 0.0f : q.half_w;
    q.x0 = x0 - m, q.y0 = y0 - m, q.x1 = x1 + m, q.y1 = y1 + m;
    if (!q.pts.empty() || s.kind == PictShape::Kind::circle) shapes.push_back(std::move(q));
  }
  auto ink = [&](PVec v) {
    for (const Prepared& q : shapes) {
      if (v.x < q.x0 || v.x > q.x1 || v.y < q.y0 || v.y > q.y1) continue;
      const PictShape& s = *q.s;
      if (s.kind == PictShape::Kind::circle) {
        const float d = std::hypot(v.x - s.c.x, v.y - s.c.y);
        if (s.fill ? d <= s.r : std::fabs(d - s.r) <= q.half_w) return true;
        continue;
      }
      if (s.fill) {
        if (q.pts.size() >= 3 && inside(q.pts, v)) return true;
        continue;
      }
      // Round joins; an open path's two ends are cut square (butt), as ImGui and the SVG draw:
      // nothing near an end pokes out past the line across it (a join on a tight arc would).
      const float hw2 = q.half_w * q.half_w;
      const size_t n = q.pts.size();
      if (!s.closed && n >= 2 &&
          (beyond_end(v, q.pts[0], q.pts[1], q.half_w) ||
           beyond_end(v, q.pts[n - 1], q.pts[n - 2], q.half_w)))
        continue;
      for (size_t i = 0; i + 1 < n; ++i)
        if (segment_distance2(v, q.pts[i], q.pts[i + 1]) <= hw2) return true;
      if (s.closed && n > 2 && segment_distance2(v, q.pts[n - 1], q.pts[0]) <= hw2) return true;
    }
    return false;
  };
  const int total = samples * samples;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      int hits = 0;
      for (int sy = 0; sy < samples; ++sy)
        for (int sx = 0; sx < samples; ++sx) {
          float u = (float(x) + (float(sx) + 0.5f) / float(samples)) * unit_per_px - 1.0f;
          const float w = (float(y) + (float(sy) + 0.5f) / float(samples)) * unit_per_px - 1.0f;
          if (mirror) u = -u;
          hits += ink({u, w}) ? 1 : 0;
        }
      out[size_t(y) * size_t(size) + size_t(x)] = uint8_t((hits * 255 + total / 2) / total);
    }
  return out;
}

namespace {

void num(std::string& out, float v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%.3f", double(v));
  std::string s = buf;
  // Shortest form: 0.500 -> 0.5, -0.000 -> 0.
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0" || s.empty()) s = "0";
  out += s;
}

}  // namespace

std::string pictogram_svg(const Pictogram& p, int px, std::string_view css_class) {
  std::string cls;
  for (char c : css_class)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == ' ')
      cls += c;
  return "<svg class=\"" + cls + "\" viewBox=\"-1 -1 2 2\" width=\"" + std::to_string(px) +
         "\" height=\"" + std::to_string(px) + "\" aria-hidden=\"true\" focusable=\"false\">" +
         pictogram_svg_shapes(p) + "</svg>";
}

std::string pictogram_svg_shapes(const Pictogram& p) {
  std::string out;
  for (const PictShape& s : p.shapes) {
    const std::string paint = s.fill ? std::string(" fill=\"currentColor\"") : [&] {
      std::string a = " fill=\"none\" stroke=\"currentColor\" stroke-width=\"";
      num(a, s.width);
      return a + "\" stroke-linecap=\"butt\" stroke-linejoin=\"round\"";
    }();
    if (s.kind == PictShape::Kind::circle) {
      out += "<circle cx=\"";
      num(out, s.c.x);
      out += "\" cy=\"";
      num(out, s.c.y);
      out += "\" r=\"";
      num(out, s.r);
      out += "\"" + paint + "/>";
      continue;
    }
    const std::vector<PVec> pts = flatten(s, 24);  // enough for a page's 28 px, and short
    if (pts.empty()) continue;
    out += "<path d=\"";
    for (size_t i = 0; i < pts.size(); ++i) {
      out += i == 0 ? "M" : "L";
      num(out, pts[i].x);
      out += ' ';
      num(out, pts[i].y);
    }
    if (s.fill || s.closed) out += 'Z';
    out += "\"" + paint + "/>";
  }
  return out;
}

std::vector<uint8_t> pictogram_bits(const Pictogram& p, int size) {
  std::vector<uint8_t> bits;
  if (size <= 0 || size > 1024) return bits;
  const std::vector<uint8_t> mask = rasterize(p, size, 3, 1.0f);
  const size_t row = size_t(size + 7) / 8;
  bits.assign(row * size_t(size), 0);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (mask[size_t(y) * size_t(size) + size_t(x)] >= 128)
        bits[size_t(y) * row + size_t(x) / 8] |= uint8_t(0x80 >> (x % 8));
  return bits;
}

}  // namespace mutua
