#pragma once
// While one of these lives, libsodium's random bytes (device keys, ids, nonces) come from a
// stream seeded by a number, so that a property test's run is the same run each time: a failing
// seed replays exactly, device ids and their order included. Tests only; one at a time.
#include <sodium.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace mutua::test {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) {
    if (active_) throw std::logic_error("one SeededRandom at a time");
    active_ = true;
    if (sodium_init() < 0) throw std::runtime_error("libsodium did not start");
    previous_internal_ = std::strcmp(randombytes_implementation_name(), "internal") == 0;
    std::memset(key_, 0, sizeof key_);
    std::memcpy(key_, &seed, sizeof seed);
    counter_ = 0;
    randombytes_set_implementation(&impl_);
  }
  ~SeededRandom() {
    randombytes_set_implementation(previous_internal_ ? &randombytes_internal_implementation
                                                      : &randombytes_sysrandom_implementation);
    active_ = false;
  }
  SeededRandom(const SeededRandom&) = delete;
  SeededRandom& operator=(const SeededRandom&) = delete;

 private:
  // Each call takes a fresh block of the ChaCha20 stream under the seed's key.
  static void buf(void* const out, const size_t size) {
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES] = {};
    std::memcpy(nonce, &counter_, sizeof counter_);
    ++counter_;
    crypto_stream_chacha20(static_cast<unsigned char*>(out), size, nonce, key_);
  }
  static uint32_t random() {
    uint32_t r;
    buf(&r, sizeof r);
    return r;
  }
  static const char* name() { return "seeded (tests)"; }
  static void stir() {}
  static int close() { return 0; }

  static inline bool active_ = false;
  static inline bool previous_internal_ = true;
  static inline unsigned char key_[crypto_stream_chacha20_KEYBYTES];
  static inline uint64_t counter_ = 0;
  static inline randombytes_implementation impl_ = {name, random, stir, nullptr, buf, close};
};

}  // namespace mutua::test
