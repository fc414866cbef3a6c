#pragma once
// Queue: open needs, most urgent first, then oldest; filters by category and site. Tapping a
// row opens the need's detail.
namespace mutua {
struct UiContext;
void enter_queue(UiContext& ctx);
void draw_queue(UiContext& ctx);
float queue_row_height();
}  // namespace mutua
