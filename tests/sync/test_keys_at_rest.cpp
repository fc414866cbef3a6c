// Issue 10, "Secrets at rest": the network key and this device's signing key are kept in the
// secrets table (migration 10), never beside settings in `local`, and never leave in a bundle.
#include <doctest/doctest.h>

#include "core/db.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("the network and signing keys live in the secrets table and never travel") {
  TempDir dir;
  auto a = open_store(dir.file("a.db"));
  auto net = found(*a);
  auto keys = device_keys(a->replica());
  const std::string network_key(reinterpret_cast<const char*>(net.key.data()), net.key.size());
  const std::string secret_key(reinterpret_cast<const char*>(keys.secret_key.data()),
                               keys.secret_key.size());
  CHECK(a->replica().secret_get("network_key") == network_key);
  CHECK(a->replica().secret_get("sign_sk") == secret_key);
  CHECK(!a->replica().local_get("network_key"));
  CHECK(!a->replica().local_get("sign_sk"));
  // Reopened, the device is still in its network with the same keys.
  a.reset();
  a = open_store(dir.file("a.db"));
  auto again = load_network(a->replica());
  REQUIRE(again);
  CHECK(again->key == net.key);
  CHECK(device_keys(a->replica()).secret_key == keys.secret_key);
  add(*a, sample_need("rice"));
  auto bytes = bundle_of(*a);
  CHECK(bytes.find(network_key) == std::string::npos);
  CHECK(bytes.find(secret_key) == std::string::npos);
}
