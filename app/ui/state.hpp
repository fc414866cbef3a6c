#pragma once
// Plain UI state. Screens read and change it; they own no state of their own.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "app/ui/entry_pager.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/kiosk_exit.hpp"
#include "app/ui/screens.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "core/id.hpp"
#include "core/model.hpp"

struct ImFont;

namespace mutua {

class EntryStore;

struct HomeState {
  int64_t open_needs = 0;
  int64_t open_offers = 0;
  int64_t met_today = 0;  // needs whose status became "met" since local midnight
  std::string site_name;  // this device's site, for the status line
  bool settings_open = false;  // small screens: language and display choices on their own page
};

struct BoardState {
  Kind kind = Kind::need;
  std::string category;                 // empty = all categories
  std::array<int64_t, 2> counts{0, 0};  // active entries per kind for this category
  bool filter_changed = true;           // counts and pages must be refetched
  EntryPager pager;
  DragScroll list_drag;
  DragScroll chip_drag;
  std::optional<Id> selected;  // the row last tapped
};

struct UiState {
  Screen screen = Screen::home;
  std::optional<Screen> entered;  // the screen whose enter() last ran
  bool wants_frame = false;       // a screen is animating or still loading; draw again soon
  HomeState home;
  BoardState board;
  DisplayPrefs prefs;  // the device's display choices; the only part wipe_session() keeps
  IdleState idle;
  KioskExitState kiosk_exit;
  OnScreenKeyboard keyboard;
};

struct UiFonts {
  ImFont* body = nullptr;  // null: ImGui's current font
  ImFont* strong = nullptr;
  ImFont* heading = nullptr;
};

// What a screen gets to draw one frame.
struct UiContext {
  EntryStore& store;
  UiState& state;
  UiFonts fonts;
  int64_t now_ms = 0;
};

}  // namespace mutua
