#include "app/ui/first_start_parts.hpp"

#include <algorithm>

#include <imgui.h>

#include "app/ui/error_text.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/pin_save.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pin_keys.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/pin_length.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/scale.hpp"

namespace mutua::first_start_parts {

namespace {

// One question on a page of its own: what it is, a field on the on-screen keyboard, then Next
// (a big button), and Back and Skip (where there is one) under it. Returns what was tapped.
enum class SiteAnswer { none, next, back, skip };
SiteAnswer ask_text(UiContext& ctx, float w, const char* title, const char* words, const char* hint,
                    std::string* value, size_t max_chars, bool back, bool skip) {
  const Palette& p = palette();
  if (typing_alone(ctx, title, "##answer", hint, value, max_chars, w)) return SiteAnswer::none;
  // While typing, the words go under the field: the question (the heading) is then seen with
  // the field where all three do not fit above the keyboard (480x800 at 150 % in Spanish).
  const bool typing = keyboard_target().live();
  const float top = ImGui::GetCursorScreenPos().y;
  heading(ctx, title);
  if (!typing) body(ctx, words);
  ImGui::Dummy(ImVec2(0, px(4)));
  next_field_question_from(top);
  ImGui::SetNextItemWidth(w);
  touch_text_field("##answer", hint, value, TextFieldKind::text, max_chars);
  if (typing) body(ctx, words);
  ImGui::Dummy(ImVec2(0, px(8)));
  SiteAnswer a = SiteAnswer::none;
  if (tapped("##next", tr("Next"), w, p.offer, ctx.fonts.strong, ButtonLook::selected))
    a = SiteAnswer::next;
  ImGui::Dummy(ImVec2(0, px(8)));
  if (back && small_button("##back", tr("Back"), p.text, ctx.fonts.body, false))
    a = SiteAnswer::back;
  if (skip && small_button("##skip", tr("Skip"), p.text, ctx.fonts.body, back))
    a = SiteAnswer::skip;
  return a;
}

// A joined network's coordinators arrive with its first sync; one already here may sign in.
bool coordinator_optional(const UiContext& ctx) {
  return ctx.state.first_start.joined || has_coordinator(ctx.store);
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
}  // namespace

void draw_site_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const SiteAnswer a =
      ask_text(ctx, w, tr("Name this site"),
               tr("Where this device is, as people know it, like Harbor Hall. Needs posted here "
                  "carry this name."),
               tr("Site name"), &f.site, 80, false, false);
  if (a != SiteAnswer::next) return;
  if (trimmed_empty(f.site)) return say(f, tr("Type the site's name first."), true);
  auto r = set_device_site(ctx.store, f.site, device_site(ctx.store).kind);
  if (!r) return say(f, screen_error(r), true);
  if (f.address.empty()) f.address = pickup_place(ctx.store).address;
  go(f, Step::address);
}

// The pickup address or the opening hours: kept as Settings keeps them (set_pickup_place).
void draw_place_step(UiContext& ctx, float w, bool hours) {
  FirstStartState& f = ctx.state.first_start;
  const SiteAnswer a =
      hours ? ask_text(ctx, w, tr("Opening hours"),
                       tr("When people can come to collect what was found for them. Their ticket "
                          "shows it. You can skip this and add it later in Settings."),
                       tr("e.g. Mon-Fri 9-17, Sat 10-13"), &f.hours, 120, true, true)
            : ask_text(ctx, w, tr("Pickup address"),
                       tr("Where people collect what was found for them. Their ticket shows it. "
                          "You can skip this and add it later in Settings."),
                       tr("e.g. 12 Harbor Road, by the blue door"), &f.address, 120, true, true);
  if (a == SiteAnswer::back) return go(f, hours ? Step::address : Step::site);
  if (a == SiteAnswer::next) {
    const PickupPlace now = pickup_place(ctx.store);
    auto r = hours ? set_pickup_place(ctx.store, now.address, f.hours)
                   : set_pickup_place(ctx.store, f.address, now.hours);
    if (!r) return say(f, screen_error(r), true);
  }
  if (a == SiteAnswer::none) return;
  if (hours) {
    go(f, Step::coordinator);
  } else {
    if (f.hours.empty()) f.hours = pickup_place(ctx.store).hours;
    go(f, Step::hours);
  }
}

void draw_coordinator_step(UiContext& ctx, float w) {
  FirstStartState& f = ctx.state.first_start;
  const bool optional = coordinator_optional(ctx);
  const SiteAnswer a = ask_text(
      ctx, w, tr("Make the first coordinator"),
      optional ? tr("A coordinator signs in with a PIN to open Settings, add volunteers and leave "
                    "kiosk mode. If this network already has coordinators, they can sign in here "
                    "after the first sync: you can skip this.")
               : tr("A coordinator signs in with a PIN to open Settings, add volunteers and leave "
                    "kiosk mode. Type the coordinator's name."),
      tr("Name, like Amina"), &f.coordinator, 60, true, optional);
  if (a == SiteAnswer::back) return go(f, Step::hours);
  if (a == SiteAnswer::skip) return go(f, Step::done);
  if (a != SiteAnswer::next) return;
  if (trimmed_empty(f.coordinator)) return say(f, tr("Type the coordinator's name first."), true);
  f.pin.clear();
  f.pin_again.clear();
  go(f, Step::pin);
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
    return say(f, screen_error(r), true);
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

}  // namespace mutua::first_start_parts
