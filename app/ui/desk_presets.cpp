#include "app/ui/desk_presets.hpp"

#include "app/ui/state.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

// The most urgent open need, preferring one that already has a live match (for handover).
std::optional<Entry> pick_need(const Store& store, bool with_match) {
  EntryQuery q;
  q.kind = Kind::need;
  q.active_only = true;
  auto page = store.entries().list(q, with_match ? 500 : 1);
  for (const auto& e : page.entries) {
    if (!with_match) return e;
    for (const auto& m : store.matches().for_entry(e.id))
      if (m.status == MatchStatus::confirmed) return e;
  }
  return page.entries.empty() ? std::nullopt : std::optional<Entry>(page.entries.front());
}

}  // namespace

std::vector<std::string> desk_preset_names() {
  return {"queue",
          "matched",
          "entry-detail",
          "entry-edit",
          "match",
          "handover",
          "offers-stock",
          "handover-pad",
          "matched-pad",
          "offers-stock-pad",
          "offers-stock-item-keyboard",
          "offers-stock-unit-keyboard"};
}

std::optional<Screen> apply_desk_preset(std::string_view name, UiState& state, const Store& store) {
  // "-pad": the screen with its quantity's number pad open, as a tap on the number opens it.
  constexpr std::string_view pad = "-pad";
  // "-item-keyboard", "-unit-keyboard": "Add stock from the van" typing what arrived, or its unit.
  const bool item_typed = name == "offers-stock-item-keyboard";
  const bool unit_typed = name == "offers-stock-unit-keyboard";
  if (item_typed || unit_typed) {
    name = "offers-stock";
    focus_text_field_when_drawn(item_typed ? "##stock-item" : "##stock-unit");
  }
  const bool pad_open =
      name == "handover-pad" || name == "matched-pad" || name == "offers-stock-pad";
  if (pad_open) name.remove_suffix(pad.size());
  if (pad_open || item_typed || unit_typed) {
    if (name == "offers-stock") {
      StockState& s = state.desk.stock;
      s.adding = true;  // "Add stock from the van", with what arrived typed
      s.category = "water";
      s.item = "Bottled water";
      s.unit = "boxes";
      s.quantity = 24;
    }
    if (pad_open) open_number_pad_for(name == "offers-stock" ? "##stock-qty" : "##qty");
  }
  // "entry-edit": the entry screen with Edit tapped, its form open.
  const bool editing = name == "entry-edit";
  if (editing) name = "entry-detail";
  std::optional<Screen> screen;
  const bool known = name == "queue" || name == "entry-detail" || name == "match" ||
                     name == "handover" || name == "offers-stock" || name == "matched";
  if (!known) return std::nullopt;
  state.signed_in = SignedIn{Id{}, "Ana", Role::volunteer};
  if (name == "queue") {
    screen = Screen::queue;
  } else if (name == "offers-stock") {
    screen = Screen::offers_stock;
  } else if (name == "matched") {
    screen = Screen::matched;
  } else if (auto need = pick_need(store, name == "handover")) {
    if (name == "entry-detail") {
      open_entry_detail(state, need->id, Screen::queue);
      if (editing) {
        state.desk.detail.draft = *need;
        state.desk.detail.editing = true;
      }
    } else if (name == "match") {
      open_match(state, need->id);
    } else {
      open_handover(state, need->id);
    }
    screen = state.screen;
  } else {
    screen = Screen::queue;
  }
  state.screen = *screen;
  state.entered = *screen;
  return screen;
}

}  // namespace mutua
