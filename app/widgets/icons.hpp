#pragma once
// Pictograms drawn with ImDrawList from the one geometry in core/pictogram.hpp (the phone pages
// and the printed slip draw the same shapes): no image files, crisp at every scale, and
// recognisable without reading (a drop for water, a house for shelter, a cross for health...).
#include <imgui.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "app/widgets/text.hpp"
#include "core/pictogram.hpp"

namespace mutua {

// Draws `p` centred at `centre`, fitting a square of side `size`; strokes are never thinner than
// 1.5 px. `mirror` flips it left to right (for pictograms that point, in a right-to-left layout:
// Pictogram::points says which).
void draw_pictogram(ImDrawList* dl, const Pictogram& p, ImVec2 centre, float size, ImU32 colour,
                    bool mirror = false);
// The same by id ("tile.need", "action.next", ...); an unknown id draws nothing.
void draw_pictogram(ImDrawList* dl, std::string_view id, ImVec2 centre, float size, ImU32 colour,
                    bool mirror = false);

// While a capture is installed every pictogram drawn is appended to it: its id and the square it
// was drawn in (tests see what a screen shows without words). Not thread-safe, like text capture.
void set_pictogram_capture(std::vector<CapturedText>* sink);

// Draws the icon of a category id centred at `centre`, fitting a square of side `size`. Unknown
// ids (categories a group added) get a neutral tag shape.
void draw_category_icon(ImDrawList* dl, std::string_view category, ImVec2 centre, float size,
                        ImU32 colour);

// The shapes of a ticket's status (app/ui/ticket_status.hpp): each state has its own shape, so
// the states differ without colour (open, matched, ready and met never look alike).
enum class StatusIcon : uint8_t {
  hourglass,  // open: waiting
  half,       // partly met: a half-filled circle
  link,       // matched: two linked rings
  pin,        // ready: a map pin, go there
  check,      // met: a tick
  cross,      // closed: an X
  question,   // unknown code: a question mark
};
// The pictogram id of a status shape ("status.open", ...).
std::string_view status_pictogram_id(StatusIcon icon);
// Draws `icon` centred at `centre` in a square of side `size`.
void draw_status_icon(ImDrawList* dl, StatusIcon icon, ImVec2 centre, float size, ImU32 colour);

}  // namespace mutua
