#include "app/ui/console_home.hpp"

#include <imgui.h>

#include "app/ui/state.hpp"

namespace mutua {
void draw_console_home(UiContext&) { ImGui::TextUnformatted("Console"); }
}  // namespace mutua
