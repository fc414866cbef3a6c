#include "app/ui/wizard_steps.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "app/ui/category_grid.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/ui/ticket_slip.hpp"
#include "app/widgets/big_code.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/confirm.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/qr.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

ImFont* or_current(ImFont* f) {
  return f ? f : ImGui::GetFont();
}

std::string trimmed(std::string_view s) {
  return trimmed_answer(s);
}

int first_step(const WizardForm& f) {
  return f.for_offer ? 3 : 1;
}

void go_to_step(WizardForm& f, int step) {
  f.step = step;
  f.scroll = DragScroll{};
  f.error.clear();
  clear_keyboard_target();  // the keyboard must not keep typing into a field that went away
}

EntryAnswers answers_of(const WizardForm& f) {
  EntryAnswers a;
  a.kind = f.kind;
  a.category = f.category;
  a.item = f.item;
  a.availability = f.availability;
  a.quantity = f.quantity;
  a.unit = f.unit;
  a.urgency = f.urgency;
  a.people = f.people;
  a.by_phone = f.reach == WizardForm::Reach::phone;
  a.contact_name = f.contact_name;
  a.contact_phone = f.contact_phone;
  a.consent = f.consent;
  return a;
}

bool contact_given(const WizardForm& f) {
  return contact_given(answers_of(f));
}

bool can_go_on(const WizardForm& f) {
  return step_answered(answers_of(f), f.step);
}

// What a tap on Next says while the step is not answered (app/widgets/button.hpp).
const char* why_not_on(const WizardForm& f) {
  switch (f.step) {
    case 1:
      return tr("Choose a category first.");
    case 2:
      return f.kind == Kind::need ? tr("Type or tap what you need first.")
                                  : tr("Type or tap what you can give first.");
    case 4:
      return tr("Tick the box to share them, or choose \"I will come back to this kiosk\".");
    default:
      return "";
  }
}

const char* question(const WizardSpec& spec, const WizardForm& f) {
  const bool need = spec.kind == Kind::need;
  switch (f.step) {
    case 1:
      return need ? tr("What do you need?") : tr("What can you offer?");
    case 2:
      if (is_skills_offer(f)) return tr("What can you do?");
      return need ? tr("What exactly do you need?") : tr("What exactly can you give?");
    case 3:
      return spec.amount_question(f);
    case 4:
      return tr("How can someone reach you?");
    case 5:
      return tr("Is this right?");
    default:
      return tr("Your ticket");
  }
}

// Whether Cancel would throw away something the person typed or chose.
bool has_answers(const WizardForm& f) {
  return f.step > first_step(f) || !f.category.empty() || !f.item.empty() ||
         !f.contact_name.empty() || !f.contact_phone.empty();
}

// Title bar: the question of this step, where the person is ("2 of 5"), and Cancel at the right,
// away from where Back and Home sit on other screens.
void draw_header(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float h = height_on_short_display(touch_target() * 1.15f, 0.2f);
  char where[48];
  std::snprintf(where, sizeof where, tr("%d of %d"), f.step - first_step(f) + 1,
                5 - first_step(f) + 1);
  std::snprintf(where, sizeof where, "%s", ui_number_text(where).c_str());  // ٢ من ٥ in Arabic
  ImFont* body = or_current(ctx.fonts.body);
  ImFont* strong = or_current(ctx.fonts.strong);
  const std::string cancel = tr("Cancel");
  const float cancel_w =
      text_width(strong, cancel) + px(36) + pictogram_room(strong, "action.cancel");
  const float where_w = text_width(body, where);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  // The speaker, before the question it reads (when read-aloud is on: app/ui/read_aloud.hpp).
  const float speaker = speaker_slot(ctx, h);
  const float title_x = speaker > 0 ? speaker + px(12) : 0.0f;
  const float title_w = avail - title_x - where_w - cancel_w - px(32);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The question in the heading font when it fits, else in the body's bold font. Where even
  // that does not fit beside "2 of 5" and Cancel (a narrow display at large text), the question
  // goes on its own row under them, wrapped.
  ImFont* font = or_current(ctx.fonts.heading);
  const char* q = question(spec, f);
  if (text_width(font, q) > title_w) font = strong;
  // Else on two lines beside Cancel, "2 of 5" left to the progress bar under them, where the
  // header is tall enough (a short landscape display: a row of its own would push Back and Next
  // off the screen); else on a row of its own.
  const bool fits_one = text_width(font, q) <= title_w;
  const float wide_w = avail - title_x - cancel_w - px(16);
  const float two_h = calc_text_size(strong, strong->FontSize, q, wide_w).y;
  const bool beside_two = !fits_one && words_fit(strong, q, wide_w) && two_h <= h;
  const bool own_row = !fits_one && !beside_two;
  if (beside_two)
    draw_text_wrapped(dl, strong, ImVec2(at.x + title_x, at.y + (h - two_h) * 0.5f), p.text, q,
                      wide_w);
  else if (fits_one)
    draw_text(dl, font, ImVec2(at.x + title_x, at.y + (h - font->FontSize) * 0.5f), p.text, q,
              title_w);
  // With the question on a row of its own, "2 of 5" keeps the title row, after the speaker, where
  // it fits before Cancel; else (480x800 at 200 %) it goes under the question, over the bar.
  const bool where_in_row =
      !own_row || where_w <= avail - title_x - cancel_w - px(16) || avail - cancel_w <= title_x;
  const float where_x = own_row ? at.x + title_x : at.x + avail - cancel_w - px(16) - where_w;
  if (!beside_two && where_in_row) {
    const ImVec2 where_at(where_x, at.y + (h - body->FontSize) * 0.5f);
    draw_text(dl, body, where_at, p.muted, where);
    // Its room for the layout check: between the speaker and Cancel, never under either.
    probe_text(where, where_at, ImVec2(where_at.x + where_w, where_at.y + body->FontSize),
               ImVec2(at.x + title_x, at.y), ImVec2(at.x + avail - cancel_w, at.y + h));
  }
  ImGui::SetCursorScreenPos(ImVec2(at.x + avail - cancel_w, at.y));
  if (touch_button("##cancel", cancel, cancel_w, ButtonLook::plain, p.muted, strong, h,
                   "action.cancel")) {
    // Asks once when there is something to lose; an untouched first step just goes home.
    if (has_answers(f)) {
      f.confirm_cancel = true;
    } else {
      leave_wizard(ctx);
      return;
    }
  }
  ImGui::SetCursorScreenPos(at);
  ImGui::Dummy(ImVec2(avail, h));
  if (own_row) {
    const ImVec2 qa = ImGui::GetCursorScreenPos();
    const float qh = draw_text_wrapped(dl, strong, qa, p.text, q, avail);
    ImGui::Dummy(ImVec2(avail, qh));
    if (!where_in_row) {
      const ImVec2 wa = ImGui::GetCursorScreenPos();
      draw_text(dl, body, wa, p.muted, where, avail);
      ImGui::Dummy(ImVec2(avail, body->FontSize));
    }
  }
  // A thin bar in the wizard's colour shows progress through the steps.
  const ImVec2 bar = ImGui::GetCursorScreenPos();
  const float full = ImGui::GetContentRegionAvail().x;
  const float done = float(f.step - first_step(f) + 1) / float(5 - first_step(f) + 1);
  dl->AddRectFilled(bar, ImVec2(bar.x + full, bar.y + px(6)), p.progress_track, px(3));
  dl->AddRectFilled(bar, ImVec2(bar.x + full * done, bar.y + px(6)), spec.accent, px(3));
  ImGui::Dummy(ImVec2(full, px(6)));
}

float footer_height() {
  return height_on_short_display(touch_target() * 1.2f, 0.16f);
}

void next_step(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  if (f.step == 5) {
    auto posted = post_form(ctx.store, f);
    if (!posted)
      f.error = posted.error();
    else
      remember_last_ticket(ctx.state, f, ctx.now_ms);
    return;
  }
  const int to = f.from_review ? 5 : f.step + 1;
  f.from_review = false;
  go_to_step(f, to);
  (void)spec;
}

void back_step(UiContext& ctx) {
  WizardForm& f = ctx.state.wizard;
  if (f.step <= first_step(f)) {
    const bool from_offer = f.for_offer.has_value();
    leave_wizard(ctx);
    if (from_offer && ctx.state.offer_detail.offer) go_to(ctx.state, Screen::offer_detail);
    return;
  }
  const int to = f.from_review ? 5 : f.step - 1;
  f.from_review = false;
  go_to_step(f, to);
}

const char* post_label(const WizardSpec& spec) {
  return spec.kind == Kind::need ? tr("Post my need") : tr("Post my offer");
}

// Back and Next, always in the same place at the bottom.
void draw_footer(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float h = footer_height();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = px(16);
  // Back as wide as its word needs, up to 45 % of the row ("Retour" at 200 % on 480 px).
  const std::string back = tr("Back");
  const float back_w = std::min(
      std::max(std::min(avail * 0.35f, px(260)), text_width(ctx.fonts.strong, back) + px(24)),
      avail * 0.45f);
  if (touch_button("##back", back, back_w, ButtonLook::plain, p.text, ctx.fonts.strong, h,
                   "action.back"))
    back_step(ctx);
  ImGui::SameLine(0, gap);
  const bool ok = can_go_on(f);
  std::string label;
  if (f.step == 5)
    label = post_label(spec);
  else
    label = tr("Next");
  const float next_w = std::min(avail - back_w - gap, px(420));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - back_w - gap - next_w));
  // Off until the step is answered: grey, and a tap says what is missing.
  if (touch_button_if(ok, why_not_on(f), "##next", label, next_w, ButtonLook::selected, spec.accent,
                      ctx.fonts.strong, h, f.step == 5 ? "action.post" : "action.next") &&
      ctx.state.wizard.step == f.step)
    next_step(ctx, spec);
}

// --- Step 2: what exactly -------------------------------------------------------------------

void draw_what(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  const bool skills = is_skills_offer(f);
  touch_text_field(
      "##item",
      skills ? tr("For example: I can translate Ukrainian") : tr("Type here, or tap one below"),
      &f.item, TextFieldKind::text, limits::item_chars);
  const auto picks = quick_picks(f.category);
  if (picks.empty()) return;
  ImGui::Dummy(ImVec2(0, px(2)));
  wizard_label(ctx, tr("Or tap one:"));
  const int tapped = chip_flow("##picks", picks, f.item, spec.accent);
  if (tapped >= 0) {
    f.item = picks[size_t(tapped)];
    clear_keyboard_target();
  }
}

// --- Step 4: how to reach you ---------------------------------------------------------------

// The height of the consent row `width` wide, its sentence wrapped beside the box.
float consent_box_height(UiContext& ctx, const std::string& sentence, float width) {
  ImFont* body = or_current(ctx.fonts.body);
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
  ImFont* body = or_current(ctx.fonts.body);
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

// --- Step 5: review -------------------------------------------------------------------------

// One answer with "Change": the whole row goes back to the step that asked it.
void review_row(UiContext& ctx, const WizardSpec& spec, int index, const std::string& label,
                const std::string& value, int step) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float width = ImGui::GetContentRegionAvail().x;
  const float pad = px(14);
  ImFont* body = or_current(ctx.fonts.body);
  ImFont* strong = or_current(ctx.fonts.strong);
  const bool changeable = step >= first_step(f);
  const std::string change = changeable ? tr("Change") : "";
  const float change_w = changeable ? text_width(strong, change) + px(8) : 0.0f;
  // Labels take a third of the row on wide screens and their own line on narrow ones.
  const bool stacked = width < px(560);
  const float label_w = stacked ? width - 2 * pad - change_w : width * 0.38f;
  const float value_x = stacked ? pad : pad + label_w + pad;
  const float value_w = width - value_x - pad - change_w - pad;
  const float value_h = calc_text_size(body, strong->FontSize, value, value_w).y;
  const float h =
      std::max(touch_target(), (stacked ? body->FontSize + px(4) : 0.0f) + value_h + 2 * pad);
  ImGui::PushID(index);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##row", ImVec2(width, h)) && is_tap();
  probe_touch(value, min, ImVec2(min.x + width, min.y + h));
  const bool held = ImGui::IsItemActive() && is_tap() && changeable;
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + width, min.y + h);
  dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, px(10));
  dl->AddRect(min, max, p.border, px(10), 0, px(1));
  float y = min.y + pad;
  draw_text(dl, body, ImVec2(min.x + pad, y), p.muted, label, label_w);
  if (stacked) y += body->FontSize + px(4);
  draw_text_wrapped(dl, strong, ImVec2(min.x + value_x, y), p.text, value, value_w);
  if (changeable)
    draw_text(dl, strong,
              ImVec2(max.x - pad - change_w + px(8), min.y + (h - strong->FontSize) * 0.5f),
              spec.accent, change);
  if (clicked && changeable) {
    go_to_step(f, step);
    f.from_review = true;
  }
}

struct ReviewRow {
  std::string label, value;
  int step;  // the step that asked it
};

std::vector<ReviewRow> review_rows(const WizardSpec& spec, const WizardForm& f) {
  std::vector<ReviewRow> rows;
  rows.push_back({tr("Category"), category_label(f.category), 1});
  rows.push_back({is_skills_offer(f) ? tr("What you can do") : tr("What"), f.item, 2});
  for (auto& [label, value] : spec.amount_review(f))
    rows.push_back({std::move(label), std::move(value), 3});
  std::string reach;
  if (f.reach == WizardForm::Reach::phone && contact_given(f) && f.consent) {
    reach = trimmed(f.contact_name);
    if (!trimmed(f.contact_phone).empty())
      reach += (reach.empty() ? "" : "  \xC2\xB7  ") + trimmed(f.contact_phone);
  } else {
    reach = tr("I will come back to this kiosk");
  }
  rows.push_back({tr("How to reach you"), reach, 4});
  return rows;
}

void draw_review(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  int i = 0;
  for (const ReviewRow& row : review_rows(spec, f))
    review_row(ctx, spec, i++, row.label, row.value, row.step);
  if (!f.error.empty()) ui_text_wrapped(f.error, ctx.fonts.strong, palette().urgent);
}

// --- Step 6: ticket -------------------------------------------------------------------------

const char* ticket_next(Kind kind) {
  return kind == Kind::need
             ? tr("A volunteer looks for someone who can help. Come back to this kiosk and tap "
                  "\"Check my ticket\" to see what has happened.")
             : tr("A volunteer will match your offer with someone who needs it. Tap \"Check my "
                  "ticket\" here to see what has happened.");
}

const char* ticket_more(const WizardForm& f) {
  return f.left_contact ? tr("A volunteer may also call you.")
                        : tr("Nothing about you was saved, only this code.");
}

// The ticket screen's last row: Done, and "Print my ticket" when there is a printer.
struct FooterRow {
  float done_w = 0, print_w = 0;  // print_w 0: no print button
  // "Print my ticket", or "Print" where that does not fit; while printing, "Printing..." where
  // it fits, else the same label (the message under the code then says how it went).
  const char* print_label = "";
  const char* printing_label = "";
  bool stacked = false;  // print above Done, each across the row
};
FooterRow ticket_footer_row(ImFont* font, float row_w, bool printer) {
  FooterRow r;
  r.done_w = std::min(row_w, px(420));
  if (!printer) return r;
  auto fits = [&](const char* label, std::string_view pictogram, float w) {
    return text_width(font, label) + px(36) + pictogram_room(font, pictogram) <= w;
  };
  auto labels = [&](float w) {
    r.print_label =
        fits(tr("Print my ticket"), "action.print", w) ? tr("Print my ticket") : tr("Print");
    r.printing_label =
        fits(tr("Printing..."), "action.print", w) ? tr("Printing...") : r.print_label;
  };
  if (row_w - r.done_w > px(200)) {
    r.print_w = std::min(row_w - r.done_w - px(16), px(360));
    labels(r.print_w);
    return r;
  }
  // Half the row each, so that the code above keeps its room (800x480 at 200 % text, where
  // Done alone used to take the whole row).
  const float half = (row_w - px(16)) * 0.5f;
  if (fits(tr("Done"), "action.confirm", half) && fits(tr("Print"), "action.print", half)) {
    r.done_w = r.print_w = half;
    labels(half);
    return r;
  }
  // Too narrow even so (a tall, narrow display at large text): above Done, across the row.
  r.done_w = r.print_w = row_w;
  r.stacked = true;
  labels(row_w);
  return r;
}

void draw_ticket(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  ImFont* heading = or_current(ctx.fonts.heading);
  ImFont* body = or_current(ctx.fonts.body);
  ImFont* strong = or_current(ctx.fonts.strong);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool wide = avail.x > avail.y * 1.2f && avail.x > px(700);
  const float gap = px(24);
  // "Print my ticket" (when this device has a receipt printer, Settings) goes beside Done, each
  // as wide as it needs or half the row, with the short "Print" where the long words do not fit;
  // else above Done.
  const std::string printer = ticket_printer(ctx.store);
  const FooterRow footer_row = ticket_footer_row(strong, avail.x, !printer.empty());
  const float footer =
      (footer_height() + ImGui::GetStyle().ItemSpacing.y) * (footer_row.stacked ? 2.0f : 1.0f);

  ImGui::BeginChild("##ticket", ImVec2(0, avail.y - footer), false);
  // The width inside the scrolling area: less its scrollbar when the text is taller than it.
  const float inner_w = ImGui::GetContentRegionAvail().x;
  const float left_w = wide ? inner_w * 0.45f : inner_w;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  float y = min.y;
  // The speaker, before the first words it reads (when read-aloud is on: app/ui/read_aloud.hpp).
  const float row = touch_target();
  const float speaker = speaker_slot(ctx, row);
  if (speaker > 0) {
    const float x = min.x + speaker + px(12);
    const float w = left_w - (x - min.x);
    const char* title = tr("Your ticket number");
    const float text_h = calc_text_size(strong, strong->FontSize, title, w).y;
    draw_text_wrapped(dl, strong, ImVec2(x, y + std::max(0.0f, (row - text_h) * 0.5f)), p.text,
                      title, w);
    y += std::max(row, text_h);
  } else {
    y += draw_text_wrapped(dl, strong, ImVec2(min.x, y), p.text, tr("Your ticket number"), left_w);
  }
  y += px(8);
  // The code as large as the box allows: a stranger must read it from a step back and copy it.
  // In the font baked for codes, at its own size (app/widgets/big_code.hpp): sharp, not scaled.
  ImFont* code_font = ctx.fonts.code ? ctx.fonts.code : heading;
  const float code_h = std::max(code_font->FontSize * 1.35f, wide ? px(110) : px(96));
  dl->AddRectFilled(ImVec2(min.x, y), ImVec2(min.x + left_w, y + code_h), p.surface, px(14));
  dl->AddRect(ImVec2(min.x, y), ImVec2(min.x + left_w, y + code_h), spec.accent, px(14), 0, px(4));
  draw_big_code(dl, code_font, ImVec2(min.x, y), left_w, code_h, p.text, f.ticket);
  y += code_h + px(10);
  y += draw_text_wrapped(dl, heading, ImVec2(min.x, y), spec.accent, tr("Write this code down."),
                         left_w);
  float x = min.x;
  float w = left_w;
  if (wide) {
    x = min.x + left_w + gap;
    w = inner_w - left_w - gap;
    y = min.y;
  } else {
    y += px(16);
  }
  // What the ticket is for, with its quantity in words ("Rice · 3 packs").
  // (An offer of skills and time has no quantity: its item alone.)
  if (!f.item.empty()) {
    std::string what = f.item;
    if (!f.unit.empty() || f.quantity != 1)
      what += "  \xC2\xB7  " + format_quantity(f.quantity, f.unit);
    y += draw_text_wrapped(dl, strong, ImVec2(x, y), p.text, what, w) + px(12);
  }
  y += draw_text_wrapped(dl, strong, ImVec2(x, y), p.text, tr("What happens next"), w);
  y += px(6);
  y += draw_text_wrapped(dl, body, ImVec2(x, y), p.text, ticket_next(spec.kind), w);
  y += px(10);
  y += draw_text_wrapped(dl, body, ImVec2(x, y), p.muted, ticket_more(f), w);
  // The phone ticket page as a QR code, only while the phone pages run at a known address.
  const std::string url =
      ctx.state.phone && ctx.state.phone->running()
          ? phone_ticket_url(ctx.state.phone->address(), f.ticket, f.left_contact)
          : std::string();
  if (!url.empty()) {
    y += px(14);
    const float qr = std::min(px(150), w * 0.45f);
    draw_qr(dl, ImVec2(x, y), qr, url);
    capture_text("qr:" + url, ImVec2(x, y), ImVec2(x + qr, y + qr));
    const float cx = x + qr + px(14);
    draw_text_wrapped(dl, strong, ImVec2(cx, y + px(8)), p.text,
                      tr("Scan to see this ticket on your phone"), std::max(px(60), x + w - cx));
    y += qr;
  }
  if (!f.print_message.empty())
    y += px(10) + draw_text_wrapped(dl, strong, ImVec2(x, y + px(10)),
                                    f.print_failed ? p.urgent : p.offer, f.print_message, w);
  ImGui::SetCursorScreenPos(min);  // past the speaker: the content is all of it
  ImGui::Dummy(ImVec2(avail.x, y - min.y));
  // How the printing went is the last thing in the list: brought into view as it appears, below
  // the fold at large text on a small display.
  {
    // Once per message: the window's storage keeps which one was brought into view (0: none).
    int& shown = *ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("##print_shown"), 0);
    const int now =
        f.print_message.empty() ? 0 : static_cast<int>(ImGui::GetID(f.print_message.c_str()) | 1u);
    if (now != 0 && now != shown) {
      ImGui::SetScrollHereY(1.0f);
      ctx.state.wants_frame = true;  // the scroll takes effect on the next frame
    }
    shown = now;
  }
  if (update_drag_scroll(f.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();

  const float done_w = footer_row.done_w;
  const float row_x = ImGui::GetCursorPosX();
  // Printing runs off the UI thread and says how it went.
  if (footer_row.print_w > 0) {
    const float print_w = footer_row.print_w;
    if (f.printing && f.printing->finished()) {
      f.print_failed = !f.printing->has_value();
      f.print_message = f.print_failed
                            ? tr("The printer did not answer. Please write the code down.")
                            : tr("Printed. Take your slip.");
      f.printing.reset();
      ctx.state.wants_frame = true;  // drawn under the code on the next frame
    }
    if (f.printing) ctx.state.wants_frame = true;
    const char* label = f.printing ? footer_row.printing_label : footer_row.print_label;
    if (touch_button("##print", label, print_w, ButtonLook::plain, spec.accent, ctx.fonts.strong,
                     footer_height(), "action.print") &&
        !f.printing) {
      if (auto e = ctx.store.entries().by_ticket(f.ticket)) {
        const std::string phone =
            ctx.state.phone && ctx.state.phone->running() ? ctx.state.phone->address() : "";
        const Slip slip =
            build_slip(ticket_slip_text(ctx.store, *e, phone), ticket_paper(ctx.store));
        f.print_message.clear();
        f.printing = start_print(slip.bytes, printer);
      }
    }
    if (!footer_row.stacked) ImGui::SameLine(row_x + avail.x - done_w);
  } else {
    ImGui::SetCursorPosX(row_x + avail.x - done_w);
  }
  if (touch_button("##done", tr("Done"), done_w, ButtonLook::selected, spec.accent,
                   ctx.fonts.strong, footer_height(), "action.confirm"))
    leave_wizard(ctx);
}

}  // namespace

// --- Public --------------------------------------------------------------------------------

void start_wizard(WizardForm& form, Kind kind) {
  form = WizardForm{};
  form.kind = kind;
  form.step = 1;
  clear_keyboard_target();
}

void resume_or_start_wizard(WizardForm& form, Kind kind) {
  if (form.step == 6 && form.shown_again && form.kind == kind) return;  // "Show my last ticket"
  if (form.kind != kind || form.step < 1 || form.step > 6 || form.step == 6)
    start_wizard(form, kind);
}

void leave_wizard(UiContext& ctx) {
  ctx.state.wizard = WizardForm{};
  clear_keyboard_target();
  go_to(ctx.state, Screen::home);
}

void draw_wizard(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  if (f.kind != spec.kind || f.step < 1 || f.step > 6) start_wizard(f, spec.kind);
  if (f.step == 6) {
    draw_ticket(ctx, spec);
    return;
  }
  const int step = f.step;
  // Typing where the keyboard leaves little room (at 800x480 and 200 % about 150 px): the step
  // alone, its question above its field in the step's own scroll, which keeps the field in view;
  // no title bar and no Back and Next. The keyboard's Done brings them back.
  const bool typing = step != 1 && keyboard_target().live() &&
                      ImGui::GetContentRegionAvail().y < touch_target() * 5.5f;
  if (!typing) draw_header(ctx, spec);
  if (ctx.state.screen != (spec.kind == Kind::need ? Screen::need : Screen::offer)) return;
  // Step 1 has no footer: a tile tap is the answer and moves on, and Cancel goes back home. The
  // room goes to the tiles, so all of them fit on an 800x480 screen.
  const bool footer_shown = !typing && (step != first_step(f) || step != 1);
  const float footer = footer_shown ? footer_height() + ImGui::GetStyle().ItemSpacing.y : 0.0f;
  const float height = ImGui::GetContentRegionAvail().y - footer;
  ImGui::BeginChild("##step", ImVec2(0, height), false);
  // The arrow draw_more_below() shows scrolls the step on a tap (taken before the buttons under
  // it).
  if (!typing && more_below_tapped()) ctx.state.wants_frame = true;
  ImGui::PushID(step);
  if (typing) {
    // The question stays in view with the field under it, no taller than its text.
    const float top = ImGui::GetCursorScreenPos().y;
    ui_text_wrapped(question(spec, f), or_current(ctx.fonts.strong), palette().text);
    next_field_question_from(top);
    next_field_compact();
  }
  switch (step) {
    case 1:
      if (draw_category_grid(ctx, &f.category, spec.accent, height)) {
        const int to = f.from_review ? 5 : 2;
        f.from_review = false;
        go_to_step(f, to);
      }
      break;
    case 2:
      draw_what(ctx, spec);
      break;
    case 3:
      spec.draw_amount(ctx, height);
      break;
    case 4:
      draw_contact(ctx, spec, typing);
      break;
    case 5:
      draw_review(ctx, spec);
      break;
  }
  ImGui::PopID();
  if (update_drag_scroll(f.scroll)) ctx.state.wants_frame = true;
  // Where the step is taller than its room (step 3's units at 480x800 and 200 % text), an arrow
  // over its bottom edge says there is more.
  if (!typing) draw_more_below();
  ImGui::EndChild();
  if (f.step == step && footer_shown) draw_footer(ctx, spec);
  if (f.confirm_cancel) {
    const ConfirmText text{tr("Throw away this request?"), nullptr, tr("Keep"), tr("Throw away")};
    switch (draw_confirm("##confirm_cancel", text, palette().urgent, ctx.fonts.heading,
                         ctx.fonts.body)) {
      case ConfirmAnswer::keep:
        f.confirm_cancel = false;
        break;
      case ConfirmAnswer::go_ahead:
        leave_wizard(ctx);
        break;
      case ConfirmAnswer::none:
        break;
    }
  }
}

std::vector<std::string> wizard_speech(UiContext& ctx, const WizardSpec& spec) {
  const WizardForm& f = ctx.state.wizard;
  std::vector<std::string> words;
  if (f.step == 6) {
    words.emplace_back(tr("Your ticket number"));
    words.push_back(spelled_code(f.ticket));
    words.emplace_back(tr("Write this code down."));
    words.emplace_back(tr("What happens next"));
    words.emplace_back(ticket_next(spec.kind));
    words.emplace_back(ticket_more(f));
    return words;
  }
  words.emplace_back(question(spec, f));
  switch (f.step) {
    case 1:
      for (const std::string& id : enabled_category_ids(ctx.store))
        words.push_back(category_label(id));
      break;
    case 2: {
      const auto picks = quick_picks(f.category);
      if (!picks.empty()) words.emplace_back(tr("Or tap one:"));
      for (const char* pick : picks) words.emplace_back(pick);
      break;
    }
    case 3:
      for (std::string& w : spec.amount_speech(f)) words.push_back(std::move(w));
      break;
    case 4:
      words.emplace_back(tr("Leave a name and phone"));
      words.emplace_back(tr("I will come back to this kiosk"));
      if (f.reach == WizardForm::Reach::phone) {
        words.push_back(consent_sentence(ctx));
        if (!can_go_on(f)) words.emplace_back(consent_missing());
      } else {
        words.emplace_back(reach_hint(f));
      }
      break;
    case 5:
      for (const ReviewRow& row : review_rows(spec, f))
        words.push_back(row.label + ": " + row.value);
      words.emplace_back(post_label(spec));
      break;
  }
  return words;
}

Entry entry_from_form(const WizardForm& f) {
  return entry_from_answers(answers_of(f));
}

Result<Entry> post_form(Store& store, WizardForm& form) {
  auto added = post_entry(store, answers_of(form), language(), form.for_offer);
  if (!added) return fail(added.error());
  // From here on the form holds nothing personal: only what the ticket screen shows.
  const Kind kind = form.kind;
  const bool left_contact = added->contact_consent && !added->contact_phone.empty();
  form = WizardForm{};
  form.kind = kind;
  form.step = 6;
  form.ticket = added->ticket;
  form.left_contact = left_contact;
  // What was posted, shown with the code ("Rice · 3 packs"): nothing personal.
  form.item = added->item;
  form.quantity = added->quantity;
  form.unit = added->unit;
  clear_keyboard_target();
  return added;
}

bool is_skills_offer(const WizardForm& form) {
  return form.kind == Kind::offer && is_skills_category(form.category);
}

void wizard_label(UiContext& ctx, const char* text) {
  ui_text_wrapped(text, ctx.fonts.strong, palette().text);
}

int chip_flow(const char* id, const std::vector<const char*>& labels, std::string_view selected,
              ImU32 accent) {
  ImGui::PushID(id);
  const float gap = px(10);
  const float right = ImGui::GetContentRegionAvail().x;
  float x = 0.0f;
  int tapped = -1;
  for (size_t i = 0; i < labels.size(); ++i) {
    const char* label = labels[i];
    // A chip wider than the row (a long pick at large text on a narrow display) takes the
    // row, its label on two lines.
    const float w = std::min(right, text_width(nullptr, label) + px(36));
    const bool two_lines = text_width(nullptr, label) + px(36) > right;
    if (i > 0) {
      if (x + gap + w <= right)
        ImGui::SameLine(0, gap);
      else
        x = 0.0f;
    }
    x += (x > 0 ? gap : 0.0f) + w;
    ImGui::PushID(int(i));
    const bool on = selected == label;
    if (two_lines ? touch_button("##pick", label, w, on ? ButtonLook::selected : ButtonLook::plain,
                                 accent, nullptr, 2 * ImGui::GetFontSize() + px(16)) &&
                        is_tap()
                  : chip("##pick", label, on, accent) && is_tap())
      tapped = int(i);
    ImGui::PopID();
  }
  ImGui::PopID();
  return tapped;
}

}  // namespace mutua
