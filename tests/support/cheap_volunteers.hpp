#pragma once
// Volunteers whose PIN hashes use libsodium's cheapest Argon2id parameters, written straight into
// the store. Verification reads the parameters from the hash, so sign-in works the same; only
// the tests get faster (the app itself always hashes at interactive limits, see add_volunteer).
#include <doctest/doctest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua::test {

inline VolunteerInfo add_cheap_volunteer(Store& store, const std::string& name, Role role,
                                         const std::string& pin, bool removed = false) {
  REQUIRE(sodium_init() >= 0);
  char hash[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  const std::vector<Value> fixed;
  const VolunteerInfo v{Id::random(), name, role, "Riverside School", true};
  auto r = store.replica().write(TableId::volunteers, v.id, &fixed,
                                 {{volunteer_field::name, name},
                                  {volunteer_field::role, int64_t(role)},
                                  {volunteer_field::pin_hash, std::string(hash)},
                                  {volunteer_field::site, v.site},
                                  {volunteer_field::removed, int64_t(removed ? 1 : 0)}});
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return v;
}

// Ten volunteers; the i-th (from 0) has PIN 100001 + i.
inline std::vector<VolunteerInfo> add_ten_volunteers(Store& store) {
  std::vector<VolunteerInfo> all;
  for (int i = 1; i <= 10; ++i)
    all.push_back(add_cheap_volunteer(store, "Volunteer " + std::to_string(i), Role::volunteer,
                                      std::to_string(100000 + i)));
  return all;
}

}  // namespace mutua::test
