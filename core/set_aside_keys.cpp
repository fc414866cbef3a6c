#include "core/set_aside_keys.hpp"

#include <string_view>

#include "core/replica.hpp"
#include "core/taken_back.hpp"

namespace mutua {

namespace {
constexpr std::string_view kSetAsideKey = "records_set_aside";
// Its values: "1", records were set aside before their keys were kept (every bundle that looks
// known is read in full); "2", their keys are in kKeysKey: a table byte and the id's 16 bytes
// each, oldest first.
constexpr std::string_view kReadInFull = "1", kKeysKept = "2";
constexpr std::string_view kKeysKey = "set_aside_keys";
}  // namespace

bool records_set_aside(const Replica& store) {
  return store.local_get(kSetAsideKey).has_value();
}

bool set_aside_keys_kept(const Replica& store) {
  return store.local_get(kSetAsideKey) == kKeysKept;
}

std::vector<std::pair<TableId, Id>> set_aside_keys(const Replica& store) {
  return decode_row_keys(store.local_get(kKeysKey).value_or(std::string()));
}

void note_records_set_aside(Replica& store, const std::vector<std::pair<TableId, Id>>& keys) {
  const auto state = store.local_get(kSetAsideKey);
  if (state == kReadInFull) return;  // keys were never kept here: read in full, as before
  store.local_set(kKeysKey,
                  encode_row_keys(with_row_keys(set_aside_keys(store), keys, kSetAsideKept)));
  if (state != kKeysKept) store.local_set(kSetAsideKey, kKeysKept);
}

}  // namespace mutua
