// Units, plurals and digits in sentences (issues 14 and 15): a stored unit is shown in the
// reader's language with the plural form its catalogue gives for the number; numbers inside
// sentences and on the ticket keypad are in the language's digits; typed digits of any script
// are read as 0-9.
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/po_header.hpp"
#include "app/ui/units.hpp"
#include "app/widgets/keypad.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::LanguageGuard;

namespace {

const std::vector<std::string> kShipped = {"en", "es", "fr", "uk", "ar", "fa"};

size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("every known unit has every plural form in every catalogue, with its one %s") {
  REQUIRE(known_units().size() >= 25);
  for (const std::string& lang : kShipped) {
    CAPTURE(lang);
    const Catalogue* cat = catalogue(lang);
    REQUIRE(cat);
    const CatalogueHeader* header = language_header(lang);
    REQUIRE(header);
    const int forms = header->plural.nplurals();
    for (const UnitInfo& u : known_units()) {
      const std::string name = u.key;
      CAPTURE(name);
      const std::string key = context_key("unit", u.singular);
      for (int k = 0; k < forms; ++k) {
        auto it = cat->find(k == 0 ? key : plural_key(key, k));
        REQUIRE_MESSAGE(it != cat->end(), lang << ".po lacks msgstr[" << k << "]");
        if (lang == "en") continue;  // English is the msgid itself
        CHECK_FALSE(it->second.empty());
        CHECK(count_of(it->second, "%") == 1);
        CHECK(count_of(it->second, "%s") == 1);
      }
    }
  }
}

TEST_CASE("a quantity with each known unit reads in each language, in its digits") {
  LanguageGuard restore;
  for (const std::string& lang : kShipped) {
    LanguageScope scope(lang);
    for (const UnitInfo& u : known_units()) {
      for (long long n : {1LL, 3LL, 12LL}) {
        CAPTURE(lang);
        const std::string key = u.key;
        CAPTURE(key);
        CAPTURE(n);
        const std::string shown = format_quantity(n, u.key);
        const std::string number = ui_number_text(std::to_string(n));
        CHECK(shown.find(number) != std::string::npos);
        if (lang == "ar" || lang == "fa")
          CHECK(shown.find(std::to_string(n)) == std::string::npos);  // no Western digits
        // Non-Latin languages never show the English word.
        if (lang == "uk" || lang == "ar" || lang == "fa") {
          CHECK(shown.find(u.key) == std::string::npos);
          CHECK(shown != number + " " + u.key);
        }
      }
    }
  }
  set_language("en");
  CHECK(format_quantity(1, "bag") == "1 bag");
  CHECK(format_quantity(3, "bag") == "3 bags");
  CHECK(format_quantity(3, "bags") == "3 bags");  // an English plural stored is the same unit
  CHECK(format_quantity(1, "Bags ") == "1 bag");
  CHECK(format_quantity(2, "litre") == "2 liters");
  CHECK(format_quantity(18, "each") == "18 each");
  CHECK(format_quantity(20, "jar") == "20 jars");
  CHECK(format_quantity(2, "hour") == "2 hours");
  set_language("es");
  CHECK(format_quantity(3, "bag") == "3 bolsas");
  CHECK(format_quantity(1, "box") == "1 caja");
  set_language("fr");
  CHECK(format_quantity(0, "bag") == "0 sac");  // French: 0 and 1 singular
  CHECK(format_quantity(2, "roll") == "2 rouleaux");
  set_language("uk");
  CHECK(format_quantity(1, "bag") == "1 мішок");
  CHECK(format_quantity(3, "bag") == "3 мішки");
  CHECK(format_quantity(5, "bag") == "5 мішків");
  CHECK(format_quantity(21, "trip") == "21 рейс");
  set_language("fa");
  CHECK(format_quantity(3, "bag") == "۳ خریطه");
  CHECK(format_quantity(2, "trips") == "۲ سفر");
}

TEST_CASE("Arabic picks each of its six plural forms") {
  LanguageScope ar("ar");
  CHECK(format_quantity(0, "bag") == "٠ كيس");      // zero
  CHECK(format_quantity(1, "bag") == "١ كيس");      // one
  CHECK(format_quantity(2, "bag") == "٢ كيسان");    // two
  CHECK(format_quantity(3, "bag") == "٣ أكياس");    // few: 3-10
  CHECK(format_quantity(11, "bag") == "١١ كيسًا");   // many: 11-99
  CHECK(format_quantity(100, "bag") == "١٠٠ كيس");  // other
  CHECK(format_quantity(103, "bag") == "١٠٣ أكياس");
  CHECK(format_quantity(2, "trip") == "٢ رحلتان");
  // The unit word alone, for a chooser.
  const UnitInfo* bag = find_unit("bag");
  REQUIRE(bag);
  CHECK(unit_word(*bag, 3) == "أكياس");
}

TEST_CASE("an unknown unit is shown as it was typed, and nothing stored changes") {
  LanguageGuard restore;
  set_language("ar");
  CHECK(format_quantity(4, "صناديق كبيرة") == "٤ صناديق كبيرة");
  CHECK(format_quantity(4, "crates") == "٤ crates");
  CHECK(format_quantity(4, "") == "٤");
  CHECK(find_unit("crates") == nullptr);
  CHECK(find_unit("") == nullptr);
  set_language("en");
  CHECK(format_quantity(4, "Kisten") == "4 Kisten");
  // Recognised spellings map to one key; the stored text is never rewritten here.
  REQUIRE(find_unit("Litres"));
  CHECK(std::string(find_unit("Litres")->key) == "liter");
  CHECK(std::string(find_unit("kgs")->key) == "kg");
}

TEST_CASE("the idle countdown has its plural form and the language's digits") {
  LanguageGuard restore;
  set_language("en");
  CHECK(idle_countdown_text(1) == "Starting over in 1 second");
  CHECK(idle_countdown_text(7) == "Starting over in 7 seconds");
  set_language("ar");
  CHECK(idle_countdown_text(7) == "نبدأ من جديد بعد ٧ ثوانٍ");
  CHECK(idle_countdown_text(2) == "نبدأ من جديد بعد ٢ ثانيتين");
  set_language("fa");
  CHECK(idle_countdown_text(10) == "بعد از ۱۰ ثانیه از سر شروع می‌شود");
  set_language("uk");
  CHECK(idle_countdown_text(1) == "Повертаємося на початок через 1 секунду");
  CHECK(idle_countdown_text(5) == "Повертаємося на початок через 5 секунд");
}

TEST_CASE(
    "the ticket keypad's number keys show ar and fa digits; typed digits of any script go in") {
  LanguageGuard restore;
  set_language("ar");
  CHECK(ticket_pad_key_label('3', TicketPadPhase::number) == "٣");
  CHECK(ticket_pad_key_label('3', TicketPadPhase::prefix) == "3");  // the code as printed
  set_language("fa");
  CHECK(ticket_pad_key_label('0', TicketPadPhase::number) == "۰");
  set_language("en");
  CHECK(ticket_pad_key_label('0', TicketPadPhase::number) == "0");

  set_language("ar");
  std::string code;
  ticket_pad_type(code, "k7q014");  // Western digits in an Arabic field
  CHECK(code == "K7Q-014");
  code.clear();
  ticket_pad_type(code, "K7Q٠١٤");  // Arabic-Indic
  CHECK(code == "K7Q-014");
  code.clear();
  ticket_pad_type(code, "K7Q۰۱۴");  // Persian
  CHECK(code == "K7Q-014");
  code.clear();
  ticket_pad_type(code, "K7Qx٥");  // a letter after the prefix is refused
  CHECK(code == "K7Q-5");
}

TEST_CASE("on the kiosk in Arabic the keypad's keys are Arabic-Indic and typing works") {
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("kiosk.mutua"));
  LanguageGuard restore;
  set_language("ar");
  test::Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::ticket;
  k.frames(3);
  for (const char* key : {"K", "7", "Q"}) k.tap(key);
  k.frames(2);
  for (const char* digit : {"٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"})
    CHECK_MESSAGE(k.find(digit), digit << " not on a key; drawn:" << k.drawn());
  CHECK_FALSE(k.find("1"));
  // As on a phone's pad (and the PIN pad): ١ left of ٣, ٧ under ١, on the mirrored screen too.
  const CapturedText* one = k.find("١");
  const CapturedText* three = k.find("٣");
  const CapturedText* seven = k.find("٧");
  REQUIRE((one && three && seven));
  CHECK(one->max.x <= three->min.x);
  CHECK(seven->min.y >= one->max.y);
  k.tap("٠");
  CHECK(k.ui.state.ticket_check.code == "K7Q-0");
  // A keyboard plugged in: Western and Persian digits go into the Arabic field.
  ImGui::GetIO().AddInputCharacter('1');
  ImGui::GetIO().AddInputCharacter(0x06F4);  // ۴
  k.frames(2);
  CHECK(k.ui.state.ticket_check.code == "K7Q-014");
}

TEST_CASE("counts formatted into console sentences use the language's digits, codes do not") {
  LanguageScope ar("ar");
  CHECK(format_tr("%lld of %lld", 3, 5) == "٣ of ٥");
  CHECK(format_tr_ns("%lld from %s", 2, "K7Q-014") == "٢ from K7Q-014");  // the code as printed
  LanguageScope en("en");
  CHECK(format_tr_ns("%lld from %s", 2, "K7Q-014") == "2 from K7Q-014");
}
