#pragma once
// Who may do what in the volunteer console. Screens ask `can(state, Permission::...)` and never
// look at the role themselves, so the rules live in one place.
#include "app/ui/state.hpp"

namespace mutua {

enum class Permission {
  open_console,     // queue, offers & stock, sync, reports: any signed-in volunteer
  see_contacts,     // contact name and phone on the entry detail
  match,            // propose / confirm matches
  hand_over,        // record handovers (and undo them)
  sync,             // sync with a USB drive or LAN peer
  view_reports,     // charts
  open_settings,    // coordinator only
  revoke_device,    // coordinator only
  purge_contacts,   // coordinator only
  export_contacts,  // coordinator only: contact columns in an export
  import_csv,       // coordinator only: a spreadsheet from a USB drive into this device
};

inline bool can(const UiState& state, Permission p) {
  if (!state.signed_in) return false;
  switch (p) {
    case Permission::open_console:
    case Permission::see_contacts:
    case Permission::match:
    case Permission::hand_over:
    case Permission::sync:
    case Permission::view_reports:
      return true;
    case Permission::open_settings:
    case Permission::revoke_device:
    case Permission::purge_contacts:
    case Permission::export_contacts:
    case Permission::import_csv:
      return state.signed_in->role == Role::coordinator;
  }
  return false;
}

}  // namespace mutua
