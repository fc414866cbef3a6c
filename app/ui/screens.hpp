#pragma once
// The single list of screens. A new screen is a new file plus one line in screens.cpp.
#include <optional>
#include <span>
#include <string_view>

namespace mutua {

struct UiContext;

enum class Screen {
  home,
  board,
  need,
  offer,
  ticket,
  offer_detail,
  // Volunteer console (behind the PIN pad).
  pin,
  console,
  queue,
  offers_stock,
  sync,
  reports,
  settings,
  entry_detail,
  match,
  handover,          // reached from the queue and offers & stock
  matched,           // matched, not yet handed over (a console tile)
  csv_import,        // reached from Reports (coordinators)
  pictograms,        // a sheet of every pictogram, for the docs (nothing on the kiosk goes there)
  first_start,       // a fresh device: language, then create or join a network (first_start.hpp)
  console_language,  // the signed-in volunteer's own console language (console_language.hpp)
};

struct ScreenInfo {
  Screen id;
  const char* name;           // as given to --screen
  void (*enter)(UiContext&);  // called when the screen is shown (may be null)
  void (*draw)(UiContext&);   // draws the screen inside the full-window root
};

std::span<const ScreenInfo> all_screens();
const ScreenInfo& screen_info(Screen id);
std::optional<Screen> find_screen(std::string_view name);

}  // namespace mutua
