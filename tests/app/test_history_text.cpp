// History lines are stored in one canonical English shape (they replicate between devices of any
// language); the detail screen reads them back in the interface language.
#include <doctest/doctest.h>

#include "app/ui/history_text.hpp"
#include "app/ui/i18n.hpp"

using namespace mutua;

namespace {

struct LanguageGuard {
  ~LanguageGuard() { set_language("en"); }
};

constexpr int64_t kNow = 1'750'000'000'000;

}  // namespace

TEST_CASE("history lines read in English with labels instead of column names and codes") {
  LanguageGuard guard;
  set_language("en");
  CHECK(history_text("handed over 2", kNow) == "Handed over 2");
  CHECK(history_text("handover of 3 undone", kNow) == "Handover of 3 undone");
  CHECK(history_text("matched with offer K7Q-042 (4, confirmed)", kNow) ==
        "Matched with offer K7Q-042 (4, Confirmed)");
  CHECK(history_text("status: open → met", kNow) == "Status: Open → Met");
  CHECK(history_text("urgency: normal → critical; quantity: 2 → 3", kNow) ==
        "Urgency: Normal → Critical; How many: 2 → 3");
  // A value holding "; " stays one change.
  CHECK(history_text("item: rice → rice; beans; contact details changed", kNow) ==
        "What: rice → rice; beans; Contact details changed");
  CHECK(history_text("conflict on urgency resolved: kept '0'", kNow) ==
        "Conflict on Urgency resolved: kept 'Critical'");
  CHECK(history_text("contact details removed (retention 30 days)", kNow) ==
        "Contact details removed after 30 days");
}

TEST_CASE("history lines are translated, and a line of unknown shape is shown as stored") {
  LanguageGuard guard;
  set_language("es");
  CHECK(history_text("status: open → met", kNow) == "Estado: Abierta → Cubierta");
  set_language("fr");
  CHECK(history_text("urgency: low → critical", kNow).find("Critique") != std::string::npos);
  set_language("uk");
  CHECK(history_text("quantity: 1 → 5", kNow) == "Скільки: 1 → 5");
  CHECK(history_text("handed over 2", kNow) == "Видано: 2");
  // Not a shape the reader knows (a newer device's line, say): shown exactly as it came.
  CHECK(history_text("something new happened", kNow) == "something new happened");
  CHECK(history_text("handed over lots", kNow) == "handed over lots");
  CHECK(history_text("", kNow).empty());
}
