#include "core/taken_back.hpp"

#include <algorithm>
#include <set>

#include "core/replica.hpp"

namespace mutua {

namespace {
// Its values: "2", the keys are in kKeysKey; "1", read in full (taken back before keys were kept,
// or more records than kTakenBackKept). Absent: nothing noted yet.
constexpr std::string_view kStateKey = "taken_back";
constexpr std::string_view kKeysKept = "2", kReadInFull = "1";
constexpr std::string_view kKeysKey = "taken_back_keys";
constexpr size_t kKeyBytes = 17;
}  // namespace

std::string encode_row_keys(const std::vector<RowKey>& keys) {
  std::string out;
  out.reserve(keys.size() * kKeyBytes);
  for (const auto& [table, id] : keys) {
    out.push_back(static_cast<char>(table));
    out.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
  }
  return out;
}

std::vector<RowKey> decode_row_keys(std::string_view bytes) {
  std::vector<RowKey> keys;
  for (size_t at = 0; at + kKeyBytes <= bytes.size(); at += kKeyBytes) {
    Id id;
    std::copy(bytes.begin() + static_cast<long>(at + 1),
              bytes.begin() + static_cast<long>(at + kKeyBytes), id.bytes.begin());
    keys.emplace_back(static_cast<TableId>(static_cast<uint8_t>(bytes[at])), id);
  }
  return keys;
}

std::vector<RowKey> with_row_keys(std::vector<RowKey> kept, const std::vector<RowKey>& keys,
                                  size_t bound) {
  std::set<RowKey> have(kept.begin(), kept.end());
  for (const auto& key : keys)
    if (have.insert(key).second) kept.push_back(key);
  if (kept.size() > bound)
    kept.erase(kept.begin(), kept.begin() + static_cast<long>(kept.size() - bound));
  return kept;
}

void note_taken_back(Replica& store, const std::vector<RowKey>& keys, bool took_back_before) {
  const auto state = store.local_get(kStateKey);
  if (state == kReadInFull) return;
  if (!state && took_back_before) {
    store.local_set(kStateKey, kReadInFull);
    return;
  }
  auto kept = decode_row_keys(store.local_get(kKeysKey).value_or(std::string()));
  std::set<RowKey> have(kept.begin(), kept.end());
  for (const auto& key : keys)
    if (have.insert(key).second) kept.push_back(key);
  if (kept.size() > kTakenBackKept) {
    store.local_set(kStateKey, kReadInFull);
    store.local_set(kKeysKey, std::string());
    return;
  }
  store.local_set(kKeysKey, encode_row_keys(kept));
  if (state != kKeysKept) store.local_set(kStateKey, kKeysKept);
}

std::optional<std::vector<RowKey>> taken_back_keys(const Replica& store) {
  if (store.local_get(kStateKey) != kKeysKept) return std::nullopt;
  return decode_row_keys(store.local_get(kKeysKey).value_or(std::string()));
}

}  // namespace mutua
