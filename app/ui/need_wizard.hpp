#pragma once
// "I need something": the six-step wizard of PRODUCT.md section 5 (steps in wizard_steps.hpp).
#include <string>
#include <vector>

namespace mutua {
struct UiContext;
void enter_need(UiContext& ctx);
void draw_need(UiContext& ctx);
// What the speaker reads on the current step (app/ui/read_aloud.hpp).
std::vector<std::string> need_speech(UiContext& ctx);
}  // namespace mutua
