// Digits (issue 15): numbers shown in Arabic-Indic digits in ar and Persian digits in fa, as their
// catalogues say (X-Digits); numbers typed in any of the three scripts are read as 0-9.
#include <doctest/doctest.h>

#include <string>

#include "app/args.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/keyboard.hpp"
#include "core/digits.hpp"
#include "kiosk_driver.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;

TEST_CASE("digits are written in the script of the language, and read back from any script") {
  CHECK(localize_digits("K7Q-014 12:05", Digits::latin) == "K7Q-014 12:05");
  CHECK(localize_digits("12:05", Digits::arabic_indic) ==
        "\xD9\xA1\xD9\xA2:\xD9\xA0\xD9\xA5");  // ١٢:٠٥
  CHECK(localize_digits("2026", Digits::persian) == "\xDB\xB2\xDB\xB0\xDB\xB2\xDB\xB6");  // ۲۰۲۶
  for (Digits d : {Digits::latin, Digits::arabic_indic, Digits::persian})
    CHECK(normalize_digits(localize_digits("0123456789 a-b", d)) == "0123456789 a-b");
  CHECK(normalize_digits("\xD9\xA3\xD9\xAB\xD9\xA5") == "3.5");                    // ٣٫٥
  CHECK(normalize_digits("\xD9\xA1\xD9\xAC\xD9\xA0\xD9\xA0\xD9\xA0") == "1,000");  // ١٬٠٠٠
  CHECK(normalize_digits("\xDB\xB1\xDB\xB2 tins") == "12 tins");
  CHECK(normalize_digits("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85") ==
        "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85");  // letters untouched
  CHECK(normalize_digits("\xD9") == "\xD9");  // invalid UTF-8: unchanged
  CHECK(digit_value(0x0669) == 9);
  CHECK(digit_value(0x06F4) == 4);
  CHECK(digit_value(U'x') == -1);
  Digits d{};
  CHECK(parse_digits("persian", d));
  CHECK(d == Digits::persian);
  CHECK_FALSE(parse_digits("roman", d));
}

TEST_CASE("counts, quantities, days and ages are shown in Arabic and Persian digits") {
  CHECK(format_count_in(2330, "ar") == "\xD9\xA2\xD9\xAC\xD9\xA3\xD9\xA3\xD9\xA0");  // ٢٬٣٣٠
  CHECK(format_count_in(7, "ar") == "\xD9\xA7");
  CHECK(format_count_in(-1234567, "fa") ==
        "-\xDB\xB1\xD9\xAC\xDB\xB2\xDB\xB3\xDB\xB4\xD9\xAC\xDB\xB5\xDB\xB6\xDB\xB7");
  CHECK(format_count_in(2330, "en") == "2,330");  // unchanged elsewhere
  CHECK(format_count_in(2330, "uk") ==
        "2\xC2\xA0"
        "330");
  {
    LanguageScope ar("ar");
    CHECK(format_count(15) == "\xD9\xA1\xD9\xA5");
    CHECK(format_quantity(12, "K7Q") == "\xD9\xA1\xD9\xA2 K7Q");  // the unit is left alone
    // 2 Dec 2026: "٢ ديسمبر ٢٠٢٦".
    CHECK(format_day(20789) ==
          "\xD9\xA2 \xD8\xAF\xD9\x8A\xD8\xB3\xD9\x85\xD8\xA8\xD8\xB1 "
          "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA6");
    CHECK(format_age(0, 5 * 60000) ==
          "\xD9\x82\xD8\xA8\xD9\x84 \xD9\xA5 "
          "\xD8\xAF\xD9\x82\xD9\x8A\xD9\x82\xD8\xA9");  // قبل ٥ دقيقة
    CHECK(ui_number_text("3") == "\xD9\xA3");
  }
  {
    LanguageScope fa("fa");
    CHECK(format_quantity(40, "") == "\xDB\xB4\xDB\xB0");
    CHECK(format_counts("%s / %s", 3, 1200) ==
          "\xDB\xB3 / \xDB\xB1\xD9\xAC\xDB\xB2\xDB\xB0\xDB\xB0");
  }
  LanguageScope en("en");
  CHECK(format_quantity(12, "tins") == "12 tins");
  CHECK(format_day(20789) == "2 Dec 2026");
}

TEST_CASE("number, phone and PIN fields and the CLI take Arabic-Indic and Persian digits") {
  std::string qty;
  keyboard_insert(qty, "\xD9\xA1\xD9\xA2", KeyInput::number, 0);  // ١٢
  CHECK(qty == "12");
  keyboard_insert(qty, "\xDB\xB3", KeyInput::number, 0);  // ۳
  CHECK(qty == "123");
  std::string pin;
  keyboard_insert(pin, "\xDB\xB8\xDB\xB6\xDB\xB4\xDB\xB2\xDB\xB0\xDB\xB9", KeyInput::pin, 12);
  CHECK(pin == "864209");
  std::string phone;
  keyboard_insert(phone, "+\xD9\xA9\xD9\xA6\xD9\xA3 5", KeyInput::phone, 0);
  CHECK(phone == "+963 5");
  // Free text keeps what was typed: a reader's own digits in a description stay as they are.
  std::string text;
  keyboard_insert(text, "\xD9\xA3 \xD8\xA8", KeyInput::text, 0);
  CHECK(text == "\xD9\xA3 \xD8\xA8");

  const std::vector<cli::OptionSpec> specs{{"qty", true, ""}, {"people", true, ""}};
  cli::Args a({"--qty", "\xD9\xA1\xD9\xA2", "--people=\xDB\xB4"}, specs);
  CHECK(a.get_int("qty", 1, 1000) == 12);
  CHECK(a.get_int("people", 0, 100) == 4);
  cli::Args bad({"--qty", "\xD9\xA1x"}, specs);
  CHECK_THROWS_AS((void)bad.get_int("qty", 1, 1000), cli::UsageError);
}

TEST_CASE("the kiosk's step count and quantity stepper show Arabic-Indic digits in ar") {
  test::TempDir dir;
  auto store = test::open_test_store(dir.file("kiosk.mutua"));
  set_language("ar");
  struct Restore {
    ~Restore() { set_language("en"); }
  } restore;
  test::Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::need;
  WizardForm& f = k.ui.state.wizard;
  f.kind = Kind::need;
  f.step = 3;
  f.category = "food";
  f.item = "Rice";
  f.quantity = 12;
  k.frames(3);
  // "٣ من ٥" (3 of 5) and "١٢".
  CHECK_MESSAGE(k.shows("\xD9\xA3 \xD9\x85\xD9\x86 \xD9\xA5"), k.drawn());
  CHECK_MESSAGE(k.shows("\xD9\xA1\xD9\xA2"), k.drawn());
  CHECK_FALSE(k.shows("12"));
}
