#include "app/ui/speech.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cctype>
#include <list>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "app/ui/task.hpp"

namespace mutua {

namespace {

// Everything espeak-ng is touched through, under `mutex`.
struct Engine {
  std::mutex mutex;
  bool tried = false;  // initialisation ran (once)
  bool ready = false;  // and worked
  int sample_rate = 0;
  std::map<std::string, std::string, std::less<>> voices;  // UI language -> voice identifier
  std::string current;                                     // the voice set last
  // The most recently used first.
  std::list<std::pair<std::string, SpeechPtr>> cache;  // key: voice identifier + '\n' + text
};

Engine& engine() {
  // Never destroyed: a synthesis Task left running at exit (see ~Task's bound) may still hold it.
  static Engine* e = new Engine;
  return *e;
}

// Collects the samples of the one synthesis running (there is one at a time, under the mutex).
struct Collector {
  std::vector<int16_t>* samples = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  size_t max_samples = 0;
};
Collector* collecting = nullptr;

int on_samples(short* wav, int count, espeak_EVENT*) {
  Collector* c = collecting;
  if (!c) return 1;
  if (c->cancel && c->cancel->load(std::memory_order_acquire)) return 1;  // stop: cancelled
  if (wav && count > 0) c->samples->insert(c->samples->end(), wav, wav + count);
  return c->samples->size() > c->max_samples ? 1 : 0;
}

bool init_locked(Engine& e) {
  if (e.tried) return e.ready;
  e.tried = true;
  espeak_ng_InitializePath(nullptr);  // the packaged espeak-ng-data
  espeak_ng_ERROR_CONTEXT context = nullptr;
  if (espeak_ng_Initialize(&context) != ENS_OK) {
    espeak_ng_ClearErrorContext(&context);
    return false;
  }
  if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr) != ENS_OK) return false;
  espeak_SetSynthCallback(on_samples);
  e.sample_rate = espeak_ng_GetSampleRate();
  e.ready = e.sample_rate > 0;
  return e.ready;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

// A voice's languages: a list of (priority byte, name, NUL), ended by a zero byte.
std::vector<std::string> voice_languages(const espeak_VOICE& v) {
  std::vector<std::string> out;
  const char* p = v.languages;
  for (int guard = 0; p && *p && guard < 32; ++guard) {
    const std::string name(p + 1);
    out.push_back(lower(name));
    p += 1 + name.size() + 1;
  }
  return out;
}

// The last part of an identifier: "sem/ar" -> "ar".
std::string_view file_name(std::string_view identifier) {
  const size_t slash = identifier.rfind('/');
  return slash == std::string_view::npos ? identifier : identifier.substr(slash + 1);
}

// The best voice for a lowercase language code, or "".
std::string best_voice(const std::string& code) {
  std::string found;
  int best = 0;
  const espeak_VOICE** list = espeak_ListVoices(nullptr);
  for (size_t i = 0; list && list[i] && i < 2000; ++i) {
    const espeak_VOICE& v = *list[i];
    if (!v.identifier || std::string_view(v.identifier).rfind("mb/", 0) == 0) continue;  // MBROLA
    // Best: the voice file named after the language ("gmw/en"); then one that lists the language
    // itself; then a regional form of it ("fr-fr" for "fr").
    int score = 0;
    if (lower(file_name(v.identifier)) == code) score = 3;
    for (const std::string& l : voice_languages(v)) {
      if (l == code) score = std::max(score, 2);
      if (l.rfind(code + "-", 0) == 0) score = std::max(score, 1);
    }
    if (score > best) {
      best = score;
      found = v.identifier;
    }
  }
  return found;
}

std::string find_voice_locked(Engine& e, std::string_view lang) {
  if (const auto it = e.voices.find(lang); it != e.voices.end()) return it->second;
  std::string code = lower(lang);
  if (code == "prs" || code.rfind("prs-", 0) == 0) code = "fa";  // Dari: the Persian voice
  std::string found = code.empty() ? std::string() : best_voice(code);
  // A region espeak-ng does not know ("fr-ca"): the language's own voice.
  if (found.empty() && code.find('-') != std::string::npos)
    found = best_voice(code.substr(0, code.find('-')));
  e.voices.emplace(std::string(lang), found);
  return found;
}

// Cuts at a space at or before `max` bytes, never inside a UTF-8 sequence.
std::string_view cut(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = text.rfind(' ', max);
  if (end == std::string_view::npos || end == 0) {
    end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  return text.substr(0, end);
}

}  // namespace

std::string speech_voice(std::string_view lang) {
  Engine& e = engine();
  std::lock_guard<std::mutex> lock(e.mutex);
  if (!init_locked(e)) return {};
  return find_voice_locked(e, lang);
}

Result<SpeechPtr> synthesize(std::string_view text_in, std::string_view lang,
                             const std::atomic<bool>* cancel) {
  Engine& e = engine();
  std::lock_guard<std::mutex> lock(e.mutex);
  if (!init_locked(e)) return fail("espeak-ng could not start (is espeak-ng-data installed?)");
  const std::string voice = find_voice_locked(e, lang);
  if (voice.empty()) return fail("no espeak-ng voice for the language '" + std::string(lang) + "'");
  const std::string text(cut(text_in, kMaxSpeechBytes));
  const std::string key = voice + '\n' + text;
  for (auto it = e.cache.begin(); it != e.cache.end(); ++it) {
    if (it->first != key) continue;
    e.cache.splice(e.cache.begin(), e.cache, it);  // most recently used first
    return e.cache.front().second;
  }
  if (e.current != voice) {
    if (espeak_ng_SetVoiceByName(voice.c_str()) != ENS_OK)
      return fail("espeak-ng could not load the voice '" + voice + "'");
    e.current = voice;
  }
  auto audio = std::make_shared<SpeechAudio>();
  audio->sample_rate = e.sample_rate;
  if (const espeak_VOICE* v = espeak_GetCurrentVoice()) {
    audio->voice = v->name ? v->name : "";
    const auto langs = voice_languages(*v);
    if (!langs.empty()) audio->voice_language = langs.front();
  }
  // At most about 10 seconds per 100 characters (espeak speaks some 15 a second): a bound, not a
  // length anyone hears.
  Collector c{&audio->samples, cancel, size_t(e.sample_rate) * (10 + text.size() / 10)};
  collecting = &c;
  const espeak_ng_STATUS status = espeak_ng_Synthesize(
      text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
  collecting = nullptr;
  if (cancel && cancel->load(std::memory_order_acquire)) return fail("cancelled");
  if (status != ENS_OK) {
    char why[256] = {};
    espeak_ng_GetStatusCodeMessage(status, why, sizeof why);
    return fail(std::string("espeak-ng could not speak: ") + why);
  }
  SpeechPtr done = std::move(audio);
  e.cache.emplace_front(key, done);
  while (e.cache.size() > kSpeechCacheSize) e.cache.pop_back();
  return done;
}

std::shared_ptr<Task<SpeechPtr>> start_speech(std::string text, std::string lang) {
  return Task<SpeechPtr>::run("read aloud",
                              [text = std::move(text), lang = std::move(lang)](TaskControl& c) {
                                auto r = synthesize(text, lang, &c.cancel_flag());
                                c.check();  // cancelled: ends as cancelled, not failed
                                if (!r) throw std::runtime_error(r.error());
                                return *r;
                              });
}

void clear_speech_cache() {
  Engine& e = engine();
  std::lock_guard<std::mutex> lock(e.mutex);
  e.cache.clear();
}

}  // namespace mutua
