#include "app/ui/match_screen.hpp"
#include "app/ui/error_text.hpp"

#include <algorithm>
#include <chrono>
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

// Suggestions are computed once when the screen opens and after each confirm, never per frame.
void reload_suggestions(UiContext& ctx) {
  MatchScreenState& m = ctx.state.desk.match;
  m.stale = false;
  m.need.reset();
  m.suggestions.clear();
  m.quantities.clear();
  m.matches.clear();
  m.tickets.clear();
  if (!m.need_id) return;
  m.need = ctx.store.entries().get(*m.need_id);
  if (!m.need || m.need->kind != Kind::need) return;
  m.need->contact_name.clear();  // not shown here
  m.need->contact_phone.clear();
  m.allocation = allocation(ctx.store, *m.need);
  const auto start = std::chrono::steady_clock::now();
  m.suggestions = suggest_offers(ctx.store, *m.need);
  m.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (const auto& s : m.suggestions)
    m.quantities.push_back(std::max<int64_t>(1, std::min(s.available, m.allocation.unmatched())));
  for (const auto& x : ctx.store.matches().for_entry(*m.need_id)) {
    if (x.status == MatchStatus::cancelled) continue;
    m.matches.push_back(x);
    if (auto o = ctx.store.entries().get(x.offer)) m.tickets[x.offer] = o->ticket;
  }
  std::sort(m.matches.begin(), m.matches.end(),
            [](const Match& a, const Match& b) { return a.created_at < b.created_at; });
}

void draw_header(UiContext& ctx, const Entry& need) {
  MatchScreenState& m = ctx.state.desk.match;
  const Palette& p = palette();
  std::string line = need.item + "  \xC2\xB7  " + category_label(need.category);
  if (need.urgency == Urgency::critical || need.urgency == Urgency::high)
    line += std::string("  \xC2\xB7  ") + urgency_label(need.urgency);
  ui_text_wrapped(line, ctx.fonts.strong);
  const int64_t open = m.allocation.unmatched();
  if (quantity_waiting(need)) {
    // Not "fully matched": nothing can be matched against it until the value comes.
    ui_text_wrapped(tr("How many is not known on this device yet, so it cannot be matched here. "
                       "It comes with the next update from the device that has it."),
                    nullptr, p.need);
  } else {
    ui_text_wrapped(open > 0
                        ? format_tr(tr("%lld of %lld still to match"), open, need.quantity)
                        : std::string(tr("Fully matched. Record the handover when it is given.")),
                    nullptr, open > 0 ? p.need : p.offer);
  }
  if (!m.matches.empty()) {
    std::string so_far = tr("Matched so far:");
    for (const auto& x : m.matches)
      so_far += "  " + format_tr_ns(tr("%lld from %s"), x.quantity, m.tickets[x.offer]) + " (" +
                match_status_label(x.status) + ")";
    ui_text_wrapped(so_far, nullptr, p.muted);
  }
}

// One suggestion card. Returns true when it was confirmed.
bool draw_card(UiContext& ctx, size_t i) {
  MatchScreenState& m = ctx.state.desk.match;
  const Suggestion& s = m.suggestions[i];
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = px(14);
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImFont* strong = or_current_font(ctx.fonts.strong);
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad));
  ImGui::BeginGroup();
  const float inner = width - 2 * pad;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
  // Line 1: rank, ticket and item; the score on the right.
  const std::string score = format_tr(tr("Score %lld"), s.score);
  const float sw = text_width(strong, score);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_text(dl, strong, ImVec2(at.x + inner - sw, at.y), p.offer, score);
  const std::string title =
      ui_number_text(std::to_string(i + 1)) + ".  " + s.offer.ticket + "  " + s.offer.item;
  draw_text(dl, strong, at, p.text, title, inner - sw - px(16));
  ImGui::Dummy(ImVec2(inner, strong->FontSize));
  // "6 bags free": the unit in the reader's language and plural form (app/ui/units.hpp).
  std::string meta = s.offer.unit.empty()
                         ? format_tr(tr("%lld free"), s.available)
                         : format_tr_s(tr("%s free"), format_quantity(s.available, s.offer.unit));
  const std::string place = format_place(s.offer.site, s.offer.area);
  if (!place.empty()) meta += "  \xC2\xB7  " + place;
  meta += "  \xC2\xB7  " + category_label(s.offer.category);
  ui_text_wrapped(meta, nullptr, p.muted);
  for (const auto& r : s.reasons) ui_text_wrapped("\xE2\x9C\x93  " + reason_text(r));
  bool confirmed = false;
  const int64_t max_qty = std::min(s.available, m.allocation.unmatched());
  if (max_qty > 0 && can(ctx.state, Permission::match)) {
    ImGui::PushID(static_cast<int>(i));
    int64_t& q = m.quantities[i];
    q = std::clamp<int64_t>(q, 1, max_qty);
    stepper("##qty", &q, 1, max_qty, p.offer, ctx.fonts.heading);
    same_line_if_fits(px(170), px(16));
    const std::string label = format_tr(tr("Match %lld"), q);
    if (touch_button("##confirm", label, px(170), ButtonLook::selected, p.offer, strong,
                     touch_target() * 1.25f) &&
        is_tap()) {
      auto r = confirm_match(ctx.store, *m.need, s.offer, q);
      m.message = r ? format_tr_s(tr("Matched with %s."), s.offer.ticket) : screen_error(r);
      m.stale = true;
      confirmed = true;
    }
    ImGui::PopID();
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const ImVec2 max(min.x + width, ImGui::GetItemRectMax().y + pad);
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(min, max, p.surface, px(12));
  dl->AddRect(min, max, i == 0 ? p.offer : p.border, px(12), 0, i == 0 ? px(2) : px(1));
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(min);
  ImGui::Dummy(ImVec2(width, max.y - min.y));
  return confirmed;
}

}  // namespace

void open_match(UiState& state, const Id& need) {
  MatchScreenState& m = state.desk.match;
  m = MatchScreenState{};
  m.need_id = need;
  go_to(state, Screen::match);
}

void draw_match(UiContext& ctx) {
  MatchScreenState& m = ctx.state.desk.match;
  if (m.stale) reload_suggestions(ctx);
  const std::string title =
      std::string(tr("Match need")) + (m.need ? "  " + m.need->ticket : std::string());
  if (desk_top_bar(ctx, Screen::entry_detail, title)) {
    ctx.state.desk.detail.stale = true;
    return;
  }
  if (!m.need) {
    ui_text_wrapped(tr("This need is not on this device."), ctx.fonts.strong);
    return;
  }
  // The need, its matches and "Record a handover" scroll with the suggestions: at 800x480 with
  // 200 % text they alone fill the screen, and the button was cut off at its bottom edge (found
  // by scripts/walk).
  ImGui::BeginChild("##suggestions", ImVec2(0, 0), false);
  draw_header(ctx, *m.need);
  if (!m.matches.empty() && can(ctx.state, Permission::hand_over)) {
    const char* label = tr("Record a handover");
    const float w = std::min(text_width(or_current_font(ctx.fonts.strong), label) + px(36),
                             ImGui::GetContentRegionAvail().x);
    if (touch_button("##to-handover", label, w, ButtonLook::plain, palette().offer,
                     ctx.fonts.strong) &&
        is_tap()) {
      open_handover(ctx.state, *m.need_id);
      ImGui::EndChild();
      return;
    }
  }
  if (!m.message.empty()) ui_text_wrapped(m.message, ctx.fonts.strong, palette().offer);
  if (m.suggestions.empty()) {
    // A fully matched need gets no suggestions (suggest_offers): the header already says so.
    if (m.allocation.unmatched() > 0)
      ui_text_wrapped(tr("No open offers fit this need right now."), ctx.fonts.strong);
  }
  for (size_t i = 0; i < m.suggestions.size(); ++i)
    if (draw_card(ctx, i)) break;  // the list is recomputed next frame
  if (update_drag_scroll(m.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  if (m.stale) ctx.state.wants_frame = true;
}

}  // namespace mutua
