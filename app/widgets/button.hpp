#pragma once
// Touch buttons: chips (filters), segments (one-of-two switches) and plain big buttons. Every one
// is at least touch_target() tall.
#include <imgui.h>

#include <string_view>

namespace mutua {

enum class ButtonLook { plain, selected };

// A rounded chip sized to its label. Selected chips are filled with `accent`.
bool chip(const char* id, std::string_view label, bool selected, ImU32 accent);

// A button of the given width (0 = fit the label), touch_target() tall, or `height` tall when
// given (at least kTouchTargetPx). With a `pictogram` id (core/pictogram.hpp) its picture goes
// before the words, as tall as the text is, when the button has room for both (else the words
// alone: words are never cut for a picture).
bool touch_button(const char* id, std::string_view label, float width, ButtonLook look,
                  ImU32 accent, ImFont* font = nullptr, float height = 0.0f,
                  std::string_view pictogram = {});
// The width a pictogram adds before a label in `font` (0 without one).
float pictogram_room(ImFont* font, std::string_view pictogram);

}  // namespace mutua
