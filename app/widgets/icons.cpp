#include "app/widgets/icons.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "app/widgets/mirror.hpp"

namespace mutua {

namespace {

constexpr float kPi = 3.14159265f;

// Coordinates below are in a unit square from (-1,-1) to (1,1) around the centre.
struct Pen {
  ImDrawList* dl;
  ImVec2 c;
  float r;  // half the icon's side
  ImU32 col;
  float w;  // stroke width

  ImVec2 at(float x, float y) const { return ImVec2(c.x + x * r, c.y + y * r); }
  void line(float x0, float y0, float x1, float y1) const {
    dl->AddLine(at(x0, y0), at(x1, y1), col, w);
  }
  void rect(float x0, float y0, float x1, float y1, float round = 0.0f) const {
    dl->AddRect(at(x0, y0), at(x1, y1), col, round * r, 0, w);
  }
  void fill_rect(float x0, float y0, float x1, float y1, float round = 0.0f) const {
    dl->AddRectFilled(at(x0, y0), at(x1, y1), col, round * r);
  }
  void circle(float x, float y, float radius) const {
    dl->AddCircle(at(x, y), radius * r, col, 0, w);
  }
  void disc(float x, float y, float radius) const {
    dl->AddCircleFilled(at(x, y), radius * r, col);
  }
  void arc(float x, float y, float radius, float a0, float a1) const {
    dl->PathArcTo(at(x, y), radius * r, a0, a1);
    dl->PathStroke(col, 0, w);
  }
  void poly(std::initializer_list<ImVec2> pts, bool closed, bool filled = false) const {
    for (const ImVec2& p : pts) dl->PathLineTo(at(p.x, p.y));
    if (filled)
      dl->PathFillConvex(col);
    else
      dl->PathStroke(col, closed ? ImDrawFlags_Closed : 0, w);
  }
};

void food(const Pen& p) {  // a bowl with steam
  p.arc(0, -0.1f, 0.85f, 0, kPi);
  p.line(-0.85f, -0.1f, 0.85f, -0.1f);
  for (float x : {-0.35f, 0.0f, 0.35f}) p.arc(x + 0.1f, -0.55f, 0.15f, kPi * 0.5f, kPi * 1.5f);
}

void water(const Pen& p) {  // a drop
  p.dl->PathArcTo(p.at(0, 0.3f), 0.55f * p.r, -kPi * 0.15f, kPi * 1.15f);
  p.dl->PathLineTo(p.at(0, -0.9f));
  p.dl->PathFillConvex(p.col);
}

void hygiene(const Pen& p) {  // a bar of soap with bubbles
  p.rect(-0.8f, 0.0f, 0.6f, 0.75f, 0.2f);
  p.circle(0.55f, -0.45f, 0.22f);
  p.circle(0.05f, -0.35f, 0.15f);
  p.circle(0.8f, -0.85f, 0.12f);
}

void shelter(const Pen& p) {  // a house
  p.poly({{-0.9f, -0.05f}, {0.0f, -0.85f}, {0.9f, -0.05f}}, false);
  p.poly({{-0.65f, -0.25f}, {-0.65f, 0.85f}, {0.65f, 0.85f}, {0.65f, -0.25f}}, false);
  p.rect(-0.2f, 0.3f, 0.2f, 0.85f);
}

void clothing(const Pen& p) {  // a T-shirt
  p.poly({{-0.3f, -0.8f},
          {-0.9f, -0.45f},
          {-0.65f, 0.0f},
          {-0.45f, -0.15f},
          {-0.45f, 0.85f},
          {0.45f, 0.85f},
          {0.45f, -0.15f},
          {0.65f, 0.0f},
          {0.9f, -0.45f},
          {0.3f, -0.8f},
          {0.0f, -0.55f}},
         true);
}

void health(const Pen& p) {  // a cross
  p.fill_rect(-0.25f, -0.85f, 0.25f, 0.85f, 0.08f);
  p.fill_rect(-0.85f, -0.25f, 0.85f, 0.25f, 0.08f);
}

void baby(const Pen& p) {  // a feeding bottle
  p.rect(-0.4f, -0.35f, 0.4f, 0.9f, 0.2f);
  p.fill_rect(-0.5f, -0.5f, 0.5f, -0.35f);
  p.poly({{-0.22f, -0.5f}, {-0.12f, -0.9f}, {0.12f, -0.9f}, {0.22f, -0.5f}}, false);
  p.line(-0.4f, 0.15f, 0.0f, 0.15f);
  p.line(-0.4f, 0.5f, 0.0f, 0.5f);
}

void mobility(const Pen& p) {  // a wheelchair user
  p.disc(-0.05f, -0.78f, 0.16f);
  p.poly({{-0.15f, -0.5f}, {-0.15f, 0.1f}, {0.45f, 0.1f}, {0.65f, 0.7f}}, false);
  p.line(-0.15f, -0.25f, 0.3f, -0.25f);
  p.arc(-0.1f, 0.35f, 0.5f, kPi * 0.05f, kPi * 1.6f);
}

void transport(const Pen& p) {  // a van
  p.poly({{-0.9f, 0.45f},
          {-0.9f, -0.55f},
          {0.3f, -0.55f},
          {0.3f, -0.25f},
          {0.7f, -0.25f},
          {0.9f, 0.1f},
          {0.9f, 0.45f}},
         true);
  p.disc(-0.5f, 0.55f, 0.2f);
  p.disc(0.5f, 0.55f, 0.2f);
}

void power(const Pen& p) {  // a lightning bolt: two overlapping triangles
  p.poly({{0.2f, -0.95f}, {-0.55f, 0.12f}, {0.1f, 0.12f}}, true, true);
  p.poly({{-0.1f, -0.12f}, {0.55f, -0.12f}, {-0.2f, 0.95f}}, true, true);
}

void skills(const Pen& p) {  // a spanner
  p.dl->AddLine(p.at(-0.65f, 0.65f), p.at(0.25f, -0.25f), p.col, p.w * 2.2f);
  p.arc(0.45f, -0.45f, 0.38f, kPi * 0.95f, kPi * 2.3f);
}

void info(const Pen& p) {  // an "i" in a circle
  p.circle(0, 0, 0.9f);
  p.disc(0, -0.45f, 0.12f);
  p.fill_rect(-0.1f, -0.2f, 0.1f, 0.55f, 0.03f);
}

void pets(const Pen& p) {  // a paw
  p.disc(0, 0.35f, 0.38f);
  p.disc(-0.6f, -0.1f, 0.18f);
  p.disc(0.6f, -0.1f, 0.18f);
  p.disc(-0.25f, -0.55f, 0.18f);
  p.disc(0.25f, -0.55f, 0.18f);
}

void other(const Pen& p) {  // three dots
  for (float x : {-0.6f, 0.0f, 0.6f}) p.disc(x, 0, 0.18f);
}

void tag(const Pen& p) {  // a luggage tag, for categories the group added
  p.poly({{-0.9f, -0.45f}, {0.45f, -0.45f}, {0.9f, 0.0f}, {0.45f, 0.45f}, {-0.9f, 0.45f}}, true);
  p.circle(0.4f, 0.0f, 0.12f);
}

void hourglass(const Pen& p) {
  p.line(-0.6f, -0.9f, 0.6f, -0.9f);
  p.line(-0.6f, 0.9f, 0.6f, 0.9f);
  p.poly(
      {{-0.5f, -0.9f}, {0.5f, -0.9f}, {0.08f, 0.0f}, {0.5f, 0.9f}, {-0.5f, 0.9f}, {-0.08f, 0.0f}},
      true);
  p.poly({{-0.3f, 0.85f}, {0.3f, 0.85f}, {0.0f, 0.35f}}, true, true);  // sand below
}

void half(const Pen& p) {
  p.circle(0, 0, 0.85f);
  p.dl->PathArcTo(p.at(0, 0), 0.85f * p.r, kPi * 0.5f, kPi * 1.5f);
  p.dl->PathFillConvex(p.col);  // the left half filled
}

void link(const Pen& p) {
  p.circle(-0.35f, 0, 0.5f);
  p.circle(0.35f, 0, 0.5f);
}

void pin(const Pen& p) {
  p.dl->PathArcTo(p.at(0, -0.3f), 0.6f * p.r, kPi * 0.8f, kPi * 2.2f);
  p.dl->PathLineTo(p.at(0, 0.95f));
  p.dl->PathStroke(p.col, ImDrawFlags_Closed, p.w);
  p.disc(0, -0.3f, 0.24f);
}

void check(const Pen& p) {
  p.dl->AddPolyline(
      std::array<ImVec2, 3>{p.at(-0.8f, 0.0f), p.at(-0.25f, 0.6f), p.at(0.85f, -0.6f)}.data(), 3,
      p.col, 0, p.w * 1.8f);
}

void cross(const Pen& p) {
  p.dl->AddLine(p.at(-0.7f, -0.7f), p.at(0.7f, 0.7f), p.col, p.w * 1.8f);
  p.dl->AddLine(p.at(0.7f, -0.7f), p.at(-0.7f, 0.7f), p.col, p.w * 1.8f);
}

void question(const Pen& p) {
  p.arc(0, -0.4f, 0.45f, kPi * 1.0f, kPi * 2.4f);
  p.line(0.0f, 0.05f, 0.0f, 0.35f);
  p.disc(0, 0.75f, 0.12f);
}

}  // namespace

void draw_status_icon(ImDrawList* dl, StatusIcon icon, ImVec2 centre, float size, ImU32 colour) {
  // None of these points: on a mirrored frame each is drawn pre-mirrored, to come out as drawn
  // (a tick, a question mark and a pin do not turn round in Arabic).
  const MirrorVertices unflipped(dl, centre.x);
  const Pen p{dl, centre, size * 0.5f, colour, std::max(1.5f, size * 0.08f)};
  switch (icon) {
    case StatusIcon::hourglass:
      return hourglass(p);
    case StatusIcon::half:
      return half(p);
    case StatusIcon::link:
      return link(p);
    case StatusIcon::pin:
      return pin(p);
    case StatusIcon::check:
      return check(p);
    case StatusIcon::cross:
      return cross(p);
    case StatusIcon::question:
      return question(p);
  }
}

void draw_category_icon(ImDrawList* dl, std::string_view category, ImVec2 centre, float size,
                        ImU32 colour) {
  const MirrorVertices unflipped(dl, centre.x);  // no category pictogram points
  const Pen p{dl, centre, size * 0.5f, colour, std::max(1.5f, size * 0.07f)};
  struct Drawer {
    std::string_view id;
    void (*draw)(const Pen&);
  };
  static constexpr Drawer kDrawers[] = {
      {"food", food},           {"water", water},   {"hygiene", hygiene}, {"shelter", shelter},
      {"clothing", clothing},   {"health", health}, {"baby", baby},       {"mobility", mobility},
      {"transport", transport}, {"power", power},   {"skills", skills},   {"info", info},
      {"pets", pets},           {"other", other},
  };
  for (const Drawer& d : kDrawers)
    if (d.id == category) return d.draw(p);
  tag(p);
}

}  // namespace mutua
