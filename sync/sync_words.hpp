#pragma once
// What the sync paths share (sync/bundle.cpp, sync/apply_body.cpp, the LAN client and server):
// refusing a bundle with its problem recorded as a fact, and a device's word for a screen.
#include <string>

#include "core/replica.hpp"
#include "core/result.hpp"
#include "sync/bundle.hpp"

namespace mutua::sync_words {

// Records the problem as a fact and returns the English line.
inline Error refuse(SyncFailure& why, SyncProblem problem, std::string message,
                    std::string detail = {}) {
  why = SyncFailure{problem, std::move(detail)};
  return fail(std::move(message));
}

// The device's name and short id for a message, or its short id alone.
inline std::string device_label(const Replica& store, const Id& id) {
  auto d = store.device(id);
  const std::string short_id = id.hex().substr(0, 8);
  if (d && !d->name.empty()) return "'" + d->name + "' (" + short_id + ")";
  return short_id;
}

// The device's name for a screen, or its short id when the name is not known here.
inline std::string device_word(const Replica& store, const Id& id) {
  auto d = store.device(id);
  return d && !d->name.empty() ? d->name : id.hex().substr(0, 8);
}

// A bundle made by a device revoked here.
inline Error refuse_revoked_sender(const Replica& store, const Id& sender, SyncFailure& why) {
  return refuse(
      why, SyncProblem::revoked_device,
      "bundle was made by revoked device " + device_label(store, sender) + "; it was not imported",
      device_word(store, sender));
}

}  // namespace mutua::sync_words
