#pragma once
// Home: four equal tiles (I need, I can offer, What's available, Check my ticket) and a line
// with how many needs and offers are open.
#include <string>
#include <vector>

namespace mutua {
struct UiContext;
void enter_home(UiContext& ctx);
void draw_home(UiContext& ctx);
// What the speaker reads on home (app/ui/read_aloud.hpp): each tile's title and description.
std::vector<std::string> home_speech(UiContext& ctx);
}  // namespace mutua
