// Read-aloud on the kiosk (app/ui/read_aloud.hpp), headless with SDL's dummy audio driver: the
// speaker button shows on every kiosk step when there is sound, a tap queues the step's words as
// sound and a second tap stops it, leaving the step stops it, and with no audio or the setting
// off there is no button.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/ui/idle.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/wizard_steps.hpp"
#include "core/volunteers.hpp"
#include "kiosk_driver.hpp"
#include "support/audio_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::AudioDriver;
using mutua::test::Kiosk;
using mutua::test::open_test_store;
using mutua::test::TempDir;

namespace {

const std::string kSpeaker = "Read aloud";  // the button's name (drawn as a picture, not text)

// Frames until `done` or `bound` ran out (the voice is looked for, the sound made, on Tasks).
template <class F>
bool frames_until_heard(Kiosk& k, F done,
                        std::chrono::milliseconds bound = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (!done() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    k.frame();
  }
  return done();
}

bool speaker_shown(Kiosk& k) {
  return frames_until_heard(
      k, [&] { return k.find(kSpeaker) != nullptr; }, std::chrono::seconds(10));
}

void show(Kiosk& k, Screen screen) {
  k.ui.state.screen = screen;
  k.frames(3);
}

}  // namespace

TEST_CASE(
    "read aloud: the speaker on each kiosk step queues its words as sound; a second tap stops") {
  AudioDriver driver("dummy");
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.ui.state.read_aloud = ReadAloud::with_audio();
  ReadAloud& r = *k.ui.state.read_aloud;
  show(k, Screen::home);
  REQUIRE(speaker_shown(k));
  CHECK(r.queued_bytes() == 0);
  k.tap(kSpeaker);
  REQUIRE(frames_until_heard(k, [&] { return r.queued_bytes() > 0; }));
  CHECK(r.busy());
  CHECK(r.error().empty());
  MESSAGE("home's words became sound in " << r.last_synthesis_ms() << " ms (tap to queued)");
  k.tap(kSpeaker);  // a second tap stops
  CHECK(r.queued_bytes() == 0);
  CHECK_FALSE(r.busy());

  // On every step of both wizards, on "Check my ticket" and its answer.
  for (const char* preset : {"need-1", "need-2", "need-3", "need-4", "need-5", "need-6", "offer-3",
                             "offer-skills-3", "ticket-check", "ticket-answer"}) {
    CAPTURE(preset);
    k.ui.state = UiState{};
    k.ui.state.read_aloud = ReadAloud::with_audio();
    REQUIRE(apply_screen_preset(preset, k.ui.state, *store));
    k.frames(3);
    REQUIRE(speaker_shown(k));
    ReadAloud& ra = *k.ui.state.read_aloud;
    k.tap(kSpeaker);
    CHECK(frames_until_heard(k, [&] { return ra.queued_bytes() > 0; }));
    k.tap(kSpeaker);
    CHECK(ra.queued_bytes() == 0);
  }
}

TEST_CASE("read aloud: leaving the step stops the sound") {
  AudioDriver driver("dummy");
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  const auto held = ReadAloud::with_audio();  // kept here too, so a reset cannot free it
  k.ui.state.read_aloud = held;
  ReadAloud& r = *held;
  show(k, Screen::need);
  REQUIRE(speaker_shown(k));
  k.tap(kSpeaker);
  REQUIRE(frames_until_heard(k, [&] { return r.queued_bytes() > 0; }));
  k.tap("Food");  // answers step 1: on to step 2
  REQUIRE(k.ui.state.wizard.step == 2);
  CHECK(r.queued_bytes() == 0);
  CHECK_FALSE(r.busy());

  // Leaving while the words may still be being made: nothing plays afterwards.
  k.tap(kSpeaker);
  k.tap("Cancel");  // step 2 has an answer (the category), so it asks first
  k.tap("Throw away");
  REQUIRE(k.ui.state.screen == Screen::home);
  k.frames(30);
  CHECK(r.queued_bytes() == 0);
  CHECK_FALSE(r.busy());

  // The idle reset forgets the person, not the device: the speaker stays, silent.
  k.tap(kSpeaker);
  REQUIRE(frames_until_heard(k, [&] { return r.queued_bytes() > 0; }));
  wipe_session(k.ui.state);
  CHECK(k.ui.state.read_aloud == held);
  CHECK(r.queued_bytes() == 0);
  k.frames(3);
  CHECK(k.find(kSpeaker) != nullptr);
}

TEST_CASE("read aloud: no button without audio, with the setting off, or without a voice") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  {
    AudioDriver driver("no-such-driver");  // SDL finds no audio
    Kiosk k(*store, 800, 480);
    k.ui.state.read_aloud = ReadAloud::with_audio();
    show(k, Screen::need);
    k.frames(20);
    CHECK_FALSE(k.ui.state.read_aloud->audio_available());
    CHECK(k.find(kSpeaker) == nullptr);
    CHECK(k.shows("What do you need?"));  // the step itself is there
  }
  AudioDriver driver("dummy");
  {
    set_read_aloud_setting(*store, false);
    Kiosk k(*store, 800, 480);
    k.ui.state.read_aloud = ReadAloud::with_audio();
    show(k, Screen::home);
    k.frames(20);
    CHECK(k.find(kSpeaker) == nullptr);
    set_read_aloud_setting(*store, true);
  }
  {
    Kiosk k(*store, 800, 480);  // no ReadAloud at all (the tests' default): no button
    show(k, Screen::home);
    CHECK(k.find(kSpeaker) == nullptr);
  }
  {
    // A language espeak-ng has no voice for: no button (never an English voice for it).
    auto r = ReadAloud::with_audio();
    CHECK(r->audio_available());
    bool known = false;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      known = r->has_voice("en");
      if (known) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(known);
    for (int i = 0; i < 2000 && r->has_voice("zz") == false; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK_FALSE(r->has_voice("zz"));
  }
  {
    // Console screens have no speaker even with sound.
    Kiosk k(*store, 800, 480);
    k.ui.state.read_aloud = ReadAloud::with_audio();
    show(k, Screen::home);
    REQUIRE(speaker_shown(k));
    show(k, Screen::board);
    CHECK(k.find(kSpeaker) == nullptr);
  }
}

TEST_CASE("read aloud: each step reads its question and its choices, in the current language") {
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  UiContext ctx{*store, k.ui.state, {}, 0};
  auto words_of = [&](const char* preset) {
    k.ui.state = UiState{};
    REQUIRE(apply_screen_preset(preset, k.ui.state, *store));
    return read_aloud_words(ctx);
  };
  k.ui.state.screen = Screen::home;
  const std::string home = read_aloud_words(ctx);
  CHECK(home.find("I need something.") != std::string::npos);
  CHECK(home.find("Food, water, shelter, medicine, a hand.") != std::string::npos);
  CHECK(home.find("Check my ticket. See what happened to your request.") != std::string::npos);

  const std::string step1 = words_of("need-1");
  CHECK(step1.rfind("What do you need? ", 0) == 0);  // the question first
  CHECK(step1.find("Food.") != std::string::npos);   // then every category
  CHECK(step1.find("Water.") != std::string::npos);
  const std::string step2 = words_of("need-2");
  CHECK(step2.rfind("What exactly do you need? ", 0) == 0);
  CHECK(step2.find("Rice. Bread.") != std::string::npos);
  const std::string step3 = words_of("need-3");
  CHECK(step3.find("How soon?") != std::string::npos);
  CHECK(step3.find("Right now.") != std::string::npos);
  CHECK(step3.find("How many? packs. kg.") != std::string::npos);  // its units, worded for 2
  CHECK(words_of("need-4").find("I will come back to this kiosk.") != std::string::npos);
  const std::string review = words_of("need-5");
  CHECK(review.find("What: Rice.") != std::string::npos);
  CHECK(review.find("Post my need.") != std::string::npos);
  const std::string ticket = words_of("need-6");
  CHECK(ticket.find("K, 7, Q, 0, 4, 2.") != std::string::npos);  // spelled, one by one
  CHECK(ticket.find("Write this code down.") != std::string::npos);
  CHECK(words_of("offer-skills-3").find("When can you do it?") != std::string::npos);
  CHECK(words_of("ticket-check").find("Type the code on your ticket.") != std::string::npos);
  CHECK(words_of("ticket-answer").find("Ready for pickup at") != std::string::npos);

  // In Spanish, Spanish words.
  set_language("es");
  const std::string es = words_of("need-2");
  set_language("en");
  CHECK(es.find("What exactly") == std::string::npos);
  CHECK(es.find("Arroz") != std::string::npos);

  // Console screens read nothing.
  k.ui.state = UiState{};
  k.ui.state.screen = Screen::settings;
  CHECK(read_aloud_words(ctx).empty());

  CHECK(join_sentences({"Is this right?", "Rice", "", "Post"}) == "Is this right? Rice. Post.");
  CHECK(spelled_code("K7Q-042") == "K, 7, Q, 0, 4, 2");
}

TEST_CASE("read aloud: the Settings switch turns the speaker off and on, and is kept") {
  AudioDriver driver("dummy");
  TempDir dir;
  auto store = open_test_store(dir.file("a.db"));
  CHECK(read_aloud_setting(*store));  // on until a coordinator turns it off
  Kiosk k(*store, 1280, 4000);        // tall: every section of Settings on screen
  k.ui.state.read_aloud = ReadAloud::with_audio();
  show(k, Screen::home);
  REQUIRE(speaker_shown(k));

  k.ui.state.signed_in = SignedIn{Id::random(), "Bea", Role::coordinator};
  show(k, Screen::settings);
  // The switch's "Off", below its "Read aloud" title (the phone pages have one too, further on).
  auto tap_below_title = [&](const std::string& label) {
    const CapturedText* title = nullptr;
    for (int i = 0; (title = k.find(kSpeaker, i)) != nullptr; ++i)
      if (title->max.x - title->min.x > 0) break;
    REQUIRE_MESSAGE(title, "no \"Read aloud\" in Settings; drawn:" << k.drawn());
    for (int i = 0;; ++i) {
      const CapturedText* b = k.find(label, i);
      REQUIRE_MESSAGE(b, "no \"" << label << "\" below \"Read aloud\"");
      if (b->min.y > title->max.y) {
        k.tap(test::UiHarness::centre(*b));
        return;
      }
    }
  };
  tap_below_title("Off");
  CHECK_FALSE(read_aloud_setting(*store));  // kept in the store, for the next start
  show(k, Screen::home);
  CHECK(k.find(kSpeaker) == nullptr);

  show(k, Screen::settings);
  tap_below_title("On");
  CHECK(read_aloud_setting(*store));
  show(k, Screen::home);
  CHECK(k.find(kSpeaker) != nullptr);
  // A device without sound says so under the switch.
  {
    AudioDriver none("no-such-driver");
    k.ui.state.read_aloud = ReadAloud::with_audio();
    show(k, Screen::settings);
    CHECK(k.shows("No sound on this device: the speaker button is hidden."));
  }
  k.ui.state.read_aloud.reset();
}
