#pragma once
// Queue: open needs, most urgent first, then oldest; filters by category and site. Tapping a
// row opens the need's detail.
namespace mutua {
struct UiContext;
void enter_queue(UiContext& ctx);
void draw_queue(UiContext& ctx);
// A row of the queue in a list `width` wide (0: wide): two lines, three where the list is narrow
// (480x800 at large text) and the item gets a line of its own.
float queue_row_height(float width = 0);
bool queue_rows_stacked(float width);
}  // namespace mutua
