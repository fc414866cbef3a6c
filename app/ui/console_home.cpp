#include "app/ui/console_home.hpp"

#include <algorithm>
#include <cfloat>
#include <vector>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/kiosk_exit.hpp"
#include "app/ui/matched_list.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/tile.hpp"
#include "platform/scale.hpp"

namespace mutua {

void sign_out(UiState& state) {
  // The same fresh start as the idle timeout: every answer and the signed-in volunteer go.
  wipe_session(state);
}

void draw_console_home(UiContext& ctx) {
  UiState& state = ctx.state;
  const Palette& p = palette();
  if (!can(state, Permission::open_console)) {
    go_to(state, state.console.volunteer_device ? Screen::pin : Screen::home);
    return;
  }
  ImFont* heading = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();

  // Header: who is signed in, and Sign out on the right.
  const SignedIn& who = *state.signed_in;
  const std::string role = who.role == Role::coordinator ? tr("Coordinator") : tr("Volunteer");
  const float out_w = std::max(px(150), text_width(body, tr("Sign out")) + px(40));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float avail_w = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // A coordinator on a kiosk also has "Leave kiosk" (asked once, app/ui/kiosk_exit.hpp).
  const bool leave = state.kiosk_exit.enabled && who.role == Role::coordinator;
  const float leave_w = leave ? text_width(body, tr("Leave kiosk")) + px(40) : 0.0f;
  const float text_w = avail_w - out_w - px(12) - (leave ? leave_w + px(12) : 0.0f);
  draw_text(dl, heading, top, p.text, fit_text(heading, who.name, text_w), text_w);
  draw_text(dl, body, ImVec2(top.x, top.y + heading->FontSize + px(2)), p.muted, role, text_w);
  if (leave) {
    ImGui::SetCursorScreenPos(ImVec2(top.x + avail_w - out_w - px(12) - leave_w, top.y));
    draw_leave_kiosk_button(ctx, leave_w);
  }
  ImGui::SetCursorScreenPos(ImVec2(top.x + avail_w - out_w, top.y));
  if (touch_button("##sign_out", tr("Sign out"), out_w, ButtonLook::plain, p.urgent, body)) {
    sign_out(state);
    return;
  }
  ImGui::SetCursorScreenPos(ImVec2(
      top.x,
      top.y + std::max(heading->FontSize + body->FontSize + px(2), touch_target()) + px(16)));

  struct Target {
    const char* id;
    const char* title;
    const char* description;
    ImU32 colour;
    Screen screen;
  };
  // Matches made but not handed over yet, with how many wait (app/ui/matched_list.hpp).
  const long long waiting = matched_tile_count(ctx);
  const std::string waiting_text = waiting > 0
                                       ? format_tr(tr("Waiting now: %lld, oldest first"), waiting)
                                       : std::string(tr("Nothing waiting"));
  std::vector<Target> targets{
      {"##queue", tr("Queue"), tr("Open needs, most urgent first"), p.need, Screen::queue},
      {"##matched", tr("Matched, not handed over"), waiting_text.c_str(), p.offer, Screen::matched},
      {"##stock", tr("Offers & stock"), tr("What this site has to give"), p.offer,
       Screen::offers_stock},
      {"##sync", tr("Sync"), tr("USB drive or nearby devices"), p.available, Screen::sync},
      {"##reports", tr("Reports"),
       // Coordinators bring corrected spreadsheets back in from there too.
       can(state, Permission::import_csv) ? tr("Charts, CSV export and import")
                                          : tr("Charts and CSV export"),
       p.ticket, Screen::reports},
  };
  // Coordinators only: a volunteer does not even see the way in.
  if (can(state, Permission::open_settings))
    targets.push_back({"##settings", tr("Settings"),
                       tr("Site, categories, volunteers, devices, join code"), p.text,
                       Screen::settings});
  // The console's language, kept for whoever is signed in (app/ui/console_language.hpp).
  targets.push_back({"##language", tr("Language"), tr("The console's language, for you"), p.text,
                     Screen::console_language});

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = px(14);
  const bool wide = avail.x > avail.y;
  ImFont* body_font = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  auto title_wrap = [](float w) { return w - 2 * std::min(px(20), w * 0.06f); };
  // Fewer columns where a title's word would not fit its tile (480x800 at large text); a tile is
  // never shorter than its title, and where they do not all fit the tiles scroll under a finger.
  auto layout = [&](float content_w, int& cols, ImVec2& tile, bool& scrolls) {
    cols = wide ? 3 : 2;
    for (; cols > 1; --cols) {
      const float w = (content_w - gap * (cols - 1)) / cols;
      bool fit = true;
      for (const Target& t : targets)
        if (!words_fit(body_font, t.title, title_wrap(w))) fit = false;
      if (fit) break;
    }
    const int rows = int((targets.size() + cols - 1) / cols);
    const float w = (content_w - gap * (cols - 1)) / cols;
    float min_h = touch_target() * 1.5f;
    for (const Target& t : targets)
      min_h =
          std::max(min_h, calc_text_size(body_font, body_font->FontSize, t.title, title_wrap(w)).y +
                              2 * px(12));
    tile = ImVec2(w, std::max(min_h, (avail.y - gap * (rows - 1)) / rows));
    scrolls = rows * tile.y + (rows - 1) * gap > avail.y + 0.5f;
  };
  int cols = 2;
  ImVec2 tile;
  bool scrolls = false;
  layout(avail.x, cols, tile, scrolls);
  if (scrolls) layout(avail.x - ImGui::GetStyle().ScrollbarSize, cols, tile, scrolls);
  ImGui::BeginChild(
      "##console-tiles", avail, false,
      ImGuiWindowFlags_NoScrollWithMouse | (scrolls ? 0 : ImGuiWindowFlags_NoScrollbar));
  for (size_t i = 0; i < targets.size(); ++i) {
    if (i % cols != 0)
      ImGui::SameLine(0, gap);
    else if (i > 0)
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + gap - ImGui::GetStyle().ItemSpacing.y);
    const Target& t = targets[i];
    TileStyle ts{t.colour, ctx.fonts.heading, ctx.fonts.body, nullptr};
    if (tile_button(t.id, t.title, t.description, tile, ts) && is_tap()) go_to(state, t.screen);
  }
  // The tiles' scroll gesture (a flick's glide), kept with the console's state.
  if (update_drag_scroll(state.console.tiles_scroll)) state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
