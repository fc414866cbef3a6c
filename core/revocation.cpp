#include "core/revocation.hpp"

#include <algorithm>
#include <limits>

#include "core/kept_claim.hpp"
#include "core/revocation_records.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

namespace {
std::string device_name(const Device& d) {
  return d.name.empty() ? d.id.hex().substr(0, 8) : d.name;
}

// The version of `device`'s revoked flag held.
Stamp flag_version(const Replica& replica, const Id& device) {
  auto row = replica.read_row(TableId::devices, device);
  return row ? row->stamps[device_field::revoked] : Stamp{};
}

// Writes the revocation or reinstatement of `d` as its two fields and as `records` (table 12),
// all of one version of this device's. Where the fields already held these values (the rule
// decided otherwise than they say), only the records are written, under a version of their own.
Result<Ok> write_revocation(Store& store, const Device& d, std::vector<RevocationRecord> records) {
  auto& replica = store.replica();
  const Stamp before = flag_version(replica, d.id);
  auto w = store.devices().put(d, /*revocation=*/true);
  if (!w) return w;
  Stamp version = flag_version(replica, d.id);
  if (version == before) {
    version = Stamp{replica.clock().now(), replica.device_id(), replica.next_seq(), 0};
    replica.local_set("hlc", std::to_string(replica.clock().last()));
  }
  write_revocation_records(replica, version, std::move(records));
  return Ok{};
}

// The revocations of `device` a reinstatement lifts: every one standing by the records held
// (core/revocation_records.hpp), and the one its revoked field's version stands for (the two
// differ while the engine follows the fields: docs/revocation-records.md, step 2).
std::vector<Id> revocations_to_lift(const Replica& replica, const Id& device) {
  const auto held = held_revocation_records(replica);
  const auto derived = derive_held_revocations(replica);
  std::vector<Id> out;
  if (auto it = derived.revoked.find(device); it != derived.revoked.end()) out = it->second.every;
  const Stamp field = flag_version(replica, device);
  for (const auto& r : held)
    if (r.target == device && r.made.origin == field.origin && r.made.seq == field.seq &&
        r.action == static_cast<int64_t>(RevocationAction::revoke) &&
        std::find(out.begin(), out.end(), r.id) == out.end())
      out.push_back(r.id);
  return out;
}
}  // namespace

uint64_t past_clock_cutoff(const Replica& replica, const Id& device) {
  const uint64_t first = replica.first_seq_past_clock(device);
  return first == 0 ? std::numeric_limits<uint64_t>::max() : first;
}

std::optional<RevocationFacts> revocation_facts(const Store& store, const Id& device) {
  auto row = store.replica().read_row(TableId::devices, device);
  if (!row) return std::nullopt;
  const Stamp& s = row->stamps[device_field::revoked];
  if (s.hlc == 0) return std::nullopt;
  return RevocationFacts{s.origin, static_cast<int64_t>(hlc_wall_ms(s.hlc))};
}

std::optional<std::string> revoke_refusal(const Store& store, const Id& device, bool force) {
  if (device == store.replica().device_id()) return "a device cannot revoke itself";
  if (force) return std::nullopt;
  auto devices = store.devices().all();
  for (const auto& c : list_volunteers(store)) {
    if (c.role != Role::coordinator) continue;
    auto serves = [&](const Device& d) {
      return !d.revoked && (c.site.empty() || d.site == c.site);
    };
    bool by_target = false, by_other = false;
    for (const auto& d : devices) (d.id == device ? by_target : by_other) |= serves(d);
    if (by_target && !by_other)
      return "this is the last device of coordinator " + c.name +
             (c.site.empty() ? std::string() : " at " + c.site) +
             "; revoking it would lock them out";
  }
  return std::nullopt;
}

Result<Device> revoke_device(Store& store, const Id& device, bool force, const RevocationHook& hook,
                             Replica::RetractResult* taken) {
  auto d = store.devices().get(device);
  if (!d) return fail("no such device");
  if (auto why = revoke_refusal(store, device, force)) return fail(*why);
  if (d->revoked) return fail("device " + device_name(*d) + " was already revoked");
  auto& replica = store.replica();
  try {
    auto tx = replica.transaction();
    // What this device accepted of it: its vector entry, or more when it holds versions past
    // that (an earned vector can stay a little behind what was merged).
    auto vv = replica.version_vector();
    auto it = vv.find(device);
    uint64_t accepted =
        std::max(it == vv.end() ? uint64_t{0} : it->second, replica.highest_seq_held(device));
    // And its claim kept aside from an earlier revocation (core/kept_claim.hpp): the take-back
    // then lowered the vector below it, so that a reinstatement reads it again. A cut-off below
    // it would drop it, and with it the one claim that confirms the versions the cut-off lets in:
    // devices that met the device only through others would wait for one that never comes
    // (seeds 1615 and 1889 of the long property test with revocations).
    if (auto kept = kept_claim(replica, device)) accepted = std::max(accepted, kept->stamp.seq);
    // Its versions from the first one stamped at a clock no device's own reaches are taken back
    // too: such a version can hold a field against every later write (a clock at the end of
    // time), and only a cut-off below it undoes that on every device.
    const uint64_t cutoff = std::min(accepted + 1, past_clock_cutoff(replica, device));
    d->revoked = true;
    d->revoked_cutoff = cutoff;
    // The same revocation as a record of its own, of the same version (table 12).
    RevocationRecord record;
    record.target = device;
    record.action = static_cast<int64_t>(RevocationAction::revoke);
    record.cutoff = cutoff;
    auto w = write_revocation(store, *d, {record});
    if (!w) return w.error_value();
    auto retracted = replica.retract_origin_after(device, cutoff - 1);
    if (hook) {
      auto h = hook(replica, *d);
      if (!h) return h.error_value();
    }
    tx.commit();
    if (taken) *taken = std::move(retracted);
  } catch (const DbError& e) {
    return fail(std::string("could not save: ") + e.what());
  }
  return *d;
}

Result<Device> reinstate_device(Store& store, const Id& device, const RevocationHook& hook) {
  auto d = store.devices().get(device);
  if (!d) return fail("no such device");
  if (!d->revoked) return fail("device " + device_name(*d) + " is not revoked");
  // Its own write would be past its cut-off, and refused everywhere.
  if (device == store.replica().device_id())
    return fail("a revoked device cannot reinstate itself");
  try {
    auto& replica = store.replica();
    auto tx = replica.transaction();
    const auto lifted = revocations_to_lift(replica, device);
    d->revoked = false;
    d->revoked_cutoff = 0;
    // One record for each revocation it lifts, of the same version (table 12).
    std::vector<RevocationRecord> records(lifted.size());
    for (size_t i = 0; i < lifted.size(); ++i) {
      records[i].target = device;
      records[i].action = static_cast<int64_t>(RevocationAction::reinstate);
      records[i].undoes = lifted[i];
    }
    auto w = write_revocation(store, *d, std::move(records));
    if (!w) return w.error_value();
    if (hook) {
      auto h = hook(replica, *d);
      if (!h) return h.error_value();
    }
    tx.commit();
  } catch (const DbError& e) {
    return fail(std::string("could not save: ") + e.what());
  }
  return *d;
}

}  // namespace mutua
