#include "sync/key_status.hpp"

#include <map>

#include "core/plural.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua {

KeyStatus key_status(const Replica& store, size_t log_rows) {
  KeyStatus out;
  auto network = load_network(store);
  if (!network) return out;
  out.in_network = true;
  out.generation = network->generation;
  // The newest row per sender decides (the log is newest first): a bundle read since then means
  // the key has arrived. A refused bundle's row names its sender only in its detail (the
  // device's name or short id), so senders are told apart by that word.
  auto word = [&](const Id& id) {
    auto d = store.device(id);
    return d && !d->name.empty() ? d->name : id.hex().substr(0, 8);
  };
  std::map<std::string, bool> seen;
  for (const auto& e : store.sync_log(log_rows)) {
    const bool missing = e.problem == static_cast<int>(SyncProblem::missing_key);
    std::string who;
    if (missing)
      who = e.detail;
    else if (e.error.empty() && e.sender != Id{})
      who = word(e.sender);
    if (who.empty() || !seen.emplace(who, true).second) continue;
    if (missing) out.waiting_on.push_back(who);
  }
  return out;
}

std::string key_status_line(const KeyStatus& k) {
  if (!k.in_network) return "this device is not in a network";
  std::string out = k.generation == 0 ? std::string("never changed")
                                      : "changed " + count_en(k.generation, "time", "times");
  if (k.waiting_on.empty()) return out + "; this device has the current key";
  out += "; this device waits for the new key (";
  for (size_t i = 0; i < k.waiting_on.size(); ++i) out += (i ? ", '" : "'") + k.waiting_on[i] + "'";
  return out + (k.waiting_on.size() == 1 ? " sent a bundle" : " sent bundles") +
         " under a key it was not given)";
}

}  // namespace mutua
