#include "app/ui/pin_check.hpp"

namespace mutua {

std::shared_ptr<PinCheck> PinCheck::start(Store& store, std::string_view pin, PinScope scope) {
  std::shared_ptr<PinCheck> check(new PinCheck());
  check->attempt_ = begin_sign_in(store, pin, scope);
  if (check->attempt_.candidates.empty()) {
    // Refused, malformed or nobody in scope: nothing to hash, the answer is known now.
    check->finished_.store(true, std::memory_order_release);
    return check;
  }
  PinCheck* raw = check.get();
  check->thread_ = std::thread([raw] {
    wait_while_workers_held(raw->cancelled_);
    raw->match_ = match_pin(raw->attempt_, &raw->cancelled_);
    raw->finished_.store(true, std::memory_order_release);
  });
  return check;
}

PinCheck::~PinCheck() {
  cancelled_.store(true);
  if (thread_.joinable()) thread_.join();
}

SignInResult PinCheck::finish(Store& store) {
  if (thread_.joinable()) thread_.join();
  return finish_sign_in(store, attempt_, match_);
}

}  // namespace mutua
