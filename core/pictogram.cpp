#include "core/pictogram.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace mutua {

namespace {

constexpr float kPi = 3.14159265f;
constexpr float kW = 0.14f;   // the usual stroke
constexpr float kWs = 0.16f;  // statuses: a little bolder

// Builds one pictogram, shape by shape. Coordinates are in the unit square (-1..1, y down).
struct B {
  Pictogram p;
  explicit B(std::string_view id, bool points = false) {
    p.id = id;
    p.points = points;
  }
  B& path(std::vector<PathStep> steps, bool fill, bool closed, float w = kW) {
    PictShape s;
    s.kind = PictShape::Kind::path;
    s.fill = fill;
    s.closed = closed;
    s.width = w;
    s.steps = std::move(steps);
    p.shapes.push_back(std::move(s));
    return *this;
  }
  static std::vector<PathStep> pts(std::initializer_list<PVec> v) {
    std::vector<PathStep> out;
    for (PVec q : v) out.push_back(PathStep{false, q, 0, 0, 0});
    return out;
  }
  B& line(float x0, float y0, float x1, float y1, float w = kW) {
    return path(pts({{x0, y0}, {x1, y1}}), false, false, w);
  }
  B& poly(std::initializer_list<PVec> v, bool closed, float w = kW) {
    return path(pts(v), false, closed, w);
  }
  B& fill(std::initializer_list<PVec> v) { return path(pts(v), true, true); }
  B& rect(float x0, float y0, float x1, float y1, float w = kW) {
    return poly({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, true, w);
  }
  B& fill_rect(float x0, float y0, float x1, float y1) {
    return fill({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
  }
  static std::vector<PathStep> rounded(float x0, float y0, float x1, float y1, float r) {
    return {PathStep{true, {x1 - r, y0 + r}, r, -kPi * 0.5f, 0},
            PathStep{true, {x1 - r, y1 - r}, r, 0, kPi * 0.5f},
            PathStep{true, {x0 + r, y1 - r}, r, kPi * 0.5f, kPi},
            PathStep{true, {x0 + r, y0 + r}, r, kPi, kPi * 1.5f}};
  }
  B& round_rect(float x0, float y0, float x1, float y1, float r, float w = kW) {
    return path(rounded(x0, y0, x1, y1, r), false, true, w);
  }
  B& circle(float x, float y, float r, float w = kW) {
    PictShape s;
    s.kind = PictShape::Kind::circle;
    s.c = {x, y};
    s.r = r;
    s.width = w;
    p.shapes.push_back(s);
    return *this;
  }
  B& disc(float x, float y, float r) {
    circle(x, y, r);
    p.shapes.back().fill = true;
    return *this;
  }
  B& arc(float x, float y, float r, float a0, float a1, float w = kW) {
    return path({PathStep{true, {x, y}, r, a0, a1}}, false, false, w);
  }
  Pictogram done() { return std::move(p); }
};

PathStep arc_step(float x, float y, float r, float a0, float a1) {
  return PathStep{true, {x, y}, r, a0, a1};
}
PathStep to(float x, float y) {
  return PathStep{false, {x, y}, 0, 0, 0};
}

// --- Categories: the shapes the category grid has always drawn -------------------------------

Pictogram food() {  // a bowl with steam
  B b("food");
  b.arc(0, -0.1f, 0.85f, 0, kPi).line(-0.85f, -0.1f, 0.85f, -0.1f);
  for (float x : {-0.35f, 0.0f, 0.35f}) b.arc(x + 0.1f, -0.55f, 0.15f, kPi * 0.5f, kPi * 1.5f);
  return b.done();
}

Pictogram water() {  // a drop
  return B("water")
      .path({arc_step(0, 0.3f, 0.55f, -kPi * 0.15f, kPi * 1.15f), to(0, -0.9f)}, true, true)
      .done();
}

Pictogram hygiene() {  // a bar of soap with bubbles
  return B("hygiene")
      .round_rect(-0.8f, 0.0f, 0.6f, 0.75f, 0.2f)
      .circle(0.55f, -0.45f, 0.22f)
      .circle(0.05f, -0.35f, 0.15f)
      .circle(0.8f, -0.85f, 0.12f)
      .done();
}

Pictogram shelter() {  // a house
  return B("shelter")
      .poly({{-0.9f, -0.05f}, {0.0f, -0.85f}, {0.9f, -0.05f}}, false)
      .poly({{-0.65f, -0.25f}, {-0.65f, 0.85f}, {0.65f, 0.85f}, {0.65f, -0.25f}}, false)
      .rect(-0.2f, 0.3f, 0.2f, 0.85f)
      .done();
}

Pictogram clothing() {  // a T-shirt
  return B("clothing")
      .poly({{-0.3f, -0.8f},
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
            true)
      .done();
}

Pictogram health() {  // a cross
  return B("health")
      .fill_rect(-0.25f, -0.85f, 0.25f, 0.85f)
      .fill_rect(-0.85f, -0.25f, 0.85f, 0.25f)
      .done();
}

Pictogram baby() {  // a feeding bottle
  return B("baby")
      .round_rect(-0.4f, -0.35f, 0.4f, 0.9f, 0.2f)
      .fill_rect(-0.5f, -0.5f, 0.5f, -0.35f)
      .poly({{-0.22f, -0.5f}, {-0.12f, -0.9f}, {0.12f, -0.9f}, {0.22f, -0.5f}}, false)
      .line(-0.4f, 0.15f, 0.0f, 0.15f)
      .line(-0.4f, 0.5f, 0.0f, 0.5f)
      .done();
}

Pictogram mobility() {  // a wheelchair user
  return B("mobility")
      .disc(-0.05f, -0.78f, 0.16f)
      .poly({{-0.15f, -0.5f}, {-0.15f, 0.1f}, {0.45f, 0.1f}, {0.65f, 0.7f}}, false)
      .line(-0.15f, -0.25f, 0.3f, -0.25f)
      .arc(-0.1f, 0.35f, 0.5f, kPi * 0.05f, kPi * 1.6f)
      .done();
}

Pictogram transport() {  // a van
  return B("transport")
      .poly({{-0.9f, 0.45f},
             {-0.9f, -0.55f},
             {0.3f, -0.55f},
             {0.3f, -0.25f},
             {0.7f, -0.25f},
             {0.9f, 0.1f},
             {0.9f, 0.45f}},
            true)
      .disc(-0.5f, 0.55f, 0.2f)
      .disc(0.5f, 0.55f, 0.2f)
      .done();
}

Pictogram power() {  // a lightning bolt: two overlapping triangles
  return B("power")
      .fill({{0.2f, -0.95f}, {-0.55f, 0.12f}, {0.1f, 0.12f}})
      .fill({{-0.1f, -0.12f}, {0.55f, -0.12f}, {-0.2f, 0.95f}})
      .done();
}

Pictogram skills() {  // a spanner
  return B("skills")
      .line(-0.65f, 0.65f, 0.25f, -0.25f, kW * 2.2f)
      .arc(0.45f, -0.45f, 0.38f, kPi * 0.95f, kPi * 2.3f)
      .done();
}

Pictogram info() {  // an "i" in a circle
  return B("info")
      .circle(0, 0, 0.9f)
      .disc(0, -0.45f, 0.12f)
      .fill_rect(-0.1f, -0.2f, 0.1f, 0.55f)
      .done();
}

Pictogram pets() {  // a paw
  return B("pets")
      .disc(0, 0.35f, 0.38f)
      .disc(-0.6f, -0.1f, 0.18f)
      .disc(0.6f, -0.1f, 0.18f)
      .disc(-0.25f, -0.55f, 0.18f)
      .disc(0.25f, -0.55f, 0.18f)
      .done();
}

Pictogram other() {  // three dots
  B b("other");
  for (float x : {-0.6f, 0.0f, 0.6f}) b.disc(x, 0, 0.18f);
  return b.done();
}

Pictogram tag() {  // a luggage tag, for categories the group added
  return B("tag")
      .poly({{-0.9f, -0.45f}, {0.45f, -0.45f}, {0.9f, 0.0f}, {0.45f, 0.45f}, {-0.9f, 0.45f}}, true)
      .circle(0.4f, 0.0f, 0.12f)
      .done();
}

// --- Home tiles and the buttons around them ----------------------------------------------------

B& open_hand(B& b, float f) {  // a hand held out, palm up, from the left (f = 1) or right (-1)
  b.poly({{-0.95f * f, 0.25f},
          {-0.6f * f, 0.25f},
          {-0.3f * f, 0.55f},
          {0.5f * f, 0.55f},
          {0.95f * f, 0.15f}},
         false, 0.16f);
  b.line(-0.95f * f, 0.25f, -0.95f * f, 0.8f, 0.16f);
  return b;
}

Pictogram tile_need() {  // something coming down into an open hand
  B b("tile.need");
  open_hand(b, 1)
      .line(0, -0.95f, 0, -0.35f, 0.2f)
      .fill({{-0.32f, -0.4f}, {0.32f, -0.4f}, {0, 0.1f}});
  return b.done();
}

Pictogram tile_offer() {  // a heart held out on an open hand
  B b("tile.offer");
  open_hand(b, -1)
      .disc(-0.28f, -0.5f, 0.3f)
      .disc(0.28f, -0.5f, 0.3f)
      .fill({{-0.56f, -0.42f}, {0.56f, -0.42f}, {0, 0.25f}});
  return b.done();
}

Pictogram tile_board() {  // a notice board with a list
  B b("tile.board");
  b.rect(-0.9f, -0.75f, 0.9f, 0.65f);
  b.line(-0.5f, 0.65f, -0.65f, 0.95f).line(0.5f, 0.65f, 0.65f, 0.95f);
  for (float y : {-0.4f, -0.05f, 0.3f}) b.disc(-0.55f, y, 0.09f).line(-0.3f, y, 0.6f, y);
  return b.done();
}

std::vector<PathStep> ticket_outline(float s, float dy) {  // s: scale, dy: moved down
  auto X = [&](float x) { return x * s; };
  auto Y = [&](float y) { return y * s + dy; };
  return {to(X(-0.9f), Y(-0.5f)),
          to(X(0.9f), Y(-0.5f)),
          arc_step(X(0.9f), Y(0), 0.17f * s, -kPi * 0.5f, -kPi * 1.5f),
          to(X(0.9f), Y(0.5f)),
          to(X(-0.9f), Y(0.5f)),
          arc_step(X(-0.9f), Y(0), 0.17f * s, kPi * 0.5f, -kPi * 0.5f)};
}

Pictogram tile_ticket() {  // a ticket with its code and a torn edge
  B b("tile.ticket");
  b.path(ticket_outline(1, 0), false, true);
  b.line(-0.6f, -0.15f, 0.2f, -0.15f).line(-0.6f, 0.15f, 0.05f, 0.15f);
  for (float y : {-0.32f, 0.0f, 0.32f}) b.line(0.5f, y - 0.08f, 0.5f, y + 0.08f);
  return b.done();
}

Pictogram tile_last_ticket() {  // a ticket and an arrow going round: the same ticket again
  B b("tile.last_ticket");
  b.path(ticket_outline(0.85f, 0.4f), false, true);
  b.line(-0.45f, 0.3f, 0.2f, 0.3f).line(-0.45f, 0.55f, 0.05f, 0.55f);
  b.arc(0, -0.35f, 0.42f, kPi * 1.0f, kPi * 2.05f);
  b.fill({{0.25f, -0.45f}, {0.62f, -0.45f}, {0.43f, -0.15f}});
  return b.done();
}

Pictogram tile_language() {  // a globe
  B b("tile.language");
  const float r = 0.85f;
  b.circle(0, 0, r).line(0, -r, 0, r).line(-r, 0, r, 0);
  b.line(-0.72f, -0.45f, 0.72f, -0.45f).line(-0.72f, 0.45f, 0.72f, 0.45f);
  // Two meridians: arcs through the poles and (+-0.42, 0).
  const float c = (r * r - 0.42f * 0.42f) / (2 * 0.42f), R = c + 0.42f;
  const float a = std::atan2(r, c);
  b.arc(c, 0, R, kPi - a, kPi + a).arc(-c, 0, R, -a, a);
  return b.done();
}

Pictogram tile_text_size() {  // a big A and a small a
  return B("tile.text_size")
      .poly({{-0.95f, 0.8f}, {-0.45f, -0.8f}, {0.05f, 0.8f}}, false)
      .line(-0.75f, 0.2f, -0.15f, 0.2f)
      .poly({{0.2f, 0.8f}, {0.55f, -0.15f}, {0.9f, 0.8f}}, false)
      .line(0.33f, 0.45f, 0.77f, 0.45f)
      .done();
}

Pictogram tile_contrast() {  // a square split on its diagonal, one half filled: high contrast
  return B("tile.contrast")
      .round_rect(-0.85f, -0.85f, 0.85f, 0.85f, 0.2f)
      .fill({{0.72f, -0.72f}, {0.72f, 0.72f}, {-0.72f, 0.72f}})
      .done();
}

Pictogram tile_settings() {  // a gear
  B b("tile.settings");
  b.circle(0, 0, 0.5f, 0.22f);
  for (int k = 0; k < 8; ++k) {
    const float t = kPi * 0.25f * float(k), cs = std::cos(t), sn = std::sin(t);
    auto P = [&](float along, float across) {
      return PVec{cs * along - sn * across, sn * along + cs * across};
    };
    b.fill({P(0.55f, -0.15f), P(0.9f, -0.12f), P(0.9f, 0.12f), P(0.55f, 0.15f)});
  }
  return b.done();
}

Pictogram tile_phone() {  // a phone
  return B("tile.phone")
      .round_rect(-0.48f, -0.92f, 0.48f, 0.92f, 0.15f)
      .line(-0.48f, -0.62f, 0.48f, -0.62f)
      .line(-0.48f, 0.55f, 0.48f, 0.55f)
      .disc(0, 0.74f, 0.08f)
      .done();
}

// --- Statuses (app/ui/ticket_status.hpp): each has its own shape, never colour alone -----------

Pictogram status_open() {  // an hourglass: waiting
  return B("status.open")
      .line(-0.6f, -0.9f, 0.6f, -0.9f, kWs)
      .line(-0.6f, 0.9f, 0.6f, 0.9f, kWs)
      .poly({{-0.5f, -0.9f},
             {0.5f, -0.9f},
             {0.08f, 0.0f},
             {0.5f, 0.9f},
             {-0.5f, 0.9f},
             {-0.08f, 0.0f}},
            true, kWs)
      .fill({{-0.3f, 0.85f}, {0.3f, 0.85f}, {0.0f, 0.35f}})  // sand below
      .done();
}

Pictogram status_partly_met() {  // a half-filled circle
  return B("status.partly_met")
      .circle(0, 0, 0.85f, kWs)
      .path({arc_step(0, 0, 0.85f, kPi * 0.5f, kPi * 1.5f)}, true, true)
      .done();
}

Pictogram status_matched() {  // two linked rings
  return B("status.matched").circle(-0.35f, 0, 0.5f, kWs).circle(0.35f, 0, 0.5f, kWs).done();
}

Pictogram status_ready() {  // a map pin: go there
  return B("status.ready")
      .path({arc_step(0, -0.3f, 0.6f, kPi * 0.8f, kPi * 2.2f), to(0, 0.95f)}, false, true, kWs)
      .disc(0, -0.3f, 0.24f)
      .done();
}

Pictogram status_met() {  // a tick
  return B("status.met")
      .poly({{-0.8f, 0.0f}, {-0.25f, 0.6f}, {0.85f, -0.6f}}, false, kWs * 1.8f)
      .done();
}

Pictogram status_closed() {  // an X
  return B("status.closed")
      .line(-0.7f, -0.7f, 0.7f, 0.7f, kWs * 1.8f)
      .line(0.7f, -0.7f, -0.7f, 0.7f, kWs * 1.8f)
      .done();
}

Pictogram status_unknown() {  // a question mark
  return B("status.unknown")
      .arc(0, -0.4f, 0.45f, kPi * 1.0f, kPi * 2.4f, kWs)
      .line(0.0f, 0.05f, 0.0f, 0.35f, kWs)
      .disc(0, 0.75f, 0.12f)
      .done();
}

// --- Urgencies (kUrgencies: right now, today, this week, no rush) ------------------------------

Pictogram urgency_critical() {  // a warning triangle: right now
  return B("urgency.critical")
      .poly({{0, -0.9f}, {0.95f, 0.8f}, {-0.95f, 0.8f}}, true)
      .line(0, -0.35f, 0, 0.25f, 0.18f)
      .disc(0, 0.52f, 0.1f)
      .done();
}

Pictogram urgency_high() {  // the sun: today
  B b("urgency.high");
  b.disc(0, 0, 0.4f);
  for (int k = 0; k < 8; ++k) {
    const float t = kPi * 0.25f * float(k), cs = std::cos(t), sn = std::sin(t);
    b.line(cs * 0.6f, sn * 0.6f, cs * 0.92f, sn * 0.92f);
  }
  return b.done();
}

Pictogram urgency_normal() {  // a calendar page with the seven days: this week
  B b("urgency.normal");
  b.rect(-0.85f, -0.7f, 0.85f, 0.85f).fill_rect(-0.85f, -0.7f, 0.85f, -0.35f);
  b.line(-0.45f, -0.95f, -0.45f, -0.55f).line(0.45f, -0.95f, 0.45f, -0.55f);
  for (float x : {-0.5f, -0.17f, 0.17f, 0.5f}) b.disc(x, 0.0f, 0.1f);
  for (float x : {-0.5f, -0.17f, 0.17f}) b.disc(x, 0.45f, 0.1f);
  return b.done();
}

Pictogram urgency_low() {  // a snail: no rush
  return B("urgency.low")
      .circle(0.2f, 0.0f, 0.5f)
      .arc(0.2f, 0.0f, 0.24f, 0, kPi * 1.5f)
      .line(-0.95f, 0.55f, 0.9f, 0.55f)
      .line(-0.7f, 0.55f, -0.75f, -0.05f)
      .line(-0.75f, -0.05f, -0.95f, -0.4f)
      .line(-0.75f, -0.05f, -0.5f, -0.4f)
      .done();
}

// --- Main actions ----------------------------------------------------------------------------

Pictogram action_next() {  // an arrow to the right
  return B("action.next", true)
      .line(-0.85f, 0, 0.3f, 0, 0.24f)
      .fill({{0.15f, -0.6f}, {0.95f, 0}, {0.15f, 0.6f}})
      .done();
}

Pictogram action_back() {  // an arrow to the left
  return B("action.back", true)
      .line(0.85f, 0, -0.3f, 0, 0.24f)
      .fill({{-0.15f, -0.6f}, {-0.15f, 0.6f}, {-0.95f, 0}})
      .done();
}

Pictogram action_cancel() {  // an X in a circle
  return B("action.cancel")
      .circle(0, 0, 0.85f)
      .line(-0.4f, -0.4f, 0.4f, 0.4f, 0.18f)
      .line(0.4f, -0.4f, -0.4f, 0.4f, 0.18f)
      .done();
}

Pictogram action_confirm() {  // a ticked box
  return B("action.confirm")
      .round_rect(-0.8f, -0.8f, 0.8f, 0.8f, 0.18f)
      .poly({{-0.45f, 0.0f}, {-0.12f, 0.35f}, {0.48f, -0.32f}}, false, 0.2f)
      .done();
}

Pictogram action_post() {  // a paper plane: send it out
  return B("action.post", true)
      .poly({{-0.95f, -0.1f}, {0.95f, -0.75f}, {0.35f, 0.85f}}, true)
      .line(0.95f, -0.75f, -0.2f, 0.2f)
      .fill({{-0.2f, 0.2f}, {0.1f, 0.2f}, {-0.2f, 0.75f}})
      .done();
}

Pictogram action_print() {  // a printer with a slip coming out
  return B("action.print")
      .rect(-0.5f, -0.9f, 0.5f, -0.35f)
      .round_rect(-0.92f, -0.35f, 0.92f, 0.45f, 0.15f)
      .fill_rect(-0.5f, 0.15f, 0.5f, 0.3f)
      .rect(-0.45f, 0.3f, 0.45f, 0.92f)
      .line(-0.25f, 0.55f, 0.25f, 0.55f)
      .disc(0.62f, -0.12f, 0.08f)
      .done();
}

Pictogram action_speak() {  // a loudspeaker with sound waves: read it aloud
  return B("action.speak")
      .fill_rect(-0.92f, -0.28f, -0.5f, 0.28f)
      .fill({{-0.55f, -0.28f}, {-0.1f, -0.72f}, {-0.1f, 0.72f}, {-0.55f, 0.28f}})
      .arc(-0.05f, 0, 0.42f, -kPi * 0.28f, kPi * 0.28f)
      .arc(-0.05f, 0, 0.78f, -kPi * 0.28f, kPi * 0.28f)
      .done();
}

Pictogram action_keyboard() {  // a keyboard
  B b("action.keyboard");
  b.round_rect(-0.95f, -0.6f, 0.95f, 0.6f, 0.12f);
  for (float y : {-0.32f, 0.0f})
    for (float x : {-0.6f, -0.3f, 0.0f, 0.3f, 0.6f})
      b.fill_rect(x - 0.09f, y - 0.09f, x + 0.09f, y + 0.09f);
  b.line(-0.4f, 0.32f, 0.4f, 0.32f, 0.16f);
  return b.done();
}

Pictogram action_search() {  // a magnifying glass
  return B("action.search")
      .circle(-0.2f, -0.2f, 0.55f, 0.16f)
      .line(0.22f, 0.22f, 0.85f, 0.85f, 0.26f)
      .done();
}

}  // namespace

const std::vector<Pictogram>& all_pictograms() {
  static const std::vector<Pictogram> all{
      food(),
      water(),
      hygiene(),
      shelter(),
      clothing(),
      health(),
      baby(),
      mobility(),
      transport(),
      power(),
      skills(),
      info(),
      pets(),
      other(),
      tag(),
      tile_need(),
      tile_offer(),
      tile_board(),
      tile_ticket(),
      tile_last_ticket(),
      tile_language(),
      tile_text_size(),
      tile_contrast(),
      tile_settings(),
      tile_phone(),
      status_open(),
      status_partly_met(),
      status_matched(),
      status_ready(),
      status_met(),
      status_closed(),
      status_unknown(),
      urgency_critical(),
      urgency_high(),
      urgency_normal(),
      urgency_low(),
      action_next(),
      action_back(),
      action_cancel(),
      action_confirm(),
      action_post(),
      action_print(),
      action_speak(),
      action_keyboard(),
      action_search(),
  };
  return all;
}

const Pictogram* find_pictogram(std::string_view id) {
  for (const Pictogram& p : all_pictograms())
    if (p.id == id) return &p;
  return nullptr;
}

const Pictogram& category_pictogram(std::string_view category) {
  // Only the plain category ids, never "status.open" and the like.
  if (category.find('.') == std::string_view::npos)
    if (const Pictogram* p = find_pictogram(category)) return *p;
  return *find_pictogram("tag");
}

}  // namespace mutua
