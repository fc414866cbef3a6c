#pragma once
// A question that must be answered before anything else: the screen dims, a panel asks, and two
// buttons answer. The safe answer is on the left and is the one a stray second tap lands on
// (never where the button that opened the question was). Used for throwing away a request and
// for leaving kiosk mode.
#include <imgui.h>

namespace mutua {

enum class ConfirmAnswer { none, keep, go_ahead };

struct ConfirmText {
  const char* title;     // "Throw away this request?"
  const char* body;      // may be null
  const char* keep;      // "Keep"
  const char* go_ahead;  // "Throw away"
};

// Draws the dialog over everything; returns which button was tapped this frame, if any. Items
// "##confirm_keep" and "##confirm_go", captured under their labels.
ConfirmAnswer draw_confirm(const char* id, const ConfirmText& text, ImU32 danger, ImFont* heading,
                           ImFont* body);

}  // namespace mutua
