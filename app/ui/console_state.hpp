#pragma once
// UI state of the volunteer console's own screens: the PIN pad and Settings. Part of UiState.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ui/daily_backup.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "core/id.hpp"
#include "core/model.hpp"
#include "sync/key_status.hpp"

namespace mutua {

class PinCheck;  // app/ui/pin_check.hpp
class PinSave;   // app/ui/pin_save.hpp

struct PinPadState {
  std::string pin;  // digits typed so far; never drawn, never logged
  enum class Notice {
    none,
    wrong_pin,
    locked_out,
    no_volunteers,
    shared_pin
  } notice = Notice::none;
  // The try being verified on a worker thread: the pad says "Checking…" and ignores keys.
  std::shared_ptr<PinCheck> check;
  size_t checking_digits = 0;  // dots shown meanwhile
};

// Settings, "Pickup and printing" (app/ui/ticket_settings.hpp): the fields being typed.
struct TicketPlaceForm {
  bool loaded = false;
  std::string address, hours, printer;
};

struct SettingsScreenState {
  bool loaded = false;  // fields below were filled from the store (enter_settings)
  TicketPlaceForm ticket_place;
  std::string site_name;
  SiteKind site_kind = SiteKind::distribution;
  int64_t kiosk_timeout_s = 60;
  int64_t retention_days = 30;
  std::string edit_lang = "en";  // the language whose category names are being edited
  std::optional<std::string> renaming_category;
  std::string category_name;  // the name being typed for renaming_category
  std::string new_category_id, new_category_label;
  // Volunteers: the add form, and which row's PIN is being reset.
  std::string new_name, new_pin;
  Role new_role = Role::volunteer;
  std::optional<Id> resetting;
  std::string reset_pin;
  std::optional<Id> confirm_remove;
  // A new PIN (added volunteer or reset) being checked and hashed on a worker thread: the form
  // says "Saving…" and its buttons do nothing until it is written.
  std::shared_ptr<PinSave> saving;
  // Devices: which one is being renamed, and which one waits for a revoke confirmation.
  std::optional<Id> renaming;
  std::string rename_to;
  std::optional<Id> confirm_revoke;
  // Of the device waiting for that confirmation: the first of its records stamped with a clock
  // no device's own reaches (0: none), read once when Revoke is tapped (a full scan).
  uint64_t confirm_past_clock = 0;
  // The network key's state (it reads up to 200 sync_log rows): read on entering Settings, after
  // a revocation here, and after each sync or import (data_changed clears it), never per frame.
  std::optional<KeyStatus> key_status;
  size_t key_status_reads = 0;  // how often it was read (tests)
  // Local Wi-Fi sync (app/ui/lan_screen.hpp): the address being typed, this device's addresses.
  std::string lan_new_peer;
  std::vector<std::string> lan_addresses;
  bool lan_addresses_read = false;
  int lan_scroll_here = 0;  // a --screen preset scrolls to the section for this many frames
  std::string message;      // the last save's result, in words
  bool message_is_error = false;
  DragScroll scroll;
};

struct ConsoleState {
  // A volunteer device starts at the PIN pad and returns there on sign-out and idle; a kiosk
  // device returns to the kiosk home. Local per device ("device_mode"), set by --volunteer.
  bool volunteer_device = false;
  PinPadState pad;
  SettingsScreenState settings;
  int64_t next_housekeeping_ms = 0;  // when the daily purge is next checked
  DailyBackupState backup;           // the daily copy to the sync stick (belongs to the device)
  DragScroll tiles_scroll;           // the console home's tiles
};

}  // namespace mutua
