#pragma once
// A need whose quantity a take-back left waiting for its value (docs/security.md, "A field
// waiting for its value"), on four devices of one network: a (0) knows m (2); d (1) makes the
// need of 4; m changes its quantity to 30 (and its item, with `item_too`); b (3) gets the need
// only through m, then a's revocation of m. m's change is taken back on b, and b never held d's
// values.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/revocation.hpp"
#include "support/network_fixture.hpp"

namespace mutua::test {

struct WaitingQuantity {
  std::vector<std::unique_ptr<TestDevice>> net;
  Entry need;  // as d made it
  Store& b() { return *net[3]->store; }

  // In memory, or in `dir` (device3.db is b's database).
  explicit WaitingQuantity(const std::string& dir = "", bool item_too = false)
      : net(make_network(4, dir)) {
    Store &a = *net[0]->store, &d = *net[1]->store, &m = *net[2]->store;
    send(m, a);
    auto made = d.entries().add(make_entry(Kind::need, "tea", "food", 4));
    REQUIRE(made.ok());
    need = *made;
    send(d, m);
    Entry at_m = *m.entries().get(need.id);
    at_m.quantity = 30;
    if (item_too) at_m.item = "tea from m";
    REQUIRE(m.entries().update(at_m).ok());
    send(m, b());
    REQUIRE(revoke_device(a, m.replica().device_id()).ok());
    send(a, b());
    REQUIRE(b().entries().get(need.id)->quantity == 0);
    REQUIRE(b().entries().get(need.id)->item.empty() == item_too);
  }
};

}  // namespace mutua::test
