#include "app/ui/home.hpp"

#include <cstdio>

#include <imgui.h>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/site_status.hpp"
#include "app/ui/state.hpp"
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

}  // namespace

void enter_home(UiContext& ctx) {
  // Counted once per visit, not per frame.
  ctx.state.home.open_needs = count_active(ctx.store, Kind::need);
  ctx.state.home.open_offers = count_active(ctx.store, Kind::offer);
  ctx.state.home.met_today = count_needs_met_today(ctx.store, ctx.now_ms);
  ctx.state.home.site_name = this_site_name(ctx.store);
}

void draw_home(UiContext& ctx) {
  const Palette& p = palette();
  if (ctx.state.home.settings_open) {
    draw_home_settings(ctx);
    return;
  }
  const std::string status = status_line(ctx);
  const HomeChrome lay = plan_home_chrome(ctx, status);
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
  const float footer = lay.footer_h + style.ItemSpacing.y + (phone ? strip + gap : 0.0f) +
                       (last_h > 0 ? last_h + gap : 0.0f);
  // Four equal tiles: "I need" and "I can offer" get the same size (mutual aid, not charity).
  const ImVec2 tile((avail.x - gap) * 0.5f, (avail.y - footer - gap) * 0.5f);

  struct TileDef {
    const char* id;
    const char* title;
    const char* description;
    ImU32 colour;
    Screen target;
    const char* pictogram;  // core/pictogram.hpp: the same on the phone pages
  };
  const TileDef tiles[] = {
      {"##need", tr("I need something"), tr("Food, water, shelter, medicine, a hand"), p.need,
       Screen::need, "tile.need"},
      {"##offer", tr("I can offer something"), tr("Goods, skills or time"), p.offer, Screen::offer,
       "tile.offer"},
      {"##board", tr("What's available"), tr("Open needs and offers"), p.available, Screen::board,
       "tile.board"},
      {"##ticket", tr("Check my ticket"), tr("See what happened to your request"), p.ticket,
       Screen::ticket, "tile.ticket"},
  };
  for (int i = 0; i < 4; ++i) {
    if (i % 2 == 1) ImGui::SameLine(0, gap);
    if (i == 2) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    const TileDef& t = tiles[i];
    TileStyle ts{t.colour, ctx.fonts.heading, ctx.fonts.body, nullptr, t.pictogram};
    if (tile_button(t.id, t.title, t.description, tile, ts)) go_to(ctx.state, t.target);
  }
  if (last_h > 0) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    draw_last_ticket_button(ctx, avail.x, last_h);
  }
  if (phone) {
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - style.ItemSpacing.y);
    draw_phone_pages_strip(ctx, avail.x, strip);
  }
  draw_home_footer(ctx, lay, status);
}

}  // namespace mutua
