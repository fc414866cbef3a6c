#pragma once
// The network the fuzz target and its seed corpus share: a fixed key, so that the genuine
// bodies in tests/fuzz/corpus carry device keys signed for this very network.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/store.hpp"
#include "sync/network.hpp"

namespace mutua::fuzz {

inline const Network& network() {
  static const Network n = [] {
    Network net;
    net.name = "Fuzz Relief";
    for (size_t i = 0; i < net.key.size(); ++i) net.key[i] = static_cast<uint8_t>(0xA5 ^ (i * 7));
    net.id = derive_network_id(net.key);
    return net;
  }();
  return n;
}

[[noreturn]] inline void die(const std::string& what) {
  std::fprintf(stderr, "\nfuzz: %s\n", what.c_str());
  std::abort();  // libFuzzer keeps the input that got here and prints its file name
}

// A fresh device (in memory) in the fuzz network.
inline std::unique_ptr<Store> device() {
  auto s = Store::open(":memory:");
  if (!s) die("cannot open a store: " + s.error());
  auto j = join_network((*s)->replica(), encode_join_code(network()));
  if (!j) die("cannot join: " + j.error());
  return std::move(*s);
}

}  // namespace mutua::fuzz
