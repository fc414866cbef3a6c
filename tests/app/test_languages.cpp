// Languages from catalogue headers (issue 15): the plural rule evaluator, the header lines
// (native name, direction, digits, keyboard), refusal of broken or hostile catalogues, and a new
// language added by dropping a .po file into the assets folder.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/ui/direction.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/po_header.hpp"
#include "app/widgets/keyboard.hpp"
#include "core/plural_rule.hpp"
#include "support/files.hpp"

using namespace mutua;
using mutua::test::read_file;
namespace fs = std::filesystem;

namespace {

int form(std::string_view plural_forms, long long n) {
  std::string why;
  auto r = PluralRule::parse(plural_forms, why);
  REQUIRE_MESSAGE(r, why);
  return r->form(n);
}

std::string refusal(std::string_view plural_forms) {
  std::string why;
  auto r = PluralRule::parse(plural_forms, why);
  CHECK_MESSAGE(!r, "accepted: " << plural_forms);
  return why;
}

constexpr const char* kArabic =
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 "
    "? 4 : 5;";

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Captures what is written to stderr (fd 2) for its life.
class StderrCapture {
 public:
  StderrCapture()
      : path_(fs::temp_directory_path() / ("mutua-stderr-" + std::to_string(getpid()))) {
    std::fflush(stderr);
    saved_ = dup(2);
    FILE* f = std::fopen(path_.c_str(), "w");
    REQUIRE(f);
    dup2(fileno(f), 2);
    std::fclose(f);
  }
  std::string finish() {
    if (saved_ >= 0) {
      std::fflush(stderr);
      dup2(saved_, 2);
      close(saved_);
      saved_ = -1;
    }
    return read_file(path_);
  }
  ~StderrCapture() {
    finish();
    std::error_code ec;
    fs::remove(path_, ec);
  }

 private:
  fs::path path_;
  int saved_ = -1;
};

std::string header(const std::string& lang, const std::string& extra) {
  return "msgid \"\"\nmsgstr \"\"\n\"Language: " + lang +
         "\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n" + extra + "\n";
}

}  // namespace

TEST_CASE("plural rules are evaluated as gettext does") {
  // Arabic: 0, 1, 2, 3-10, 11-99, 100-102.
  for (auto [n, f] : std::initializer_list<std::pair<long long, int>>{{0, 0},
                                                                      {1, 1},
                                                                      {2, 2},
                                                                      {3, 3},
                                                                      {10, 3},
                                                                      {11, 4},
                                                                      {99, 4},
                                                                      {100, 5},
                                                                      {102, 5},
                                                                      {103, 3},
                                                                      {111, 4},
                                                                      {1000, 5},
                                                                      {-2, 2}})
    CHECK_MESSAGE(form(kArabic, n) == f, "n=" << n);
  const char* uk =
      "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
      "n%100>=20) ? 1 : 2);";
  for (long long n : {1, 21, 101}) CHECK(form(uk, n) == 0);
  for (long long n : {2, 4, 23}) CHECK(form(uk, n) == 1);
  for (long long n : {0, 5, 11, 12, 14, 25, 111}) CHECK(form(uk, n) == 2);
  CHECK(form("nplurals=2; plural=(n > 1);", 0) == 0);
  CHECK(form("nplurals=2; plural=(n > 1);", 2) == 1);
  CHECK(form("nplurals=1; plural=0;", 7) == 0);
  CHECK(form("  nplurals = 2 ;  plural = n != 1  ", 1) == 0);
  CHECK(form("nplurals=2; plural=n<=1 ? 0 : 1;", 1) == 0);
  CHECK(form("nplurals=2; plural=n>=2;", 2) == 1);
  CHECK(form("nplurals=2; plural=(n==1 || n==11);", 11) == 1);
  CHECK(form("nplurals=2; plural=(n==1 || n==11);", 12) == 0);
  CHECK(PluralRule().form(1) == 0);  // English, built in
  CHECK(PluralRule().form(2) == 1);
  CHECK(form(kArabic, 9223372036854775807LL) == 3);       // ...07: no overflow at the extremes
  CHECK(form(kArabic, -9223372036854775807LL - 1) == 3);  // |n| = ...08
}

TEST_CASE("plural rules refuse everything but the small C subset, and forms out of range") {
  CHECK(refusal("nplurals=2; plural=n+1;").find("found '+'") != std::string::npos);
  CHECK(refusal("nplurals=2; plural=system(1);").find("found 's'") != std::string::npos);
  refusal("nplurals=2; plural=n*2;");
  refusal("nplurals=2; plural=n/2;");
  refusal("nplurals=2; plural=!n;");
  refusal("nplurals=2; plural=n=1;");
  refusal("nplurals=2; plural=(n==1;");
  refusal("nplurals=2; plural=n==1 ? 0;");
  refusal("nplurals=2; plural=;");
  refusal("nplurals=2; plural=nn;");
  refusal("nplurals=2;");
  refusal("plural=n!=1;");
  refusal("nplurals=0; plural=0;");
  refusal("nplurals=7; plural=0;");
  refusal("nplurals=2; plural=99999999999;");
  CHECK(refusal("nplurals=2; plural=n;").find("nplurals is 2") != std::string::npos);
  CHECK(refusal("nplurals=2; plural=n%0;").find("division by zero") != std::string::npos);
  CHECK(refusal("nplurals=2; plural=1%(n%1);").find("division by zero") != std::string::npos);
  CHECK(refusal("nplurals=2; plural=" + std::string(200, '(') + "0" + std::string(200, ')') + ";")
            .find("nested too deeply") != std::string::npos);
  std::string long_or = "nplurals=2; plural=n==0";
  for (int i = 0; i < 300; ++i) long_or += "||n==0";
  CHECK(refusal(long_or + ";").find("too long") != std::string::npos);
  // A division by zero only for large n (not seen by the load-time check) gives form 0.
  std::string why;
  auto r = PluralRule::parse("nplurals=2; plural=(n%(n<5000)) > 0;", why);
  REQUIRE_MESSAGE(r, why);
  CHECK(r->form(6000) == 0);
  CHECK_FALSE(r->evaluate(6000));
}

TEST_CASE("a catalogue header gives the native name, direction, digits and keyboard") {
  CatalogueHeader h;
  CHECK(parse_po_header("Language: ar\nPlural-Forms: " + std::string(kArabic) +
                            "\nX-Native-Name: \xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A"
                            "\xD8\xA9\nX-Direction: rtl\nX-Digits: arabic-indic\n"
                            "X-Keyboard: arabic\nLast-Translator: someone\n",
                        "ar", h) == "");
  CHECK(h.native_name == "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9");  // العربية
  CHECK(h.rtl);
  CHECK(h.digits == Digits::arabic_indic);
  CHECK(h.keyboard == "arabic");
  CHECK(h.plural.nplurals() == 6);
  const std::string ok = "Plural-Forms: nplurals=2; plural=(n != 1);\nX-Native-Name: Kiswahili\n";
  CHECK(parse_po_header(ok, "sw", h) == "");
  CHECK_FALSE(h.rtl);  // the defaults
  CHECK(h.digits == Digits::latin);
  CHECK(h.keyboard == "qwerty");
  CHECK(parse_po_header("Language: fa_AF\n" + ok, "fa", h) == "");
  CHECK(parse_po_header("Plural-Forms: nplurals=2; plural=(n != 1);\n", "sw", h)
            .find("X-Native-Name") != std::string::npos);
  CHECK(parse_po_header("X-Native-Name: Kiswahili\n", "sw", h).find("Plural-Forms") !=
        std::string::npos);
  CHECK(parse_po_header("Language: fr\n" + ok, "sw", h).find("sw.po") != std::string::npos);
  CHECK(parse_po_header(ok + "X-Direction: up\n", "sw", h).find("X-Direction") !=
        std::string::npos);
  CHECK(parse_po_header(ok + "X-Digits: roman\n", "sw", h).find("X-Digits") != std::string::npos);
  CHECK(parse_po_header(ok + "X-Keyboard: dvorak\n", "sw", h).find("X-Keyboard") !=
        std::string::npos);
  CHECK(parse_po_header(
            "X-Native-Name: " + std::string(50, 'x') + "\nPlural-Forms: nplurals=1; plural=0;\n",
            "sw", h) != "");
  CHECK(parse_po_header("X-Native-Name: a\x01"
                        "b\nPlural-Forms: nplurals=1; plural=0;\n",
                        "sw", h) != "");
  CHECK(parse_po_header("Plural-Forms: nplurals=2; plural=n+1;\nX-Native-Name: K\n", "sw", h)
            .find("bad Plural-Forms") != std::string::npos);
}

TEST_CASE("translations whose printf conversions differ from the English are found") {
  const char mark = '\x01';
  CHECK(check_formats({{"%lld day", "%lld siku"}, {"Home", "Nyumbani"}}, 2, mark) == "");
  CHECK(
      check_formats({{"%lld day", "%s siku"}}, 2, mark).find("has %s where the English has %lld") !=
      std::string::npos);
  CHECK(check_formats({{"Home", "Nyumbani %n"}}, 2, mark) != "");
  CHECK(check_formats({{"%s of %s", "%s"}}, 2, mark) != "");
  CHECK(check_formats({{"100%% sure", "100%% hakika"}}, 2, mark) == "");
  CHECK(check_formats({{"Home", "50%"}}, 2, mark) != "");
  CHECK(check_formats({{"Home", ""}}, 2, mark) == "");  // untranslated: English is shown
  CHECK(check_formats({{std::string("%lld day") + mark + "1", "%lld siku"}}, 2, mark) == "");
  CHECK(check_formats({{std::string("%lld day") + mark + "2", "%lld siku"}}, 2, mark)
            .find("nplurals=2") != std::string::npos);
}

TEST_CASE("the shipped catalogues name themselves, and ar and fa read right to left") {
  std::map<std::string, std::string> names;
  for (const auto& l : ui_languages()) names[l.code] = l.native_name;
  REQUIRE(ui_languages().front().code == std::string("en"));
  CHECK(names.size() >= 6);
  CHECK(names["en"] == "English");
  CHECK(names["es"] == "Espa\xC3\xB1ol");
  CHECK(names["ar"] == "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9");  // العربية
  CHECK(names["fa"].find("\xD9\x81\xD8\xA7\xD8\xB1\xD8\xB3\xDB\x8C") == 0);          // فارسی
  CHECK(names["uk"] ==
        "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0");
  CHECK(language_rtl("ar"));
  CHECK(language_rtl("fa"));
  CHECK(language_rtl("fa-AF"));
  CHECK_FALSE(language_rtl("en"));
  CHECK_FALSE(language_rtl("uk"));
  CHECK(language_rtl("he"));  // no catalogue: the built-in list of right-to-left scripts
  CHECK(language_digits("ar") == Digits::arabic_indic);
  CHECK(language_digits("fa") == Digits::persian);
  CHECK(language_digits("es") == Digits::latin);
  CHECK(language_digits("zz") == Digits::latin);
  CHECK(default_layout("uk") == KeyLayout::ukrainian);
  CHECK(default_layout("fr") == KeyLayout::azerty);
  CHECK(default_layout("es") == KeyLayout::qwerty);
  // Arabic's six forms and Persian's two, from their headers.
  CHECK(plural_form("ar", 0) == 0);
  CHECK(plural_form("ar", 2) == 2);
  CHECK(plural_form("ar", 7) == 3);
  CHECK(plural_form("ar", 42) == 4);
  CHECK(plural_form("ar", 100) == 5);
  CHECK(plural_form("fa", 1) == 0);
  CHECK(plural_form("fa", 5) == 1);
  CHECK(plural_form("zz", 1) == 0);  // no catalogue: English
  CHECK(plural_form("zz", 2) == 1);
}

TEST_CASE("Persian text uses Persian letters, Arabic text Arabic ones") {
  // ی and ک in fa (not Arabic ي and ك, which look alike but search and sort apart); the reverse
  // in ar.
  for (const auto& [lang, wrong] : std::initializer_list<std::pair<const char*, const char*>>{
           {"fa", "\xD9\x8A"}, {"fa", "\xD9\x83"}, {"ar", "\xDB\x8C"}, {"ar", "\xDA\xA9"}}) {
    const Catalogue* cat = catalogue(lang);
    REQUIRE(cat);
    for (const auto& [id, str] : *cat)
      CHECK_MESSAGE(str.find(wrong) == std::string::npos, lang << ": " << str);
  }
}

TEST_CASE("a .po dropped into the assets folder is a new language; broken ones are refused") {
  const fs::path dir = fs::temp_directory_path() / ("mutua-assets-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "i18n");
  const std::string real = assets_dir();
  REQUIRE(!real.empty());
  fs::copy_file(fs::path(real) / "i18n" / "en.po", dir / "i18n" / "en.po");
  // Swahili, as a volunteer would write it (docs/translating.md).
  write(dir / "i18n" / "sw.po",
        "# Mutua, Kiswahili.\n" +
            header("sw",
                   "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
                   "\"X-Native-Name: Kiswahili\\n\"\n\"X-Direction: ltr\\n\"\n") +
            "msgid \"I need something\"\nmsgstr \"Nahitaji kitu\"\n\n"
            "msgid \"Contact details removed after %lld day\"\n"
            "msgid_plural \"Contact details removed after %lld days\"\n"
            "msgstr[0] \"Maelezo ya mawasiliano yamefutwa baada ya siku %lld\"\n"
            "msgstr[1] \"Maelezo ya mawasiliano yamefutwa baada ya siku %lld (nyingi)\"\n");
  // A right-to-left one with three forms (made up, to see the header drive everything).
  write(dir / "i18n" / "ur.po",
        header("ur",
               "\"Plural-Forms: nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;\\n\"\n"
               "\"X-Native-Name: \xD8\xA7\xD8\xB1\xD8\xAF\xD9\x88\\n\"\n\"X-Direction: rtl\\n\"\n"
               "\"X-Digits: arabic-indic\\n\"\n\"X-Keyboard: arabic\\n\"\n") +
            "msgid \"I need something\"\nmsgstr \"x\"\n");
  // Broken and hostile ones: each refused, with one line, and the others still load.
  write(dir / "i18n" / "xa.po", header("xa", "\"X-Native-Name: No plural line\\n\"\n"));
  write(dir / "i18n" / "xb.po",
        header("xb",
               "\"Plural-Forms: nplurals=2; plural=system(\\\"rm\\\");\\n\"\n"
               "\"X-Native-Name: Bad rule\\n\"\n"));
  write(dir / "i18n" / "xc.po", header("xc",
                                       "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
                                       "\"X-Native-Name: Bad format\\n\"\n") +
                                    "msgid \"%lld min ago\"\nmsgstr \"%s %s %s %n\"\n");
  write(dir / "i18n" / "xd.po", std::string(5 * 1024 * 1024, '#'));  // over 4 MB
  write(dir / "i18n" / "xe.po", "msgid \"a\"\nmsgstr \"b\\q\"\n");   // does not parse
  write(dir / "i18n" / "xf.po", header("xf",
                                       "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
                                       "\"X-Native-Name: X\\n\"\n\"X-Keyboard: klingon\\n\"\n"));
  write(dir / "i18n" / "Bad Name.po", "");  // not a language code: not even looked at

  const char* before = std::getenv("MUTUA_ASSETS");
  const std::string saved = before ? before : "";
  setenv("MUTUA_ASSETS", dir.c_str(), 1);
  StderrCapture err;
  rescan_languages();
  std::map<std::string, std::string> names;
  for (const auto& l : ui_languages()) names[l.code] = l.native_name;
  const std::string said = err.finish();

  CHECK(names.size() == 3);
  CHECK(names["en"] == "English");
  CHECK(names["sw"] == "Kiswahili");
  CHECK(names["ur"] == "\xD8\xA7\xD8\xB1\xD8\xAF\xD9\x88");
  for (const char* bad : {"xa", "xb", "xc", "xd", "xe", "xf"}) {
    CAPTURE(bad);
    CHECK(names.count(bad) == 0);
    const std::string file = (dir / "i18n" / (std::string(bad) + ".po")).string();
    size_t lines = 0;
    for (size_t at = said.find(file); at != std::string::npos; at = said.find(file, at + 1))
      ++lines;
    CHECK_MESSAGE(lines == 1, said);
  }
  CHECK(said.find("no Plural-Forms") != std::string::npos);
  CHECK(said.find("found 's'") != std::string::npos);
  CHECK(said.find("has %s %s %s %n where the English has %lld") != std::string::npos);
  CHECK(said.find("larger than 4 MB") != std::string::npos);
  CHECK(said.find("unknown escape") != std::string::npos);
  CHECK(said.find("X-Keyboard must be") != std::string::npos);
  CHECK(std::count(said.begin(), said.end(), '\n') == 6);

  // Swahili: tr(), trn() with its rule, left to right; Urdu (made up): right to left, 3 forms.
  {
    LanguageScope sw("sw");
    CHECK(std::string(tr("I need something")) == "Nahitaji kitu");
    CHECK(std::string(tr("Home")) == "Home");  // not translated yet: English
    CHECK(std::string(trn("Contact details removed after %lld day",
                          "Contact details removed after %lld days", 1)) ==
          "Maelezo ya mawasiliano yamefutwa baada ya siku %lld");
    CHECK(std::string(trn("Contact details removed after %lld day",
                          "Contact details removed after %lld days", 3)) ==
          "Maelezo ya mawasiliano yamefutwa baada ya siku %lld (nyingi)");
    CHECK_FALSE(ui_rtl());
  }
  CHECK_FALSE(language_rtl("sw"));
  CHECK(language_rtl("ur"));
  CHECK(plural_form("ur", 2) == 1);
  CHECK(plural_form("ur", 5) == 2);
  CHECK(language_digits("ur") == Digits::arabic_indic);
  CHECK(language_keyboard("ur") == "arabic");
  CHECK(catalogue("xc") == nullptr);  // refused: English is shown
  {
    LanguageScope xc("xc");
    CHECK(std::string(tr("%lld min ago")) == "%lld min ago");
  }

  if (before)
    setenv("MUTUA_ASSETS", saved.c_str(), 1);
  else
    unsetenv("MUTUA_ASSETS");
  rescan_languages();
  CHECK(ui_languages().size() >= 6);
  CHECK(assets_dir() == real);
  fs::remove_all(dir);
}
