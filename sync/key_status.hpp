#pragma once
// Where this device stands with the network key (docs/security.md, "Key rotation"), for the
// Settings screen and `mutua network show`: how many times the key changed, and whether a
// device has sent a bundle under a key this device was not given yet.
#include <cstdint>
#include <string>
#include <vector>

#include "core/replica.hpp"

namespace mutua {

struct KeyStatus {
  bool in_network = false;
  // Of the current key: each change (a revocation, or a key that reached a revoked device) is one
  // generation up, so this is how many times the key changed on the way to it.
  uint32_t generation = 0;
  // Devices whose latest bundle here could not be read because it is encrypted with a key this
  // device was not given (sync problem missing_key): it waits for the new key. Names, or short
  // ids; empty: this device has the current key as far as it has heard.
  std::vector<std::string> waiting_on;
};

// Reads the network and the latest sync log rows (at most `log_rows`).
KeyStatus key_status(const Replica& store, size_t log_rows = 200);

// English, for the CLI: "changed 2 times; this device has the current key", or "...; this device
// waits for the new key (a bundle from 'Tablet 3' is encrypted with it)".
std::string key_status_line(const KeyStatus& k);

}  // namespace mutua
