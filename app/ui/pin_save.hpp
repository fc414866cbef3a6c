#pragma once
// A new PIN (Settings: Add volunteer, or a volunteer's PIN reset) checked and hashed on a worker
// thread, so the form keeps drawing while Argon2id runs (~0.1 s per other volunteer, then the
// hash). The store is only touched on the UI thread: start() validates and reads the other
// volunteers' hashes (core/volunteers begin_add_volunteer / begin_reset_pin), the worker only
// hashes, and finish() writes the volunteer. Tests hold the worker with WorkersHeldForTest
// (pin_check.hpp). No ImGui here.
#include <atomic>
#include <memory>
#include <thread>

#include "core/volunteers.hpp"

namespace mutua {

class PinSave {
 public:
  static std::shared_ptr<PinSave> start(PinChange change);
  // Cancels between two verifications and waits for the thread; nothing is written.
  ~PinSave();
  PinSave(const PinSave&) = delete;
  PinSave& operator=(const PinSave&) = delete;

  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Whose PIN is being reset; nothing for a new volunteer.
  const std::optional<Id>& resetting() const { return change_.resetting; }
  // On the UI thread once finished(): writes the volunteer unless refused. Once only.
  Result<VolunteerInfo> finish(Store& store);

 private:
  PinSave() = default;
  PinChange change_;
  NewPinHash hashed_;  // written by the worker before finished_ is set
  std::thread thread_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> finished_{false};
};

}  // namespace mutua
