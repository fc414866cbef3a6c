// Sound out through SDL (platform/audio.hpp): with SDL's dummy driver a buffer is queued and a
// stop empties the queue; with no audio driver nothing claims to play.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "platform/audio.hpp"
#include "support/audio_driver.hpp"

using namespace mutua;
using mutua::test::AudioDriver;

namespace {}  // namespace

TEST_CASE("audio: the dummy driver plays a queued buffer, and stop empties the queue") {
  AudioDriver driver("dummy");
  AudioOut out;
  CHECK(out.queued_bytes() == 0);  // nothing is opened before it is needed
  REQUIRE(out.available());
  CHECK(out.why_not().empty());
  const std::vector<int16_t> two_seconds(22050 * 2, 1000);
  REQUIRE(out.play(two_seconds, 22050));
  // Queued (the dummy device eats it at real speed: two seconds cannot be gone already).
  CHECK(out.queued_bytes() > 0);
  CHECK(out.queued_bytes() <= two_seconds.size() * sizeof(int16_t));
  CHECK(out.playing());
  out.stop();
  CHECK(out.queued_bytes() == 0);
  CHECK_FALSE(out.playing());
  // Another rate opens the device again; a new play replaces what was queued.
  REQUIRE(out.play(two_seconds, 16000));
  REQUIRE(out.play(std::vector<int16_t>(100, 5), 16000));
  CHECK(out.queued_bytes() <= 100 * sizeof(int16_t));
}

TEST_CASE("audio: with no audio driver, nothing is available and nothing plays") {
  AudioDriver driver("no-such-driver");
  AudioOut out;
  CHECK_FALSE(out.available());
  CHECK_FALSE(out.why_not().empty());
  CHECK_FALSE(out.play(std::vector<int16_t>(1000, 1000), 22050));
  CHECK(out.queued_bytes() == 0);
  out.stop();  // harmless
}
