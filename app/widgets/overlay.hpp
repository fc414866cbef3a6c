#pragma once
// A window over the whole screen with the screen below dimmed, for what must be answered before
// anything else (the idle warning, the kiosk's PIN pad). Pair each begin with ImGui::End().
#include <imgui.h>

namespace mutua {

void begin_dim_overlay(const char* id, int dim_alpha);

}  // namespace mutua
