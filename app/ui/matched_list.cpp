#include "app/ui/matched_list.hpp"
#include "app/ui/error_text.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/matching.hpp"
#include "core/search.hpp"
#include "core/store.hpp"
#include "core/waiting_matches.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

constexpr size_t kSearchChars = 60;
const char* const kDot = "  \xC2\xB7  ";

void reload_matched(UiContext& ctx) {
  MatchedListState& m = ctx.state.desk.matched;
  m.stale = false;
  m.rows = waiting_matches(ctx.store, m.search, kMatchedListRows, &m.total);
  // Without the right to see them, contact fields never reach the state at all.
  if (!can(ctx.state, Permission::see_contacts))
    for (auto& r : m.rows)
      for (Entry* e : {&r.need, &r.offer}) {
        e->contact_name.clear();
        e->contact_phone.clear();
      }
  m.quantities.clear();
  for (const auto& r : m.rows) m.quantities.push_back(r.left());
  if (search_is_blank(m.search))
    m.tile_count = static_cast<int64_t>(m.total);
  else
    m.tile_count = -1;
}

// "Name  phone", either may be missing.
std::string contact_line(const Entry& e) {
  std::string s = e.contact_name;
  if (!e.contact_phone.empty()) s += (s.empty() ? "" : "  ") + e.contact_phone;
  return s;
}

// Who offered: the person's name where it may be shown, else the offer's ticket; and where.
std::string from_line(const Entry& offer) {
  std::string who = offer.contact_name.empty() ? offer.ticket : offer.contact_name;
  if (!offer.item.empty()) who += kDot + offer.item;
  const std::string place = format_place(offer.site, offer.area);
  if (!place.empty()) who += kDot + place;
  return format_tr_s(tr("From: %s"), who);
}

// The width of a whole row of the list.
float row_width() {
  return ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
}

void draw_row(UiContext& ctx, size_t i) {
  MatchedListState& m = ctx.state.desk.matched;
  const WaitingMatch& r = m.rows[i];
  const Palette& p = palette();
  ImGui::PushID(r.match.id.hex().c_str());
  ImGui::Separator();
  // The need's ticket and item, and what is still to hand over.
  ui_text_wrapped(
      r.need.ticket + "  " + r.need.item + kDot + format_quantity(r.left(), r.need.unit),
      ctx.fonts.strong);
  std::string facts = from_line(r.offer);
  ui_text_wrapped(facts, nullptr, p.text);
  std::string waited = format_tr_s(tr("Matched: %s"), format_age(r.match.created_at, ctx.now_ms));
  if (r.given > 0)
    waited += kDot + format_tr(tr("Matched %lld, given %lld"), r.match.quantity, r.given);
  ui_text_wrapped(waited, nullptr, p.muted);
  // The people to call: the one who needs it and the one who offered.
  if (const std::string call = contact_line(r.need); !call.empty())
    ui_text_wrapped(format_tr_s(tr("Call: %s"), call), ctx.fonts.strong, p.need);
  if (const std::string call = contact_line(r.offer);
      !call.empty() && !r.offer.contact_phone.empty())
    ui_text_wrapped(format_tr_s(tr("Call: %s"), call), ctx.fonts.strong, p.offer);

  if (!can(ctx.state, Permission::hand_over)) {
    ImGui::PopID();
    return;
  }
  if (m.confirm_undo == r.match.id) {
    ui_text_wrapped(tr("Undo this match? Its units can be matched again."), ctx.fonts.strong,
                    p.urgent);
    const float yes_w =
        std::min(text_width(ctx.fonts.strong, tr("Yes, undo")) + px(36), row_width());
    if (touch_button("##undo-yes", tr("Yes, undo"), yes_w, ButtonLook::selected, p.urgent,
                     ctx.fonts.strong) &&
        is_tap()) {
      auto u = undo_match(ctx.store, r.match.id);
      m.message = u ? format_tr_s(tr("Match undone: %s can be matched again."), r.need.ticket)
                    : screen_error(u);
      m.confirm_undo.reset();
      m.stale = true;
    }
    const float keep_w = std::min(text_width(ctx.fonts.strong, tr("Keep")) + px(36), row_width());
    same_line_if_fits(keep_w, px(16));
    if (touch_button("##undo-no", tr("Keep"), keep_w, ButtonLook::plain, p.text,
                     ctx.fonts.strong) &&
        is_tap())
      m.confirm_undo.reset();
    ImGui::PopID();
    return;
  }
  const int64_t max = r.left();
  int64_t& qty = m.quantities[i];
  stepper("##qty", &qty, 1, max, p.offer, ctx.fonts.heading);
  const std::string give = format_tr(tr("Given: %lld"), qty);
  // Never wider than the list (480x800 at 200 %): a long label then shrinks or takes two lines.
  const float give_w =
      std::min(std::max(px(200), text_width(ctx.fonts.strong, give) + px(36)), row_width());
  same_line_if_fits(give_w, px(16));
  if (touch_button("##give", give, give_w, ButtonLook::selected, p.offer, ctx.fonts.strong,
                   touch_target() * 1.25f) &&
      is_tap()) {
    auto h = record_handover(ctx.store, r.match.id, qty);
    m.message = h ? format_tr(tr("Recorded: %lld handed over."), qty) : screen_error(h);
    m.stale = true;
  }
  // A match with units already given on it is not undone here: undo that handover first.
  const std::string undo = tr("Undo match");
  const float undo_w = std::min(text_width(ctx.fonts.strong, undo) + px(36), row_width());
  same_line_if_fits(undo_w, px(16));
  if (touch_button_if(r.given == 0,
                      tr("Part of it is already given. Undo that handover first, or record the "
                         "rest."),
                      "##undo", undo, undo_w, ButtonLook::plain, p.urgent, ctx.fonts.strong,
                      touch_target() * 1.25f) &&
      is_tap())
    m.confirm_undo = r.match.id;
  ImGui::PopID();
}

}  // namespace

void enter_matched_list(UiContext& ctx) {
  MatchedListState& m = ctx.state.desk.matched;
  m.stale = true;
  m.message.clear();
  m.confirm_undo.reset();
}

void enter_console_home(UiContext& ctx) {
  ctx.state.desk.matched.tile_count = -1;
}

long long matched_tile_count(UiContext& ctx) {
  MatchedListState& m = ctx.state.desk.matched;
  if (m.tile_count < 0) m.tile_count = static_cast<int64_t>(count_waiting_matches(ctx.store));
  return m.tile_count;
}

void draw_matched_list(UiContext& ctx) {
  MatchedListState& m = ctx.state.desk.matched;
  if (!can(ctx.state, Permission::open_console)) {
    go_to(ctx.state, ctx.state.console.volunteer_device ? Screen::pin : Screen::home);
    return;
  }
  if (m.stale) reload_matched(ctx);
  desk_top_bar(ctx, Screen::console, tr("Matched, not handed over"));
  text_field_name(tr("Find: ticket, item or name"));
  if (touch_text_field("##matched-search", nullptr, &m.search, TextFieldKind::text, kSearchChars)) {
    m.stale = true;
    m.confirm_undo.reset();
  }
  if (m.stale) reload_matched(ctx);
  const Palette& p = palette();
  if (!m.message.empty()) ui_text_wrapped(m.message, ctx.fonts.strong, p.offer);
  // The rows, or why there are none, scroll under the search field: at 200 % text even the
  // one sentence may not fit what is left of a short display.
  ImGui::BeginChild("##matched", ImVec2(0, 0), false);
  if (m.rows.empty()) {
    ImGui::Dummy(ImVec2(0, px(16)));
    ui_text_wrapped(search_is_blank(m.search)
                        ? std::string(tr("Nothing is waiting: every match is handed over."))
                        : format_tr_s(tr("No waiting match fits \"%s\"."), m.search),
                    ctx.fonts.strong);
  }
  for (size_t i = 0; i < m.rows.size() && !m.stale; ++i) draw_row(ctx, i);
  if (m.total > m.rows.size()) {
    ImGui::Separator();
    ui_text_wrapped(
        format_tr(tr("The oldest %lld of %lld are shown."), static_cast<long long>(m.rows.size()),
                  static_cast<long long>(m.total)),
        nullptr, p.muted);
  }
  if (update_drag_scroll(m.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  if (m.stale) ctx.state.wants_frame = true;
}

}  // namespace mutua
