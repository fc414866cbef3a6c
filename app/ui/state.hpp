#pragma once
// Plain UI state. Screens read and change it; they own no state of their own.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/ui/console_state.hpp"
#include "app/ui/csv_import_screen.hpp"
#include "app/ui/desk_state.hpp"
#include "app/ui/entry_pager.hpp"
#include "app/ui/failure_screen.hpp"
#include "app/ui/first_start.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/kiosk_exit.hpp"
#include "app/ui/reports_screen.hpp"
#include "app/ui/screens.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/sync_screen.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "core/id.hpp"
#include "core/model.hpp"

struct ImFont;

namespace mutua {
class PhoneHost;  // app/ui/phone_host.hpp
class ReadAloud;  // app/ui/read_aloud.hpp
template <class T>
class Task;  // app/ui/task.hpp
}  // namespace mutua

namespace mutua {

class Store;

struct HomeState {
  int64_t open_needs = 0;
  int64_t open_offers = 0;
  int64_t met_today = 0;       // needs whose status became "met" since local midnight
  std::string site_name;       // this device's site, for the status line
  bool settings_open = false;  // small screens: language and display choices on their own page
  DragScroll tiles_drag;       // tiles scroll where the display is too short for them
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
  std::string search;          // words of what is needed or offered (never tickets or names)
};

// One need or offer being posted at the kiosk. Every answer a person gives lives here and
// nowhere else, so wiping a session (idle timeout, Cancel, Done) is `wizard = {}`.
struct WizardForm {
  Kind kind = Kind::need;
  int step = 0;                 // 0 = not started; 1 category .. 5 review, 6 ticket
  bool from_review = false;     // a step opened by "Change" on the review: Next returns there
  std::optional<Id> for_offer;  // "I need this": the offer the need asks for
  std::string category;
  std::string item;
  std::string availability;  // offers: when it can be picked up / when the person is free
  int64_t quantity = 1;
  // What the quantity counts: a unit key (app/ui/units.hpp) chosen on step 3, stored in the
  // entry's unit as the console and CLI store theirs. Empty until step 3 picks a default.
  std::string unit;
  Urgency urgency = Urgency::normal;
  int64_t people = 1;  // needs: people in the household
  enum class Reach : uint8_t { unanswered, phone, come_back } reach = Reach::unanswered;
  std::string contact_name;
  std::string contact_phone;
  bool consent = false;
  std::string ticket;         // set once posted (step 6); the answers above are wiped then
  bool left_contact = false;  // step 6: the posted entry has a phone to call
  bool shown_again = false;   // step 6 reopened by "Show my last ticket" (app/ui/last_ticket.hpp)
  // Step 6, "Print my ticket" (app/ui/ticket_slip.hpp): the print running, then how it went.
  std::shared_ptr<Task<std::string>> printing;
  std::string print_message;
  bool print_failed = false;
  std::string error;            // why posting failed, in words a person can act on
  bool confirm_cancel = false;  // "Throw away this request?" is open
  DragScroll scroll;
};

// The offer shown by "What's available" when one is tapped (a copy; never its contact fields).
struct OfferDetailState {
  std::optional<Entry> offer;
};

// "Check my ticket": the code typed so far and, once checked, what was found.
enum class TicketAnswer : uint8_t {
  none,        // not checked yet
  unknown,     // no such ticket on this device
  open,        // need waiting for a match
  partly_met,  // need: some of it given
  matched,     // a match is proposed or confirmed
  ready,       // a confirmed match: ready for pickup at `site`
  met,         // need met / offer taken
  available,   // offer waiting for someone
  closed,      // cancelled, withdrawn or expired
  // No entry here, and the ticket carries the prefix of a revoked device: its record was made
  // past the revocation's cut-off and is not accepted (core/ticket_giver.hpp).
  not_accepted,
};
// What "Check my ticket" shows about one ticket (app/ui/ticket_status.hpp): never a contact field.
struct TicketStatus {
  TicketAnswer answer = TicketAnswer::unknown;
  Kind kind = Kind::need;
  std::string item;
  int64_t quantity = 0;
  std::string unit;
  std::string site;     // ready: where to pick it up
  std::string address;  // ready at this device's site: from Settings (may be empty)
  std::string hours;
  // The entry's ticket, where the code typed is one it was given before: a creation of the same
  // record that lost to another (one spreadsheet row imported at two sites), whose slip still
  // finds it (EntryService::by_ticket). Empty where the code is the entry's own.
  std::string now_ticket;
};
struct TicketCheckState {
  std::string code;
  TicketAnswer answer = TicketAnswer::none;
  std::string site;     // for "ready for pickup at <site>"
  TicketStatus status;  // the whole answer, once checked
  DragScroll scroll;    // the answer scrolls where the display is too short for it
};

// The ticket last posted on this kiosk, for "Show my last ticket" (app/ui/last_ticket.hpp).
struct LastTicket {
  std::string ticket;
  Kind kind = Kind::need;
  bool left_contact = false;
  int64_t posted_ms = 0;  // UiContext::now_ms when posted
  std::string item;       // what was posted and how many, shown with the code
  int64_t quantity = 0;
  std::string unit;
};

// Whoever signed in at the PIN pad (the volunteer console is behind it).
struct SignedIn {
  Id id;
  std::string name;
  Role role = Role::volunteer;
};

struct UiState {
  Screen screen = Screen::home;
  // The phone pages while this app serves them (app/ui/phone_host.hpp); belongs to the device.
  std::shared_ptr<PhoneHost> phone;
  // Read-aloud (app/ui/read_aloud.hpp): the speaker button and its sound; null: no button.
  std::shared_ptr<ReadAloud> read_aloud;
  std::optional<SignedIn> signed_in;  // empty: nobody; kiosk screens only
  ConsoleState console;               // PIN pad, Settings, the device mode
  std::optional<Screen> entered;      // the screen whose enter() last ran
  bool wants_frame = false;           // a screen is animating or still loading; draw again soon
  int redraw_in_ms = 0;  // a screen wants a frame within this many ms (0: no), e.g. to poll
  HomeState home;
  BoardState board;
  WizardForm wizard;
  OfferDetailState offer_detail;
  TicketCheckState ticket_check;
  std::optional<LastTicket> last_ticket;  // kept by the idle reset, for 10 minutes
  DeskState desk;  // volunteer desk: queue, entry detail, match, handover, stock
  SyncScreenState sync;
  ReportsState reports;
  CsvImportState csv_import;    // Import from USB (coordinators)
  FirstStartState first_start;  // a fresh device's set-up; the join file for the next one
  DisplayPrefs prefs;           // the device's display choices; the only part wipe_session() keeps
  IdleState idle;
  KioskExitState kiosk_exit;
  OnScreenKeyboard keyboard;
  std::optional<FrameFailure> failure;  // a frame threw: the failure screen shows instead
};

struct UiFonts {
  ImFont* body = nullptr;  // null: ImGui's current font
  ImFont* strong = nullptr;
  ImFont* heading = nullptr;
  ImFont* code = nullptr;  // ticket codes, baked large so they are drawn sharp (null: heading)
};

// What a screen gets to draw one frame.
struct UiContext {
  Store& store;
  UiState& state;
  UiFonts fonts;
  int64_t now_ms = 0;
};

}  // namespace mutua
