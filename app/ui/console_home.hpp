#pragma once
// The volunteer console's menu: big buttons to each console screen, and Sign out.
namespace mutua {
struct UiContext;
struct UiState;
void draw_console_home(UiContext& ctx);
// Ends the volunteer's session: to the PIN pad on a volunteer device, else the kiosk home.
void sign_out(UiState& state);
}  // namespace mutua
