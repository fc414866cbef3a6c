#include "app/ui/pin_pad.hpp"

#include <imgui.h>

#include "app/ui/state.hpp"

namespace mutua {
void enter_pin_pad(UiContext&) {}
void draw_pin_pad(UiContext&) { ImGui::TextUnformatted("PIN"); }
}  // namespace mutua
