#pragma once
// A rounded progress bar, 20 px high at 100 %, drawn with ImDrawList: the track in the palette's
// placeholder colour, the part done in `fill`. Used by Sync (a drive) and Import from USB.
#include <imgui.h>

namespace mutua {

// `fraction` is clamped to 0..1; a bar just begun still shows a round dot.
void progress_bar(float fraction, float width, ImU32 fill);

}  // namespace mutua
