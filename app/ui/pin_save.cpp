#include "app/ui/pin_save.hpp"

namespace mutua {

std::shared_ptr<PinSave> PinSave::start(PinChange change) {
  std::shared_ptr<PinSave> save(new PinSave());
  save->change_ = std::make_shared<const PinChange>(std::move(change));
  // A bad name or PIN: nothing to hash, the answer is known now.
  if (save->change_->refused) return save;
  // The task shares the change (its last owner wipes the PIN): it touches no store and no
  // PinSave, so it may outlive this one.
  save->task_ = Task<NewPinHash>::run("PIN save", [change = save->change_](TaskControl& c) {
    NewPinHash h = hash_new_pin(*change, &c.cancel_flag());
    c.check();  // cut short: nothing to write
    return h;
  });
  return save;
}

Result<VolunteerInfo> PinSave::finish(Store& store) {
  if (task_ && task_->failed()) return fail(task_->error());
  if (task_ && !task_->has_value()) return fail("cancelled");
  return finish_pin_change(store, *change_, task_ ? task_->take() : NewPinHash{});
}

}  // namespace mutua
