#pragma once
// One PIN try, verified as a Task (app/ui/task.hpp) so the pad keeps drawing while Argon2id runs
// (~0.1 s per volunteer checked). The store is only touched on the UI thread: start() reads the
// hashes and counts the try (core/volunteers begin_sign_in), the worker only hashes, and finish()
// records the outcome. Shared by the volunteer console's PIN pad and the kiosk's exit pad. No
// ImGui here.
#include <memory>
#include <string_view>

#include "app/ui/task.hpp"
#include "app/ui/worker_hold.hpp"
#include "core/volunteers.hpp"

namespace mutua {

class PinCheck {
 public:
  static std::shared_ptr<PinCheck> start(Store& store, std::string_view pin,
                                         PinScope scope = PinScope::anyone);
  // Cancels the verification between two hashes and waits (bounded) for the task. A try
  // dropped this way stays counted as wrong (begin_sign_in counted it).
  ~PinCheck() = default;
  PinCheck(const PinCheck&) = delete;
  PinCheck& operator=(const PinCheck&) = delete;

  bool finished() const { return !task_ || task_->finished(); }
  // On the UI thread once finished(): records the outcome in the store. Once only. A
  // verification that threw counts as no match (the try stays counted as wrong).
  SignInResult finish(Store& store);
  // Argon2id verifications the try cost (once finished()).
  int verifications() const;

 private:
  PinCheck() = default;
  std::shared_ptr<const PinAttempt> attempt_;  // shared with the task
  std::shared_ptr<Task<PinMatch>> task_;       // none: nothing to hash
  std::optional<PinMatch> match_;              // taken from the task by finish()
};

}  // namespace mutua
