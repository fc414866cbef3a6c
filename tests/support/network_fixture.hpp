#pragma once
// Several devices in one network, each with its own store and its own clock.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/store.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua::test {

struct TestDevice {
  int64_t wall = 1'750'000'000'000;
  std::unique_ptr<Store> store;
};

// Opens `count` devices (in memory unless dir is given) that all joined one network.
inline std::vector<std::unique_ptr<TestDevice>> make_network(
    size_t count, const std::string& dir = "", const std::string& name = "Riverside Relief") {
  std::vector<std::unique_ptr<TestDevice>> devices;
  std::string code;
  for (size_t i = 0; i < count; ++i) {
    auto d = std::make_unique<TestDevice>();
    TestDevice* raw = d.get();
    std::string path = dir.empty() ? ":memory:" : dir + "/device" + std::to_string(i) + ".db";
    auto s = Store::open(path, {[raw] { return raw->wall; }});
    REQUIRE(s.ok());
    d->store = std::move(*s);
    if (i == 0) {
      auto n = create_network(d->store->replica(), name);
      REQUIRE(n.ok());
      code = encode_join_code(*n);
    } else {
      REQUIRE(join_network(d->store->replica(), code).ok());
    }
    devices.push_back(std::move(d));
  }
  return devices;
}

// Sends everything `from` holds that `to` is known to lack; returns the import summary.
// `founder` founds the network "Riverside Relief"; returns a second device, in memory, joined to
// it.
inline std::unique_ptr<Store> found_and_join(Store& founder) {
  auto n = create_network(founder.replica(), "Riverside Relief");
  REQUIRE(n.ok());
  auto o = Store::open(":memory:");
  REQUIRE(o.ok());
  REQUIRE(join_network((*o)->replica(), encode_join_code(*n)).ok());
  return std::move(*o);
}

inline ImportSummary send(Store& from, Store& to, bool delta = true) {
  VersionVector base;
  if (delta)
    if (auto p = from.replica().peer(to.replica().device_id())) base = p->vector;
  auto bundle = build_bundle(from.replica(), base);
  REQUIRE_MESSAGE(bundle.ok(), (bundle.ok() ? "" : bundle.error()));
  auto r = import_bundle(to.replica(), bundle->bytes);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

inline Entry make_entry(Kind kind, std::string item, std::string category = "food",
                        int64_t qty = 4) {
  Entry e;
  e.kind = kind;
  e.item = std::move(item);
  e.category = std::move(category);
  e.quantity = qty;
  return e;
}

}  // namespace mutua::test
