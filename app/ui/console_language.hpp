#pragma once
// The console's language, per volunteer: chosen once on the console's Language page and kept on
// this device with the volunteer's id (local state "console_lang.<volunteer id>", never
// replicated, never in a bundle). Signing in switches to it (or, for someone who never chose,
// to the kiosk's own language, never the last resident's); signing out and the idle reset
// return to the kiosk's language (app/ui/idle.cpp).
#include <optional>
#include <string>

#include "core/id.hpp"

namespace mutua {

class Store;
struct UiContext;

std::optional<std::string> console_language(const Store& store, const Id& volunteer);
void remember_console_language(Store& store, const Id& volunteer, const std::string& lang);
// Called when a volunteer has just signed in (ctx.state.signed_in is set).
void apply_console_language(UiContext& ctx);

// Screen::console_language: every language, the volunteer's own selected.
void draw_console_language(UiContext& ctx);

}  // namespace mutua
