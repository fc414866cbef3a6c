#include "platform/audio.hpp"

#include <SDL.h>

namespace mutua {

AudioOut::~AudioOut() {
  if (device_) SDL_CloseAudioDevice(device_);
  if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

bool AudioOut::available() {
  if (probed_) return available_;
  probed_ = true;
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    why_not_ = std::string("no audio driver: ") + SDL_GetError();
    return false;
  }
  subsystem_ = true;
  // -1: the driver cannot list its devices, which says nothing; the default device decides.
  const int devices = SDL_GetNumAudioDevices(0);
  if (devices == 0) {
    why_not_ = "no audio output device";
    return false;
  }
  available_ = true;
  return true;
}

bool AudioOut::play(std::span<const int16_t> samples, int sample_rate) {
  if (!available() || sample_rate <= 0) return false;
  if (device_ && rate_ != sample_rate) {
    SDL_CloseAudioDevice(device_);
    device_ = 0;
  }
  if (!device_) {
    SDL_AudioSpec want{};
    want.freq = sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    // No changes allowed: SDL converts to whatever the hardware takes.
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
    if (!device_) {
      why_not_ = std::string("the audio device did not open: ") + SDL_GetError();
      available_ = false;
      return false;
    }
    rate_ = sample_rate;
  }
  SDL_ClearQueuedAudio(device_);
  if (!samples.empty() &&
      SDL_QueueAudio(device_, samples.data(), uint32_t(samples.size() * sizeof(int16_t))) != 0)
    return false;
  SDL_PauseAudioDevice(device_, 0);
  return true;
}

void AudioOut::stop() {
  if (device_) SDL_ClearQueuedAudio(device_);
}

uint32_t AudioOut::queued_bytes() const {
  return device_ ? SDL_GetQueuedAudioSize(device_) : 0;
}

}  // namespace mutua
