// A failed write as a screen words it (app/ui/error_text.hpp): its kind in the screen's own
// words, else core's line through the catalogues. Each line below is made by the real call that
// refuses, so a change of core's wording that the catalogues miss fails here, not on a screen.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/ui/error_text.hpp"
#include "app/ui/i18n.hpp"
#include "core/matching.hpp"
#include "core/settings.hpp"
#include "core/volunteers.hpp"
#include "language_guard.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;

TEST_CASE("core's refusals a volunteer can meet on a screen are in the catalogues") {
  auto net = test::make_network(1);
  Store& s = *net[0]->store;
  std::vector<Error> refusals;
  auto keep = [&](const auto& r) {
    REQUIRE_FALSE(r.ok());
    refusals.push_back(r.error_value());
  };
  // Settings: every category turned off but the last, then the last; a new category's id and
  // name; the device's site.
  const auto cats = category_settings(s);
  REQUIRE(cats.size() >= 2);
  for (size_t i = 0; i + 1 < cats.size(); ++i)
    REQUIRE(set_category_enabled(s, cats[i].id, false).ok());
  keep(set_category_enabled(s, cats.back().id, false));
  keep(add_category(s, "X", "Tools"));
  keep(add_category(s, "tools", "  "));
  keep(set_device_site(s, "   ", SiteKind::shelter));
  // A volunteer removed a moment before.
  keep(reset_pin(s, Id::random(), "135791"));
  // A handover undone twice, and one undone too late.
  auto need = s.entries().add(test::make_entry(Kind::need, "rice", "food", 4));
  auto offer = s.entries().add(test::make_entry(Kind::offer, "rice", "food", 4));
  REQUIRE(need.ok());
  REQUIRE(offer.ok());
  auto match = confirm_match(s, *need, *offer, 2);
  REQUIRE(match.ok());
  auto first = record_handover(s, match->id, 1);
  REQUIRE(first.ok());
  REQUIRE(undo_handover(s, first->id).ok());
  keep(undo_handover(s, first->id));
  auto second = record_handover(s, match->id, 1);
  REQUIRE(second.ok());
  net[0]->wall += kUndoWindowMs + 1000;
  keep(undo_handover(s, second->id));

  test::LanguageGuard guard;
  for (const char* lang : {"fr", "es", "uk", "ar", "fa"}) {
    CAPTURE(lang);
    set_language(lang);
    for (const Error& e : refusals) {
      CAPTURE(e.message);
      const std::string shown = screen_error(e);
      CHECK(e.kind == ErrorKind::other);
      CHECK_FALSE(shown.empty());
      CHECK(shown != e.message);  // translated, not core's English line
    }
  }
}

TEST_CASE(
    "a failure's kind is worded by the screen; a line not in the catalogues stays English, after "
    "a sentence in the reader's language") {
  test::LanguageGuard guard;
  set_language("fr");
  CHECK(screen_error(Error{"the disk is full: nothing was changed; free some space and try again",
                           ErrorKind::disk_full}) ==
        "Le disque de cet appareil est plein : rien n'a été modifié. Libérez de la place et "
        "réessayez.");
  CHECK(screen_error(Error{"the field item was written by device 'Van' (#7) ...",
                           ErrorKind::past_year_9999, "Van"})
            .rfind("Van a écrit ceci avec une horloge réglée après l’an 9999", 0) == 0);
  CHECK(screen_error(Error{"need RFU-004 only needs 3 more"}) ==
        "Cela n'a pas marché, et rien n'a été modifié. La raison, en anglais : need RFU-004 only "
        "needs 3 more");
  set_language("ar");
  CHECK(screen_error(Error{"need RFU-004 only needs 3 more"}) ==
        "لم ينجح ذلك، ولم يتغيّر شيء. السبب بالإنجليزية: need RFU-004 only needs 3 more");
  // In English, core's line alone.
  set_language("en");
  CHECK(screen_error(Error{"need RFU-004 only needs 3 more"}) == "need RFU-004 only needs 3 more");
}
