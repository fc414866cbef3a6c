#include "app/ui/wizard_steps.hpp"
#include "app/ui/error_text.hpp"

#include <algorithm>
#include <cstdio>

#include "app/ui/category_grid.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/last_ticket.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/state.hpp"
#include "app/ui/wizard_step_parts.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/confirm.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

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

}  // namespace

namespace wizard_parts {

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

bool contact_given(const WizardForm& f) {
  return contact_given(answers_of(f));
}

bool can_go_on(const WizardForm& f) {
  return step_answered(answers_of(f), f.step);
}

float footer_height() {
  return height_on_short_display(touch_target() * 1.2f, 0.16f);
}

}  // namespace wizard_parts

using namespace wizard_parts;

namespace {

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
  ImFont* body = or_current_font(ctx.fonts.body);
  ImFont* strong = or_current_font(ctx.fonts.strong);
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
  ImFont* font = or_current_font(ctx.fonts.heading);
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

void next_step(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  if (f.step == 5) {
    auto posted = post_form(ctx.store, f);
    if (!posted)
      f.error = screen_error(posted);
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
    ui_text_wrapped(question(spec, f), or_current_font(ctx.fonts.strong), palette().text);
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
  if (!added) return added.error_value();
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
