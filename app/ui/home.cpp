#include "app/ui/home.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cstdio>

#include <imgui.h>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/site_status.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/tile.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

int64_t count_active(const Store& store, Kind kind) {
  EntryQuery q;
  q.kind = kind;
  q.active_only = true;
  return store.entries().count(q);
}

struct TileDef {
  const char* id;
  const char* title;
  const char* description;
  ImU32 colour;
  Screen target;
  const char* pictogram;  // core/pictogram.hpp: the same on the phone pages
};

// The four tiles, in reading order; the speaker reads them in this order too.
std::array<TileDef, 4> home_tiles() {
  const Palette& p = palette();
  return {{
      {"##need", tr("I need something"), tr("Food, water, shelter, medicine, a hand"), p.need,
       Screen::need, "tile.need"},
      {"##offer", tr("I can offer something"), tr("Goods, skills or time"), p.offer, Screen::offer,
       "tile.offer"},
      {"##board", tr("What's available"), tr("Open needs and offers"), p.available, Screen::board,
       "tile.board"},
      {"##ticket", tr("Check my ticket"), tr("See what happened to your request"), p.ticket,
       Screen::ticket, "tile.ticket"},
  }};
}

}  // namespace

std::vector<std::string> home_speech(UiContext&) {
  std::vector<std::string> words;
  for (const TileDef& t : home_tiles()) {
    words.emplace_back(t.title);
    words.emplace_back(t.description);
  }
  return words;
}

void enter_home(UiContext& ctx) {
  // Counted once per visit, not per frame.
  ctx.state.home.open_needs = count_active(ctx.store, Kind::need);
  ctx.state.home.open_offers = count_active(ctx.store, Kind::offer);
  ctx.state.home.met_today = count_needs_met_today(ctx.store, ctx.now_ms);
  ctx.state.home.site_name = this_site_name(ctx.store);
}

void draw_home(UiContext& ctx) {
  if (ctx.state.home.settings_open) {
    draw_home_settings(ctx);
    return;
  }
  // The status line and its shorter forms, built once a frame (the footer picks the form).
  const std::vector<std::string> status = status_line_forms(ctx);
  const HomeChrome lay = plan_home_chrome(ctx, status.front());
  draw_home_header(ctx, lay);

  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = px(16);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // While the phone pages run: a strip under the tiles with their QR code and address.
  if (ctx.state.phone) ctx.state.phone->poll();  // a start finished on its Task
  const bool phone =
      ctx.state.phone && ctx.state.phone->running() && !ctx.state.phone->address().empty();
  const float strip = phone ? std::min(px(140), avail.y * 0.2f) : 0.0f;
  // For 10 minutes after posting: "Show my last ticket" (app/ui/last_ticket.hpp).
  const float last_h = last_ticket(ctx.state, ctx.now_ms) ? touch_target() * 1.1f : 0.0f;
  const float below = (phone ? strip + gap : 0.0f) + (last_h > 0 ? last_h + gap : 0.0f);
  const float region_h = std::max(0.0f, avail.y - lay.footer_h - style.ItemSpacing.y);

  const std::array<TileDef, 4> tiles = home_tiles();
  // Four equal tiles: "I need" and "I can offer" get the same size (mutual aid, not charity).
  // Two by two; one column where a title's word would not fit half the width (a narrow portrait
  // display at large text). A tile is never shorter than its title in the body font; where the
  // display is too short for that (800x480 at 200 % with "Show my last ticket"), the tiles
  // scroll under a finger instead of being squashed.
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  struct Plan {
    float content_w = 0;
    bool one_column = false;
    ImVec2 tile;
    bool scrolls = false;
  };
  auto plan = [&](float content_w) {
    auto title_wrap = [](float w) { return w - 2 * std::min(px(20), w * 0.06f); };
    Plan pl;
    pl.content_w = content_w;
    const float half_w = (content_w - gap) * 0.5f;
    for (const TileDef& t : tiles)
      if (!words_fit(body, t.title, title_wrap(half_w))) pl.one_column = true;
    const int rows = pl.one_column ? 4 : 2;
    const float tile_w = pl.one_column ? content_w : half_w;
    float min_h = touch_target() * 1.25f;
    for (const TileDef& t : tiles)
      min_h = std::max(
          min_h, calc_text_size(body, body->FontSize, t.title, title_wrap(tile_w)).y + 2 * px(12));
    pl.tile = ImVec2(tile_w, std::max(min_h, (region_h - below - (rows - 1) * gap) / rows));
    pl.scrolls = rows * pl.tile.y + (rows - 1) * gap + below > region_h + 0.5f;
    return pl;
  };
  Plan pl = plan(avail.x);
  if (pl.scrolls) pl = plan(avail.x - style.ScrollbarSize);  // room for the scrollbar
  ImGui::BeginChild(
      "##home-tiles", ImVec2(avail.x, region_h), false,
      ImGuiWindowFlags_NoScrollWithMouse | (pl.scrolls ? 0 : ImGuiWindowFlags_NoScrollbar));
  for (int i = 0; i < 4; ++i) {
    if (!pl.one_column && i % 2 == 1) ImGui::SameLine(0, gap);
    if (i > 0 && (pl.one_column || i == 2))
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    const TileDef& t = tiles[i];
    TileStyle ts{t.colour, ctx.fonts.heading, ctx.fonts.body, nullptr, t.pictogram};
    if (tile_button(t.id, t.title, t.description, pl.tile, ts) && is_tap())
      go_to(ctx.state, t.target);
  }
  if (last_h > 0) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    draw_last_ticket_button(ctx, pl.content_w, last_h);
  }
  if (phone) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    draw_phone_pages_strip(ctx, pl.content_w, strip);
  }
  if (update_drag_scroll(ctx.state.home.tiles_drag)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  draw_home_footer(ctx, lay, status);
}

}  // namespace mutua
