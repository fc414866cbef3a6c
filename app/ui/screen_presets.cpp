#include "app/ui/screen_presets.hpp"

#include "app/ui/console_presets.hpp"
#include "app/ui/csv_import_screen.hpp"
#include "app/ui/desk_presets.hpp"
#include "app/ui/first_start.hpp"
#include "app/ui/lan_presets.hpp"
#include "app/ui/offer_detail.hpp"
#include "app/ui/state.hpp"
#include "app/ui/sync_report_presets.hpp"
#include "app/ui/task_presets.hpp"
#include "app/ui/ticket_presets.hpp"
#include "app/ui/wizard_steps.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

struct WizardPreset {
  std::string_view prefix;
  Kind kind;
  bool skills;
};
constexpr WizardPreset kWizards[] = {
    {"need-", Kind::need, false},
    {"offer-skills-", Kind::offer, true},
    {"offer-", Kind::offer, false},
};

// The example offer shown when the database has none.
Entry demo_offer(int64_t now_ms) {
  Entry e;
  e.kind = Kind::offer;
  e.ticket = "K7Q-017";
  e.category = "shelter";
  e.item = "Warm blankets, washed";
  e.quantity = 6;
  e.site = "Riverside School";
  e.area = "North";
  e.details = availability_details("Today until 6 pm");
  e.created_at = now_ms - 25 * 60 * 1000;
  e.status = Status::available;
  return e;
}

void fill_wizard(WizardForm& f, Kind kind, bool skills, int step) {
  start_wizard(f, kind);
  if (kind == Kind::need) {
    f.category = step > 1 ? "food" : "";
    f.item = step > 2 ? "Rice" : "";
    f.quantity = 2;
    f.urgency = Urgency::high;
    f.people = 4;
  } else if (skills) {
    f.category = "skills";
    f.item = step > 2 ? "I can translate Ukrainian" : "";
    f.availability = "Weekday mornings";
  } else {
    f.category = step > 1 ? "shelter" : "";
    f.item = step > 2 ? "Blankets" : "";
    f.quantity = 6;
    f.availability = "Today until 6 pm";
  }
  if (step >= 4) {
    f.reach = WizardForm::Reach::phone;
    f.contact_name = "Ana";
    f.contact_phone = "0712 345 678";
    f.consent = true;
  }
  f.step = step;
  if (step == 6) {
    f = WizardForm{};
    f.kind = kind;
    f.step = 6;
    f.ticket = "K7Q-042";
    f.left_contact = true;
  }
}

}  // namespace

std::vector<std::string> screen_preset_names() {
  std::vector<std::string> names;
  for (const auto& w : kWizards)
    for (int i = 1; i <= 6; ++i) names.push_back(std::string(w.prefix) + std::to_string(i));
  for (const char* n :
       {"need-3-pad", "need-this-3", "offer-detail", "ticket-check", "ticket-answer"})
    names.emplace_back(n);
  // Step 2 with the on-screen keyboard open on its field (the layout check keeps that field in
  // view above the keyboard).
  // Step 4 the same, typing the phone number with the consent tick not yet given.
  for (const char* n :
       {"need-2-keyboard", "offer-2-keyboard", "offer-skills-2-keyboard", "need-4-keyboard"})
    names.emplace_back(n);
  for (auto& n : desk_preset_names()) names.push_back(std::move(n));
  for (auto& n : console_preset_names()) names.push_back(std::move(n));
  for (auto& n : sync_report_preset_names()) names.push_back(std::move(n));
  for (auto& n : task_preset_names()) names.push_back(std::move(n));
  for (auto& n : lan_preset_names()) names.push_back(std::move(n));
  for (auto& n : csv_import_preset_names()) names.push_back(std::move(n));
  for (auto& n : ticket_preset_names()) names.push_back(std::move(n));
  for (auto& n : first_start_preset_names()) names.push_back(std::move(n));
  return names;
}

bool is_screen_preset(std::string_view name) {
  for (const auto& n : screen_preset_names())
    if (n == name) return true;
  return false;
}

std::optional<Screen> apply_screen_preset(std::string_view name, UiState& state,
                                          const Store& store) {
  if (!is_screen_preset(name)) return std::nullopt;
  close_number_pad();
  if (auto desk = apply_desk_preset(name, state, store)) return desk;
  if (auto console = apply_console_preset(name, state, store)) return console;
  if (auto s = apply_sync_report_preset(name, state, store)) return s;
  if (auto t = apply_task_preset(name, state)) return t;
  if (auto l = apply_lan_preset(name, state, store)) return l;
  if (auto c = apply_csv_import_preset(name, state, store)) return c;
  if (auto f = apply_first_start_preset(name, state)) return f;
  std::optional<Screen> screen = apply_ticket_preset(name, state, store);
  auto first_offer = [&] {
    EntryQuery q;
    q.kind = Kind::offer;
    q.active_only = true;
    auto page = store.entries().list(q, 1);
    return page.entries.empty() ? demo_offer(store.replica().now_ms()) : page.entries.front();
  };
  if (screen) {
  } else if (name == "offer-detail") {
    open_offer_detail(state, first_offer());
    screen = Screen::offer_detail;
  } else if (name == "need-3-pad") {  // step 3 with the quantity's number pad open
    fill_wizard(state.wizard, Kind::need, false, 3);
    open_number_pad_for("##qty");
    screen = Screen::need;
  } else if (name == "need-this-3") {
    const Entry offer = first_offer();
    open_offer_detail(state, offer);
    WizardForm& f = state.wizard;
    start_wizard(f, Kind::need);
    f.for_offer = offer.id;
    f.category = offer.category;
    f.item = offer.item;
    f.step = 3;
    screen = Screen::need;
  } else if (name == "ticket-check") {
    state.ticket_check = TicketCheckState{};
    state.ticket_check.code = "K7Q-0";
    screen = Screen::ticket;
  } else if (name == "ticket-answer") {
    state.ticket_check = TicketCheckState{};
    state.ticket_check.code = "K7Q-042";
    state.ticket_check.answer = TicketAnswer::ready;
    state.ticket_check.site = "Riverside School";
    state.ticket_check.status.answer = TicketAnswer::ready;
    state.ticket_check.status.site = "Riverside School";
    screen = Screen::ticket;
  } else {
    constexpr std::string_view keyboard = "-keyboard";
    const bool typing =
        name.size() > keyboard.size() && name.substr(name.size() - keyboard.size()) == keyboard;
    if (typing) name.remove_suffix(keyboard.size());
    for (const auto& w : kWizards) {
      if (name.substr(0, w.prefix.size()) != w.prefix) continue;
      const int step = name.back() - '0';
      fill_wizard(state.wizard, w.kind, w.skills, step);
      if (typing && step == 4) {
        state.wizard.consent = false;
        focus_text_field_when_drawn("##phone");
      } else if (typing) {
        focus_text_field_when_drawn("##item");
      }
      screen = w.kind == Kind::need ? Screen::need : Screen::offer;
      break;
    }
  }
  if (screen) {
    state.screen = *screen;
    state.entered = *screen;  // the preset is the state; the screen's enter() must not reset it
  }
  return screen;
}

}  // namespace mutua
