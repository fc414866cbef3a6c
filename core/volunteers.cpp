#include "core/volunteers.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/pin_length.hpp"
#include "core/pin_lockout.hpp"
#include "core/pin_sharing.hpp"
#include "core/store.hpp"
#include "core/validate.hpp"

namespace mutua {

namespace {

constexpr std::string_view kRecentKey = "pin_recent";  // volunteer id hexes, newest first

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
void for_each_active(const Store& store, F&& f) {
  store.replica().for_each_row(TableId::volunteers, [&](const Row& row) {
    auto v = from_row(row);
    if (!v || v->removed) return true;
    return f(*v);
  });
}

bool ensure_sodium() {
  return sodium_init() >= 0;
}

bool pin_matches(const std::string& hash, std::string_view pin) {
  // crypto_pwhash_str_verify wants a NUL-terminated string within its fixed buffer size.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  // Never run Argon2id at a cost this app would not choose itself, even for a row already stored
  // (one that came from a bundle before import checked it): such a PIN simply does not match.
  if (!pin_hash_cost_ok(hash)) return false;
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

// Every active volunteer with a PIN except `except`, as they are in the store now.
std::vector<PinCandidate> pins_of_others(const Store& store, const Id* except) {
  std::vector<PinCandidate> out;
  for_each_active(store, [&](const StoredVolunteer& v) {
    if (v.info.has_pin && !(except && v.info.id == *except)) out.push_back({v.info, v.hash, false});
    return true;
  });
  return out;
}

// True when no volunteer got a PIN that `read` lacks (added, or their PIN changed): a check
// against `read` still holds. Volunteers removed since only free their PIN.
bool still_covers(const std::vector<PinCandidate>& read, const std::vector<PinCandidate>& now) {
  return std::all_of(now.begin(), now.end(), [&](const PinCandidate& n) {
    return std::any_of(read.begin(), read.end(), [&](const PinCandidate& r) {
      return r.info.id == n.info.id && r.hash == n.hash;
    });
  });
}

Result<Ok> write_fields(Store& store, const Id& id,
                        const std::vector<std::pair<uint16_t, Value>>& changes) {
  static const std::vector<Value> no_fixed;
  try {
    auto tx = store.replica().transaction();
    auto r = store.replica().write(TableId::volunteers, id, &no_fixed, changes);
    if (!r) return r;
    tx.commit();
  } catch (const std::exception& e) {
    store.replica().reload_caches();
    return fail(std::string("could not save the volunteer: ") + e.what());
  }
  return Ok{};
}

// Volunteers in scope who have a PIN, most recent sign-in on this device first, then the rest
// in the table's order.
std::vector<PinCandidate> candidates(const Store& store, PinScope scope) {
  std::vector<PinCandidate> out;
  for_each_active(store, [&](const StoredVolunteer& v) {
    if (v.info.has_pin && (scope == PinScope::anyone || v.info.role == Role::coordinator))
      out.push_back({v.info, v.hash, false});
    return true;
  });
  const std::vector<Id> recent = recent_sign_ins(store);
  auto rank = [&](const PinCandidate& c) {
    return size_t(std::find(recent.begin(), recent.end(), c.info.id) - recent.begin());
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const PinCandidate& a, const PinCandidate& b) { return rank(a) < rank(b); });
  return out;
}

void remember_sign_in(Store& store, const Id& id) {
  std::vector<Id> recent = recent_sign_ins(store);
  recent.erase(std::remove(recent.begin(), recent.end(), id), recent.end());
  recent.insert(recent.begin(), id);
  if (recent.size() > kRecentSignInsKept) recent.resize(kRecentSignInsKept);
  std::string text;
  for (const Id& r : recent) text += (text.empty() ? "" : " ") + r.hex();
  store.replica().local_set(kRecentKey, text);
}

}  // namespace

std::optional<std::string> pin_problem(std::string_view pin) {
  if (!std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "a PIN has digits only";
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinLength) return "a PIN has 4 to 12 digits";
  return std::nullopt;
}

Result<VolunteerInfo> add_volunteer(Store& store, std::string_view name, Role role,
                                    std::string_view pin, std::string_view site) {
  const PinChange change = begin_add_volunteer(store, name, role, pin, site);
  return finish_pin_change(store, change, hash_new_pin(change));
}

std::vector<VolunteerInfo> list_volunteers(const Store& store) {
  std::vector<VolunteerInfo> out;
  for_each_active(store, [&](const StoredVolunteer& v) {
    out.push_back(v.info);
    return true;
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const VolunteerInfo& a, const VolunteerInfo& b) { return a.name < b.name; });
  return out;
}

std::optional<VolunteerInfo> find_volunteer(const Store& store, const Id& id) {
  auto row = store.replica().read_row(TableId::volunteers, id);
  if (!row) return std::nullopt;
  auto v = from_row(*row);
  if (!v || v->removed) return std::nullopt;
  return v->info;
}

Result<VolunteerInfo> find_volunteer(const Store& store, std::string_view id_or_name) {
  std::vector<VolunteerInfo> hits;
  std::string lower(id_or_name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
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

Result<Ok> remove_volunteer(Store& store, const Id& id) {
  if (!find_volunteer(store, id)) return fail("no such volunteer");
  return write_fields(
      store, id,
      {{volunteer_field::removed, int64_t(1)}, {volunteer_field::pin_hash, std::string()}});
}

Result<Ok> reset_pin(Store& store, const Id& id, std::string_view pin) {
  const PinChange change = begin_reset_pin(store, id, pin);
  auto r = finish_pin_change(store, change, hash_new_pin(change));
  if (!r) return r.error_value();
  return Ok{};
}

PinChange::~PinChange() {
  if (!pin.empty()) sodium_memzero(pin.data(), pin.size());
}

PinChange begin_add_volunteer(const Store& store, std::string_view name, Role role,
                              std::string_view pin, std::string_view site) {
  PinChange c;
  std::string trimmed(name);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  trimmed.erase(0, std::min(trimmed.find_first_not_of(" \t\r\n"), trimmed.size()));
  if (trimmed.empty()) {
    c.refused = "a volunteer needs a name";
  } else if (trimmed.size() > 200) {
    c.refused = "that name is too long (200 bytes at most)";
  } else if (auto why = pin_problem_for(pin, role)) {
    c.refused = *why;
  }
  if (c.refused) return c;
  c.name = std::move(trimmed);
  c.role = role;
  c.site = std::string(site);
  c.pin = std::string(pin);
  c.others = pins_of_others(store, nullptr);
  return c;
}

PinChange begin_reset_pin(const Store& store, const Id& id, std::string_view pin) {
  PinChange c;
  c.resetting = id;
  const auto v = find_volunteer(store, id);
  if (!v) {
    c.refused = "no such volunteer";
  } else if (auto why = pin_problem_for(pin, v->role)) {
    c.refused = *why;
  }
  if (c.refused) return c;
  c.pin = std::string(pin);
  c.others = pins_of_others(store, &id);
  return c;
}

NewPinHash hash_new_pin(const PinChange& change, const std::atomic<bool>* cancelled) {
  NewPinHash h;
  if (change.refused) {
    h.refused = *change.refused;
    return h;
  }
  if (!ensure_sodium()) {
    h.refused = "the crypto library failed to start";
    return h;
  }
  for (const PinCandidate& c : change.others) {
    if (cancelled && cancelled->load(std::memory_order_relaxed)) break;
    ++h.verifications;
    if (pin_matches(c.hash, change.pin)) {
      h.refused = "another volunteer already uses that PIN; choose another";
      return h;
    }
  }
  if (cancelled && cancelled->load(std::memory_order_relaxed)) {
    h.refused = "the PIN was not saved";
    return h;
  }
  auto hash = hash_pin(change.pin);
  if (!hash) {
    h.refused = hash.error();
    return h;
  }
  h.hash = std::move(*hash);
  return h;
}

Result<VolunteerInfo> finish_pin_change(Store& store, const PinChange& change,
                                        const NewPinHash& hashed) {
  if (change.refused) return fail(*change.refused);
  if (hashed.refused) return fail(*hashed.refused);
  // The hashes were read before the check; a sync or another tablet may have added a volunteer
  // or changed a PIN meanwhile, and the new PIN was never checked against theirs.
  const Id* except = change.resetting ? &*change.resetting : nullptr;
  if (!still_covers(change.others, pins_of_others(store, except)))
    return fail("the volunteers changed while the PIN was checked; try again");
  using namespace volunteer_field;
  if (change.resetting) {
    auto now = find_volunteer(store, *change.resetting);
    if (!now) return fail("no such volunteer");
    auto r = write_fields(store, now->id, {{pin_hash, hashed.hash}});
    if (!r) return r.error_value();
    note_pin_length(store, now->id, hashed.hash, change.pin.size());  // core/pin_length.hpp
    now->has_pin = true;
    return *now;
  }
  VolunteerInfo v{Id::random(), change.name, change.role, change.site, true};
  auto r = write_fields(store, v.id,
                        {{volunteer_field::name, v.name},
                         {volunteer_field::role, int64_t(v.role)},
                         {pin_hash, hashed.hash},
                         {volunteer_field::site, v.site},
                         {removed, int64_t(0)}});
  if (!r) return r.error_value();
  note_pin_length(store, v.id, hashed.hash, change.pin.size());  // core/pin_length.hpp
  return v;
}

Result<Ok> set_role(Store& store, const Id& id, Role role) {
  if (!find_volunteer(store, id)) return fail("no such volunteer");
  return write_fields(store, id, {{volunteer_field::role, int64_t(role)}});
}

PinAttempt::~PinAttempt() {
  if (!pin.empty()) sodium_memzero(pin.data(), pin.size());
}

std::vector<Id> recent_sign_ins(const Store& store) {
  std::vector<Id> out;
  const std::string text = store.replica().local_get(kRecentKey).value_or("");
  std::string_view rest(text);
  while (!rest.empty() && out.size() < kRecentSignInsKept) {
    const size_t sp = rest.find(' ');
    if (auto id = Id::from_hex(rest.substr(0, sp))) out.push_back(*id);
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  return out;
}

PinAttempt begin_sign_in(Store& store, std::string_view pin, PinScope scope) {
  PinAttempt a;
  if (is_locked_out(store)) {
    a.refused = SignInError::locked_out;
    return a;
  }
  std::vector<PinCandidate> in_scope = candidates(store, scope);
  std::vector<PinCandidate> all = pins_of_others(store, nullptr);
  if (in_scope.empty()) {
    a.refused = SignInError::no_volunteers;
    return a;
  }
  // Counted as wrong now and cleared by finish_sign_in on a match: a try abandoned half way
  // cannot escape the count.
  count_wrong_pin(store);
  a.pin = std::string(pin);
  // A malformed PIN is simply wrong (and counts), so the pad gives nothing away.
  if (pin_problem(pin)) return a;
  a.table_digest = pin_table_digest(all);
  const std::vector<Id> unique = pins_known_unique(store, a.table_digest);
  for (PinCandidate& c : in_scope)
    c.known_unique = std::find(unique.begin(), unique.end(), c.info.id) != unique.end();
  for (PinCandidate& c : all)
    if (std::none_of(in_scope.begin(), in_scope.end(),
                     [&](const PinCandidate& i) { return i.info.id == c.info.id; }))
      a.outside_scope.push_back(std::move(c));
  a.candidates = std::move(in_scope);
  return a;
}

PinMatch match_pin(const PinAttempt& attempt, const std::atomic<bool>* cancelled) {
  PinMatch m;
  if (!ensure_sodium()) return m;
  auto stop = [&] { return cancelled && cancelled->load(std::memory_order_relaxed); };
  for (const PinCandidate& c : attempt.candidates) {
    if (stop()) return PinMatch{{}, {}, false, m.verifications};
    ++m.verifications;
    if (!pin_matches(c.hash, attempt.pin)) continue;
    if (!m.volunteer) {
      m.volunteer = c.info;
      if (c.known_unique) return m;
    } else {
      m.shared_with.push_back(c);
    }
  }
  if (!m.volunteer) return m;
  // A right PIN not known to be unique: is it anyone else's too?
  for (const PinCandidate& c : attempt.outside_scope) {
    if (stop()) return PinMatch{{}, {}, false, m.verifications};
    ++m.verifications;
    if (pin_matches(c.hash, attempt.pin)) m.shared_with.push_back(c);
  }
  m.checked_all = true;
  return m;
}

SignInResult finish_sign_in(Store& store, const PinAttempt& attempt, const PinMatch& match) {
  SignInResult r;
  if (attempt.refused) {
    r.error = *attempt.refused;
    return r;
  }
  r.error = SignInError::wrong_pin;  // already counted by begin_sign_in
  if (!match.volunteer) return r;
  // The hashes were read before the check; a sync meanwhile may have removed the volunteer or
  // changed their PIN. Only the PIN they still have signs in, with their role as it is now.
  auto row = store.replica().read_row(TableId::volunteers, match.volunteer->id);
  auto now = row ? from_row(*row) : std::nullopt;
  const auto was =
      std::find_if(attempt.candidates.begin(), attempt.candidates.end(),
                   [&](const PinCandidate& c) { return c.info.id == match.volunteer->id; });
  if (!now || now->removed || was == attempt.candidates.end() || now->hash != was->hash) return r;
  if (!match.shared_with.empty()) {
    std::vector<PinCandidate> group = match.shared_with;
    group.push_back(*was);
    try {
      record_shared_pin(store, group);
    } catch (const std::exception&) {
      // Still refused; only the flag in the volunteer list was lost.
    }
    r.error = SignInError::shared_pin;
    return r;
  }
  if (!pin_shared_with(store, now->info.id, now->hash).empty()) {
    r.error = SignInError::shared_pin;  // found shared before, and not reset since
    return r;
  }
  try {
    auto tx = store.replica().transaction();
    clear_pin_lockout(store);
    remember_sign_in(store, now->info.id);
    // A coordinator's PIN shorter than 6 digits keeps working; Settings asks for a new one.
    note_pin_length(store, now->info.id, now->hash, attempt.pin.size());
    // Checked against every hash as the PINs still are: the next sign-in needs one check.
    if (match.checked_all &&
        pin_table_digest(pins_of_others(store, nullptr)) == attempt.table_digest)
      mark_pin_unique(store, attempt.table_digest, now->info.id);
    tx.commit();
  } catch (const std::exception&) {
    // The sign-in stands; only the bookkeeping was lost (the next right PIN clears it again).
  }
  r.volunteer = now->info;
  return r;
}

SignInResult sign_in(Store& store, std::string_view pin) {
  const PinAttempt attempt = begin_sign_in(store, pin);
  return finish_sign_in(store, attempt, match_pin(attempt));
}

bool pin_is_coordinators(const Store& store, std::string_view pin) {
  if (pin_problem(pin)) return false;
  PinAttempt a;
  a.pin = std::string(pin);
  a.candidates = candidates(store, PinScope::coordinators);
  for (PinCandidate& c : pins_of_others(store, nullptr))
    if (c.info.role != Role::coordinator) a.outside_scope.push_back(std::move(c));
  // Every hash is tried on a match: a PIN a volunteer shares is no coordinator's alone.
  const PinMatch m = match_pin(a);
  if (!m.volunteer || !m.shared_with.empty()) return false;
  return pin_shared_with(store, m.volunteer->id).empty();
}

std::vector<Id> pin_shared_with(const Store& store, const Id& id) {
  auto row = store.replica().read_row(TableId::volunteers, id);
  auto v = row ? from_row(*row) : std::nullopt;
  if (!v || v->removed) return {};
  return pin_shared_with(store, id, v->hash);
}

bool has_coordinator(const Store& store) {
  bool any = false;
  for_each_active(store, [&](const StoredVolunteer& v) {
    any = v.info.role == Role::coordinator && v.info.has_pin;
    return !any;
  });
  return any;
}

}  // namespace mutua
