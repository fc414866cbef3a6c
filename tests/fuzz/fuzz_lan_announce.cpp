// libFuzzer target on the UDP announce (sync/lan_announce.hpp, docs/lan-protocol.md, "Announce")
// as a listener opens it, with the keys of the fuzz network (two generations). No I/O: the
// datagram is the input. The first byte picks how the rest is used:
//   even  the datagram itself, as any device on the Wi-Fi could send it;
//   odd   its 30 plain bytes (device, port, generation, time) sealed here with the current key,
//         so the fields past the authentication are fuzzed too.
// Any bytes give an answer, never a crash. A datagram that opens has a port and a device; what
// opens re-seals to a datagram that opens to the same announce; nothing but 75 bytes opens.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_network.hpp"
#include "sync/lan_announce.hpp"

using namespace mutua;

namespace {

const std::vector<AnnounceKey>& keys() {
  static const std::vector<AnnounceKey> k = [] {
    NetworkKey current{}, older{};
    for (size_t i = 0; i < current.size(); ++i) {
      current[i] = fuzz::network().key[i];
      older[i] = static_cast<uint8_t>(current[i] ^ 0x5A);
    }
    return std::vector<AnnounceKey>{derive_announce_key(current), derive_announce_key(older)};
  }();
  return k;
}

bool same(const Announce& a, const Announce& b) {
  return a.device == b.device && a.http_port == b.http_port && a.generation == b.generation &&
         a.timestamp_ms == b.timestamp_ms;
}

void check_opened(std::string_view datagram) {
  const OpenedAnnounce o = open_announce(datagram, keys());
  if (o.refusal != AnnounceRefusal::none) return;
  if (datagram.size() != kAnnounceSize) fuzz::die("a datagram of another size opened");
  if (o.announce.http_port == 0 || o.announce.device.is_zero())
    fuzz::die("an announce without a port or a device opened");
  for (const auto& key : keys()) {
    const OpenedAnnounce again = open_announce(seal_announce(o.announce, key), keys());
    if (again.refusal != AnnounceRefusal::none || !same(again.announce, o.announce))
      fuzz::die("an opened announce does not survive being sealed again");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kMaxAnnounceDatagram + 1) return 0;  // the listener reads no more
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    check_opened(rest);
    return 0;
  }
  // The plain fields, sealed with the current key: the layout past the tag.
  Announce a;
  uint8_t plain[kAnnouncePlainSize] = {};
  std::memcpy(plain, rest.data(), std::min(rest.size(), sizeof plain));
  std::memcpy(a.device.bytes.data(), plain, 16);
  a.http_port = static_cast<uint16_t>(plain[16] | (plain[17] << 8));
  uint64_t g = 0, t = 0;
  for (int i = 0; i < 4; ++i) g |= uint64_t{plain[18 + i]} << (8 * i);
  for (int i = 0; i < 8; ++i) t |= uint64_t{plain[22 + i]} << (8 * i);
  a.generation = static_cast<uint32_t>(g);
  a.timestamp_ms = static_cast<int64_t>(t);
  const std::string sealed = seal_announce(a, keys()[data[0] / 2 % 2]);
  if (sealed.size() != kAnnounceSize) fuzz::die("a sealed announce is not 75 bytes");
  const OpenedAnnounce o = open_announce(sealed, keys());
  const bool empty = a.http_port == 0 || a.device.is_zero();
  if (empty != (o.refusal == AnnounceRefusal::malformed))
    fuzz::die("an announce sealed here was judged wrongly");
  if (!empty && !same(o.announce, a)) fuzz::die("an announce sealed here opened to another");
  check_opened(sealed);
  // One flipped byte anywhere in it: never opens as the same announce with a valid tag.
  std::string flipped = sealed;
  flipped[rest.size() % flipped.size()] ^= 0x01;
  const OpenedAnnounce f = open_announce(flipped, keys());
  if (f.refusal == AnnounceRefusal::none) fuzz::die("a tampered announce opened");
  return 0;
}
