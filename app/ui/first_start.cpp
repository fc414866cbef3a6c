#include "app/ui/first_start.hpp"

#include "app/ui/first_start_parts.hpp"

#include <algorithm>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/scale.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace first_start_parts {

bool tapped(const char* id, std::string_view label, float w, ImU32 accent, ImFont* font,
            ButtonLook look) {
  return touch_button(id, label, w, look, accent, font) && is_tap();
}

bool small_button(const char* id, const char* label, ImU32 accent, ImFont* font, bool same_line) {
  ImFont* f = font ? font : ImGui::GetFont();
  const float w = text_width(f, label) + px(36);
  if (same_line) same_line_if_fits(w, px(12));
  return tapped(id, label, std::min(w, ImGui::GetContentRegionAvail().x), accent, font);
}

void go(FirstStartState& f, Step step) {
  f.step = step;
  f.message.clear();
  f.message_is_error = false;
  f.resumed = false;
  f.scroll = DragScroll{};
  clear_keyboard_target();
}

void say(FirstStartState& f, const std::string& message, bool error) {
  f.message = message;  // in words already: tr(), or screen_error() for a failure
  f.message_is_error = error;
}

// The local (never replicated) value under kDoneKey: "done" once first start is finished or
// put off; before that, "create" or "join" from the moment a network is being made or joined.
constexpr std::string_view kDoneKey = "first_start";
constexpr std::string_view kCreating = "create";
constexpr std::string_view kJoining = "join";

void mark_begun(UiContext& ctx, bool joining) {
  ctx.store.replica().local_set(kDoneKey, joining ? kJoining : kCreating);
}

void leave(UiContext& ctx) {
  finish_first_start(ctx.store);
  ctx.state.first_start = FirstStartState{};
  go_to(ctx.state, ctx.state.console.volunteer_device ? Screen::pin : Screen::home);
}

bool trimmed_empty(const std::string& s) {
  return s.find_first_not_of(" \t") == std::string::npos;
}

void heading(UiContext& ctx, const char* text) {
  ui_text_wrapped(text, ctx.fonts.heading, palette().text);
  ImGui::Dummy(ImVec2(0, px(6)));
}

bool typing_alone(UiContext& ctx, const char* title, const char* field_id, const char* hint,
                  std::string* value, size_t max_chars, float w) {
  if (!ctx.state.first_start.typing_short) return false;
  const float top = ImGui::GetCursorScreenPos().y;
  ui_text_wrapped(title, ctx.fonts.strong, palette().text);
  // The field no taller than its text, so the question stays in view above it (at 800x480 and
  // 200 % the keyboard leaves about 160 px).
  next_field_question_from(top);
  next_field_compact();
  ImGui::SetNextItemWidth(w);
  touch_text_field(field_id, hint, value, TextFieldKind::text, max_chars);
  return true;
}

void body(UiContext& ctx, std::string_view text, ImU32 colour) {
  ui_text_wrapped(text, ctx.fonts.body, colour ? colour : palette().muted);
}

}  // namespace first_start_parts

namespace {
using namespace first_start_parts;

void draw_done_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  heading(ctx, tr("This device is ready"));
  body(ctx, format_join_network_line(f.name), p.text);
  if (!f.made.empty()) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  tr("%s can now sign in with the PIN: hold the top-left corner of the screen."),
                  f.made.c_str());
    body(ctx, buf, p.text);
  }
  ImGui::Dummy(ImVec2(0, px(8)));
  draw_join_stick(ctx);
  ImGui::Dummy(ImVec2(0, px(16)));
  if (tapped("##start", tr("Start"), w, p.offer, ctx.fonts.strong, ButtonLook::selected))
    leave(ctx);
}
}  // namespace

bool wants_first_start(const Store& store) {
  const auto mark = store.replica().local_get(kDoneKey);
  if (mark == "done") return false;
  if (!load_network(store.replica())) {
    // A device that already holds entries (a demo or training database, an import) is in use.
    if (store.entries().count(EntryQuery{}) > 0) return false;
    return list_volunteers(store).empty();
  }
  // In a network: unfinished only if first start made or joined it (a network made with
  // `mutua network create` was set up by other means) and something is still missing.
  if (mark != kCreating && mark != kJoining) return false;
  return first_start_resume_step(store) != Step::done;
}

FirstStartState::Step first_start_resume_step(const Store& store) {
  if (!load_network(store.replica())) return Step::language;
  if (trimmed_empty(device_site(store).name)) return Step::site;
  if (!has_coordinator(store)) return Step::coordinator;
  return Step::done;
}

void finish_first_start(Store& store) {
  store.replica().local_set(kDoneKey, "done");
}

namespace {
// The pages with a text field, each also a "-keyboard" preset with the keyboard open on it (the
// layout check keeps the field typed in in view above the keyboard).
constexpr const char* kTypingPresets[] = {
    "first-start-create",      "first-start-join",
    "first-start-site",        "first-start-address",
    "first-start-hours",       "first-start-coordinator",
    "first-start-resume-site", "first-start-resume-coordinator"};
constexpr std::string_view kKeyboardSuffix = "-keyboard";
}  // namespace

std::vector<std::string> first_start_preset_names() {
  std::vector<std::string> names = {
      "first-start-choose",        "first-start-create",      "first-start-join",
      "first-start-site",          "first-start-address",     "first-start-hours",
      "first-start-coordinator",   "first-start-resume-site", "first-start-resume-coordinator",
      "first-start-pin",           "first-start-pin-again",   "first-start-done",
      "console-language-volunteer"};
  for (const char* n : kTypingPresets)
    names.push_back(std::string(n) + std::string(kKeyboardSuffix));
  return names;
}

std::optional<Screen> apply_first_start_preset(std::string_view name, UiState& state) {
  FirstStartState& f = state.first_start;
  const bool typing = name.size() > kKeyboardSuffix.size() &&
                      name.substr(name.size() - kKeyboardSuffix.size()) == kKeyboardSuffix;
  if (typing) name.remove_suffix(kKeyboardSuffix.size());
  if (typing && std::find(std::begin(kTypingPresets), std::end(kTypingPresets), name) ==
                    std::end(kTypingPresets))
    return std::nullopt;
  if (name == "console-language-volunteer") {
    state.signed_in = SignedIn{Id{}, "Demo volunteer", Role::volunteer};
    state.screen = Screen::console_language;
    return state.screen;
  }
  if (name == "first-start-choose") {
    f.step = Step::choose;
  } else if (name == "first-start-create") {
    f.step = Step::create;
    f.name = "Riverside Relief";
  } else if (name == "first-start-join") {
    f.step = Step::join;
    f.code = "7K3M-QX2P-9RTB";
    f.message = tr("this join code has a typo; check it letter by letter and try again");
    f.message_is_error = true;
  } else if (name == "first-start-site") {
    f.step = Step::site;
    f.name = "Riverside Relief";
    f.site = "Harbor Hall";
  } else if (name == "first-start-resume-site") {
    // After a restart with the network made and the site not yet named (enter_first_start).
    f.step = Step::site;
    f.name = "Riverside Relief";
    f.resumed = true;
  } else if (name == "first-start-resume-coordinator") {
    // ... and with the site named, a new network: no Skip, nobody can sign in yet.
    f.step = Step::coordinator;
    f.name = "Riverside Relief";
    f.site = "Harbor Hall";
    f.resumed = true;
  } else if (name == "first-start-address") {
    f.step = Step::address;  // the hint shows: the longest words on the page
  } else if (name == "first-start-hours") {
    f.step = Step::hours;
  } else if (name == "first-start-coordinator") {
    f.step = Step::coordinator;
    f.joined = true;  // with Skip and the longer words
    f.coordinator = "Amina";
  } else if (name == "first-start-pin") {
    f.step = Step::pin;
    f.coordinator = "Amina";
    f.pin = "4821";
    f.message = tr("Too short: a coordinator's PIN has at least 6 digits. Type a longer one.");
    f.message_is_error = true;
  } else if (name == "first-start-pin-again") {
    f.step = Step::pin_again;
    f.coordinator = "Amina";
    f.pin_again = "48219";
  } else if (name == "first-start-done") {
    f.step = Step::done;
    f.name = "Riverside Relief";
    f.made = "Amina";
    f.short_code = "7K3M-QX2P-9RTA";
    f.stick = "KINGSTON";
  } else {
    return std::nullopt;
  }
  if (typing)
    focus_text_field_when_drawn(f.step == Step::create ? "##name"
                                : f.step == Step::join ? "##code"
                                                       : "##answer");
  state.screen = Screen::first_start;
  return state.screen;
}

void enter_first_start(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (f.step != Step::language) return;  // a page already open (or a --screen preset)
  f.message.clear();
  // After a restart: on from where it stopped, with what was saved filled in.
  if (!wants_first_start(ctx.store)) return;
  const Step step = first_start_resume_step(ctx.store);
  if (step == Step::language || step == Step::done) return;
  const auto n = load_network(ctx.store.replica());
  f.name = n ? n->name : std::string();
  f.joined = ctx.store.replica().local_get(kDoneKey) == kJoining;
  f.site = device_site(ctx.store).name;
  const PickupPlace place = pickup_place(ctx.store);
  f.address = place.address;
  f.hours = place.hours;
  go(f, step);
  f.resumed = true;
}

void draw_first_start(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  poll_join(ctx);
  poll_coordinator(ctx);
  if (f.step == Step::pin || f.step == Step::pin_again) return draw_pin_step(ctx);
  const float avail_w = ImGui::GetContentRegionAvail().x;
  f.typing_short =
      keyboard_target().live() && ImGui::GetContentRegionAvail().y < touch_target() * 5.5f;
  const float max_w = px(720);
  if (avail_w > max_w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail_w - max_w) * 0.5f);
  ImGui::BeginChild("##first_start", ImVec2(std::min(avail_w, max_w), 0), false,
                    ImGuiWindowFlags_NoScrollWithMouse);
  const float w = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  if (f.resumed && !f.typing_short) {
    body(ctx, tr("Set-up did not finish last time. It goes on from here; what was saved is kept."),
         palette().text);
    ImGui::Dummy(ImVec2(0, px(6)));
  }
  switch (f.step) {
    case Step::language:
      draw_language_step(ctx, w);
      break;
    case Step::choose:
      draw_choose_step(ctx, w);
      break;
    case Step::create:
      draw_create_step(ctx, w);
      break;
    case Step::join:
      draw_join_step(ctx, w);
      break;
    case Step::site:
      draw_site_step(ctx, w);
      break;
    case Step::address:
      draw_place_step(ctx, w, false);
      break;
    case Step::hours:
      draw_place_step(ctx, w, true);
      break;
    case Step::coordinator:
      draw_coordinator_step(ctx, w);
      break;
    case Step::pin:
    case Step::pin_again:
      break;  // draw_pin_step
    case Step::done:
      draw_done_step(ctx, w);
      break;
  }
  if (!f.message.empty()) {
    ImGui::Dummy(ImVec2(0, px(8)));
    ui_text_wrapped(f.message, ctx.fonts.body,
                    f.message_is_error ? palette().urgent : palette().text);
  }
  ImGui::Dummy(ImVec2(0, px(16)));
  if (update_drag_scroll(f.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
