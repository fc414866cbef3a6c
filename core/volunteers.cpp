#include "core/volunteers.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/store.hpp"

namespace mutua {

namespace {

constexpr std::string_view kLockoutKey = "pin_lockout";  // "<failures> <locked_until_ms>"

struct StoredVolunteer {
  VolunteerInfo info;
  std::string hash;
  bool removed = false;
};

std::optional<StoredVolunteer> from_row(const Row& row) {
  using namespace volunteer_field;
  if (row.fields.size() <= removed) return std::nullopt;
  const auto* name_v = std::get_if<std::string>(&row.fields[name]);
  const auto* role_v = std::get_if<int64_t>(&row.fields[role]);
  const auto* hash_v = std::get_if<std::string>(&row.fields[pin_hash]);
  const auto* site_v = std::get_if<std::string>(&row.fields[site]);
  const auto* removed_v = std::get_if<int64_t>(&row.fields[removed]);
  if (!name_v || !role_v || !hash_v || !site_v || !removed_v) return std::nullopt;
  StoredVolunteer v;
  v.info.id = row.id;
  v.info.name = *name_v;
  v.info.role = *role_v == int64_t(Role::coordinator) ? Role::coordinator : Role::volunteer;
  v.info.site = *site_v;
  v.info.has_pin = !hash_v->empty();
  v.hash = *hash_v;
  v.removed = *removed_v != 0;
  return v;
}

template <typename F>
void for_each_active(const EntryStore& store, F&& f) {
  store.for_each_row(TableId::volunteers, [&](const Row& row) {
    auto v = from_row(row);
    if (!v || v->removed) return true;
    return f(*v);
  });
}

bool ensure_sodium() { return sodium_init() >= 0; }

bool pin_matches(const std::string& hash, std::string_view pin) {
  // crypto_pwhash_str_verify wants a NUL-terminated string within its fixed buffer size.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

Result<std::string> hash_pin(std::string_view pin) {
  if (!ensure_sodium()) return fail("the crypto library failed to start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return fail("not enough memory to hash the PIN");
  return std::string(out);
}

// The volunteer whose PIN this is, skipping `except`.
std::optional<VolunteerInfo> owner_of(const EntryStore& store, std::string_view pin,
                                      const Id* except = nullptr) {
  if (!ensure_sodium()) return std::nullopt;
  std::optional<VolunteerInfo> found;
  for_each_active(store, [&](const StoredVolunteer& v) {
    if (except && v.info.id == *except) return true;
    if (pin_matches(v.hash, pin)) found = v.info;
    return !found;
  });
  return found;
}

Result<Ok> write_fields(EntryStore& store, const Id& id,
                        const std::vector<std::pair<uint16_t, Value>>& changes) {
  static const std::vector<Value> no_fixed;
  try {
    Transaction tx(store.db());
    auto r = store.write(TableId::volunteers, id, &no_fixed, changes);
    if (!r) return r;
    tx.commit();
  } catch (const std::exception& e) {
    store.reload_caches();
    return fail(std::string("could not save the volunteer: ") + e.what());
  }
  return Ok{};
}

void save_lockout(EntryStore& store, const PinLockout& l) {
  store.local_set(kLockoutKey, std::to_string(l.failures) + " " + std::to_string(l.locked_until_ms));
}

}  // namespace

std::optional<std::string> pin_problem(std::string_view pin) {
  if (!std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "a PIN has digits only";
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinLength)
    return "a PIN has 4 to 12 digits";
  return std::nullopt;
}

Result<VolunteerInfo> add_volunteer(EntryStore& store, std::string_view name, Role role,
                                    std::string_view pin, std::string_view site) {
  std::string trimmed(name);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  trimmed.erase(0, std::min(trimmed.find_first_not_of(" \t\r\n"), trimmed.size()));
  if (trimmed.empty()) return fail("a volunteer needs a name");
  if (trimmed.size() > 200) return fail("that name is too long (200 bytes at most)");
  if (auto why = pin_problem(pin)) return fail(*why);
  if (owner_of(store, pin)) return fail("another volunteer already uses that PIN; choose another");
  auto hash = hash_pin(pin);
  if (!hash) return fail(hash.error());
  VolunteerInfo v{Id::random(), trimmed, role, std::string(site), true};
  using namespace volunteer_field;
  auto r = write_fields(store, v.id,
                        {{volunteer_field::name, v.name},
                         {volunteer_field::role, int64_t(role)},
                         {pin_hash, *hash},
                         {volunteer_field::site, v.site},
                         {removed, int64_t(0)}});
  if (!r) return fail(r.error());
  return v;
}

std::vector<VolunteerInfo> list_volunteers(const EntryStore& store) {
  std::vector<VolunteerInfo> out;
  for_each_active(store, [&](const StoredVolunteer& v) {
    out.push_back(v.info);
    return true;
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const VolunteerInfo& a, const VolunteerInfo& b) { return a.name < b.name; });
  return out;
}

std::optional<VolunteerInfo> find_volunteer(const EntryStore& store, const Id& id) {
  auto row = store.read_row(TableId::volunteers, id);
  if (!row) return std::nullopt;
  auto v = from_row(*row);
  if (!v || v->removed) return std::nullopt;
  return v->info;
}

Result<VolunteerInfo> find_volunteer(const EntryStore& store, std::string_view id_or_name) {
  std::vector<VolunteerInfo> hits;
  std::string lower(id_or_name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& v : list_volunteers(store)) {
    const bool by_id = lower.size() >= 4 && v.id.hex().rfind(lower, 0) == 0;
    if (by_id || v.name == id_or_name) hits.push_back(v);
  }
  if (hits.empty()) return fail("no volunteer '" + std::string(id_or_name) + "' on this device");
  if (hits.size() > 1)
    return fail("'" + std::string(id_or_name) + "' matches " + std::to_string(hits.size()) +
                " volunteers; give the id from: mutua volunteer list");
  return hits.front();
}

Result<Ok> remove_volunteer(EntryStore& store, const Id& id) {
  if (!find_volunteer(store, id)) return fail("no such volunteer");
  return write_fields(store, id,
                      {{volunteer_field::removed, int64_t(1)}, {volunteer_field::pin_hash, std::string()}});
}

Result<Ok> reset_pin(EntryStore& store, const Id& id, std::string_view pin) {
  if (!find_volunteer(store, id)) return fail("no such volunteer");
  if (auto why = pin_problem(pin)) return fail(*why);
  if (owner_of(store, pin, &id)) return fail("another volunteer already uses that PIN; choose another");
  auto hash = hash_pin(pin);
  if (!hash) return fail(hash.error());
  return write_fields(store, id, {{volunteer_field::pin_hash, *hash}});
}

Result<Ok> set_role(EntryStore& store, const Id& id, Role role) {
  if (!find_volunteer(store, id)) return fail("no such volunteer");
  return write_fields(store, id, {{volunteer_field::role, int64_t(role)}});
}

PinLockout pin_lockout(const EntryStore& store) {
  PinLockout l;
  if (auto s = store.local_get(kLockoutKey)) {
    try {
      size_t used = 0;
      l.failures = std::stoi(*s, &used);
      l.locked_until_ms = std::stoll(s->substr(used));
    } catch (...) {
      l = PinLockout{};
    }
  }
  return l;
}

bool is_locked_out(const EntryStore& store) { return lockout_remaining_ms(store) > 0; }

int64_t lockout_remaining_ms(const EntryStore& store) {
  return std::max<int64_t>(0, pin_lockout(store).locked_until_ms - store.now_ms());
}

SignInResult sign_in(EntryStore& store, std::string_view pin) {
  SignInResult r;
  if (is_locked_out(store)) {
    r.error = SignInError::locked_out;
    return r;
  }
  bool any = false;
  for_each_active(store, [&](const StoredVolunteer& v) {
    any = any || v.info.has_pin;
    return !any;
  });
  if (!any) {
    r.error = SignInError::no_volunteers;
    return r;
  }
  // A malformed PIN is simply wrong (and counts), so the pad gives nothing away.
  if (!pin_problem(pin)) r.volunteer = owner_of(store, pin);
  PinLockout l = pin_lockout(store);
  if (r.volunteer) {
    if (l.failures != 0) save_lockout(store, PinLockout{});
    return r;
  }
  r.error = SignInError::wrong_pin;
  ++l.failures;
  if (l.failures >= kFreePinTries) {
    const int doublings = std::min(l.failures - kFreePinTries, 20);
    l.locked_until_ms = store.now_ms() + std::min(kMaxLockoutMs, kFirstLockoutMs << doublings);
  }
  save_lockout(store, l);
  return r;
}

bool pin_is_coordinators(const EntryStore& store, std::string_view pin) {
  if (pin_problem(pin)) return false;
  auto v = owner_of(store, pin);
  return v && v->role == Role::coordinator;
}

bool has_coordinator(const EntryStore& store) {
  bool any = false;
  for_each_active(store, [&](const StoredVolunteer& v) {
    any = v.info.role == Role::coordinator && v.info.has_pin;
    return !any;
  });
  return any;
}

}  // namespace mutua
