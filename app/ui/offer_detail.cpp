#include "app/ui/offer_detail.hpp"

#include <algorithm>
#include <string>

#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pointing.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// "I need this": a need wizard that starts at "how many", pre-filled from the offer.
void ask_for(UiContext& ctx, const Entry& offer) {
  WizardForm& f = ctx.state.wizard;
  start_wizard(f, Kind::need);
  f.for_offer = offer.id;
  f.category = offer.category;
  f.item = offer.item;
  f.unit = offer.unit;  // asked for in the offer's own unit
  f.quantity = 1;
  f.step = 3;
  go_to(ctx.state, Screen::need);
}

}  // namespace

void open_offer_detail(UiState& state, const Entry& offer) {
  Entry copy = offer;
  // Never kept where a public screen could draw it.
  copy.contact_name.clear();
  copy.contact_phone.clear();
  copy.contact_consent = false;
  state.offer_detail.offer = std::move(copy);
  go_to(state, Screen::offer_detail);
}

void draw_offer_detail(UiContext& ctx) {
  const Palette& p = palette();
  const auto& offer = ctx.state.offer_detail.offer;
  // Back goes to the list the offer came from, not home.
  const float bar_h = touch_target() * 1.15f;
  // As wide as its label, at most the row: a longer label goes on two lines (480x800 at 200 %).
  const std::string back = back_label(tr("Back to the list"));
  const float row_w = ImGui::GetContentRegionAvail().x;
  const float back_w = std::min(row_w, text_width(ctx.fonts.strong, back) + px(36));
  if (touch_button("##back", back, back_w, ButtonLook::plain, p.available, ctx.fonts.strong, bar_h))
    go_to(ctx.state, Screen::board);
  if (!offer) {
    ui_text_wrapped(tr("This offer is no longer here."), ctx.fonts.strong);
    return;
  }
  const Entry& e = *offer;
  ImFont* heading = or_current_font(ctx.fonts.heading);
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImFont* body = or_current_font(ctx.fonts.body);

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float footer = touch_target() * 1.3f + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("##offer", ImVec2(0, avail.y - footer), false);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float pad = px(20);
  const float icon = px(64);
  // Card: icon, item and category, then the facts in label/value lines.
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  float y = min.y + pad;
  draw_category_icon(dl, e.category, ImVec2(min.x + pad + icon * 0.5f, y + icon * 0.5f), icon,
                     p.offer);
  float tx = min.x + pad * 2 + icon;
  float tw = width - (tx - min.x) - pad;
  float ty = y;
  // A narrow display at large text: the item under the picture, across the card, rather than
  // broken inside its words ("War/m blan/kets" at 480x800 and 200 %).
  if (!words_fit(heading, e.item, tw)) {
    tx = min.x + pad;
    tw = width - 2 * pad;
    ty = y + icon + px(8);
  }
  ty += draw_text_wrapped(dl, heading, ImVec2(tx, ty), p.text, e.item, tw);
  ty += px(4);
  ty += draw_text_wrapped(dl, body, ImVec2(tx, ty), p.muted, category_label(e.category), tw);
  y = std::max(y + icon, ty) + px(16);

  const std::string place = format_place(e.site, e.area);
  const std::string when = availability_from_details(e.details);
  const std::pair<const char*, std::string> facts[] = {
      {tr("How many"), format_quantity(e.quantity, e.unit)},
      {tr("Where"), place.empty() ? std::string(tr("Ask at the desk")) : place},
      {tr("When"), when},
      {tr("Posted"), format_age(e.created_at, ctx.now_ms)},
      {tr("Ticket"), e.ticket},
  };
  const float label_w = std::min(px(180), width * 0.35f);
  for (const auto& [label, value] : facts) {
    if (value.empty()) continue;
    draw_text(dl, body, ImVec2(min.x + pad, y), p.muted, label, label_w - px(8));
    y += draw_text_wrapped(dl, strong, ImVec2(min.x + pad + label_w, y), p.text, value,
                           width - 2 * pad - label_w) +
         px(10);
  }
  const ImVec2 max(min.x + width, y + pad - px(10));
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(min, max, p.surface, px(14));
  dl->AddRect(min, max, p.offer, px(14), 0, px(2));
  dl->ChannelsMerge();
  ImGui::Dummy(ImVec2(width, max.y - min.y));
  ImGui::EndChild();

  const float bw = std::min(avail.x, px(420));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail.x - bw);
  if (touch_button("##need-this", tr("I need this"), bw, ButtonLook::selected, p.need,
                   ctx.fonts.heading, touch_target() * 1.3f))
    ask_for(ctx, e);
}

}  // namespace mutua
