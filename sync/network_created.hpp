#pragma once
// When a network was created: a UTC day, so two networks of one name can be told apart by
// people ("id 1a2b3c4d, created 12 Nov 2026"). The network id is derived from the key and says
// nothing about time, so the day is recorded when the network is created (local key
// `network_created`, "YYYY-MM-DD"), carried to joiners in the join code (version 3) and to
// everyone in the bundle header's nonce tail (docs/bundle-format.md, "Network creation day").
// A device that joined with an older code learns it from the first authenticated bundle of its
// own network that carries it. Unknown stays unknown: nothing is guessed.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/replica.hpp"

namespace mutua {

// Days since 1970-01-01 (UTC). Only days after 1970 and before 9999 are dates here.
using NetworkDay = int64_t;
inline constexpr NetworkDay kMaxNetworkDay = 2932896;  // 9999-12-31

// "2026-11-12" <-> day; nullopt for anything that is not such a date.
std::string day_iso(NetworkDay day);
std::optional<NetworkDay> parse_day_iso(std::string_view text);
// "12 Nov 2026": the English wording used in CLI lines and the sync log's English text.
std::string day_english(NetworkDay day);
// Year, month (1-12) and day of month of a day.
struct CivilDate {
  int year = 1970, month = 1, day = 1;
};
CivilDate civil_from_day(NetworkDay day);

// The local key. Reading tolerates a missing or malformed value (nullopt).
std::optional<NetworkDay> network_created_day(const Replica& store);
// Records the day unless one is already recorded (the first one known stays). Writes through
// local_set; call inside a transaction when it must go with other writes.
void remember_network_created(Replica& store, NetworkDay day);
// Today's UTC day by the device's wall clock.
NetworkDay today_utc(const Replica& store);

// The header's nonce tail. A nonce is 24 bytes; a writer that knows the day puts it in bytes
// 16..18 (little-endian) and a 5-byte tag in bytes 19..23: the first 5 bytes of BLAKE2b of bytes
// 0..18 with the hash key "mutua nonce day 1". Bytes 0..15 stay random (128 bits: no nonce
// repeats under one key). An older reader uses the nonce as a nonce and nothing else; a random
// nonce passes the tag check with probability 2^-40.
void stamp_nonce_day(std::array<uint8_t, 24>& nonce, NetworkDay day);
std::optional<NetworkDay> nonce_day(const std::array<uint8_t, 24>& nonce);

}  // namespace mutua
