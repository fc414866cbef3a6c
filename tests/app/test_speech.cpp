// Read-aloud synthesis (app/ui/speech.hpp): espeak-ng in synchronous mode gives an audible buffer
// of a plausible length, in the voice of the UI language; a language without a voice gets none.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>

#include "app/ui/speech.hpp"
#include "app/ui/task.hpp"

using namespace mutua;
using namespace std::chrono_literals;

namespace {

double rms(const std::vector<int16_t>& samples) {
  double sum = 0;
  for (const int16_t s : samples) sum += double(s) * double(s);
  return samples.empty() ? 0.0 : std::sqrt(sum / double(samples.size()));
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

double seconds(const SpeechAudio& a) {
  return a.sample_rate > 0 ? double(a.samples.size()) / a.sample_rate : 0.0;
}

struct Sample {
  const char* lang;
  const char* voice;  // what espeak-ng calls the voice it used
  const char* text;   // a question and its choices, as a step reads them
};
const Sample kSamples[] = {
    {"en", "English", "What do you need? Food. Water. Shelter. Medicine."},
    {"es", "Spanish", "¿Qué necesita? Comida. Agua. Refugio. Medicinas."},
    {"fr", "French", "De quoi avez-vous besoin ? Nourriture. Eau. Abri. Médicaments."},
    {"uk", "Ukrainian", "Що вам потрібно? Їжа. Вода. Житло. Ліки."},
    {"ar", "Arabic", "ماذا تحتاج؟ طعام. ماء. مأوى. دواء."},
    {"fa", "Persian", "به چه چیزی نیاز دارید؟ غذا. آب. سرپناه. دارو."},
};

template <class T>
bool wait_finished(const Task<T>& task, std::chrono::milliseconds bound = 20s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (!task.finished() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(1ms);
  return task.finished();
}

}  // namespace

TEST_CASE(
    "speech: each UI language is read aloud by its own voice, audibly and at speaking speed") {
  clear_speech_cache();
  for (const Sample& s : kSamples) {
    const std::string lang = s.lang;
    CAPTURE(lang);
    CHECK_FALSE(speech_voice(s.lang).empty());
    const auto t0 = std::chrono::steady_clock::now();
    auto audio = synthesize(s.text, s.lang);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE_MESSAGE(audio.ok(), (audio.ok() ? "" : audio.error()));
    const SpeechAudio& a = **audio;
    CHECK(a.sample_rate >= 8000);
    // Not silence: espeak-ng speaks at an RMS of some 2,000 to 3,000 of 32,767.
    CHECK(rms(a.samples) > 500.0);
    // Speaking speed: espeak-ng's default is about 15 characters a second; anything from 4 to 40
    // is speech, not a click or a stuck loop.
    const double per_char = seconds(a) / double(code_points(s.text));
    CAPTURE(per_char);
    CHECK(per_char > 0.025);
    CHECK(per_char < 0.25);
    // The voice espeak-ng reports using is the language's own.
    CHECK(a.voice.find(s.voice) != std::string::npos);
    CHECK(a.voice_language.rfind(s.lang, 0) == 0);
    MESSAGE(lang << ": " << seconds(a) << " s of speech made in " << ms << " ms");
  }
}

TEST_CASE("speech: the same text in two voices gives two different sounds") {
  const std::string text = "Kyiv, Lviv, Odesa, Kharkiv.";
  auto en = synthesize(text, "en");
  auto fr = synthesize(text, "fr");
  auto uk = synthesize(text, "uk");
  REQUIRE(en.ok());
  REQUIRE(fr.ok());
  REQUIRE(uk.ok());
  CHECK((*en)->voice != (*fr)->voice);
  CHECK((*en)->samples != (*fr)->samples);
  CHECK((*fr)->samples != (*uk)->samples);
  CHECK((*en)->samples != (*uk)->samples);
}

TEST_CASE("speech: a language espeak-ng has no voice for gets no voice, never another's") {
  CHECK(speech_voice("zz").empty());
  CHECK(speech_voice("").empty());
  auto none = synthesize("Hello", "zz");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().find("no espeak-ng voice") != std::string::npos);
  // Dari is read by the Persian voice; a region picks the language's voice.
  CHECK(speech_voice("prs") == speech_voice("fa"));
  CHECK(speech_voice("fr_CA") == speech_voice("fr"));
  CHECK(speech_voice("en") != speech_voice("ar"));
}

TEST_CASE("speech: the last buffers are kept, and a long text is cut") {
  clear_speech_cache();
  auto first = synthesize("Check my ticket.", "en");
  auto again = synthesize("Check my ticket.", "en");
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(first->get() == again->get());  // the same buffer, not made twice
  auto other = synthesize("Check my ticket.", "es");
  REQUIRE(other.ok());
  CHECK(other->get() != first->get());
  // Older ones drop out once kSpeechCacheSize newer ones were made.
  for (size_t i = 0; i < kSpeechCacheSize; ++i)
    REQUIRE(synthesize("Number " + std::to_string(i) + ".", "en").ok());
  auto made_again = synthesize("Check my ticket.", "en");
  REQUIRE(made_again.ok());
  CHECK(made_again->get() != first->get());

  std::string lots;
  while (lots.size() < 2 * kMaxSpeechBytes) lots += "Water and bread. ";
  auto cut = synthesize(lots, "en");
  REQUIRE(cut.ok());
  CHECK(seconds(**cut) < 10.0 + double(kMaxSpeechBytes) / 10.0);
}

TEST_CASE("speech: cancelled synthesis stops, and runs on a Task off the caller's thread") {
  clear_speech_cache();
  std::atomic<bool> cancel{true};
  auto stopped = synthesize("This sentence is never heard to the end.", "en", &cancel);
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error() == "cancelled");

  // Two at once from two threads: espeak-ng is used by one at a time, each gets its own voice.
  auto ar = start_speech("ماذا تحتاج؟", "ar");
  auto uk = start_speech("Що вам потрібно?", "uk");
  REQUIRE(wait_finished(*ar));
  REQUIRE(wait_finished(*uk));
  REQUIRE(ar->has_value());
  REQUIRE(uk->has_value());
  CHECK(ar->peek()->voice == "Arabic");
  CHECK(uk->peek()->voice == "Ukrainian");
}
