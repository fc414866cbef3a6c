#include "core/unjudged_records.hpp"

#include <string>
#include <string_view>

#include "core/lost_creation.hpp"
#include "core/taken_back.hpp"

namespace mutua {

namespace {
// A table byte and the id's 16 bytes each, oldest first (core/taken_back.hpp, encode_row_keys).
constexpr std::string_view kUnjudgedKeysKey = "unjudged_keys";
}  // namespace

std::vector<std::pair<TableId, Id>> unjudged_keys(const Replica& store) {
  return decode_row_keys(store.local_get(kUnjudgedKeysKey).value_or(std::string()));
}

void note_unjudged(Replica& store, const std::vector<std::pair<TableId, Id>>& keys) {
  if (keys.empty()) return;
  store.local_set(kUnjudgedKeysKey,
                  encode_row_keys(with_row_keys(unjudged_keys(store), keys, kUnjudgedKept)));
}

std::vector<Replica::RetractResult::Refused> judge_unjudged(Replica& store) {
  const auto keys = unjudged_keys(store);
  if (keys.empty()) return {};
  std::vector<std::pair<TableId, Id>> still;
  std::vector<std::pair<std::pair<TableId, Id>, std::string>> refused;
  for (const auto& key : keys) {
    auto row = store.read_row(key.first, key.second);
    if (!row) continue;  // gone: a take-back, or set aside since
    bool later = false;
    if (auto why = store.refuse_incoming(*row, &later))
      refused.push_back({key, *why});
    else if (later)
      still.push_back(key);
  }
  std::vector<LostWrite> lost;
  auto out = store.set_aside_held(refused, lost);
  for (const auto& w : lost)
    if (lost_fits(store, w)) keep_lost(store, w);
  if (still.size() != keys.size()) store.local_set(kUnjudgedKeysKey, encode_row_keys(still));
  return out;
}

}  // namespace mutua
