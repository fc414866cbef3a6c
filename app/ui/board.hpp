#pragma once
// "What's available": active needs or offers, filtered by category, with no contact data.
namespace mutua {
struct UiContext;
void enter_board(UiContext& ctx);
void draw_board(UiContext& ctx);
// Height of one row at the current scale (for tests that tap or drag rows).
float board_row_height();
}  // namespace mutua
