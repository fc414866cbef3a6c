// The PIN lockout on the boot clock. Stored (local, never replicated) under "pin_lockout" as
//   "v2 <failures> <remaining_ms> <boot_ms> <boot_id or ->"
// An older Mutua stored "<failures> <locked_until_ms>" on the wall clock; such a record is read
// once as the time left by the wall clock now, cut to what the policy gives (an RTC reset to 2000
// made that 26 years).
#include "core/pin_lockout.hpp"

#include <algorithm>
#include <sstream>

#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

namespace {

constexpr std::string_view kLockoutKey = "pin_lockout";

void save(Store& store, const PinLockout& l) {
  store.replica().local_set(
      kLockoutKey, "v2 " + std::to_string(l.failures) + " " + std::to_string(l.remaining_ms) + " " +
                       std::to_string(l.boot_ms) + " " + (l.boot_id.empty() ? "-" : l.boot_id));
}

// Time surely gone by since `l` was saved, by the boot clock as it reads now.
int64_t surely_elapsed(const PinLockout& l, const BootTime& now) {
  const bool same_boot = l.boot_id == now.id && (!now.id.empty() || now.ms >= l.boot_ms);
  if (same_boot) return std::max<int64_t>(0, now.ms - l.boot_ms);
  // Another boot: at least the time since this one started has passed (the time the machine was
  // off, and between the last save and the shutdown, is not known and not counted).
  return std::max<int64_t>(0, now.ms);
}

// The record as of now: the time left run down, and saved as of `now`.
PinLockout as_of(const PinLockout& l, const BootTime& now) {
  PinLockout out = l;
  const int64_t left = std::min(l.remaining_ms, lockout_policy_ms(l.failures));
  out.remaining_ms = std::clamp<int64_t>(left - surely_elapsed(l, now), 0, left);
  out.boot_ms = now.ms;
  out.boot_id = now.id;
  return out;
}

}  // namespace

int64_t lockout_policy_ms(int failures) {
  if (failures < kFreePinTries) return 0;
  const int doublings = std::min(failures - kFreePinTries, 20);
  return std::min(kMaxLockoutMs, kFirstLockoutMs << doublings);
}

PinLockout pin_lockout(const Store& store) {
  PinLockout l;
  const auto s = store.replica().local_get(kLockoutKey);
  if (!s) return l;
  std::istringstream in(*s);
  std::string first;
  in >> first;
  const BootTime now = store.replica().boot_time();
  try {
    if (first == "v2") {
      std::string id;
      if (!(in >> l.failures >> l.remaining_ms >> l.boot_ms >> id)) return PinLockout{};
      l.boot_id = id == "-" ? "" : id;
    } else {
      int64_t until = 0;
      l.failures = std::stoi(first);
      if (!(in >> until)) return PinLockout{};
      const int64_t wall = store.replica().now_ms();
      l.remaining_ms = until > wall ? until - wall : 0;  // cut to the policy by as_of
      l.boot_ms = now.ms;
      l.boot_id = now.id;
    }
  } catch (...) {
    return PinLockout{};
  }
  l.failures = std::max(0, l.failures);
  l.remaining_ms = std::max<int64_t>(0, l.remaining_ms);
  return as_of(l, now);
}

bool is_locked_out(const Store& store) {
  return lockout_remaining_ms(store) > 0;
}

int64_t lockout_remaining_ms(const Store& store) {
  return pin_lockout(store).remaining_ms;
}

void refresh_pin_lockout(Store& store) {
  try {
    const auto s = store.replica().local_get(kLockoutKey);
    if (!s) return;
    const PinLockout now = pin_lockout(store);
    std::istringstream in(*s);
    std::string first, id;
    int failures = 0;
    int64_t remaining = 0, boot_ms = 0;
    const bool current = (in >> first >> failures >> remaining >> boot_ms >> id) && first == "v2";
    if (current && remaining == 0) return;  // nothing runs down
    // In the old form, saved a while ago or in another boot, or just run out: save it as now.
    if (!current || id != (now.boot_id.empty() ? "-" : now.boot_id) ||
        now.boot_ms - boot_ms >= kLockoutSaveEveryMs || now.boot_ms < boot_ms ||
        now.remaining_ms == 0)
      save(store, now);
  } catch (const std::exception&) {
    // Bookkeeping only: the record saved before still holds, and counts on from there.
  }
}

void count_wrong_pin(Store& store) {
  PinLockout l = pin_lockout(store);
  ++l.failures;
  if (l.failures >= kFreePinTries) l.remaining_ms = lockout_policy_ms(l.failures);
  save(store, l);
}

void clear_pin_lockout(Store& store) {
  const BootTime now = store.replica().boot_time();
  PinLockout l;
  l.boot_ms = now.ms;
  l.boot_id = now.id;
  save(store, l);
}

}  // namespace mutua
