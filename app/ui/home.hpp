#pragma once
// Home: four equal tiles (I need, I can offer, What's available, Check my ticket) and a line
// with how many needs and offers are open.
namespace mutua {
struct UiContext;
void enter_home(UiContext& ctx);
void draw_home(UiContext& ctx);
}  // namespace mutua
