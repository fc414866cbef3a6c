#include "core/pin_length.hpp"

#include <sodium.h>

#include <sstream>
#include <vector>

#include "core/pin_fingerprint.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

namespace {

constexpr const char* kKey = "pin_short";

using pin_note::fingerprint;
using pin_note::words;

std::optional<std::string> current_hash(const Store& store, const Id& id) {
  auto row = store.replica().read_row(TableId::volunteers, id);
  if (!row) return std::nullopt;
  return std::get<std::string>(row->fields[volunteer_field::pin_hash]);
}

}  // namespace

std::optional<std::string> pin_problem_for(std::string_view pin, Role role) {
  if (auto why = pin_problem(pin)) return why;
  if (role == Role::coordinator && pin.size() < kMinCoordinatorPinDigits)
    return "a coordinator's PIN has 6 to 12 digits: a shorter one can be guessed in minutes by "
           "anyone with a copy of a tablet's data";
  return std::nullopt;
}

void note_pin_length(Store& store, const Id& id, const std::string& hash, size_t digits) {
  const std::string prefix = id.hex() + ":";
  std::string text;
  for (const auto& w : words(store.replica().local_get(kKey).value_or("")))
    if (w.rfind(prefix, 0) != 0) text += (text.empty() ? "" : " ") + w;
  if (digits < kMinCoordinatorPinDigits)
    text += (text.empty() ? "" : " ") + prefix + fingerprint(hash);
  store.replica().local_set(kKey, text);
}

bool coordinator_pin_too_short(const Store& store, const Id& id) {
  auto v = find_volunteer(store, id);
  if (!v || v->role != Role::coordinator) return false;
  auto hash = current_hash(store, id);
  if (!hash || hash->empty()) return false;
  const std::string want = id.hex() + ":" + fingerprint(*hash);
  for (const auto& w : words(store.replica().local_get(kKey).value_or("")))
    if (w == want) return true;
  return false;
}

}  // namespace mutua
