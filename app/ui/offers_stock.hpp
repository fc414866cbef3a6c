#pragma once
// Offers and site stock: open offers at this site with what is left of each, and a quick form
// for stock that arrived with the supply van (it becomes an offer at this site).
namespace mutua {
struct UiContext;
void enter_offers_stock(UiContext& ctx);
void draw_offers_stock(UiContext& ctx);
}  // namespace mutua
