#pragma once
// Match: for one need, the best open offers, each with its score and reasons in words; confirm
// part or all of the need with a quantity, and combine several offers.
namespace mutua {
struct UiContext;
void draw_match(UiContext& ctx);
}  // namespace mutua
