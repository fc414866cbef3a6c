#pragma once
// The parts first start's pages share (app/ui/first_start.cpp draws them in turn): the network
// pages (first_start_network.cpp: language, create or join) and the site's set-up
// (first_start_site.cpp: site, pickup address, hours, the first coordinator and their PIN).
// Internal to app/ui/first_start*.cpp.
#include <string>
#include <string_view>

#include <imgui.h>

#include "app/ui/first_start.hpp"
#include "app/widgets/button.hpp"

namespace mutua {

struct UiContext;
struct Network;

namespace first_start_parts {

using Step = FirstStartState::Step;

// A full-width button, true when tapped.
bool tapped(const char* id, std::string_view label, float w, ImU32 accent, ImFont* font,
            ButtonLook look = ButtonLook::plain);
// A button as wide as its label, never wider than the row; on the same line as the last item
// when it fits there.
bool small_button(const char* id, const char* label, ImU32 accent, ImFont* font, bool same_line);
// To another page: its message cleared, its scroll at the top, the keyboard closed.
void go(FirstStartState& f, Step step);
// A message under the page, in words already: tr(...), or screen_error(...) for a failure (a
// join code's errors are in the catalogues too).
void say(FirstStartState& f, const std::string& message, bool error);
// Nothing but spaces (or nothing).
bool trimmed_empty(const std::string& s);
void heading(UiContext& ctx, const char* text);
// A page's question and its field, alone while typing where the keyboard leaves little room
// (FirstStartState::typing_short): the question in the bold body font, then the field. False
// when the page is drawn as usual, heading and words first.
bool typing_alone(UiContext& ctx, const char* title, const char* field_id, const char* hint,
                  std::string* value, size_t max_chars, float w);
void body(UiContext& ctx, std::string_view text, ImU32 colour = 0);
// First start is over: marked finished on this device, then home (or the PIN pad).
void leave(UiContext& ctx);
// Written to the database before a network is made (`joining`: or joined) here, so a restart
// after it is made comes back to the set-up (wants_first_start), and knows a joined network
// may skip its coordinator.
void mark_begun(UiContext& ctx, bool joining);

// first_start_network.cpp
void draw_language_step(UiContext& ctx, float w);
void draw_choose_step(UiContext& ctx, float w);
void draw_create_step(UiContext& ctx, float w);
void draw_join_step(UiContext& ctx, float w);
void poll_join(UiContext& ctx);  // the join file being opened on its worker thread

// first_start_site.cpp
void draw_site_step(UiContext& ctx, float w);
void draw_place_step(UiContext& ctx, float w, bool hours);  // the address, or the hours
void draw_coordinator_step(UiContext& ctx, float w);
void draw_pin_step(UiContext& ctx);     // the PIN, or the PIN again
void poll_coordinator(UiContext& ctx);  // the coordinator's PIN being hashed and written

}  // namespace first_start_parts
}  // namespace mutua
