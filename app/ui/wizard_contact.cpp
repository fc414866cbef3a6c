// Step 4 of the need and offer wizards: how to reach you (a name and phone with consent, or
// "I will come back to this kiosk").
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_step_parts.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua::wizard_parts {

namespace {

// --- Step 4: how to reach you ---------------------------------------------------------------

// The height of the consent row `width` wide, its sentence wrapped beside the box.
float consent_box_height(UiContext& ctx, const std::string& sentence, float width) {
  ImFont* body = or_current_font(ctx.fonts.body);
  const float wrap = width - px(34) - 3 * px(12);
  return std::max(touch_target(),
                  calc_text_size(body, body->FontSize, sentence, wrap).y + 2 * px(12));
}

// A large tick box whose whole row (box and sentence) is the touch target.
bool consent_box(UiContext& ctx, bool* value, const std::string& sentence, ImU32 accent) {
  const Palette& p = palette();
  const float width = ImGui::GetContentRegionAvail().x;
  const float box = px(34);
  const float pad = px(12);
  ImFont* body = or_current_font(ctx.fonts.body);
  const float wrap = width - box - 3 * pad;
  const float text_h = calc_text_size(body, body->FontSize, sentence, wrap).y;
  const float h = consent_box_height(ctx, sentence, width);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##consent", ImVec2(width, h)) && is_tap();
  probe_touch(sentence, min, ImVec2(min.x + width, min.y + h));
  if (clicked) *value = !*value;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + width, min.y + h);
  dl->AddRectFilled(min, max, ImGui::IsItemActive() ? p.surface_pressed : p.surface, px(10));
  dl->AddRect(min, max, *value ? accent : p.border, px(10), 0, px(2));
  const ImVec2 bmin(min.x + pad, min.y + (h - box) * 0.5f);
  const ImVec2 bmax(bmin.x + box, bmin.y + box);
  if (*value) {
    dl->AddRectFilled(bmin, bmax, accent, px(6));
    dl->PathLineTo(ImVec2(bmin.x + box * 0.22f, bmin.y + box * 0.52f));
    dl->PathLineTo(ImVec2(bmin.x + box * 0.42f, bmin.y + box * 0.72f));
    dl->PathLineTo(ImVec2(bmin.x + box * 0.80f, bmin.y + box * 0.28f));
    dl->PathStroke(p.on_colour, 0, px(4));
  } else {
    dl->AddRect(bmin, bmax, p.text, px(6), 0, px(2));
  }
  draw_text_wrapped(dl, body, ImVec2(bmax.x + pad, min.y + (h - text_h) * 0.5f), p.text, sentence,
                    wrap);
  capture_text(sentence, min, max);  // the row is found by its sentence
  return clicked;
}

}  // namespace

// The line under the two choices of step 4 before a phone is chosen.
const char* reach_hint(const WizardForm& f) {
  return f.reach == WizardForm::Reach::come_back
             ? tr("Nothing about you is saved. Keep your ticket code and check it here.")
             : tr("This is optional. With a phone number, a volunteer can call you.");
}

std::string consent_sentence(UiContext& ctx) {
  char sentence[320];
  std::snprintf(sentence, sizeof sentence,
                tr("Only this group's volunteers will see your name and phone, to arrange this. "
                   "They are deleted %lld days after it is done."),
                static_cast<long long>(ctx.store.settings().get().retention_days));
  return sentence;
}

const char* consent_missing() {
  return tr("Tick the box to share them, or choose \"I will come back to this kiosk\".");
}

// `typing`: the keyboard is open where it leaves little room (draw_wizard).
void draw_contact(UiContext& ctx, const WizardSpec& spec, bool typing) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  using Reach = WizardForm::Reach;
  // What the last frame was typing while the step showed that field alone (kept in the step
  // window's storage): 0 nothing, 1 the name, 2 the phone.
  int& was_typing = *ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("##was_typing"), 0);
  if (typing && f.reach == Reach::phone) {
    // Only the field typed in, under the question, as step 2 does (at 800x480 and 200 % the
    // keyboard leaves room for little more); the other field, the tick and Next come back
    // with the keyboard's Done, and after the phone the tick is brought into view.
    const bool name = keyboard_target().value == &f.contact_name;
    was_typing = name ? 1 : 2;
    if (name) {
      text_field_name(tr("Your name (optional)"));
      touch_text_field("##name", nullptr, &f.contact_name, TextFieldKind::text,
                       limits::short_chars);
    } else {
      text_field_name(tr("Phone number"));
      touch_text_field("##phone", nullptr, &f.contact_phone, TextFieldKind::phone,
                       limits::phone_chars);
    }
    // The tick under the phone where the room left shows all of it (480x800 at 200 %).
    const std::string sentence = consent_sentence(ctx);
    const ImVec2 room = ImGui::GetContentRegionAvail();
    if (!name &&
        consent_box_height(ctx, sentence, room.x) + ImGui::GetStyle().ItemSpacing.y <= room.y)
      consent_box(ctx, &f.consent, sentence, spec.accent);
    return;
  }
  const bool phone_typed = was_typing == 2 && !keyboard_target().live();
  if (!typing) was_typing = 0;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = px(12);
  const bool side = avail > px(560);
  const float w = side ? (avail - gap) * 0.5f : avail;
  const float h = touch_target() * 1.1f;
  if (touch_button("##phone-choice", tr("Leave a name and phone"), w,
                   f.reach == Reach::phone ? ButtonLook::selected : ButtonLook::plain, spec.accent,
                   ctx.fonts.strong, h) &&
      is_tap())
    f.reach = Reach::phone;
  if (side) ImGui::SameLine(0, gap);
  if (touch_button("##come-back", tr("I will come back to this kiosk"), w,
                   f.reach == Reach::come_back ? ButtonLook::selected : ButtonLook::plain,
                   spec.accent, ctx.fonts.strong, h) &&
      is_tap()) {
    f.reach = Reach::come_back;
    clear_keyboard_target();
  }
  if (f.reach != Reach::phone) {
    ui_text_wrapped(reach_hint(f), ctx.fonts.body, p.muted);
    return;
  }
  // Each field named above it (side by side: each over its own column), not by a grey hint that
  // goes with the first letter typed.
  ImGui::BeginGroup();
  text_field_name(tr("Your name (optional)"), w);
  ImGui::SetNextItemWidth(w);
  touch_text_field("##name", nullptr, &f.contact_name, TextFieldKind::text, limits::short_chars);
  ImGui::EndGroup();
  if (side) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  text_field_name(tr("Phone number"), w);
  ImGui::SetNextItemWidth(w);
  touch_text_field("##phone", nullptr, &f.contact_phone, TextFieldKind::phone, limits::phone_chars);
  ImGui::EndGroup();
  if (phone_typed && !f.consent && contact_given(f)) {
    // The tick's row at the top of the step, above Next (SetScrollHereY would take the fields').
    ImGui::SetScrollFromPosY(ImGui::GetCursorScreenPos().y - ImGui::GetWindowPos().y, 0.0f);
    ctx.state.wants_frame = true;  // the scroll takes effect on the next frame
  }
  consent_box(ctx, &f.consent, consent_sentence(ctx), spec.accent);
  if (!can_go_on(f)) ui_text_wrapped(consent_missing(), ctx.fonts.strong, p.urgent);
}

}  // namespace mutua::wizard_parts
