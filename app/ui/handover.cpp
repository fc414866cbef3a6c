#include "app/ui/handover.hpp"
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
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

void reload_handover(UiContext& ctx) {
  HandoverState& h = ctx.state.desk.handover;
  h.stale = false;
  h.entry.reset();
  h.lines.clear();
  h.undoable.clear();
  if (!h.entry_id) return;
  h.entry = ctx.store.entries().get(*h.entry_id);
  if (!h.entry) return;
  h.entry->contact_name.clear();
  h.entry->contact_phone.clear();
  h.allocation = allocation(ctx.store, *h.entry);
  const bool need = h.entry->kind == Kind::need;
  auto matches = ctx.store.matches().for_entry(*h.entry_id);
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.created_at < b.created_at; });
  for (const auto& m : matches) {
    if (m.status == MatchStatus::cancelled) continue;
    auto other = ctx.store.entries().get(need ? m.offer : m.need);
    if (!other) continue;
    other->contact_name.clear();
    other->contact_phone.clear();
    HandoverLine line{m, *other, handed_on_match(ctx.store, m.id), 1};
    const Allocation oa = allocation(ctx.store, *other);
    const int64_t left = std::min(h.allocation.still_needed(), oa.still_needed());
    line.max = left;
    line.quantity = std::clamp<int64_t>(m.quantity - line.given, 1, std::max<int64_t>(1, left));
    h.lines.push_back(std::move(line));
    for (const auto& x : ctx.store.matches().handovers_for(m.id))
      if (can_undo(ctx.store, x)) h.undoable.push_back(x);
  }
}

std::string status_summary(const Entry& e, const Allocation& a) {
  if (quantity_waiting(e))  // "1 of 0 given" says nothing true
    return std::string(status_label(e.status)) + "  \xC2\xB7  " +
           format_tr(tr("%lld given"), a.given);
  return std::string(status_label(e.status)) + "  \xC2\xB7  " +
         format_tr(tr("%lld of %lld given"), a.given, e.quantity);
}

}  // namespace

void open_handover(UiState& state, const Id& entry) {
  HandoverState& h = state.desk.handover;
  h = HandoverState{};
  h.entry_id = entry;
  go_to(state, Screen::handover);
}

void draw_handover(UiContext& ctx) {
  HandoverState& h = ctx.state.desk.handover;
  if (h.stale) reload_handover(ctx);
  const Palette& p = palette();
  const std::string title =
      std::string(tr("Handover")) + (h.entry ? "  " + h.entry->ticket : std::string());
  if (desk_top_bar(ctx, Screen::entry_detail, title)) {
    ctx.state.desk.detail.stale = true;
    return;
  }
  if (!h.entry) {
    ui_text_wrapped(tr("This entry is not on this device."), ctx.fonts.strong);
    return;
  }
  const Entry& e = *h.entry;
  const bool need = e.kind == Kind::need;
  ui_text_wrapped(e.item + "  \xC2\xB7  " + entry_quantity_text(e), ctx.fonts.strong);
  ui_text_wrapped(status_summary(e, h.allocation), ctx.fonts.strong,
                  is_active(e.status) ? p.need : p.offer);
  if (!h.message.empty()) ui_text_wrapped(h.message, ctx.fonts.strong, p.offer);
  ImGui::BeginChild("##handover", ImVec2(0, 0), false);
  if (h.lines.empty())
    ui_text_wrapped(tr("No matches yet. Match the need with an offer first."), ctx.fonts.strong);
  const bool allowed = can(ctx.state, Permission::hand_over);
  for (size_t i = 0; i < h.lines.size(); ++i) {
    HandoverLine& line = h.lines[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Separator();
    const std::string who = std::string(need ? tr("From offer") : tr("For need")) + "  " +
                            line.other.ticket + "  " + line.other.item;
    ui_text_wrapped(who, ctx.fonts.strong);
    std::string facts = format_tr(tr("Matched %lld, given %lld"), line.match.quantity, line.given);
    facts += std::string("  \xC2\xB7  ") + match_status_label(line.match.status);
    const std::string place = format_place(line.other.site, line.other.area);
    if (!place.empty()) facts += "  \xC2\xB7  " + place;
    ui_text_wrapped(facts, nullptr, p.muted);
    if (allowed && line.max > 0 && line.match.status != MatchStatus::cancelled) {
      // No wider than the row (480x800 at 200 % text has less than 200 px at scale 1 left).
      const float give_w = std::min(px(200), ImGui::GetContentRegionAvail().x);
      stepper("##qty", &line.quantity, 1, line.max, p.offer, ctx.fonts.heading);
      same_line_if_fits(give_w, px(16));
      if (touch_button("##give", format_tr(tr("Given: %lld"), line.quantity), give_w,
                       ButtonLook::selected, p.offer, ctx.fonts.strong, touch_target() * 1.25f) &&
          is_tap()) {
        auto r = record_handover(ctx.store, line.match.id, line.quantity);
        h.message =
            r ? format_tr(tr("Recorded: %lld handed over."), line.quantity) : screen_error(r);
        h.stale = true;
      }
    } else if (allowed && (quantity_waiting(e) || quantity_waiting(line.other))) {
      // Why there is no Given button.
      ui_text_wrapped(tr("How many is not known on this device yet, so no handover can be "
                         "recorded here. It comes with the next update from the device that has "
                         "it."),
                      nullptr, p.need);
    }
    ImGui::PopID();
  }
  if (!h.undoable.empty()) {
    ImGui::Separator();
    ui_text(tr("Just recorded (undo within 2 minutes)"), ctx.fonts.strong);
    for (const auto& x : h.undoable) {
      ImGui::PushID(x.id.hex().c_str());
      if (touch_button("##undo", tr("Undo"), px(140), ButtonLook::plain, p.urgent,
                       ctx.fonts.strong) &&
          is_tap()) {
        auto r = undo_handover(ctx.store, x.id);
        h.message = r ? std::string(tr("Undone. Nothing was deleted; the record is kept."))
                      : screen_error(r);
        h.stale = true;
      }
      ImGui::SameLine(0, px(16));
      ImGui::AlignTextToFramePadding();
      ui_text(format_tr(tr("%lld handed over"), x.quantity) + "  \xC2\xB7  " +
                  format_age(x.created_at, ctx.now_ms),
              nullptr, p.muted);
      ImGui::PopID();
    }
  }
  if (update_drag_scroll(h.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  if (h.stale) ctx.state.wants_frame = true;
}

}  // namespace mutua
