#pragma once
// Touch buttons: chips (filters), segments (one-of-two switches) and plain big buttons. Every one
// is at least touch_target() tall.
#include <imgui.h>

#include <string>
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
// A touch button that may be off. Off, it has the disabled look (grey fill, no border, text at
// least 4.5:1 on it in both palettes: palette().disabled_fill and disabled_text), returns false,
// and a tap on it shows `why` in a short line above it ("Choose a category first") until the
// next tap anywhere. On, it is touch_button.
bool touch_button_if(bool enabled, std::string_view why, const char* id, std::string_view label,
                     float width, ButtonLook look, ImU32 accent, ImFont* font = nullptr,
                     float height = 0.0f, std::string_view pictogram = {});
// For widgets of their own (the stepper's − and +): call once a frame for a control spanning
// [min, max] with its ImGui id; `tapped_while_off` is a tap on it while it was off. Shows `why` as
// touch_button_if does, and forgets it when the control is on again.
void disabled_reason(ImGuiID id, bool enabled, bool tapped_while_off, std::string_view why,
                     ImVec2 min, ImVec2 max);
// The reason on show now (empty: none), for tests.
const std::string& shown_disabled_reason();
// Forgets the reason on show. Call when an ImGui context is made: a new one can take the address
// of one destroyed, at the same frame count, and would show that one's reason (tests, the layout
// check).
void forget_disabled_reason();

// A control's height `wanted` (at the current text scale) on a display too short for it: no more
// than `share` of the display's height, and never less than it is at 100 % text. At 800x480 with
// 200 % text the wizard's bars and the steppers give the rows between them room this way.
float height_on_short_display(float wanted, float share);

// The width a pictogram adds before a label in `font` (0 without one).
float pictogram_room(ImFont* font, std::string_view pictogram);

}  // namespace mutua
