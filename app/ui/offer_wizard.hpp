#pragma once
// "I can offer something": the same six steps as a need, for goods or for skills and time, with
// when it is available instead of urgency (stored in details, see wizard_steps.hpp).
#include <string>
#include <vector>

namespace mutua {
struct UiContext;
void enter_offer(UiContext& ctx);
void draw_offer(UiContext& ctx);
// What the speaker reads on the current step (app/ui/read_aloud.hpp).
std::vector<std::string> offer_speech(UiContext& ctx);
}  // namespace mutua
