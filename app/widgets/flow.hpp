#pragma once
// Rows of chips and buttons that wrap instead of running off the window's edge.
#include <string_view>

namespace mutua {

// Width chip() (app/widgets/button.hpp) takes for this label.
float chip_width(std::string_view label);
// Call before an item `width` wide that follows another on a row: stays on the row when it fits,
// else starts the next line.
void same_line_if_fits(float width);

}  // namespace mutua
