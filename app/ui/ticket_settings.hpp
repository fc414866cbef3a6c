#pragma once
// Settings, "Pickup and printing": this device's pickup address and opening hours (shown with
// "Ready for pickup" and printed on slips) and its receipt printer (core/settings.hpp; local
// values, also set with `mutua ticket place`).
namespace mutua {

struct UiContext;

void draw_ticket_settings(UiContext& ctx);

}  // namespace mutua
