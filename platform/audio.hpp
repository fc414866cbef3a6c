#pragma once
// Sound out through SDL's audio (read-aloud, issue 15): 16-bit mono PCM handed to
// SDL_QueueAudio, which plays it on SDL's own audio thread; nothing here blocks for the length
// of the sound.
//
// Opened lazily: SDL's audio subsystem starts on the first available() (never at start-up),
// the device on the first play(). "No audio" is: the subsystem does not start (no driver works,
// SDL_AUDIODRIVER names none), it lists no output device, or the default device cannot be
// opened. SDL_AUDIODRIVER=dummy gives a device that plays into nothing at real speed (tests).
// Call from one thread (the UI's).
#include <cstdint>
#include <span>
#include <string>

namespace mutua {

class AudioOut {
 public:
  AudioOut() = default;
  ~AudioOut();  // closes the device and stops the subsystem it started
  AudioOut(const AudioOut&) = delete;
  AudioOut& operator=(const AudioOut&) = delete;

  // Whether sound can be played here. The first call starts SDL's audio subsystem and looks for
  // an output device; the answer is then kept.
  bool available();
  // Why not, once available() said no (one line, for logs and tests).
  const std::string& why_not() const { return why_not_; }

  // Stops whatever plays, then plays `samples` (mono, `sample_rate` per second). Opens the
  // device on first use, or again for another rate. False when nothing can be played.
  bool play(std::span<const int16_t> samples, int sample_rate);
  // Stops at once (what was queued is dropped).
  void stop();
  // Bytes still waiting to be played (0: silent).
  uint32_t queued_bytes() const;
  bool playing() const { return queued_bytes() > 0; }

 private:
  bool probed_ = false;
  bool available_ = false;
  bool subsystem_ = false;  // this object started SDL's audio subsystem
  uint32_t device_ = 0;     // SDL_AudioDeviceID, 0: not open
  int rate_ = 0;            // the open device's rate
  std::string why_not_;
};

}  // namespace mutua
