#include "app/ui/settings_screen.hpp"
#include "app/ui/error_text.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/console_rows.hpp"
#include "app/ui/desk_widgets.hpp"
#include "app/ui/first_start.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/housekeeping.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lan_screen.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/pin_save.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/ui/sync_key_text.hpp"
#include "app/ui/ticket_settings.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/qr.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/pin_length.hpp"
#include "core/revocation.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "platform/scale.hpp"
#include "sync/key_ring.hpp"
#include "sync/network.hpp"
#include "sync/revocation_filter.hpp"

namespace mutua {

namespace {

const char* site_kind_label(SiteKind k) {
  switch (k) {
    case SiteKind::shelter:
      return tr("Shelter");
    case SiteKind::distribution:
      return tr("Distribution point");
    case SiteKind::clinic:
      return tr("Clinic");
    case SiteKind::kitchen:
      return tr("Kitchen");
    case SiteKind::warehouse:
      return tr("Warehouse");
    case SiteKind::other:
      return tr("Other");
  }
  return "";
}

// Buttons inside the scrolling list act only on a tap, not at the end of a drag.
// A width of 0 fits the label, no wider than the room left on the row (two lines if need be).
bool tap_button(const char* id, std::string_view label, float width, ImU32 accent,
                ImFont* font = nullptr, ButtonLook look = ButtonLook::plain) {
  if (width <= 0) width = capped_button_width(font, label, ImGui::GetContentRegionAvail().x);
  return touch_button(id, label, width, look, accent, font) && is_tap();
}

// A one-of-several choice: a chip while its label fits the row, else a button as wide as the
// row with its words on two lines ("Point de distribution" at 200 % on a portrait display).
bool choice(const char* id, std::string_view label, bool selected, ImU32 accent, bool first) {
  const float room = ImGui::GetContentRegionMax().x - ImGui::GetCursorStartPos().x;
  if (chip_width(label) <= room) {
    if (!first) same_line_if_fits(chip_width(label));
    return chip(id, label, selected, accent) && is_tap();
  }
  if (!first) ImGui::NewLine();
  return touch_button(id, label, room, selected ? ButtonLook::selected : ButtonLook::plain,
                      accent) &&
         is_tap();
}

float widest(ImFont* font, std::initializer_list<const char*> labels) {
  float w = 0;
  for (const char* l : labels) w = std::max(w, text_width(font, l));
  return w;
}

// A text field named above it, for labelled_pair.
struct NamedField {
  const char* name;
  const char* id;
  const char* hint;  // an example, or null
  std::string* value;
  TextFieldKind kind;
  size_t max_chars;
};

// Two fields side by side, each `width` wide with its name above it (the grey hint inside a
// field goes with the first letter typed; the name stays). Where a name needs more than a line
// there, one above the other, the whole row wide: with the keyboard up at 800x480 and 200 %
// a name wrapped on three lines left no room for its field in view.
void labelled_pair(float width, const NamedField& a, const NamedField& b) {
  ImFont* font = ImGui::GetFont();
  const bool side = text_width(font, a.name) <= width && text_width(font, b.name) <= width;
  const float w = side ? width : 2 * width + ImGui::GetStyle().ItemSpacing.x;
  for (const NamedField* f : {&a, &b}) {
    if (f == &b && side) ImGui::SameLine();
    ImGui::BeginGroup();
    text_field_name(f->name, w);
    ImGui::SetNextItemWidth(w);
    touch_text_field(f->id, f->hint, f->value, f->kind, f->max_chars);
    ImGui::EndGroup();
  }
}

void report(SettingsScreenState& s, const Result<Ok>& r, const char* done) {
  s.message_is_error = !r.ok();
  s.message = r.ok() ? done : screen_error(r);
}

void settings_section(UiContext& ctx, const char* title) {
  ImGui::Dummy(ImVec2(0, px(8)));
  // Long titles wrap (uk, es); in the bold body face where a word alone is wider than the
  // column in the heading face ("Синхронізація" at 200 % in portrait), never broken in two.
  ImFont* font = ctx.fonts.heading;
  if (font && !words_fit(font, title, ImGui::GetContentRegionAvail().x)) font = ctx.fonts.strong;
  ui_text_wrapped(title, font, palette().text);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(a, ImVec2(a.x + ImGui::GetContentRegionAvail().x, a.y),
                                      palette().border, px(1));
  ImGui::Dummy(ImVec2(0, px(2)));
}

void draw_site(UiContext& ctx, SettingsScreenState& s) {
  const Palette& p = palette();
  settings_section(ctx, tr("This site"));
  // Named above it, and seen with that name while typing.
  const float top = ImGui::GetCursorScreenPos().y;
  ui_text_wrapped(tr("Site name"), ctx.fonts.strong, p.text);
  next_field_question_from(top);
  touch_text_field("##site_name", tr("Site name"), &s.site_name, TextFieldKind::text, 80);
  for (int k = 0; k <= int(SiteKind::other); ++k) {
    ImGui::PushID(k);
    if (choice("##kind", site_kind_label(SiteKind(k)), s.site_kind == SiteKind(k), p.available,
               k == 0))
      s.site_kind = SiteKind(k);
    ImGui::PopID();
  }
  if (tap_button("##save_site", tr("Save site"), 0, p.offer, ctx.fonts.body, ButtonLook::selected))
    report(s, set_device_site(ctx.store, s.site_name, s.site_kind), tr("Saved."));
}

void draw_kiosk_and_retention(UiContext& ctx, SettingsScreenState& s) {
  const Palette& p = palette();
  settings_section(ctx, tr("Kiosk and privacy"));
  ui_text_wrapped(tr("Kiosk idle timeout (seconds)"), ctx.fonts.body, p.muted);
  stepper("##timeout", &s.kiosk_timeout_s, kMinKioskTimeoutS, kMaxKioskTimeoutS, p.available,
          ctx.fonts.strong);
  same_line_if_fits(text_width(ctx.fonts.body, tr("Save")) + px(36));
  if (tap_button("##save_timeout", tr("Save"), 0, p.offer, ctx.fonts.body, ButtonLook::selected)) {
    report(s, set_kiosk_timeout_s(ctx.store, s.kiosk_timeout_s), tr("Saved."));
    ctx.state.idle.timeout_ms = 0;  // re-read on the next frame
  }
  ui_text_wrapped(tr("Keep contact details of finished entries for (days). Purge runs daily."),
                  ctx.fonts.body, p.muted);
  stepper("##retention", &s.retention_days, kMinRetentionDays, kMaxRetentionDays, p.available,
          ctx.fonts.strong);
  same_line_if_fits(text_width(ctx.fonts.body, tr("Save")) + px(36));
  if (tap_button("##save_retention", tr("Save"), 0, p.offer, ctx.fonts.body, ButtonLook::selected))
    report(s, set_retention_days(ctx.store, s.retention_days), tr("Saved."));
  if (can(ctx.state, Permission::purge_contacts) &&
      tap_button("##purge", tr("Purge now"), 0, p.urgent, ctx.fonts.body)) {
    auto r = purge_now(ctx.store);
    s.message_is_error = !r.ok();
    if (r) {
      char buf[160];
      std::snprintf(buf, sizeof buf, tr("Contact details removed from %d entries."), int(*r));
      s.message = buf;
    } else {
      s.message = r.error();
    }
  }
}

void draw_categories(UiContext& ctx, SettingsScreenState& s) {
  const Palette& p = palette();
  settings_section(ctx, tr("Categories"));
  ui_text(tr("Names in:"), ctx.fonts.body, p.muted);
  for (const auto& l : ui_languages()) {
    same_line_if_fits(chip_width(l.native_name));
    ImGui::PushID(l.code);
    if (chip("##lang", l.native_name, s.edit_lang == l.code, p.available) && is_tap()) {
      s.edit_lang = l.code;
      s.renaming_category.reset();
    }
    ImGui::PopID();
  }
  const float w = ImGui::GetContentRegionAvail().x;
  const float button_w = std::max(px(120), w * 0.18f);
  for (const CategorySetting& c : category_settings(ctx.store)) {
    ImGui::PushID(c.id.c_str());
    auto own = c.labels.find(s.edit_lang);
    if (s.renaming_category == c.id) {
      text_field_name(tr("Name"), w - button_w - ImGui::GetStyle().ItemSpacing.x);
      ImGui::SetNextItemWidth(w - button_w - ImGui::GetStyle().ItemSpacing.x);
      touch_text_field("##name", nullptr, &s.category_name, TextFieldKind::text, 60);
      ImGui::SameLine();
      if (tap_button("##save", tr("Save"), button_w, p.offer, ctx.fonts.body,
                     ButtonLook::selected)) {
        report(s, set_category_label(ctx.store, c.id, s.edit_lang, s.category_name), tr("Saved."));
        s.renaming_category.reset();
        refresh_category_names_soon(ctx);
      }
    } else {
      std::string label = own != c.labels.end() ? own->second : category_label(c.id);
      label += "  (" + c.id + ")";
      // Name and buttons on one row; on a narrow display the name above its buttons.
      const float bw = text_then_buttons(
          ctx.fonts.body, c.enabled ? p.text : p.muted, label, 2, button_w,
          widest(ctx.fonts.body, {tr("Rename"), c.enabled ? tr("Disable") : tr("Enable")}));
      if (tap_button("##rename", tr("Rename"), bw, p.available, ctx.fonts.body)) {
        s.renaming_category = c.id;
        s.category_name = own != c.labels.end() ? own->second : std::string();
      }
      same_line_if_fits(bw);
      if (tap_button("##toggle", c.enabled ? tr("Disable") : tr("Enable"), bw,
                     c.enabled ? p.urgent : p.offer, ctx.fonts.body)) {
        report(s, set_category_enabled(ctx.store, c.id, !c.enabled), tr("Saved."));
      }
    }
    ImGui::PopID();
  }
  const float half = (w - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  labelled_pair(half,
                {tr("New category id"), "##new_cat_id", tr("e.g. firewood"), &s.new_category_id,
                 TextFieldKind::text, 24},
                {tr("Its name in English"), "##new_cat_label", nullptr, &s.new_category_label,
                 TextFieldKind::text, 60});
  if (tap_button("##add_cat", tr("Add category"), 0, p.offer, ctx.fonts.body)) {
    auto r = add_category(ctx.store, s.new_category_id, s.new_category_label);
    report(s, r, tr("Saved."));
    if (r) {
      s.new_category_id.clear();
      s.new_category_label.clear();
      refresh_category_names_soon(ctx);
    }
  }
}

// Applies a finished PIN save on the UI thread; until then keeps frames coming.
void poll_pin_save(UiContext& ctx, SettingsScreenState& s) {
  if (!s.saving) return;
  if (!s.saving->finished()) {
    ctx.state.wants_frame = true;  // keep drawing (and polling) while the worker hashes
    return;
  }
  const std::shared_ptr<PinSave> save = std::move(s.saving);
  const auto r = save->finish(ctx.store);
  s.message_is_error = !r.ok();
  if (save->resetting()) {
    s.message = r.ok() ? tr("PIN changed.") : screen_error(r);
    if (r) s.resetting.reset();
  } else {
    s.message = r.ok() ? tr("Volunteer added.") : screen_error(r);
    if (r) s.new_name.clear();
  }
}

// The name and PIN are checked here; the PIN is compared with every other volunteer's and
// hashed on a worker thread (pin_save.hpp), and written by poll_pin_save.
void start_pin_save(UiContext& ctx, SettingsScreenState& s, PinChange change) {
  s.saving = PinSave::start(std::move(change));
  s.message.clear();
  poll_pin_save(ctx, s);  // a bad name or PIN is refused at once
}

void draw_volunteers(UiContext& ctx, SettingsScreenState& s) {
  const Palette& p = palette();
  settings_section(ctx, tr("Volunteers and PINs"));
  // One PIN save at a time: while one runs the section is drawn but its buttons do nothing.
  const bool saving = s.saving != nullptr;
  const char* saving_label = tr("Saving\xE2\x80\xA6");
  ImGui::BeginDisabled(saving);
  const float w = ImGui::GetContentRegionAvail().x;
  const float button_w = std::max(px(130), w * 0.2f);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  // The signed-in coordinator's own PIN is too short (core/pin_length.hpp): asked once, here.
  if (ctx.state.signed_in && coordinator_pin_too_short(ctx.store, ctx.state.signed_in->id))
    ui_text_wrapped(tr("Your PIN has fewer than 6 digits. A coordinator's PIN needs 6 or more: "
                       "anyone with a copy of this tablet's data could guess a shorter one in "
                       "minutes. Tap Reset PIN on your name below."),
                    ctx.fonts.body, p.urgent);
  for (const VolunteerInfo& v : list_volunteers(ctx.store)) {
    ImGui::PushID(v.id.hex().c_str());
    const std::string line = v.name + "  \xC2\xB7  " +
                             (v.role == Role::coordinator ? tr("Coordinator") : tr("Volunteer"));
    // Found by a sign-in on this device (core/pin_sharing.hpp): the PIN signs nobody in now.
    // A coordinator's PIN known here to be shorter than 6 digits (core/pin_length.hpp).
    const std::string line_flagged =
        !pin_shared_with(ctx.store, v.id).empty()
            ? line + "  \xC2\xB7  " + tr("shares a PIN: give a new PIN")
        : coordinator_pin_too_short(ctx.store, v.id)
            ? line + "  \xC2\xB7  " + tr("PIN too short: give one of 6 digits")
            : line;
    // Name and buttons on one row; on a narrow display the name above its buttons.
    const float bw = text_then_buttons(ctx.fonts.body, p.text, line_flagged, 2, button_w,
                                       widest(ctx.fonts.body, {tr("Reset PIN"), tr("Remove")}));
    if (tap_button("##reset", tr("Reset PIN"), bw, p.available, ctx.fonts.body) && !saving) {
      s.resetting = v.id;
      s.reset_pin.clear();
      s.confirm_remove.reset();
    }
    same_line_if_fits(bw);
    const bool is_me = ctx.state.signed_in && ctx.state.signed_in->id == v.id;
    // The row ends its line even without a Remove button (nobody removes themselves).
    if (is_me) {
      ImGui::Dummy(ImVec2(bw, touch_target()));
    } else if (tap_button("##remove", tr("Remove"), bw, p.urgent, ctx.fonts.body) && !saving) {
      s.confirm_remove = v.id;
      s.resetting.reset();
    }
    if (s.resetting == v.id) {
      text_field_name(v.role == Role::coordinator ? tr("New PIN, 6 to 12 digits")
                                                  : tr("New PIN, 4 to 12 digits"),
                      w - button_w - spacing);
      ImGui::SetNextItemWidth(w - button_w - spacing);
      touch_text_field("##pin", nullptr, &s.reset_pin, TextFieldKind::pin, kMaxPinLength);
      ImGui::SameLine();
      const bool saving_this = saving && s.saving->resetting() == v.id;
      if (tap_button("##save_pin", saving_this ? saving_label : tr("Save"), button_w, p.offer,
                     ctx.fonts.body, ButtonLook::selected) &&
          !saving) {
        start_pin_save(ctx, s, begin_reset_pin(ctx.store, v.id, s.reset_pin));
        s.reset_pin.clear();  // never kept on screen after a try
      }
    }
    if (s.confirm_remove == v.id) {
      char q[200];
      std::snprintf(q, sizeof q, tr("Remove %s? Their PIN stops working on every device."),
                    v.name.c_str());
      ui_text_wrapped(q, ctx.fonts.body, p.urgent);
      if (tap_button("##yes_remove", tr("Yes, remove"), button_w, p.urgent, ctx.fonts.body,
                     ButtonLook::selected) &&
          !saving) {
        report(s, remove_volunteer(ctx.store, v.id), tr("Removed."));
        s.confirm_remove.reset();
      }
      ImGui::SameLine();
      if (tap_button("##no_remove", tr("Cancel"), button_w, p.available, ctx.fonts.body))
        s.confirm_remove.reset();
    }
    ImGui::PopID();
  }
  const float half = (w - spacing) * 0.5f;
  labelled_pair(
      half, {tr("Name"), "##new_name", nullptr, &s.new_name, TextFieldKind::text, 60},
      {s.new_role == Role::coordinator ? tr("PIN, 6 to 12 digits") : tr("PIN, 4 to 12 digits"),
       "##new_pin", nullptr, &s.new_pin, TextFieldKind::pin, kMaxPinLength});
  if (chip("##role_v", tr("Volunteer"), s.new_role == Role::volunteer, p.available) && is_tap() &&
      !saving)
    s.new_role = Role::volunteer;
  same_line_if_fits(chip_width(tr("Coordinator")));
  if (chip("##role_c", tr("Coordinator"), s.new_role == Role::coordinator, p.available) &&
      is_tap() && !saving)
    s.new_role = Role::coordinator;
  const bool saving_new = saving && !s.saving->resetting();
  same_line_if_fits(text_width(ctx.fonts.body, saving_new ? saving_label : tr("Add volunteer")) +
                    px(36));
  if (tap_button("##add_volunteer", saving_new ? saving_label : tr("Add volunteer"), 0, p.offer,
                 ctx.fonts.body, ButtonLook::selected) &&
      !saving) {
    start_pin_save(ctx, s,
                   begin_add_volunteer(ctx.store, s.new_name, s.new_role, s.new_pin,
                                       device_site(ctx.store).name));
    s.new_pin.clear();  // never kept on screen after a try
  }
  ImGui::EndDisabled();
}

void draw_devices(UiContext& ctx, SettingsScreenState& s) {
  const Palette& p = palette();
  settings_section(ctx, tr("Devices"));
  // How many times the key changed, and whether this device waits for the new one.
  if (!s.key_status) {
    s.key_status = key_status(ctx.store.replica());
    ++s.key_status_reads;
  }
  ui_text_wrapped(key_status_text(*s.key_status), ctx.fonts.body, p.muted);
  const float w = ImGui::GetContentRegionAvail().x;
  const float button_w = std::max(px(130), w * 0.2f);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  for (Device d : ctx.store.devices().all()) {
    ImGui::PushID(d.id.hex().c_str());
    const bool self = d.id == ctx.store.replica().device_id();
    std::string line =
        (d.name.empty() ? d.ticket_prefix : d.name) + "  \xC2\xB7  " + d.ticket_prefix;
    if (!d.site.empty()) line += "  \xC2\xB7  " + d.site;
    if (self) line += std::string("  \xC2\xB7  ") + tr("this device");
    if (d.revoked) line += std::string("  \xC2\xB7  ") + tr("revoked");
    // Name and buttons on one row; on a narrow display the name above its buttons.
    const float bw =
        text_then_buttons(ctx.fonts.body, d.revoked ? p.muted : p.text, line, 2, button_w,
                          widest(ctx.fonts.body, {tr("Rename"), tr("Reinstate"), tr("Revoke")}));
    if (tap_button("##rename", tr("Rename"), bw, p.available, ctx.fonts.body)) {
      s.renaming = d.id;
      s.rename_to = d.name;
      s.confirm_revoke.reset();
    }
    same_line_if_fits(bw);
    // Every row ends its line, with or without a Revoke button, so the next device starts below.
    if (self || !can(ctx.state, Permission::revoke_device)) {
      ImGui::Dummy(ImVec2(bw, touch_target()));
    } else if (d.revoked) {
      // Undoes a revocation (core/revocation.hpp): the device's records come in again.
      if (tap_button("##reinstate", tr("Reinstate"), bw, p.available, ctx.fonts.body)) {
        auto r = reinstate_device(ctx.store, d.id, rekey_after_revocation);
        report(s, r.ok() ? Result<Ok>(Ok{}) : Result<Ok>(r.error_value()),
               tr("Device reinstated."));
        s.confirm_revoke.reset();
      }
    } else if (tap_button("##revoke", tr("Revoke"), bw, p.urgent, ctx.fonts.body)) {
      s.renaming.reset();
      // The last device of a coordinator is kept (the CLI's --force can still revoke it).
      if (auto why = revoke_refusal(ctx.store, d.id, false)) {
        s.message_is_error = true;
        s.message = *why;
      } else {
        s.confirm_revoke = d.id;
        s.confirm_past_clock = ctx.store.replica().first_seq_past_clock(d.id);
      }
    }
    if (s.renaming == d.id) {
      text_field_name(tr("Device name"), w - button_w - spacing);
      ImGui::SetNextItemWidth(w - button_w - spacing);
      touch_text_field("##name", nullptr, &s.rename_to, TextFieldKind::text, 60);
      ImGui::SameLine();
      if (tap_button("##save_name", tr("Save"), button_w, p.offer, ctx.fonts.body,
                     ButtonLook::selected)) {
        d.name = s.rename_to;
        report(s, ctx.store.devices().put(d), tr("Saved."));
        s.renaming.reset();
      }
    }
    if (s.confirm_revoke == d.id) {
      ui_text_wrapped(tr("Revoke this device? Its bundles, and its records newer than this device "
                         "has from it, are refused everywhere. A coordinator can reinstate it."),
                      ctx.fonts.body, p.urgent);
      if (s.confirm_past_clock != 0) {
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      tr("From its record #%lld on it wrote with a clock past the year 9999, which "
                         "no honest device reaches. Those records are taken back too."),
                      static_cast<long long>(s.confirm_past_clock));
        ui_text_wrapped(buf, ctx.fonts.body, p.urgent);
      }
      if (tap_button("##yes_revoke", tr("Yes, revoke"), button_w, p.urgent, ctx.fonts.body,
                     ButtonLook::selected)) {
        Replica::RetractResult taken;
        auto r = revoke_device(ctx.store, d.id, false, rekey_after_revocation, &taken);
        report(s, r.ok() ? Result<Ok>(Ok{}) : Result<Ok>(r.error_value()), tr("Device revoked."));
        // What that took back here, and set aside, in a sync's words (already translated).
        if (r.ok())
          for (const auto& line : import_notes(revocation_here(ctx.store.replica(), d.id, taken)))
            s.message += "\n" + line;
        s.confirm_revoke.reset();
        s.key_status.reset();  // the key was changed: read it again
      }
      ImGui::SameLine();
      if (tap_button("##no_revoke", tr("Cancel"), button_w, p.available, ctx.fonts.body))
        s.confirm_revoke.reset();
    }
    ImGui::PopID();
  }
}

std::string format_s3(const char* format, const std::string& a, const std::string& b,
                      const std::string& c = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a.c_str(), b.c_str(), c.c_str());
  return buf;
}

void draw_join_code(UiContext& ctx) {
  const Palette& p = palette();
  settings_section(ctx, tr("Join code for a new tablet"));
  const auto network = load_network(ctx.store.replica());
  if (!network) {
    ui_text_wrapped(tr("This device is not in a network yet. Create one with: mutua network create "
                       "NAME"),
                    ctx.fonts.body, p.muted);
    return;
  }
  // Which network this is, so two of one name can be told apart (id and, when known, the day
  // it was created).
  const std::string short_id = network->id.hex().substr(0, 8);
  ui_text_wrapped(network->created_day
                      ? format_s3(tr("Network '%s' (id %s, created %s)"), network->name, short_id,
                                  format_day(*network->created_day))
                      : format_s3(tr("Network '%s' (id %s)"), network->name, short_id),
                  ctx.fonts.body, p.text);
  const std::string code = encode_join_code(*network);
  ui_text_wrapped(tr("On the new tablet, choose Join a network and scan this code, or type it:"),
                  ctx.fonts.body, p.muted);
  ui_text_wrapped(code, ctx.fonts.strong, p.text);
  const float side = std::min(ImGui::GetContentRegionAvail().x, px(320));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_qr(ImGui::GetWindowDrawList(), at, side, code);
  ImGui::Dummy(ImVec2(side, side));
  draw_join_stick(ctx);  // or a join file on a stick and a short code (app/ui/first_start.hpp)
}

}  // namespace

void enter_settings(UiContext& ctx) {
  SettingsScreenState& s = ctx.state.console.settings;
  const int lan_scroll_here = s.lan_scroll_here;  // set by a --screen preset
  s = SettingsScreenState{};
  s.lan_scroll_here = lan_scroll_here;
  const SiteChoice site = device_site(ctx.store);
  s.site_name = site.name;
  s.site_kind = site.kind;
  const Settings set = ctx.store.settings().get();
  s.kiosk_timeout_s = std::clamp(set.kiosk_timeout_s, kMinKioskTimeoutS, kMaxKioskTimeoutS);
  s.retention_days = std::clamp(set.retention_days, kMinRetentionDays, kMaxRetentionDays);
  s.edit_lang = language();
  s.loaded = true;
}

void draw_settings(UiContext& ctx) {
  UiState& state = ctx.state;
  const Palette& p = palette();
  SettingsScreenState& s = state.console.settings;
  // Back to the console menu, with the same bar as every other console screen.
  desk_top_bar(ctx, can(state, Permission::open_console) ? Screen::console : Screen::pin,
               tr("Settings"));
  if (!can(state, Permission::open_settings)) {
    // Reached without the coordinator role (a stale link, a test): nothing is shown.
    ui_text_wrapped(tr("Only a coordinator can open Settings."), ctx.fonts.body, p.urgent);
    return;
  }
  if (!s.loaded) enter_settings(ctx);
  poll_pin_save(ctx, s);
  if (!s.message.empty())
    ui_text_wrapped(s.message, ctx.fonts.body, s.message_is_error ? p.urgent : p.offer);

  const float max_w = px(960);
  const float avail_w = ImGui::GetContentRegionAvail().x;
  // One readable column, centred on wide screens.
  if (avail_w > max_w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail_w - max_w) * 0.5f);
  ImGui::BeginChild("##settings", ImVec2(std::min(avail_w, max_w), 0), false);
  ImGui::PushID("site");
  draw_site(ctx, s);
  ImGui::PopID();
  ImGui::PushID("pickup");
  draw_ticket_settings(ctx);
  ImGui::PopID();
  ImGui::PushID("kiosk");
  draw_kiosk_and_retention(ctx, s);
  ImGui::PopID();
  ImGui::PushID("categories");
  draw_categories(ctx, s);
  ImGui::PopID();
  ImGui::PushID("volunteers");
  draw_volunteers(ctx, s);
  ImGui::PopID();
  ImGui::PushID("devices");
  draw_devices(ctx, s);
  ImGui::PopID();
  draw_join_code(ctx);
  ImGui::PushID("lan");
  if (s.lan_scroll_here > 0) {   // a --screen preset (settings-lan): this section at the top
    ImGui::Dummy(ImVec2(0, 0));  // SetScrollHereY places the last item
    ImGui::SetScrollHereY(0.0f);
    --s.lan_scroll_here;
  }
  settings_section(ctx, tr("Local Wi-Fi sync"));
  draw_lan_settings(ctx);
  draw_phone_pages_setting(ctx);
  ImGui::PopID();
  ImGui::PushID("read_aloud");
  settings_section(ctx, tr("Read aloud"));  // the kiosk's speaker button (app/ui/read_aloud.hpp)
  draw_read_aloud_setting(ctx);
  ImGui::PopID();
  ImGui::Dummy(ImVec2(0, px(24)));
  if (update_drag_scroll(s.scroll)) state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
