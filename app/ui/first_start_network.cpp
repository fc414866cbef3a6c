#include "app/ui/first_start_parts.hpp"

#include <algorithm>

#include <imgui.h>

#include "app/ui/error_text.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/drives.hpp"
#include "platform/scale.hpp"
#include "sync/join_stick.hpp"
#include "sync/network.hpp"

namespace mutua::first_start_parts {

namespace {

std::vector<std::string> drive_paths() {
  std::vector<std::string> out;
  for (const auto& d : list_drives()) out.push_back(d.path);
  return out;
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
  mark_begun(ctx, true);
  if (!looks_like_short_code(f.code)) {  // a long join code, as before
    auto n = join_network(ctx.store.replica(), f.code);
    if (!n) return say(f, screen_error(n), true);
    return joined(ctx, *n, false);
  }
  auto parsed = parse_short_code(f.code);
  if (!parsed) return say(f, screen_error(parsed), true);
  auto path = find_join_file(drive_paths());
  if (!path)
    return say(f, tr("Plug in the USB stick that holds the join file, then tap Join again."), true);
  auto bytes = read_join_bytes(*path);
  if (!bytes) return say(f, screen_error(bytes), true);
  f.opening = Task<Result<std::string>>::run(
      "join file", [file = *bytes, code = *parsed](TaskControl&) -> Result<std::string> {
        return unseal_join_code(file, code);
      });
  say(f, tr("Opening the join file\xE2\x80\xA6"), false);
}
}  // namespace

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
  if (!code) return say(f, screen_error(code), true);
  auto n = join_network(ctx.store.replica(), *code);
  if (!n) return say(f, screen_error(n), true);
  joined(ctx, *n, false);
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
  if (typing_alone(ctx, tr("Start a new network"), "##name", tr("Network name"), &f.name, 60, w))
    return;
  const float top = ImGui::GetCursorScreenPos().y;
  heading(ctx, tr("Start a new network"));
  body(ctx, tr("Give it a name people will know, like Riverside Relief."));
  next_field_question_from(top);
  ImGui::SetNextItemWidth(w);
  touch_text_field("##name", tr("Network name"), &f.name, TextFieldKind::text, 60);
  ImGui::Dummy(ImVec2(0, px(8)));
  if (tapped("##make", tr("Create"), w, p.offer, ctx.fonts.strong, ButtonLook::selected)) {
    mark_begun(ctx, false);
    auto n = create_network(ctx.store.replica(), f.name);
    if (!n) return say(f, screen_error(n), true);
    return joined(ctx, *n, true);
  }
  ImGui::Dummy(ImVec2(0, px(8)));
  if (small_button("##back", tr("Back"), p.text, ctx.fonts.body, false)) go(f, Step::choose);
}

void draw_join_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const Palette& p = palette();
  if (typing_alone(ctx, tr("Join a network"), "##code", tr("Join code, like 7K3M-QX2P-9RTA"),
                   &f.code, 200, w))
    return;
  const float top = ImGui::GetCursorScreenPos().y;
  heading(ctx, tr("Join a network"));
  body(ctx,
       tr("On the other device, open Settings, Join code, and make a join file on a USB stick. "
          "Plug the stick in here and type the code it shows."));
  next_field_question_from(top);
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

}  // namespace mutua::first_start_parts

namespace mutua {

using namespace first_start_parts;

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
        f.stick_message = task->has_value() ? screen_error(task->peek()) : task->error();
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
    // In the heading face where it fits the column, else in the bold body face (a portrait
    // tablet at 200 % text): never cut at the edge, where a code read wrong opens nothing.
    ImFont* font = ctx.fonts.heading;
    if (font && !words_fit(font, f.short_code, ImGui::GetContentRegionAvail().x))
      font = ctx.fonts.strong;
    ui_text_wrapped(f.short_code, font, p.text);
  }
}

}  // namespace mutua
