#include "app/ui/entry_detail.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/ui/console_rows.hpp"
#include "app/ui/desk_widgets.hpp"
#include "app/ui/error_text.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/history_text.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/fixed_fields.hpp"
#include "core/schema.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

void reload(UiContext& ctx) {
  EntryDetailState& d = ctx.state.desk.detail;
  d.stale = false;
  d.entry.reset();
  d.history.clear();
  d.conflicts.clear();
  if (!d.id) return;
  d.entry = ctx.store.entries().get(*d.id);
  if (!d.entry) return;
  // Without the right to see them, contact fields never reach the state at all.
  if (!can(ctx.state, Permission::see_contacts)) {
    d.entry->contact_name.clear();
    d.entry->contact_phone.clear();
  }
  d.allocation = allocation(ctx.store, *d.entry);
  d.history = ctx.store.history().of(*d.id);
  for (auto& c : ctx.store.replica().conflicts_of(*d.id))
    if (c.table == TableId::entries) d.conflicts.push_back(std::move(c));
}

void fact(const char* label, const std::string& value, ImFont* strong, float label_w,
          ImU32 colour = 0) {
  if (value.empty()) return;
  // A label wider than its column (a narrow display at large text) goes above its value rather
  // than under it.
  const bool above = ImGui::CalcTextSize(label).x > label_w - px(8);
  if (above)
    ui_text_wrapped(label, nullptr, palette().muted);
  else
    ui_text(label, nullptr, palette().muted);
  if (!above) ImGui::SameLine(label_w);
  ui_text_wrapped(value, strong, colour);
}

void section(UiContext& ctx, const char* title) {
  ImGui::Dummy(ImVec2(0, px(6)));
  // Wrapped: at 200 % text on 800x480, "Recorded on more than one device" is wider than the
  // screen in every language.
  ui_text_wrapped(title, ctx.fonts.heading);
}

// A quantity of 0, or an empty category or item, is no value anyone wrote: the field waits for
// the version another device's bundle brings (a take-back left it so, or a delta made for another
// device brought the record without it: core/entries.cpp, waiting_filled).
const char* waiting_text() {
  return tr(
      "Not known on this device yet. It comes with the next update from the device that has "
      "it.");
}

std::string quantity_line(const Entry& e, const Allocation& a) {
  std::string s = quantity_waiting(e) ? waiting_text() : format_quantity(e.quantity, e.unit);
  if (a.given) s += "  \xC2\xB7  " + format_tr(tr("%lld given"), a.given);
  if (a.promised) s += "  \xC2\xB7  " + format_tr(tr("%lld matched, not given yet"), a.promised);
  return s;
}

void draw_facts(UiContext& ctx, const Entry& e) {
  const EntryDetailState& d = ctx.state.desk.detail;
  ImFont* strong = ctx.fonts.strong;
  const float label_w = std::min(px(200), ImGui::GetContentRegionAvail().x * 0.35f);
  fact(tr("Status"), status_label(e.status), strong, label_w,
       is_active(e.status) ? palette().text : palette().muted);
  fact(tr("Category"), e.category.empty() ? waiting_text() : category_label(e.category), strong,
       label_w);
  fact(tr("What"), e.item.empty() ? waiting_text() : e.item, strong, label_w);
  fact(tr("Details"), e.details, strong, label_w);
  fact(tr("How many"), quantity_line(e, d.allocation), strong, label_w);
  if (e.kind == Kind::need) {
    fact(tr("Urgency"), urgency_label(e.urgency), strong, label_w,
         e.urgency == Urgency::critical ? palette().urgent : 0);
    if (e.people) fact(tr("People"), format_count(e.people), strong, label_w);
  }
  fact(tr("Where"), format_place(e.site, e.area), strong, label_w);
  if (can(ctx.state, Permission::see_contacts)) {
    fact(tr("Contact name"), e.contact_name, strong, label_w);
    fact(tr("Phone"), e.contact_phone, strong, label_w);
    if (!e.contact_name.empty() || !e.contact_phone.empty())
      fact(tr("Consent"), e.contact_consent ? tr("Agreed to be contacted") : tr("Not given"),
           strong, label_w);
  }
  fact(tr("Language"), e.language, strong, label_w);
  fact(tr("Posted"), format_age(e.created_at, ctx.now_ms), strong, label_w);
  if (e.expires_at) fact(tr("Expires"), format_age(e.expires_at, ctx.now_ms), strong, label_w);
}

// A field set once when the entry was created (ticket, kind, when and where): its conflict means
// the entry was created twice (the same spreadsheet row imported on two devices). Only one
// creation can stand, so there is nothing to keep, only something to know.
bool fixed_field(const Conflict& c) {
  return is_fixed_field(c.table, c.field);
}

// What such a conflict means to a volunteer: a heading and one explanation.
std::pair<std::string, std::string> fixed_conflict_text(const Conflict& c) {
  if (c.field == "ticket")
    return {tr("Ticket"), format_tr_s(tr("This entry was also recorded on another device, which "
                                         "gave it ticket %s. That ticket still finds it."),
                                      c.losing_value)};
  if (c.field == "kind")
    return {tr("Need or offer"),
            c.losing_value == "offer"
                ? tr("Another device recorded this as an offer. It stays a need on every device; "
                     "if the offer is real, add it as a new offer.")
                : tr("Another device recorded this as a need. It stays an offer on every device; "
                     "if the need is real, add it as a new need.")};
  return {tr("Recorded twice"),
          tr("Another device recorded this entry too. This one is kept on every device.")};
}

void draw_fixed_conflict(UiContext& ctx, const Conflict& c) {
  EntryDetailState& d = ctx.state.desk.detail;
  const auto [heading, text] = fixed_conflict_text(c);
  ui_text(heading, ctx.fonts.strong);
  ui_text_wrapped(text);
  if (touch_button("##seen", tr("Dismiss"), px(190), ButtonLook::plain, palette().need,
                   ctx.fonts.strong) &&
      is_tap()) {
    auto r = ctx.store.replica().resolve_conflict(c.id, false);
    d.message = r ? tr("Dismissed. Nothing else changed.") : screen_error(r);
    d.stale = true;
  }
}

void draw_conflicts(UiContext& ctx) {
  EntryDetailState& d = ctx.state.desk.detail;
  if (d.conflicts.empty()) return;
  // A collision of creations is no edit: its heading says what happened.
  const bool creations = std::all_of(d.conflicts.begin(), d.conflicts.end(), fixed_field);
  section(ctx, creations ? tr("Recorded on more than one device") : tr("Conflicting edits"));
  if (!creations)
    ui_text_wrapped(tr("Two devices changed the same field. The first value is in use; keep the "
                       "one that is right."),
                    nullptr, palette().muted);
  const bool contacts = can(ctx.state, Permission::see_contacts);
  for (const auto& c : d.conflicts) {
    ImGui::PushID(static_cast<int>(c.id));
    if (fixed_field(c)) {
      draw_fixed_conflict(ctx, c);
      ImGui::PopID();
      continue;
    }
    const bool hidden = !contacts && (c.field == "contact_name" || c.field == "contact_phone");
    ui_text(field_label(c.field), ctx.fonts.strong);
    for (int losing = 0; losing < 2; ++losing) {
      const std::string& value = losing ? c.losing_value : c.winning_value;
      const std::string shown = hidden ? std::string("\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2")
                                       : field_value(c.field, value, ctx.now_ms);
      ImGui::PushID(losing);
      if (touch_button("##keep", tr("Keep this one"), px(190), ButtonLook::plain, palette().need,
                       ctx.fonts.strong) &&
          is_tap()) {
        auto r = ctx.store.replica().resolve_conflict(c.id, losing == 1);
        d.message = r ? tr("Kept. Other devices get it at the next sync.") : screen_error(r);
        d.stale = true;
      }
      const std::string line =
          format_tr_s(losing ? tr("Other value: %s") : tr("In use: %s"), shown);
      // Beside its button where each word fits there, else on the line below (a tablet held
      // upright at 200 % text leaves a few pixels beside it): never cut at the edge.
      ImGui::SameLine(0, px(12));
      if (words_fit(nullptr, line, ImGui::GetContentRegionAvail().x))
        ImGui::AlignTextToFramePadding();
      else
        ImGui::NewLine();
      ui_text_wrapped(line);
      ImGui::PopID();
    }
    ImGui::PopID();
  }
}

void draw_history(UiContext& ctx) {
  const EntryDetailState& d = ctx.state.desk.detail;
  section(ctx, tr("History"));
  if (d.history.empty()) {
    ui_text_wrapped(tr("No changes recorded yet."), nullptr, palette().muted);
    return;
  }
  const Kind own = d.entry ? d.entry->kind : Kind::need;
  // Newest first: the last change is the one a volunteer asks about.
  for (auto it = d.history.rbegin(); it != d.history.rend(); ++it) {
    std::string who = it->actor;
    if (who.empty()) {
      auto dev = ctx.store.devices().get(it->device);
      who = dev && !dev->name.empty() ? dev->name : std::string(tr("this device"));
    }
    ui_text_wrapped(format_age(it->at, ctx.now_ms) + "  \xC2\xB7  " + who + "  \xC2\xB7  " +
                        history_text(*it, own, ctx.now_ms),
                    nullptr, palette().muted);
  }
}

void draw_edit_form(UiContext& ctx) {
  EntryDetailState& d = ctx.state.desk.detail;
  Entry& f = d.draft;
  const ImU32 accent = f.kind == Kind::need ? palette().need : palette().offer;
  ui_text(tr("What"), nullptr, palette().muted);
  touch_text_field("##edit-item", tr("What exactly"), &f.item, TextFieldKind::text,
                   limits::item_chars);
  ui_text(tr("How many"), nullptr, palette().muted);
  if (quantity_waiting(f)) {
    // Waiting for its value: the stepper would show 1 and save it over the value on its way.
    // Left alone, the edit keeps it waiting; "Enter how many" is for a volunteer who counted.
    ui_text_wrapped(waiting_text(), nullptr, palette().muted);
    const char* enter = tr("Enter how many");
    if (touch_button("##enter-qty", enter,
                     capped_button_width(ctx.fonts.strong, enter, ImGui::GetContentRegionAvail().x),
                     ButtonLook::plain, accent, ctx.fonts.strong) &&
        is_tap())
      f.quantity = 1;
  } else {
    stepper("##edit-qty", &f.quantity, 1, limits::max_quantity, accent, ctx.fonts.heading);
  }
  if (f.kind == Kind::need) {
    ui_text(tr("Urgency"), nullptr, palette().muted);
    // On as many rows as the width needs (at 200 % text "Low" ran off an 800 px screen).
    bool first = true;
    for (Urgency u : {Urgency::critical, Urgency::high, Urgency::normal, Urgency::low}) {
      if (!first) same_line_if_fits(chip_width(urgency_label(u)), px(10));
      first = false;
      ImGui::PushID(int(u));
      if (chip("##urgency", urgency_label(u), f.urgency == u, accent) && is_tap()) f.urgency = u;
      ImGui::PopID();
    }
  }
  ui_text(tr("Site"), nullptr, palette().muted);
  touch_text_field("##edit-site", tr("Site"), &f.site, TextFieldKind::text, limits::short_chars);
  ui_text(tr("Area"), nullptr, palette().muted);
  touch_text_field("##edit-area", tr("Area"), &f.area, TextFieldKind::text, limits::short_chars);
  ui_text(tr("Details"), nullptr, palette().muted);
  touch_text_field("##edit-details", tr("Details"), &f.details, TextFieldKind::text,
                   limits::details_chars);
  if (can(ctx.state, Permission::see_contacts)) {
    ui_text(tr("Contact name"), nullptr, palette().muted);
    touch_text_field("##edit-name", tr("Contact name"), &f.contact_name, TextFieldKind::text,
                     limits::short_chars);
    ui_text(tr("Phone"), nullptr, palette().muted);
    touch_text_field("##edit-phone", tr("Phone"), &f.contact_phone, TextFieldKind::phone,
                     limits::phone_chars);
  }
}

void set_status(UiContext& ctx, Status s, const char* done) {
  EntryDetailState& d = ctx.state.desk.detail;
  auto r = ctx.store.entries().set_status(*d.id, s);
  d.message = r ? done : screen_error(r);
  d.stale = true;
}

struct Action {
  const char* id;
  const char* label;
  bool primary;
};

// What can be done to the entry, in the order the buttons appear.
std::vector<Action> detail_actions(const UiContext& ctx, const Entry& e) {
  const EntryDetailState& d = ctx.state.desk.detail;
  if (d.editing) return {{"##discard", tr("Discard changes"), false}, {"##save", tr("Save"), true}};
  const bool active = is_active(e.status);
  const bool need = e.kind == Kind::need;
  std::vector<Action> actions;
  if (need && active && can(ctx.state, Permission::match))
    actions.push_back({"##find", tr("Find offers"), true});
  if (d.allocation.promised > 0 && can(ctx.state, Permission::hand_over))
    actions.push_back({"##handover", tr("Handover"), !need || !active});
  if (active) {
    actions.push_back({"##edit", tr("Edit"), false});
    actions.push_back({"##met", need ? tr("Mark met") : tr("Mark taken"), false});
    actions.push_back(
        {"##cancel", d.confirm_cancel ? tr("Tap again to cancel") : tr("Cancel entry"), false});
  }
  return actions;
}

float action_height() {
  return touch_target() * 1.15f;
}

// Buttons a row: all of them when every label fits, fewer (in more rows) on a narrow screen.
size_t actions_per_row(const UiContext& ctx, const std::vector<Action>& actions, float avail) {
  float widest = 0;
  for (const auto& a : actions) widest = std::max(widest, text_width(ctx.fonts.strong, a.label));
  widest += px(24);
  size_t n = std::max<size_t>(actions.size(), 1);
  while (n > 1 && float(n) * widest + float(n - 1) * px(10) > avail) --n;
  return n;
}

float actions_height(const UiContext& ctx, const std::vector<Action>& actions, float avail) {
  if (actions.empty()) return 0;
  const size_t per_row = actions_per_row(ctx, actions, avail);
  const size_t rows = (actions.size() + per_row - 1) / per_row;
  return float(rows) * (action_height() + ImGui::GetStyle().ItemSpacing.y);
}

// The action buttons along the bottom, equal widths, in as many rows as the labels need.
void draw_actions(UiContext& ctx, const Entry& e, const std::vector<Action>& actions) {
  EntryDetailState& d = ctx.state.desk.detail;
  const Palette& p = palette();
  const float h = action_height();
  const float gap = px(10);
  const float avail = ImGui::GetContentRegionAvail().x;
  if (actions.empty()) return;
  const bool need = e.kind == Kind::need;
  const size_t per_row = actions_per_row(ctx, actions, avail);
  const float w = (avail - gap * float(per_row - 1)) / float(per_row);
  for (size_t i = 0; i < actions.size(); ++i) {
    if (i % per_row) ImGui::SameLine(0, gap);
    const Action& a = actions[i];
    const std::string_view id = a.id;
    const bool danger = id == "##cancel";
    const ImU32 accent = danger              ? p.urgent
                         : id == "##discard" ? p.available
                         : id == "##save"    ? p.offer
                                             : (need ? p.need : p.offer);
    if (!touch_button(a.id, a.label, w, a.primary ? ButtonLook::selected : ButtonLook::plain,
                      accent, ctx.fonts.strong, h))
      continue;
    if (id != "##cancel") d.confirm_cancel = false;
    if (id == "##discard") {
      d.editing = false;
      clear_keyboard_target();
    } else if (id == "##save") {
      auto r = ctx.store.entries().update(d.draft);
      d.message = r ? tr("Saved.") : screen_error(r);
      if (r) d.editing = false;
      clear_keyboard_target();
      d.stale = true;
    } else if (id == "##find") {
      open_match(ctx.state, e.id);
    } else if (id == "##handover") {
      open_handover(ctx.state, e.id);
    } else if (id == "##edit") {
      d.draft = e;
      d.editing = true;
      d.message.clear();
    } else if (id == "##met") {
      set_status(ctx, need ? Status::met : Status::taken, tr("Marked as done."));
    } else if (id == "##cancel") {
      if (!d.confirm_cancel) {
        d.confirm_cancel = true;
      } else {
        d.confirm_cancel = false;
        set_status(ctx, need ? Status::cancelled : Status::withdrawn, tr("Cancelled."));
      }
    }
  }
}

}  // namespace

void open_entry_detail(UiState& state, const Id& entry, Screen back) {
  EntryDetailState& d = state.desk.detail;
  d = EntryDetailState{};
  d.id = entry;
  d.back = back;
  go_to(state, Screen::entry_detail);
}

void draw_entry_detail(UiContext& ctx) {
  EntryDetailState& d = ctx.state.desk.detail;
  if (d.stale) reload(ctx);
  const bool need = d.entry && d.entry->kind == Kind::need;
  const std::string title =
      d.entry ? std::string(need ? tr("Need") : tr("Offer")) + "  " + d.entry->ticket
              : std::string(tr("Entry"));
  if (desk_top_bar(ctx, d.back, title)) {
    clear_keyboard_target();
    return;
  }
  if (!d.entry) {
    ui_text_wrapped(tr("This entry is not on this device."), ctx.fonts.strong);
    return;
  }
  const Entry& e = *d.entry;
  const std::vector<Action> actions = detail_actions(ctx, e);
  const float footer = actions_height(ctx, actions, ImGui::GetContentRegionAvail().x);
  // The message wraps: a refusal in words ("Tablet 2 wrote this with a clock set past the year
  // 9999, ...") is several lines on any screen.
  ImFont* msg_font = or_current_font(ctx.fonts.strong);
  const float msg_h = d.message.empty() ? 0.0f
                                        : calc_text_size(msg_font, msg_font->FontSize, d.message,
                                                         ImGui::GetContentRegionAvail().x)
                                                  .y +
                                              ImGui::GetStyle().ItemSpacing.y;
  // Where the actions would leave the facts less than two rows (480x800 at 200 %), they scroll
  // with the facts instead of being pushed off the screen.
  const bool actions_scroll =
      ImGui::GetContentRegionAvail().y - footer - msg_h < touch_target() * 2.0f;
  ImGui::BeginChild(
      "##detail",
      ImVec2(0, actions_scroll ? 0.0f : ImGui::GetContentRegionAvail().y - footer - msg_h), false);
  if (d.editing) {
    draw_edit_form(ctx);
  } else {
    draw_facts(ctx, e);
    if (!can(ctx.state, Permission::see_contacts))
      ui_text_wrapped(tr("Contact details are shown to signed-in volunteers only."), nullptr,
                      palette().muted);
    draw_conflicts(ctx);
    draw_history(ctx);
  }
  if (actions_scroll) {
    if (!d.message.empty()) ui_text_wrapped(d.message, ctx.fonts.strong, palette().offer);
    draw_actions(ctx, e, actions);
  }
  if (update_drag_scroll(d.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  if (actions_scroll) return;
  if (!d.message.empty()) ui_text_wrapped(d.message, ctx.fonts.strong, palette().offer);
  draw_actions(ctx, e, actions);
}

}  // namespace mutua
