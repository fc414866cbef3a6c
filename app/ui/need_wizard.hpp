#pragma once
// "I need something": the six-step wizard of PRODUCT.md section 5 (steps in wizard_steps.hpp).
namespace mutua {
struct UiContext;
void enter_need(UiContext& ctx);
void draw_need(UiContext& ctx);
}  // namespace mutua
