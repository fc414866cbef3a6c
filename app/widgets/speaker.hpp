#pragma once
// The read-aloud button (app/ui/read_aloud.hpp): a square touch button with the loudspeaker
// pictogram "action.speak" (core/pictogram.hpp: the one the phone pages and the slip draw too),
// no font glyph, crisp at every scale.
#include <imgui.h>

#include <string_view>

namespace mutua {

// The pictogram id the speaker button draws.
inline constexpr std::string_view kSpeakerPictogram = "action.speak";
// Draws the loudspeaker pictogram centred at `centre` in a square of side `size`.
void draw_speaker_icon(ImDrawList* dl, ImVec2 centre, float size, ImU32 colour);

// A `side` x `side` button at the cursor with the loudspeaker. `on` (reading now): filled with
// `accent`. `label` names it for tests and the layout check (it is not drawn). True when tapped.
bool speaker_button(const char* id, std::string_view label, float side, bool on, ImU32 accent);

}  // namespace mutua
