#pragma once
// The volunteer console's menu: big buttons to each console screen, and Sign out.
namespace mutua {
struct UiContext;
void draw_console_home(UiContext& ctx);
}  // namespace mutua
