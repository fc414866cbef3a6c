#include "app/ui/pin_check.hpp"

namespace mutua {

std::shared_ptr<PinCheck> PinCheck::start(Store& store, std::string_view pin, PinScope scope) {
  std::shared_ptr<PinCheck> check(new PinCheck());
  check->attempt_ = std::make_shared<const PinAttempt>(begin_sign_in(store, pin, scope));
  // Refused, malformed or nobody in scope: nothing to hash, the answer is known now.
  if (check->attempt_->candidates.empty()) return check;
  // The task shares the attempt (its last owner wipes the PIN): it touches no store and no
  // PinCheck, so it may outlive this one.
  check->task_ = Task<PinMatch>::run("PIN check", [attempt = check->attempt_](TaskControl& c) {
    PinMatch m = match_pin(*attempt, &c.cancel_flag());
    c.check();  // a verification cut short is no answer
    return m;
  });
  return check;
}

int PinCheck::verifications() const {
  if (match_) return match_->verifications;
  if (task_ && task_->has_value()) return task_->peek().verifications;
  return 0;
}

SignInResult PinCheck::finish(Store& store) {
  if (!match_) match_ = task_ && task_->has_value() ? task_->take() : PinMatch{};
  return finish_sign_in(store, *attempt_, *match_);
}

}  // namespace mutua
