#include "app/ui/first_start.hpp"

#include <algorithm>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
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

// A network was made or joined: what next.
void joined(UiContext& ctx, const Network& n) {
  FirstStartState& f = ctx.state.first_start;
  f.name = n.name;
  go(f, Step::done);
}

void start_join(UiContext& ctx) {
  FirstStartState& f = ctx.state.first_start;
  if (f.opening) return;
  if (!looks_like_short_code(f.code)) {  // a long join code, as before
    auto n = join_network(ctx.store.replica(), f.code);
    if (!n) return say(f, n.error(), true);
    return joined(ctx, *n);
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
  joined(ctx, *n);
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
    return joined(ctx, *n);
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

void draw_done_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  heading(ctx, tr("This device is ready"));
  body(ctx, format_join_network_line(f.name), p.text);
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
  return {"first-start-choose", "first-start-create", "first-start-join", "first-start-done",
          "console-language-volunteer"};
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
  } else if (name == "first-start-done") {
    f.step = Step::done;
    f.name = "Riverside Relief";
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
