#include "app/ui/sync_report_presets.hpp"

#include "app/ui/state.hpp"
#include "app/ui/sync_screen.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

SignedIn preset_coordinator() {
  SignedIn s;
  s.name = "Amira";
  s.role = Role::coordinator;
  return s;
}

SyncOutcome example_result(int64_t now_ms) {
  SyncOutcome o;
  o.drive_label = "KINGSTON";
  o.finished_at = now_ms;
  o.result.new_entries = 142;
  o.result.updated_entries = 17;
  o.result.conflicts = 2;
  o.result.devices = 4;
  for (int i = 0; i < 4; ++i) o.result.files.push_back({"peer.mutua", true, "", {}, {}});
  // One brought a revocation, which took back what the revoked tablet had changed here.
  o.result.files[0].summary.taken_back.emplace_back("Tablet 3", 2);
  o.result.files.push_back({"3fa2c1d09be84e6f8a1b2c3d4e5f6071.mutua",
                            false,
                            "bundle is damaged (it is cut short)",
                            SyncFailure{SyncProblem::damaged, {}},
                            {}});
  return o;
}

}  // namespace

std::vector<std::string> sync_report_preset_names() {
  return {"sync", "sync-foreign", "sync-read-only", "reports", "reports-volunteer"};
}

std::optional<Screen> apply_sync_report_preset(std::string_view name, UiState& state,
                                               const Store& store) {
  std::optional<Screen> screen;
  if (name == "sync" || name == "sync-foreign" || name == "sync-read-only") {
    SyncOutcome o = example_result(store.replica().now_ms());
    if (name == "sync-read-only") {
      // A write-protected stick: the others' files read, this device's not left there.
      o.result.files.resize(2);
      o.result.files[0].summary.taken_back.clear();
      o.result.new_entries = 9;
      o.result.updated_entries = 1;
      o.result.conflicts = 0;
      o.result.devices = 2;
      o.result.read_only = true;
    }
    if (name == "sync-foreign") {
      o = SyncOutcome{};
      o.problem = SyncOutcome::Problem::foreign_network;
      o.drive_label = "KINGSTON";
      o.foreign_network = "Hill Camp";
    }
    state.sync.last = o;
    if (name == "sync") {
      // A past sync that refused a revoked tablet's records and took back what it had changed
      // here (the log keeps both since migration 27).
      SyncLogEntry past;
      past.at = store.replica().now_ms() - 3'600'000;
      past.source = "KINGSTON/MUTUA/3fa2c1d09be84e6f8a1b2c3d4e5f6071.mutua";
      past.new_entries = 12;
      past.updated_entries = 3;
      past.refused_revoked = 1;
      past.refused_from = "Tablet 3";
      past.taken_back = 2;
      past.taken_back_from = "Tablet 3";
      load_sync_lists(store, state.sync);
      state.sync.history.insert(state.sync.history.begin(), past);
    }
    screen = Screen::sync;
  } else if (name == "reports" || name == "reports-volunteer") {
    screen = Screen::reports;
  }
  if (!screen) return std::nullopt;
  state.signed_in = preset_coordinator();
  if (name == "reports-volunteer") state.signed_in->role = Role::volunteer;
  state.screen = *screen;
  state.entered = *screen;  // the preset is the state; enter() must not reset it
  return screen;
}

}  // namespace mutua
