#pragma once
// Stand-ins for the screens not built yet, clearly labelled as such.
namespace mutua {
struct UiContext;
void draw_need_placeholder(UiContext& ctx);
void draw_offer_placeholder(UiContext& ctx);
void draw_ticket_placeholder(UiContext& ctx);
}  // namespace mutua
