#pragma once
// Read-aloud synthesis (issue 15): a sentence in a UI language becomes 16-bit mono PCM, made by
// espeak-ng in its synchronous ("retrieval") mode: no audio of its own, a callback collects the
// samples. Playback is platform/audio.hpp's; the speaker button is app/ui/read_aloud.hpp's.
//
// Voices: each UI language is read by the espeak-ng voice of that language (en, es, fr, uk, ar,
// fa; "prs", Dari, by the Persian voice). A language espeak-ng has no voice for gets no voice at
// all (speech_voice() is empty, so no speaker button): never another language's voice reading
// words it cannot pronounce.
//
// espeak-ng is one global engine and not thread-safe: every call into it is made under one mutex
// in speech.cpp. synthesize() blocks for tens of milliseconds, so the UI runs it on a Task
// (start_speech) and never waits for it. The last few buffers are kept: tapping the speaker again
// on the same step plays at once.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace mutua {

template <class T>
class Task;  // app/ui/task.hpp

struct SpeechAudio {
  std::vector<int16_t> samples;  // mono
  int sample_rate = 0;           // samples per second (espeak-ng's, 22050)
  std::string voice;             // the voice espeak-ng says it used, e.g. "Arabic"
  std::string voice_language;    // and its language, e.g. "ar" or "en-gb"
};
using SpeechPtr = std::shared_ptr<const SpeechAudio>;

// The espeak-ng voice that reads `lang` (a catalogue code: "en", "ar", ...), or "" when espeak-ng
// has none (or its data is missing). Cheap after the first call.
std::string speech_voice(std::string_view lang);

// At most this many bytes of text are read; longer text is cut at a word.
inline constexpr size_t kMaxSpeechBytes = 4000;

// Speaks `text` in the voice of `lang`. Blocks (run it off the UI thread); any thread may call
// it. Fails when `lang` has no voice, when espeak-ng fails, or when `cancel` becomes true (then
// with the error "cancelled"). A buffer made earlier for the same voice and text comes from the
// cache.
Result<SpeechPtr> synthesize(std::string_view text, std::string_view lang,
                             const std::atomic<bool>* cancel = nullptr);

// synthesize() on its own Task; the Task fails with the reason when synthesis does.
std::shared_ptr<Task<SpeechPtr>> start_speech(std::string text, std::string lang);

// How many buffers the cache keeps (the most recently used).
inline constexpr size_t kSpeechCacheSize = 6;
// Empties the cache (tests).
void clear_speech_cache();

}  // namespace mutua
