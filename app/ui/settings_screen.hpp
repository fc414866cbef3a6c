#pragma once
// Settings (coordinator only): site, categories, kiosk timeout, retention and purge, volunteers,
// devices, the network join code and local Wi-Fi sync.
namespace mutua {
struct UiContext;
void enter_settings(UiContext& ctx);
void draw_settings(UiContext& ctx);
}  // namespace mutua
