#pragma once
// The console's language, per volunteer: chosen on the console's Language page and kept with
// the volunteer's record, which replicates (volunteers field 6, core/volunteer_language.hpp), so
// it follows their PIN to every device. Signing in switches to it (or, for someone who never
// chose, to the kiosk's own language, never the last resident's); signing out and the idle reset
// return to the kiosk's language (app/ui/idle.cpp).
//
// Before it replicated, the choice was kept on each device only (local state
// "console_lang.<volunteer id>"). That value is still written beside the shared one, and read
// when the shared one is missing or names a language this Mutua does not have; the first sign-in
// of that volunteer on that device gives it to their record, unless one is set already.
#include <optional>
#include <string>

#include "core/id.hpp"

namespace mutua {

class Store;
struct UiContext;

std::optional<std::string> console_language(const Store& store, const Id& volunteer);
void remember_console_language(Store& store, const Id& volunteer, const std::string& lang);
// Gives a language chosen on this device before it replicated to the volunteer's record, when
// their record has none yet. Called at sign-in (apply_console_language).
void share_local_console_language(Store& store, const Id& volunteer);
// Called when a volunteer has just signed in (ctx.state.signed_in is set).
void apply_console_language(UiContext& ctx);

// Screen::console_language: every language, the volunteer's own selected.
void draw_console_language(UiContext& ctx);

}  // namespace mutua
