#pragma once
// Volunteers and their PINs, on top of the replicated `volunteers` table. A PIN identifies the
// volunteer at the pad, so no two volunteers share one. PINs are stored only as Argon2id hashes
// (libsodium crypto_pwhash_str, interactive limits) and replicate with the volunteer, so a PIN
// set at one site works at another after sync. Wrong tries are counted per device (local state,
// never replicated): after kFreePinTries a lockout starts at 30 s and doubles with each further
// wrong PIN. Which volunteers signed in on this device, newest first, is local state too: a PIN is
// checked against their hashes first, so a right PIN usually costs one Argon2id verification.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;

inline constexpr size_t kMinPinDigits = 4;
inline constexpr size_t kMaxPinLength = 12;
inline constexpr int kFreePinTries = 5;
inline constexpr int64_t kFirstLockoutMs = 30'000;
inline constexpr int64_t kMaxLockoutMs = 3'600'000;

// A volunteer as the console and the CLI see one: never the hash.
struct VolunteerInfo {
  Id id;
  std::string name;
  Role role = Role::volunteer;
  std::string site;
  bool has_pin = false;
};

// Why a PIN is refused, in words, or nothing when it is 4 to 12 digits.
std::optional<std::string> pin_problem(std::string_view pin);

// Creates a volunteer. Refuses an empty name, a bad PIN, or a PIN another volunteer already uses.
// Runs begin_add_volunteer, hash_new_pin and finish_pin_change in a row, on the calling thread.
Result<VolunteerInfo> add_volunteer(Store& store, std::string_view name, Role role,
                                    std::string_view pin, std::string_view site = {});
// Volunteers not removed, by name.
std::vector<VolunteerInfo> list_volunteers(const Store& store);
// Volunteers a sign-in on this device found using the same PIN as `id` (core/pin_sharing.hpp):
// until a coordinator gives them new PINs, that PIN signs nobody in. Empty for everyone else,
// and for everyone on a device where no sign-in tried such a PIN (hashes are salted: only a PIN
// typed can show it). Settings and `mutua volunteer list` flag them.
std::vector<Id> pin_shared_with(const Store& store, const Id& id);
std::optional<VolunteerInfo> find_volunteer(const Store& store, const Id& id);
// Finds a volunteer by id hex (a prefix of 4+ hex digits will do) or exact name.
Result<VolunteerInfo> find_volunteer(const Store& store, std::string_view id_or_name);
// Marks removed (a replicated flag, so removal reaches every device) and blanks the hash.
Result<Ok> remove_volunteer(Store& store, const Id& id);
// The same three steps as add_volunteer, for an existing volunteer.
Result<Ok> reset_pin(Store& store, const Id& id, std::string_view pin);
Result<Ok> set_role(Store& store, const Id& id, Role role);

// The lockout counts time on the boot clock (Replica::boot_time), never the wall clock: setting
// the date back (an RTC reset to 2000) or ahead neither lengthens nor ends it. What is stored is
// the time *left*, as of a point on the boot clock; a restart of the app keeps counting (same
// boot), a reboot counts at least the time since boot, and the time left is never more than the
// policy gives for the count of wrong tries. core/pin_lockout.cpp; docs/pins.md.
struct PinLockout {
  int failures = 0;          // wrong PINs in a row on this device
  int64_t remaining_ms = 0;  // time left on the lockout at boot_ms
  int64_t boot_ms = 0;       // when that was, on the boot clock
  std::string boot_id;       // in which boot ("" when the system does not say)
};
// How long the policy locks sign-in after `failures` wrong PINs in a row (0 below kFreePinTries).
int64_t lockout_policy_ms(int failures);
PinLockout pin_lockout(const Store& store);
bool is_locked_out(const Store& store);
// Milliseconds left on the lockout (0 when not locked out).
int64_t lockout_remaining_ms(const Store& store);
// Saves the time left as it runs down (at most every kLockoutSaveEveryMs), so that a reboot loses
// no more than that of the count; rewrites a lockout an older Mutua saved on the wall clock.
// The PIN pads call it each frame they are shown. Never throws.
inline constexpr int64_t kLockoutSaveEveryMs = 5'000;
void refresh_pin_lockout(Store& store);

// Who a PIN belongs to. Counts wrong tries and refuses tries during a lockout; a right PIN
// clears the count. Errors: "wrong PIN", "locked out" (see is_locked_out), "no PIN set", and
// "shared PIN": the PIN belongs to more than one volunteer (or to one found sharing it before),
// so it signs nobody in and both must be given new PINs. That try counts as a wrong one.
// Runs begin_sign_in, match_pin and finish_sign_in in a row, on the calling thread.
enum class SignInError { wrong_pin, locked_out, no_volunteers, shared_pin };
struct SignInResult {
  std::optional<VolunteerInfo> volunteer;
  SignInError error = SignInError::wrong_pin;
};
SignInResult sign_in(Store& store, std::string_view pin);

// Sign-in in three steps, so the slow part (Argon2id, ~0.1 s per volunteer) can run off the UI
// thread without sharing the store's connection:
//   begin_sign_in  (store's thread) refuses at once during a lockout or with nobody to match,
//                  reads the hashes, and counts the try as wrong until it proves right, so a
//                  try cut off half way (power lost, app closed) still counts;
//   match_pin      (any thread; touches no store) verifies, most recent sign-in first;
//   finish_sign_in (store's thread) clears the count on a match and remembers who signed in.
enum class PinScope { anyone, coordinators };
struct PinCandidate {
  VolunteerInfo info;
  std::string hash;
  bool known_unique = false;  // their PIN was found to match no one else's (pin_sharing.hpp)
};
struct PinAttempt {
  std::optional<SignInError> refused;  // locked_out or no_volunteers: nothing to verify
  std::string pin;
  // Volunteers in scope with a PIN, those who signed in on this device most recently first (a
  // device-local order), so a right PIN usually costs one verification. Empty for a malformed
  // PIN: it is simply wrong.
  std::vector<PinCandidate> candidates;
  // Volunteers with a PIN outside the scope: a PIN that matches a candidate not known unique is
  // tried against them too, since a shared PIN signs nobody in.
  std::vector<PinCandidate> outside_scope;
  std::string table_digest;  // of every volunteer's PIN as read (pin_sharing.hpp)
  PinAttempt() = default;
  PinAttempt(PinAttempt&&) = default;
  PinAttempt& operator=(PinAttempt&&) = default;
  ~PinAttempt();  // wipes the PIN
};
PinAttempt begin_sign_in(Store& store, std::string_view pin, PinScope scope = PinScope::anyone);
struct PinMatch {
  std::optional<VolunteerInfo> volunteer;
  std::vector<PinCandidate> shared_with;  // others the same PIN matched
  bool checked_all = false;               // tried against every other hash too
  int verifications = 0;                  // Argon2id checks spent (a test can count them)
};
// Stops at the first match whose volunteer is known unique; any other match is tried against
// every other hash, so a right PIN costs one verification per volunteer once per table of PINs.
// Stops early, matching nobody, once `cancelled` is set (checked between verifications).
PinMatch match_pin(const PinAttempt& attempt, const std::atomic<bool>* cancelled = nullptr);
SignInResult finish_sign_in(Store& store, const PinAttempt& attempt, const PinMatch& match);

// A new PIN (a volunteer added, or a PIN reset) in three steps, so the slow part (one Argon2id
// verification per other volunteer, then hashing the PIN) can run off the UI thread:
//   begin_add_volunteer / begin_reset_pin (store's thread) refuse a bad name or PIN at once and
//                  read the other volunteers' hashes;
//   hash_new_pin   (any thread; touches no store) refuses a PIN one of them uses, else hashes it;
//   finish_pin_change (store's thread) writes the volunteer, unless a volunteer was added or a
//                  PIN changed meanwhile (a sync, another tablet): the check is then stale and
//                  the change is refused in words, to be tried again.
struct PinChange {
  std::optional<std::string> refused;  // in words: nothing to hash
  std::optional<Id> resetting;         // whose PIN is reset; nothing for a new volunteer
  std::string name;                    // a new volunteer's, trimmed
  Role role = Role::volunteer;
  std::string site;
  std::string pin;
  std::vector<PinCandidate> others;  // every other volunteer with a PIN, as read
  PinChange() = default;
  PinChange(PinChange&&) = default;
  PinChange& operator=(PinChange&&) = default;
  ~PinChange();  // wipes the PIN
};
PinChange begin_add_volunteer(const Store& store, std::string_view name, Role role,
                              std::string_view pin, std::string_view site = {});
PinChange begin_reset_pin(const Store& store, const Id& id, std::string_view pin);
struct NewPinHash {
  std::optional<std::string> refused;  // in words: the PIN is taken, or hashing failed
  std::string hash;
  int verifications = 0;  // Argon2id checks spent (a test can count them)
};
// Stops early, refusing, once `cancelled` is set (checked between verifications).
NewPinHash hash_new_pin(const PinChange& change, const std::atomic<bool>* cancelled = nullptr);
// The volunteer as written (for a reset: as they are now, with the new PIN).
Result<VolunteerInfo> finish_pin_change(Store& store, const PinChange& change,
                                        const NewPinHash& hashed);

// Volunteer ids, most recent sign-in on this device first (local state, never replicated).
std::vector<Id> recent_sign_ins(const Store& store);
inline constexpr size_t kRecentSignInsKept = 64;

// True when `pin` belongs to a coordinator (no lockout bookkeeping: callers keep their own).
bool pin_is_coordinators(const Store& store, std::string_view pin);
bool has_coordinator(const Store& store);

}  // namespace mutua
