#pragma once
// A ticket's status as "Check my ticket" shows it: the sentence, its colour and icon, the item
// and quantity, and for "Ready for pickup" the place's address and opening hours (from this
// device's Settings, when the pickup site is this device's site).
#include <imgui.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/state.hpp"
#include "app/widgets/icons.hpp"

namespace mutua {

class Store;

TicketStatus ticket_status(const Store& store, std::string_view code);

// Colour and shape per answer. Open, matched, ready and met differ in shape and colour; every
// colour has at least 3:1 contrast with the surface it is drawn on, in both palettes.
struct StatusLook {
  ImU32 colour;
  StatusIcon icon;
};
StatusLook status_look(TicketAnswer answer);

// WCAG contrast ratio of two opaque colours (1 to 21).
float contrast_ratio(ImU32 a, ImU32 b);

// The lines under the sentence: "Rice · 3 bags", then for ready "Address: …" and "Open: …".
std::vector<std::string> ticket_detail_lines(const TicketStatus& status);

// Draws the answer card `width` wide at the cursor: a coloured band with the icon, the sentence
// and the detail lines. Advances the cursor.
void draw_ticket_status(UiContext& ctx, const TicketStatus& status, float width);

}  // namespace mutua
