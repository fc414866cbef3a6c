#pragma once
// Read-aloud on the kiosk (issue 15): a speaker button on every kiosk step (home, the need and
// offer wizards' steps and their ticket, "Check my ticket" and its answer) reads the step's
// question and its choices in the current language (docs/speech.md says what each step reads).
//
// One place does it all: the words of each step come from read_aloud_words(), the button is
// speaker_slot() (the screens' title rows call it where the button goes), and the frame
// (app/ui/frame.cpp) calls poll_read_aloud() once a frame: it plays a finished synthesis, stops
// the sound when the person leaves the step, and keeps frames coming while it reads.
//
// Synthesis (app/ui/speech.hpp) runs on a Task, never on the UI thread; so does the first look
// for a language's voice. The button is not shown when: the device has no audio (SDL finds no
// driver or no output device), the "Read aloud" setting is off (Settings, this device only), or
// espeak-ng has no voice for the current language.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/ui/speech.hpp"

namespace mutua {

class AudioOut;  // platform/audio.hpp
class Store;
struct UiContext;

class ReadAloud {
 public:
  // Plays through SDL's audio (platform/audio.hpp), looked for on first use.
  static std::shared_ptr<ReadAloud> with_audio();
  // Shows the button as a device with a speaker would, and never makes a sound: screenshots and
  // the layout check.
  static std::shared_ptr<ReadAloud> silent();
  ~ReadAloud();
  ReadAloud(const ReadAloud&) = delete;
  ReadAloud& operator=(const ReadAloud&) = delete;

  // Whether sound can be played (the first call looks, on the calling thread: SDL's audio
  // subsystem starting, a few milliseconds).
  bool audio_available();
  // Whether espeak-ng has a voice for `lang`: false until a Task started by the first call has
  // looked (the UI never waits for espeak-ng).
  bool has_voice(const std::string& lang);
  // The "Read aloud" setting, read once from the store and then kept.
  bool setting_on(const Store& store);
  void set_setting(Store& store, bool on);

  // Reads `words` in `lang` for the step named `step`; whatever was reading stops.
  void start(std::string words, std::string lang, std::string step);
  void stop();
  // Making the sound or playing it.
  bool busy() const { return making_ != nullptr || playing_; }
  bool making() const { return making_ != nullptr; }
  // Once a frame: plays a finished synthesis, stops when the step shown is no longer `step`,
  // notices the end of the sound. True while busy (the frame loop should poll again soon).
  bool poll(const std::string& step);
  uint32_t queued_bytes() const;
  // Why the last reading made no sound ("" when it did).
  const std::string& error() const { return error_; }
  // Milliseconds the last synthesis took, from tap to sound queued (0: none yet).
  double last_synthesis_ms() const { return last_ms_; }

 private:
  ReadAloud() = default;
  bool silent_ = false;
  std::unique_ptr<AudioOut> audio_;
  std::shared_ptr<Task<SpeechPtr>> making_;
  bool playing_ = false;
  std::string step_;  // the step being read
  std::string error_;
  int64_t started_ns_ = 0;
  double last_ms_ = 0;
  std::map<std::string, bool> voices_;                                 // language -> has one
  std::map<std::string, std::shared_ptr<Task<std::string>>> looking_;  // language -> lookup
  int setting_ = -1;                                                   // -1: not read yet
};

// The setting in the store: local to this device, like the phone pages. On unless turned off.
bool read_aloud_setting(const Store& store);
void set_read_aloud_setting(Store& store, bool on);

// What the speaker reads on the current screen and step, in the current language: the question
// first, then the choices, one sentence each. Empty where nothing is read (console screens).
std::string read_aloud_words(UiContext& ctx);
// Names the step shown (screen, wizard step, ticket answer): reading stops when it changes.
std::string read_aloud_step(const UiContext& ctx);

// Whether the speaker button shows on this frame (see the top of this file).
bool read_aloud_shown(const UiContext& ctx);
// The room speaker_slot() takes before a title: its side and a gap, or 0 when not shown.
float speaker_width(const UiContext& ctx, float row);
// The speaker button at the cursor, when shown, in a title row `row` tall: a square of the row's
// height (at most a tenth of the width, at least 48 px), centred in the row. Returns its side (0:
// not shown, nothing drawn); the cursor is left as after an item the row's height.
float speaker_slot(UiContext& ctx, float row);
// The frame's once-a-frame call (see the top of this file).
void poll_read_aloud(UiContext& ctx);
// Settings, under its "Read aloud" title: what it does, On/Off, and a line when this device has
// no audio.
void draw_read_aloud_setting(UiContext& ctx);

// Sentences joined for a voice: each ends with a stop (". ") unless it ends with punctuation.
std::string join_sentences(const std::vector<std::string>& sentences);
// A ticket code spelled one character at a time ("K7Q-042" -> "K, 7, Q, 0, 4, 2").
std::string spelled_code(const std::string& code);

}  // namespace mutua
