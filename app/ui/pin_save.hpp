#pragma once
// A new PIN (Settings: Add volunteer, or a volunteer's PIN reset) checked and hashed as a Task
// (app/ui/task.hpp), so the form keeps drawing while Argon2id runs (~0.1 s per other volunteer,
// then the hash). The store is only touched on the UI thread: start() validates and reads the other
// volunteers' hashes (core/volunteers begin_add_volunteer / begin_reset_pin), the worker only
// hashes, and finish() writes the volunteer. Tests hold the worker with WorkersHeldForTest
// (pin_check.hpp). No ImGui here.
#include <memory>
#include <optional>

#include "app/ui/task.hpp"
#include "core/volunteers.hpp"

namespace mutua {

class PinSave {
 public:
  static std::shared_ptr<PinSave> start(PinChange change);
  // Cancels between two verifications and waits (bounded) for the task; nothing is written.
  ~PinSave() = default;
  PinSave(const PinSave&) = delete;
  PinSave& operator=(const PinSave&) = delete;

  bool finished() const { return !task_ || task_->finished(); }
  // Whose PIN is being reset; nothing for a new volunteer.
  const std::optional<Id>& resetting() const { return change_->resetting; }
  // On the UI thread once finished(): writes the volunteer unless refused. Once only. A hash
  // that threw writes nothing and gives its reason.
  Result<VolunteerInfo> finish(Store& store);

 private:
  PinSave() = default;
  std::shared_ptr<const PinChange> change_;  // shared with the task
  std::shared_ptr<Task<NewPinHash>> task_;   // none: refused before hashing
};

}  // namespace mutua
