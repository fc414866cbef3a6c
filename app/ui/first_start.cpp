#include "app/ui/first_start.hpp"

#include <algorithm>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/pin_save.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pin_keys.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/pin_length.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/drives.hpp"
#include "platform/scale.hpp"
#include "sync/join_stick.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {
constexpr std::string_view kDoneKey = "first_start";
using Step = FirstStartState::Step;

bool tapped(const char* id, std::string_view label, float w, ImU32 accent, ImFont* font,
            ButtonLook look = ButtonLook::plain) {
  return touch_button(id, label, w, look, accent, font) && is_tap();
}

// A button as wide as its label, never wider than the row; on the same line as the last item
// when it fits there.
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
  f.scroll = DragScroll{};
  clear_keyboard_target();
}

void say(FirstStartState& f, const std::string& message, bool error) {
  f.message = tr(message.c_str());  // a join code's errors are in the catalogues too
  f.message_is_error = error;
}

std::vector<std::string> drive_paths() {
  std::vector<std::string> out;
  for (const auto& d : list_drives()) out.push_back(d.path);
  return out;
}

void leave(UiContext& ctx) {
  finish_first_start(ctx.store);
  ctx.state.first_start = FirstStartState{};
  go_to(ctx.state, ctx.state.console.volunteer_device ? Screen::pin : Screen::home);
}

// A network was made or joined: the site next.
void joined(UiContext& ctx, const Network& n, bool started) {
  FirstStartState& f = ctx.state.first_start;
  f.name = n.name;
  f.joined = !started;
  if (f.site.empty()) f.site = device_site(ctx.store).name;
  go(f, Step::site);
}

void start_join(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (f.opening) return;
  if (!looks_like_short_code(f.code)) {  // a long join code, as before
    auto n = join_network(ctx.store.replica(), f.code);
    if (!n) return say(f, n.error(), true);
    return joined(ctx, *n, false);
  }
  auto parsed = parse_short_code(f.code);
  if (!parsed) return say(f, parsed.error(), true);
  auto path = find_join_file(drive_paths());
  if (!path)
    return say(f, tr("Plug in the USB stick that holds the join file, then tap Join again."), true);
  auto bytes = read_join_bytes(*path);
  if (!bytes) return say(f, bytes.error(), true);
  f.opening = Task<Result<std::string>>::run(
      "join file", [file = *bytes, code = *parsed](TaskControl&) -> Result<std::string> {
        return unseal_join_code(file, code);
      });
  say(f, tr("Opening the join file\xE2\x80\xA6"), false);
}

void poll_join(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (!f.opening) return;
  if (!f.opening->finished()) {
    ctx.state.wants_frame = true;
    return;
  }
  const auto task = std::move(f.opening);
  if (!task->has_value()) return say(f, tr("Could not open the join file."), true);
  const Result<std::string>& code = task->peek();
  if (!code) return say(f, code.error(), true);
  auto n = join_network(ctx.store.replica(), *code);
  if (!n) return say(f, n.error(), true);
  joined(ctx, *n, false);
}

void heading(UiContext& ctx, const char* text) {
  ui_text_wrapped(text, ctx.fonts.heading, palette().text);
  ImGui::Dummy(ImVec2(0, px(6)));
}

void body(UiContext& ctx, std::string_view text, ImU32 colour = 0) {
  ui_text_wrapped(text, ctx.fonts.body, colour ? colour : palette().muted);
}

void draw_language_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  heading(ctx, tr("Welcome to Mutua"));
  body(ctx, tr("Choose the language of this device."));
  ImGui::Dummy(ImVec2(0, px(8)));
  const std::string before = language();
  draw_language_picker(ctx);
  if (language() != before) ctx.state.prefs.home_language = language();  // the kiosk's own
  ImGui::Dummy(ImVec2(0, px(16)));
  if (tapped("##next", tr("Next"), w, palette().available, ctx.fonts.strong, ButtonLook::selected))
    go(f, Step::choose);
}

void draw_choose_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  heading(ctx, tr("Set up this device"));
  body(ctx, tr("Devices in one network share their needs and offers."));
  ImGui::Dummy(ImVec2(0, px(12)));
  if (tapped("##create", tr("Start a new network"), w, p.offer, ctx.fonts.strong,
             ButtonLook::selected))
    go(f, Step::create);
  body(ctx, tr("For the first device of your group."));
  ImGui::Dummy(ImVec2(0, px(12)));
  if (tapped("##join", tr("Join a network"), w, p.available, ctx.fonts.strong,
             ButtonLook::selected))
    go(f, Step::join);
  body(ctx, tr("Another device already has one: you need its code."));
  ImGui::Dummy(ImVec2(0, px(16)));
  if (small_button("##back", tr("Back"), p.text, ctx.fonts.body, false)) go(f, Step::language);
  if (small_button("##later", tr("Not now"), p.text, ctx.fonts.body, true)) leave(ctx);
}

void draw_create_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  heading(ctx, tr("Start a new network"));
  body(ctx, tr("Give it a name people will know, like Riverside Relief."));
  ImGui::SetNextItemWidth(w);
  touch_text_field("##name", tr("Network name"), &f.name, TextFieldKind::text, 60);
  ImGui::Dummy(ImVec2(0, px(8)));
  if (tapped("##make", tr("Create"), w, p.offer, ctx.fonts.strong, ButtonLook::selected)) {
    auto n = create_network(ctx.store.replica(), f.name);
    if (!n) return say(f, n.error(), true);
    return joined(ctx, *n, true);
  }
  ImGui::Dummy(ImVec2(0, px(8)));
  if (small_button("##back", tr("Back"), p.text, ctx.fonts.body, false)) go(f, Step::choose);
}

void draw_join_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  heading(ctx, tr("Join a network"));
  body(ctx,
       tr("On the other device, open Settings, Join code, and make a join file on a USB stick. "
          "Plug the stick in here and type the code it shows."));
  ImGui::SetNextItemWidth(w);
  touch_text_field("##code", tr("Join code, like 7K3M-QX2P-9RTA"), &f.code, TextFieldKind::text,
                   200);
  ImGui::Dummy(ImVec2(0, px(8)));
  if (tapped("##go", tr("Join"), w, p.available, ctx.fonts.strong, ButtonLook::selected))
    start_join(ctx);
  ImGui::Dummy(ImVec2(0, px(8)));
  if (small_button("##back", tr("Back"), p.text, ctx.fonts.body, false) && !f.opening)
    go(f, Step::choose);
}

// One question on a page of its own: what it is, a field on the on-screen keyboard, then Next
// (a big button), and Back and Skip (where there is one) under it. Returns what was tapped.
enum class Answer { none, next, back, skip };
Answer ask_text(UiContext& ctx, float w, const char* title, const char* words, const char* hint,
                std::string* value, size_t max_chars, bool back, bool skip) {
  const Palette& p = palette();
  heading(ctx, title);
  body(ctx, words);
  ImGui::Dummy(ImVec2(0, px(4)));
  ImGui::SetNextItemWidth(w);
  touch_text_field("##answer", hint, value, TextFieldKind::text, max_chars);
  ImGui::Dummy(ImVec2(0, px(8)));
  Answer a = Answer::none;
  if (tapped("##next", tr("Next"), w, p.offer, ctx.fonts.strong, ButtonLook::selected))
    a = Answer::next;
  ImGui::Dummy(ImVec2(0, px(8)));
  if (back && small_button("##back", tr("Back"), p.text, ctx.fonts.body, false)) a = Answer::back;
  if (skip && small_button("##skip", tr("Skip"), p.text, ctx.fonts.body, back)) a = Answer::skip;
  return a;
}

bool trimmed_empty(const std::string& s) {
  return s.find_first_not_of(" \t") == std::string::npos;
}

void draw_site_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Answer a =
      ask_text(ctx, w, tr("Name this site"),
               tr("Where this device is, as people know it, like Harbor Hall. Needs posted here "
                  "carry this name."),
               tr("Site name"), &f.site, 80, false, false);
  if (a != Answer::next) return;
  if (trimmed_empty(f.site)) return say(f, tr("Type the site's name first."), true);
  auto r = set_device_site(ctx.store, f.site, device_site(ctx.store).kind);
  if (!r) return say(f, r.error(), true);
  if (f.address.empty()) f.address = pickup_place(ctx.store).address;
  go(f, Step::address);
}

// The pickup address or the opening hours: kept as Settings keeps them (set_pickup_place).
void draw_place_step(UiContext& ctx, float w, bool hours) {
  FirstStartState& f = ctx.state.first_start;
  const Answer a =
      hours ? ask_text(ctx, w, tr("Opening hours"),
                       tr("When people can come to collect what was found for them. Their ticket "
                          "shows it. You can skip this and add it later in Settings."),
                       tr("e.g. Mon-Fri 9-17, Sat 10-13"), &f.hours, 120, true, true)
            : ask_text(ctx, w, tr("Pickup address"),
                       tr("Where people collect what was found for them. Their ticket shows it. "
                          "You can skip this and add it later in Settings."),
                       tr("e.g. 12 Harbor Road, by the blue door"), &f.address, 120, true, true);
  if (a == Answer::back) return go(f, hours ? Step::address : Step::site);
  if (a == Answer::next) {
    const PickupPlace now = pickup_place(ctx.store);
    auto r = hours ? set_pickup_place(ctx.store, now.address, f.hours)
                   : set_pickup_place(ctx.store, f.address, now.hours);
    if (!r) return say(f, r.error(), true);
  }
  if (a == Answer::none) return;
  if (hours) {
    go(f, Step::coordinator);
  } else {
    if (f.hours.empty()) f.hours = pickup_place(ctx.store).hours;
    go(f, Step::hours);
  }
}

// A joined network's coordinators arrive with its first sync; one already here may sign in.
bool coordinator_optional(const UiContext& ctx) {
  if (ctx.state.first_start.joined) return true;
  for (const auto& v : list_volunteers(ctx.store))
    if (v.role == Role::coordinator) return true;
  return false;
}

void draw_coordinator_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const bool optional = coordinator_optional(ctx);
  const Answer a = ask_text(
      ctx, w, tr("Make the first coordinator"),
      optional ? tr("A coordinator signs in with a PIN to open Settings, add volunteers and leave "
                    "kiosk mode. If this network already has coordinators, they can sign in here "
                    "after the first sync: you can skip this.")
               : tr("A coordinator signs in with a PIN to open Settings, add volunteers and leave "
                    "kiosk mode. Type the coordinator's name."),
      tr("Name, like Amina"), &f.coordinator, 60, true, optional);
  if (a == Answer::back) return go(f, Step::hours);
  if (a == Answer::skip) return go(f, Step::done);
  if (a != Answer::next) return;
  if (trimmed_empty(f.coordinator)) return say(f, tr("Type the coordinator's name first."), true);
  f.pin.clear();
  f.pin_again.clear();
  go(f, Step::pin);
}

// The PIN typed twice is checked here; then made as `mutua volunteer add` makes a coordinator,
// hashed on a worker thread (app/ui/pin_save.hpp) and written by poll_coordinator.
void pin_entered(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (f.step == Step::pin) {
    if (f.pin.size() < kMinCoordinatorPinDigits) {
      f.pin.clear();
      return say(f, tr("Too short: a coordinator's PIN has at least 6 digits. Type a longer one."),
                 true);
    }
    f.pin_again.clear();
    return go(f, Step::pin_again);
  }
  if (f.pin_again != f.pin) {
    go(f, Step::pin);
    f.pin.clear();
    f.pin_again.clear();
    return say(f, tr("The two PINs were not the same. Choose a PIN and type it twice."), true);
  }
  f.saving = PinSave::start(begin_add_volunteer(ctx.store, f.coordinator, Role::coordinator, f.pin,
                                                device_site(ctx.store).name));
  f.pin.clear();
  f.pin_again.clear();
  say(f, tr("Saving\xE2\x80\xA6"), false);
}

void poll_coordinator(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (!f.saving) return;
  if (!f.saving->finished()) {
    ctx.state.wants_frame = true;  // keep drawing (and polling) while the worker hashes
    return;
  }
  const std::shared_ptr<PinSave> save = std::move(f.saving);
  const auto r = save->finish(ctx.store);
  if (!r) {
    go(f, Step::pin);
    return say(f, r.error(), true);
  }
  f.made = r->name;
  go(f, Step::done);
}

// The PIN pad page: the words, the dots and Back on one side and the keys on the other on a
// landscape display; in portrait all in one column that scrolls.
void draw_pin_step(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  const bool again = f.step == Step::pin_again;
  std::string& pin = again ? f.pin_again : f.pin;
  const bool busy = f.saving != nullptr;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = px(10);
  const float bar = ImGui::GetStyle().ScrollbarSize;
  const bool side = avail.x > avail.y;
  const float col_gap = px(24);
  const float keys_w = side ? std::min(avail.x * 0.42f, px(460)) : std::min(avail.x - bar, px(460));
  const float words_w = side ? std::min(avail.x - keys_w - col_gap, px(560)) : avail.x;
  const float key_h =
      side ? std::clamp((avail.y - 3 * gap) / 4, float(kTouchTargetPx), touch_target() * 1.5f)
           : touch_target() * 1.2f;
  ImFont* heading_font = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* key_font = key_h >= heading_font->FontSize + px(8) ? heading_font : ctx.fonts.strong;
  const float left =
      side ? origin.x + std::max(0.0f, (avail.x - words_w - col_gap - keys_w) * 0.5f) : origin.x;
  ImGui::SetCursorScreenPos(ImVec2(left, origin.y));
  ImGui::BeginChild("##pin_words", ImVec2(words_w, avail.y), false,
                    ImGuiWindowFlags_NoScrollWithMouse);
  const float w = ImGui::GetContentRegionAvail().x - bar;
  // What was wrong and the dots first, where they are seen while typing; then what to type.
  ui_text_wrapped(again ? tr("Type the PIN again") : tr("Choose a PIN"),
                  side ? ctx.fonts.strong : ctx.fonts.heading, p.text);
  if (!f.message.empty()) body(ctx, f.message, f.message_is_error ? p.urgent : p.text);
  const float dots_h = px(30);
  draw_pin_dots(ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), dots_h, pin.size(), w);
  ImGui::Dummy(ImVec2(w, dots_h));
  char who[256];
  std::snprintf(who, sizeof who, tr("The PIN of %s."), f.coordinator.c_str());
  body(ctx, who, p.text);
  body(ctx, again ? tr("The same digits once more, then tap \xE2\x9C\x93.")
                  : tr("A coordinator's PIN has 6 to 12 digits. Type it on the keys, then tap "
                       "\xE2\x9C\x93. Keep it to yourself."));
  ImGui::Dummy(ImVec2(0, gap));
  ImGui::BeginDisabled(busy);
  bool ok = false;
  if (!side) {
    ok = draw_pin_keys(pin, keys_w, key_h, gap, key_font);
    ImGui::Dummy(ImVec2(0, gap));
  }
  if (small_button("##back", tr("Back"), p.text, ctx.fonts.body, false) && !busy) {
    f.pin.clear();
    f.pin_again.clear();
    go(f, again ? Step::pin : Step::coordinator);
  }
  ImGui::EndDisabled();
  ImGui::Dummy(ImVec2(0, gap));
  if (update_drag_scroll(f.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  if (side) {
    const float keys_y = origin.y + std::max(0.0f, (avail.y - (4 * key_h + 3 * gap)) * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(left + words_w + col_gap, keys_y));
    ImGui::BeginDisabled(busy);
    ok = draw_pin_keys(pin, keys_w, key_h, gap, key_font);
    ImGui::EndDisabled();
  }
  if (ok && !busy && f.step == (again ? Step::pin_again : Step::pin)) pin_entered(ctx);
}

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

std::string format_join_network_line(const std::string& name) {
  char buf[256];
  std::snprintf(buf, sizeof buf, tr("Network: %s"), name.c_str());
  return buf;
}

void draw_join_stick(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  if (f.sealing) {
    if (!f.sealing->finished()) {
      ctx.state.wants_frame = true;
    } else {
      const auto task = std::move(f.sealing);
      if (!task->has_value() || !task->peek()) {
        f.short_code.clear();
        f.stick_message = task->has_value() ? task->peek().error() : task->error();
      } else {
        f.short_code = *task->peek();
        f.stick_message.clear();
      }
    }
  }
  body(ctx, tr("To add another device: put a USB stick in this one and make a join file. Then "
               "plug the stick into the other device and type the code shown here."));
  ImGui::Dummy(ImVec2(0, px(4)));
  if (small_button("##join_file", f.sealing ? tr("Writing\xE2\x80\xA6") : tr("Make a join file"),
                   p.available, ctx.fonts.body, false) &&
      !f.sealing) {
    auto n = load_network(ctx.store.replica());
    const auto drives = list_drives();
    if (!n) {
      f.stick_message = tr("This device is not in a network yet.");
    } else if (drives.empty()) {
      f.stick_message = tr("No USB stick found. Put one in and try again.");
    } else {
      f.stick = drives.front().label;
      f.short_code.clear();
      f.stick_message.clear();
      f.sealing = Task<Result<std::string>>::run(
          "join file", [net = *n, dir = drives.front().path](TaskControl&) -> Result<std::string> {
            return write_join_file(net, dir);
          });
      ctx.state.wants_frame = true;
    }
  }
  if (!f.stick_message.empty()) body(ctx, f.stick_message, p.urgent);
  if (!f.short_code.empty()) {
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("Join file written to %s. The code that opens it:"),
                  f.stick.c_str());
    body(ctx, buf, p.text);
    ui_text(f.short_code, ctx.fonts.heading, p.text);
  }
}

bool wants_first_start(const Store& store) {
  if (store.replica().local_get(kDoneKey)) return false;
  if (load_network(store.replica())) return false;
  // A device that already holds entries (a demo or training database, an import) is in use.
  if (store.entries().count(EntryQuery{}) > 0) return false;
  return list_volunteers(store).empty();
}

void finish_first_start(Store& store) {
  store.replica().local_set(kDoneKey, "done");
}

std::vector<std::string> first_start_preset_names() {
  return {"first-start-choose",    "first-start-create",        "first-start-join",
          "first-start-site",      "first-start-site-keyboard", "first-start-address",
          "first-start-hours",     "first-start-coordinator",   "first-start-pin",
          "first-start-pin-again", "first-start-done",          "console-language-volunteer"};
}

std::optional<Screen> apply_first_start_preset(std::string_view name, UiState& state) {
  FirstStartState& f = state.first_start;
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
  } else if (name == "first-start-site" || name == "first-start-site-keyboard") {
    f.step = Step::site;
    f.name = "Riverside Relief";
    f.site = "Harbor Hall";
    if (name == "first-start-site-keyboard") focus_text_field_when_drawn("##answer");
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
  state.screen = Screen::first_start;
  return state.screen;
}

void enter_first_start(UiContext& ctx) {
  if (ctx.state.first_start.step == Step::language) ctx.state.first_start.message.clear();
}

void draw_first_start(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  poll_join(ctx);
  poll_coordinator(ctx);
  if (f.step == Step::pin || f.step == Step::pin_again) return draw_pin_step(ctx);
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float max_w = px(720);
  if (avail_w > max_w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail_w - max_w) * 0.5f);
  ImGui::BeginChild("##first_start", ImVec2(std::min(avail_w, max_w), 0), false,
                    ImGuiWindowFlags_NoScrollWithMouse);
  const float w = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
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
