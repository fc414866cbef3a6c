// Steps 5 and 6 of the need and offer wizards: the review of every answer, each row going back
// to the step that asked it, and the ticket with its code, what happens next, a QR code for the
// phone pages and "Print my ticket".
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/state.hpp"
#include "app/ui/task.hpp"
#include "app/ui/ticket_slip.hpp"
#include "app/ui/wizard_step_parts.hpp"
#include "app/widgets/big_code.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/qr.hpp"
#include "app/widgets/text.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua::wizard_parts {

namespace {

// One answer with "Change": the whole row goes back to the step that asked it.
void review_row(UiContext& ctx, const WizardSpec& spec, int index, const std::string& label,
                const std::string& value, int step) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  const float width = ImGui::GetContentRegionAvail().x;
  const float pad = px(14);
  ImFont* body = or_current_font(ctx.fonts.body);
  ImFont* strong = or_current_font(ctx.fonts.strong);
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

}  // namespace

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

void draw_ticket(UiContext& ctx, const WizardSpec& spec) {
  WizardForm& f = ctx.state.wizard;
  const Palette& p = palette();
  ImFont* heading = or_current_font(ctx.fonts.heading);
  ImFont* body = or_current_font(ctx.fonts.body);
  ImFont* strong = or_current_font(ctx.fonts.strong);
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

}  // namespace mutua::wizard_parts
