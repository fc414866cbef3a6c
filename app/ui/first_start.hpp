#pragma once
// First start on a fresh device (no network, no volunteer yet), all by touch: the language, then
// "Start a new network" (a name on the on-screen keyboard) or "Join a network" (the short code
// from the other tablet, which opens the join file on the stick; a long join code works too).
// Then, one page each: the site's name, its pickup address and opening hours (both may be
// skipped; stored where Settings keeps them: core/settings.hpp set_device_site and
// set_pickup_place), and the first coordinator: a name and a PIN of 6 to 12 digits typed twice
// on the PIN pad, made as `mutua volunteer add` makes one (core/volunteers.hpp, hashed off the UI
// thread by PinSave). On a joined network that step may be skipped: its coordinators arrive with
// the first sync. Last, with a USB stick in, a join file and the short code that opens it, for
// the next tablet. sync/join_stick.hpp; docs/join-codes.md.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

#include "app/widgets/drag_scroll.hpp"
#include "core/result.hpp"

namespace mutua {

class PinSave;  // app/ui/pin_save.hpp
class Store;
struct UiContext;
struct UiState;
template <class T>
class Task;  // app/ui/task.hpp

struct FirstStartState {
  enum class Step {
    language,
    choose,
    create,
    join,
    site,         // the site's name
    address,      // its pickup address (may be skipped)
    hours,        // its opening hours (may be skipped)
    coordinator,  // the first coordinator's name
    pin,          // their PIN, on the PIN pad
    pin_again,    // the same PIN again
    done
  } step = Step::language;
  std::string name;     // the new network's name, as typed
  std::string code;     // the join code, as typed
  bool joined = false;  // joined a network (not started one): the coordinator may be skipped
  std::string site, address, hours;  // as typed
  std::string coordinator;           // the first coordinator's name, as typed
  std::string pin, pin_again;        // digits typed on the pad; wiped once used
  std::shared_ptr<PinSave> saving;   // the coordinator's PIN being hashed and written
  std::string made;                  // the coordinator made, for the last page
  std::string message;
  bool message_is_error = false;
  bool resumed = false;  // came back after a restart: said above the page until the next one
  // This frame: the keyboard is open where it leaves little room (at 800x480 and 200 % about
  // 150 px), so a page shows its question and the field typed in alone, as the wizard's steps 2
  // and 4 do; the keyboard's Done brings the rest back. Set by draw_first_start.
  bool typing_short = false;
  // "Make a join file on a USB stick" (here once a network is made, and in Settings): the
  // sealing (Argon2id) off the UI thread, then the short code that opens the file, and where.
  std::shared_ptr<Task<Result<std::string>>> sealing;
  std::string short_code;
  std::string stick;
  std::string stick_message;
  // Opening the join file (Argon2id, about half a second) off the UI thread: the long code.
  std::shared_ptr<Task<Result<std::string>>> opening;
  DragScroll scroll;
};

// First start is wanted on a fresh device (not in a network, no volunteer, no entry, and first
// start not finished or skipped), and after a restart that cut it short: a network made or
// joined here by first start (so not one made with `mutua network create`), with the site still
// unnamed or no coordinator yet. Decided from what the database holds, so a power cut or a
// crash at any point comes back to the set-up rather than to a kiosk nobody can sign in to.
bool wants_first_start(const Store& store);
// Where an unfinished first start goes on from, by what is stored: the site's page while the
// site has no name, then the coordinator's while there is none; done when nothing is missing.
// On a device with no network yet: the language page, the start.
FirstStartState::Step first_start_resume_step(const Store& store);
// Marks first start as finished on this device (local state), so it is not shown again.
void finish_first_start(Store& store);

// "Network: NAME".
std::string format_join_network_line(const std::string& name);
// The button that writes a join file to the first USB stick found, then the short code that
// opens it, drawn large. In the done step and in Settings, Join code.
void draw_join_stick(UiContext& ctx);

void enter_first_start(UiContext& ctx);

// --screen presets (app/ui/screen_presets.hpp): each step with example answers, and the console's
// Language page for a signed-in volunteer.
std::vector<std::string> first_start_preset_names();
std::optional<Screen> apply_first_start_preset(std::string_view name, UiState& state);
void draw_first_start(UiContext& ctx);

}  // namespace mutua
