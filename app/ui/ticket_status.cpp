#include "app/ui/ticket_status.hpp"

#include <algorithm>
#include <cmath>

#include "app/ui/check_ticket.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

float luminance(ImU32 c) {
  const ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  auto lin = [](float x) {
    return x <= 0.03928f ? x / 12.92f : std::pow((x + 0.055f) / 1.055f, 2.4f);
  };
  return 0.2126f * lin(v.x) + 0.7152f * lin(v.y) + 0.0722f * lin(v.z);
}

}  // namespace

TicketStatus ticket_status(const Store& store, std::string_view code) {
  TicketStatus s;
  s.answer = look_up_ticket(store, code, &s.site, &s.now_ticket);
  if (s.answer == TicketAnswer::unknown || s.answer == TicketAnswer::not_accepted) return s;
  if (auto e = store.entries().by_ticket(code)) {
    s.kind = e->kind;
    s.item = e->item;  // never a contact field
    s.quantity = e->quantity;
    s.unit = e->unit;
  }
  if (s.answer == TicketAnswer::ready && !s.site.empty() && s.site == device_site(store).name) {
    const PickupPlace place = pickup_place(store);
    s.address = place.address;
    s.hours = place.hours;
  }
  return s;
}

StatusLook status_look(TicketAnswer answer) {
  const Palette& p = palette();
  const bool hc = high_contrast();
  const ImU32 purple = hc ? IM_COL32(60, 0, 100, 255) : IM_COL32(106, 52, 150, 255);
  switch (answer) {
    case TicketAnswer::open:
    case TicketAnswer::available:
      return {p.need, StatusIcon::hourglass};
    case TicketAnswer::partly_met:
      return {p.available, StatusIcon::half};
    case TicketAnswer::matched:
      return {purple, StatusIcon::link};
    case TicketAnswer::ready:
      return {p.ticket, StatusIcon::pin};
    case TicketAnswer::met:
      return {p.offer, StatusIcon::check};
    case TicketAnswer::closed:
      return {p.muted, StatusIcon::cross};
    case TicketAnswer::not_accepted:
      return {p.muted, StatusIcon::cross};
    case TicketAnswer::none:
    case TicketAnswer::unknown:
      break;
  }
  return {p.muted, StatusIcon::question};
}

float contrast_ratio(ImU32 a, ImU32 b) {
  const float la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

std::vector<std::string> ticket_detail_lines(const TicketStatus& s) {
  std::vector<std::string> lines;
  if (s.answer == TicketAnswer::unknown || s.answer == TicketAnswer::none ||
      s.answer == TicketAnswer::not_accepted)
    return lines;
  if (!s.now_ticket.empty()) lines.push_back(ticket_now_text(s.now_ticket));
  if (!s.item.empty())
    lines.push_back(s.item + "  \xC2\xB7  " + format_quantity(s.quantity, s.unit));
  if (s.answer == TicketAnswer::ready) {
    if (!s.address.empty()) lines.push_back(std::string(tr("Address:")) + " " + s.address);
    if (!s.hours.empty()) lines.push_back(std::string(tr("Opening hours:")) + " " + s.hours);
  }
  return lines;
}

void draw_ticket_status(UiContext& ctx, const TicketStatus& s, float width) {
  const Palette& p = palette();
  const StatusLook look = status_look(s.answer);
  const std::string sentence = ticket_answer_text(s.answer, s.site);
  const std::vector<std::string> lines = ticket_detail_lines(s);
  ImFont* heading = or_current_font(ctx.fonts.heading);
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float pad = px(16);
  float band = std::max(px(64), heading->FontSize * 1.9f);  // the coloured strip
  float text_w = std::max(px(40), width - band - 2 * pad);
  const float gap = px(6);
  float h = calc_text_size(heading, heading->FontSize, sentence, text_w).y;
  // A long sentence, or a word that would break, in a narrow card: body size, narrower strip.
  if (h > heading->FontSize * 4.5f || !words_fit(heading, sentence, text_w)) {
    heading = strong;
    band = std::max(px(48), strong->FontSize * 1.6f);
    text_w = std::max(px(40), width - band - 2 * pad);
    h = calc_text_size(heading, heading->FontSize, sentence, text_w).y;
  }
  for (const auto& l : lines) h += gap + calc_text_size(strong, strong->FontSize, l, text_w).y;
  const ImVec2 max(min.x + width, min.y + std::max(h + 2 * pad, band));
  const float r = px(12);
  dl->AddRectFilled(min, max, p.surface, r);
  dl->AddRectFilled(min, ImVec2(min.x + band, max.y), look.colour, r, ImDrawFlags_RoundCornersLeft);
  dl->AddRect(min, max, look.colour, r, 0, px(3));
  draw_status_icon(dl, look.icon, ImVec2(min.x + band * 0.5f, min.y + band * 0.5f), band * 0.55f,
                   p.on_colour);
  float y = min.y + pad;
  const float x = min.x + band + pad;
  y += draw_text_wrapped(dl, heading, ImVec2(x, y), p.text, sentence, text_w);
  for (const auto& l : lines)
    y += gap + draw_text_wrapped(dl, strong, ImVec2(x, y + gap), p.text, l, text_w);
  ImGui::Dummy(ImVec2(width, max.y - min.y));
}

}  // namespace mutua
