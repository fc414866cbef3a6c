#pragma once
// "Matched, not handed over": every match made but not yet handed over, oldest first, for the
// distribution desk (issue 14). Each row: the need's ticket and item, what is still to hand over,
// who offered, how long it has waited, the contacts to call (with the right to see them), and the
// two things to do: record the handover (a stepper for part of it) or undo the match (asked
// once). Searchable by ticket, item or name (core/waiting_matches.hpp).
#include <cstddef>

namespace mutua {
struct UiContext;
void enter_matched_list(UiContext& ctx);
void draw_matched_list(UiContext& ctx);
// The console's enter(): its "Matched, not handed over" tile counts the rows again.
void enter_console_home(UiContext& ctx);
// The count on the console's tile (counted at most once per visit of the console).
long long matched_tile_count(UiContext& ctx);
// At most this many rows are shown; the rest are counted ("the oldest 200 of 340").
inline constexpr size_t kMatchedListRows = 200;
}  // namespace mutua
