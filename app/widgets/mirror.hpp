#pragma once
// Mirrored layout for languages read right to left. The screens lay out as they always do (Back
// at the left, items left to right); after ImGui::Render() the frame's draw data is mirrored
// about the display's vertical axis, so Back lands on the right, progress fills from the right,
// text sits right-aligned and the steppers' - and + come in reading order. Textured quads (text
// glyphs, images) keep reading forwards: their u coordinates are swapped in the same pass, and
// text is drawn pre-mirrored (app/widgets/shaped_text.hpp) so it reads right after the flip.
// Pictograms that do not point wrap their drawing in a MirrorVertices so they come out unflipped.
// The mouse (a finger) is mirrored before NewFrame, so hit tests match what is on screen.
// Left-to-right languages are not touched: nothing here runs for them.
#include <imgui.h>

namespace mutua {

// Before ImGui::NewFrame(): decides whether this frame is mirrored (the UI language reads right to
// left) and, if so, mirrors io.MousePos for the frame.
void begin_frame_mirror();
// After ImGui::Render(): mirrors the draw data and gives io.MousePos back its screen value.
void end_frame_mirror();
// True between begin_frame_mirror() and the next one when the frame is mirrored.
bool frame_mirrored();
// A layout x as it lands on screen this frame (itself when not mirrored).
float screen_x(float x);

// What is drawn into `dl` while this lives is mirrored about x = cx first, so after the frame's
// flip it appears as drawn (a pictogram that must not turn around, a QR code). Only untextured
// shapes: glyphs are handled by the frame's pass. Does nothing on a frame not mirrored.
class MirrorVertices {
 public:
  MirrorVertices(ImDrawList* dl, float cx);
  ~MirrorVertices();
  MirrorVertices(const MirrorVertices&) = delete;
  MirrorVertices& operator=(const MirrorVertices&) = delete;

 private:
  ImDrawList* dl_;
  float cx_;
  int first_ = -1;
};

}  // namespace mutua
