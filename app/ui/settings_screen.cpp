#include "app/ui/settings_screen.hpp"

#include <imgui.h>

#include "app/ui/state.hpp"

namespace mutua {
void enter_settings(UiContext&) {}
void draw_settings(UiContext&) { ImGui::TextUnformatted("Settings"); }
}  // namespace mutua
