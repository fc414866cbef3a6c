#include "app/ui/pin_save.hpp"

#include "app/ui/worker_hold.hpp"

namespace mutua {

std::shared_ptr<PinSave> PinSave::start(PinChange change) {
  std::shared_ptr<PinSave> save(new PinSave());
  save->change_ = std::move(change);
  if (save->change_.refused) {
    // A bad name or PIN: nothing to hash, the answer is known now.
    save->finished_.store(true, std::memory_order_release);
    return save;
  }
  PinSave* raw = save.get();
  save->thread_ = std::thread([raw] {
    wait_while_workers_held(raw->cancelled_);
    raw->hashed_ = hash_new_pin(raw->change_, &raw->cancelled_);
    raw->finished_.store(true, std::memory_order_release);
  });
  return save;
}

PinSave::~PinSave() {
  cancelled_.store(true);
  if (thread_.joinable()) thread_.join();
}

Result<VolunteerInfo> PinSave::finish(Store& store) {
  if (thread_.joinable()) thread_.join();
  return finish_pin_change(store, change_, hashed_);
}

}  // namespace mutua
