#pragma once
// The PIN pad in front of the volunteer console. A PIN identifies the volunteer (core/volunteers).
namespace mutua {
struct UiContext;
void enter_pin_pad(UiContext& ctx);
void draw_pin_pad(UiContext& ctx);
}  // namespace mutua
