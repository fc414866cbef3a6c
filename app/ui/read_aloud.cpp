#include "app/ui/read_aloud.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/ui/check_ticket.hpp"
#include "app/ui/home.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/need_wizard.hpp"
#include "app/ui/offer_wizard.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/speaker.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "platform/audio.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// While reading: look again this often for the end of the sound (the icon changes back).
constexpr int kPollMs = 100;

bool ends_with_stop(const std::string& s) {
  if (s.empty()) return true;
  const char last = s.back();
  if (last == '.' || last == '?' || last == '!' || last == ':' || last == ';') return true;
  // The Arabic question mark and full stop (U+061F, U+06D4), the ellipsis (U+2026).
  // (A word shorter than the mark, such as "kg", cannot end with it.)
  for (const char* end : {"\xD8\x9F", "\xDB\x94", "\xE2\x80\xA6"}) {
    const size_t n = std::char_traits<char>::length(end);
    if (s.size() >= n && s.compare(s.size() - n, std::string::npos, end) == 0) return true;
  }
  return false;
}

bool kiosk_step(const UiContext& ctx) {
  switch (ctx.state.screen) {
    case Screen::home:
      return !ctx.state.home.settings_open;
    case Screen::need:
    case Screen::offer:
    case Screen::ticket:
      return true;
    default:
      return false;
  }
}

}  // namespace

// --- ReadAloud ------------------------------------------------------------------------------

std::shared_ptr<ReadAloud> ReadAloud::with_audio() {
  std::shared_ptr<ReadAloud> r(new ReadAloud());
  r->audio_ = std::make_unique<AudioOut>();
  return r;
}

std::shared_ptr<ReadAloud> ReadAloud::silent() {
  std::shared_ptr<ReadAloud> r(new ReadAloud());
  r->silent_ = true;
  return r;
}

ReadAloud::~ReadAloud() {
  stop();  // the sound first; then the device closes with audio_, and tasks cancel (bounded)
}

bool ReadAloud::audio_available() {
  if (silent_) return true;
  return audio_ && audio_->available();
}

bool ReadAloud::has_voice(const std::string& lang) {
  if (const auto it = voices_.find(lang); it != voices_.end()) return it->second;
  if (silent_) {  // screenshots: as the kiosk would show it, without starting espeak-ng
    voices_[lang] = true;
    return true;
  }
  auto& task = looking_[lang];
  if (!task) {
    task = Task<std::string>::run("read aloud voice",
                                  [lang](TaskControl&) { return speech_voice(lang); });
  } else if (task->finished()) {
    voices_[lang] = task->has_value() && !task->peek().empty();
    looking_.erase(lang);
    return voices_[lang];
  }
  return false;
}

bool ReadAloud::setting_on(const Store& store) {
  if (setting_ < 0) setting_ = read_aloud_setting(store) ? 1 : 0;
  return setting_ == 1;
}

void ReadAloud::set_setting(Store& store, bool on) {
  set_read_aloud_setting(store, on);
  setting_ = on ? 1 : 0;
  if (!on) stop();
}

void ReadAloud::start(std::string words, std::string lang, std::string step) {
  stop();
  error_.clear();
  if (silent_ || words.empty()) return;
  step_ = std::move(step);
  started_ns_ = now_ns();
  making_ = start_speech(std::move(words), std::move(lang));
}

void ReadAloud::stop() {
  if (making_) making_->cancel();  // ~Task (now, or when its thread ends) joins, bounded
  making_.reset();
  if (audio_) audio_->stop();
  playing_ = false;
  step_.clear();
}

bool ReadAloud::poll(const std::string& step) {
  if (!busy()) return false;
  if (step != step_) {  // the person left the step: its words no longer apply
    stop();
    return false;
  }
  if (making_ && making_->finished()) {
    const auto task = std::move(making_);
    making_.reset();
    last_ms_ = double(now_ns() - started_ns_) / 1e6;
    if (task->has_value()) {
      const SpeechPtr audio = task->peek();
      playing_ = audio_ && audio_->play(audio->samples, audio->sample_rate);
      if (!playing_) error_ = audio_ ? audio_->why_not() : "no audio";
      if (!playing_ && error_.empty()) error_ = "the sound could not be queued";
    } else {
      error_ = task->failed() ? task->error() : "cancelled";
    }
    if (!error_.empty()) std::fprintf(stderr, "mutua: read aloud: %s\n", error_.c_str());
  }
  if (playing_ && queued_bytes() == 0) playing_ = false;  // the sound ran out
  if (!busy()) step_.clear();
  return busy();
}

uint32_t ReadAloud::queued_bytes() const {
  return audio_ ? audio_->queued_bytes() : 0;
}

// --- The setting ----------------------------------------------------------------------------

bool read_aloud_setting(const Store& store) {
  return store.replica().local_get("read_aloud") != "off";
}

void set_read_aloud_setting(Store& store, bool on) {
  store.replica().local_set("read_aloud", on ? "on" : "off");
}

// --- Words ----------------------------------------------------------------------------------

std::string join_sentences(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) {
    if (s.empty()) continue;
    if (!out.empty()) out += ' ';
    out += s;
    if (!ends_with_stop(s)) out += '.';
  }
  return out;
}

std::string spelled_code(const std::string& code) {
  std::string out;
  for (const char c : code) {
    if (c == '-' || c == ' ' || c == '_') continue;
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

std::string read_aloud_words(UiContext& ctx) {
  // A stepper's number pad over the step: its own words (app/widgets/number_pad.hpp).
  if (const auto pad = number_pad_words(); !pad.empty()) return join_sentences(pad);
  switch (ctx.state.screen) {
    case Screen::home:
      return ctx.state.home.settings_open ? std::string() : join_sentences(home_speech(ctx));
    case Screen::need:
      return join_sentences(need_speech(ctx));
    case Screen::offer:
      return join_sentences(offer_speech(ctx));
    case Screen::ticket:
      return join_sentences(check_ticket_speech(ctx));
    default:
      return {};
  }
}

std::string read_aloud_step(const UiContext& ctx) {
  const UiState& s = ctx.state;
  std::string step = std::to_string(int(s.screen));
  if (s.screen == Screen::need || s.screen == Screen::offer)
    step += "/" + std::to_string(s.wizard.step);
  if (s.screen == Screen::ticket) step += "/" + std::to_string(int(s.ticket_check.answer));
  if (s.screen == Screen::home && s.home.settings_open) step += "/settings";
  if (number_pad().owner != 0) step += "/numpad";
  return step + "/" + language();
}

// --- The button -----------------------------------------------------------------------------

bool read_aloud_shown(const UiContext& ctx) {
  ReadAloud* r = ctx.state.read_aloud.get();
  return r && kiosk_step(ctx) && r->setting_on(ctx.store) && r->audio_available() &&
         r->has_voice(language());
}

namespace {

// The button's side in a title row `row` tall: the row's height, but no more than a tenth of the
// window's width (big text on a small screen leaves the title its room), and never under 48 px.
float speaker_side(float row) {
  const float width = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
  return std::max(kTouchTargetPx, std::min(row, width * 0.1f));
}

}  // namespace

float speaker_width(const UiContext& ctx, float row) {
  return read_aloud_shown(ctx) ? speaker_side(row) + px(12) : 0.0f;
}

float speaker_slot(UiContext& ctx, float row) {
  if (!read_aloud_shown(ctx)) return 0.0f;
  ReadAloud& r = *ctx.state.read_aloud;
  const float side = speaker_side(row);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + std::max(0.0f, (row - side) * 0.5f)));
  if (speaker_button("##read_aloud", tr("Read aloud"), side, r.busy(), palette().available) &&
      is_tap()) {
    if (r.busy())
      r.stop();  // a second tap stops
    else
      r.start(read_aloud_words(ctx), language(), read_aloud_step(ctx));
    ctx.state.redraw_in_ms = kPollMs;
  }
  // The row's full height as the last item, so SameLine() goes on at the row's top.
  ImGui::SetCursorScreenPos(at);
  ImGui::Dummy(ImVec2(side, std::max(row, side)));
  return side;
}

void poll_read_aloud(UiContext& ctx) {
  ReadAloud* r = ctx.state.read_aloud.get();
  if (!r || !r->poll(read_aloud_step(ctx))) return;
  if (ctx.state.redraw_in_ms == 0 || ctx.state.redraw_in_ms > kPollMs)
    ctx.state.redraw_in_ms = kPollMs;
}

void draw_read_aloud_setting(UiContext& ctx) {
  const Palette& p = palette();
  ReadAloud* r = ctx.state.read_aloud.get();
  ui_text_wrapped(tr("A speaker button on the kiosk reads each step aloud."), ctx.fonts.body,
                  p.muted);
  const bool on = r ? r->setting_on(ctx.store) : read_aloud_setting(ctx.store);
  auto set = [&](bool v) {
    if (r)
      r->set_setting(ctx.store, v);
    else
      set_read_aloud_setting(ctx.store, v);
  };
  if (chip("##read_aloud_on", tr("On"), on, p.offer) && is_tap() && !on) set(true);
  same_line_if_fits(chip_width(tr("Off")));  // below "On" where both do not fit
  if (chip("##read_aloud_off", tr("Off"), !on, p.available) && is_tap() && on) set(false);
  if (r && !r->audio_available())
    ui_text_wrapped(tr("No sound on this device: the speaker button is hidden."), ctx.fonts.body,
                    p.urgent);
}

}  // namespace mutua
