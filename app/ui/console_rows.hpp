#pragma once
// Rows of the console's screens (Settings, its Wi-Fi section, Reports) that give way on a narrow
// display or at large text, the way the kiosk's do: a label with its buttons beside it on a wide
// display, the label above them on a narrow one; buttons no wider than the window, their words on
// two lines rather than off its edge.
#include <imgui.h>

#include <string_view>

#include "app/widgets/button.hpp"

namespace mutua {

// The width a button fit to `label` takes, no wider than `room`.
float capped_button_width(ImFont* font, std::string_view label, float room);

// A button fit to its label on the current row when it fits there (first: starts its own row),
// else on the next row, and never wider than the window's content: a longer label goes on two
// lines. Returns true when pressed.
bool flow_button(const char* id, std::string_view label, ButtonLook look, ImU32 accent,
                 ImFont* font, bool first = false);

// A line of text followed by `buttons` buttons of width `button_w` on one row. Where the text
// would get less than a third of the row, the row is stacked: the text wrapped on its own
// line(s), then the buttons sharing the next line, or a line each where the widest label
// (`widest_label` px in the button's face) does not fit its share. Draws the text and leaves the
// cursor where the first button goes; returns the width each button takes. Put the buttons after
// the first with same_line_if_fits (app/widgets/flow.hpp).
float text_then_buttons(ImFont* font, ImU32 colour, std::string_view text, int buttons,
                        float button_w, float widest_label);

}  // namespace mutua
