#pragma once
// One PIN try, verified on a worker thread so the pad keeps drawing while Argon2id runs (~0.1 s
// per volunteer checked). The store is only touched on the UI thread: start() reads the hashes
// and counts the try (core/volunteers begin_sign_in), the worker only hashes, and finish()
// records the outcome. Shared by the volunteer console's PIN pad and the kiosk's exit pad. No
// ImGui here.
#include <atomic>
#include <memory>
#include <string_view>
#include <thread>

#include "app/ui/worker_hold.hpp"
#include "core/volunteers.hpp"

namespace mutua {

class PinCheck {
 public:
  static std::shared_ptr<PinCheck> start(Store& store, std::string_view pin,
                                         PinScope scope = PinScope::anyone);
  // Cancels the verification between two hashes and waits for the thread. A try dropped this
  // way stays counted as wrong (begin_sign_in counted it).
  ~PinCheck();
  PinCheck(const PinCheck&) = delete;
  PinCheck& operator=(const PinCheck&) = delete;

  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // On the UI thread once finished(): records the outcome in the store. Once only.
  SignInResult finish(Store& store);
  // Argon2id verifications the try cost (once finished()).
  int verifications() const { return finished() ? match_.verifications : 0; }

 private:
  PinCheck() = default;
  PinAttempt attempt_;
  PinMatch match_;  // written by the worker before finished_ is set
  std::thread thread_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> finished_{false};
};

}  // namespace mutua
