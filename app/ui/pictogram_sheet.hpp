#pragma once
// A sheet of every pictogram (core/pictogram.hpp) with its id: `mutua --screen pictograms`, for
// docs/screens/pictograms.png and for anyone adding one (docs/pictograms.md). Not on the kiosk's
// way: nothing goes to it.
namespace mutua {

struct UiContext;
void draw_pictogram_sheet(UiContext& ctx);

}  // namespace mutua
