// Translations: the PO loader, English fallback, complete catalogues, and glyphs for them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "app/ui/i18n.hpp"
#include "app/ui/po_header.hpp"
#include "core/model.hpp"
#include "core/utf8.hpp"
#include "language_guard.hpp"
#include "platform/fonts.hpp"
#include "support/files.hpp"

using namespace mutua;
using mutua::test::LanguageGuard;
using mutua::test::read_file;
namespace fs = std::filesystem;

namespace {

// Decodes the C++ string literal(s) starting at text[i] (adjacent literals concatenate).
// Returns nullopt for anything that is not a plain literal, e.g. tr(label.c_str()).
std::optional<std::string> literal_at(const std::string& text, size_t i, char end = ')',
                                      size_t* after = nullptr) {
  std::string out;
  bool any = false;
  for (;;) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != '"') break;
    any = true;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] != '\\') {
        out += text[i];
        continue;
      }
      const char e = text[++i];
      if (e == 'x') {
        unsigned v = 0;
        while (i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])))
          v = v * 16 + unsigned(std::stoi(std::string(1, text[++i]), nullptr, 16));
        out += char(v);
      } else if (e == 'n') {
        out += '\n';
      } else if (e == 't') {
        out += '\t';
      } else {
        out += e;  // \" \\ \'
      }
    }
    ++i;  // closing quote
  }
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (!any || i >= text.size() || text[i] != end) return std::nullopt;
  if (after) *after = i + 1;
  return out;
}

// Every tr("...") literal in the UI sources, plus the category labels tr() gets at run time.
std::set<std::string> source_strings() {
  const fs::path root = fs::path(MUTUA_ASSETS_DIR).parent_path();
  std::set<std::string> found;
  for (const char* dir : {"app/ui", "app/widgets", "app/web"}) {
    for (const auto& f : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string text = read_file(f.path());
      for (size_t at = text.find("tr("); at != std::string::npos; at = text.find("tr(", at + 1)) {
        if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) ||
                       text[at - 1] == '_' || text[at - 1] == '.'))
          continue;  // str(, attr(, x.tr(
        if (auto s = literal_at(text, at + 3)) found.insert(*s);
      }
    }
  }
  for (const auto& c : default_categories()) found.insert(c.label);
  return found;
}

// Every trn("singular", "plural", n) pair of literals in the UI sources.
std::set<std::pair<std::string, std::string>> plural_source_strings() {
  const fs::path root = fs::path(MUTUA_ASSETS_DIR).parent_path();
  std::set<std::pair<std::string, std::string>> found;
  for (const char* dir : {"app/ui", "app/widgets", "app/web"}) {
    for (const auto& f : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string text = read_file(f.path());
      for (size_t at = text.find("trn("); at != std::string::npos; at = text.find("trn(", at + 1)) {
        if (at > 0 &&
            (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_'))
          continue;
        size_t next = 0;
        auto one = literal_at(text, at + 4, ',', &next);
        if (!one) continue;
        if (auto many = literal_at(text, next, ',')) found.emplace(*one, *many);
      }
    }
  }
  return found;
}

}  // namespace

TEST_CASE("the PO parser reads escapes, multi-line strings, comments and fuzzy entries") {
  const char* po = R"po(# translator comment
msgid ""
msgstr ""
"Language: es\n"

#: app/ui/home.cpp:12
#, fuzzy, c-format
msgid "Say \"hi\""
msgstr "Di \"hola\""

msgid ""
"two "
"lines"
msgstr ""
"dos "
"líneas\n"
"y más"

msgid "back\\slash"
msgstr "barra\\invertida"

msgctxt "button"
msgid "Open"
msgstr "Abrir"

msgid "untranslated"
msgstr ""
)po";
  const PoResult r = parse_po(po);
  REQUIRE_MESSAGE(r.error.empty(), r.error);
  CHECK(r.catalogue.size() == 5);  // the header entry is not a translation
  CHECK(r.catalogue.count("") == 0);
  CHECK(r.catalogue.at("Say \"hi\"") == "Di \"hola\"");
  CHECK(r.catalogue.at("two lines") == "dos l\xC3\xADneas\ny m\xC3\xA1s");
  CHECK(r.catalogue.at("back\\slash") == "barra\\invertida");
  CHECK(r.catalogue.at(context_key("button", "Open")) == "Abrir");
  CHECK(r.catalogue.count("Open") == 0);  // a msgctxt keeps its entry apart from a plain one
  CHECK(r.catalogue.at("untranslated").empty());
}

TEST_CASE("the PO parser refuses broken files with the line number") {
  CHECK(parse_po("msgid \"a\"\nmsgstr \"b\\q\"\n").error == "line 2: unknown escape \\q");
  CHECK(parse_po("msgid \"a\"\nmsgstr b\n").error.rfind("line 2:", 0) == 0);
  CHECK(parse_po("msgstr \"b\"\n").error == "line 1: msgstr without msgid");
  CHECK(parse_po("\"orphan\"\n").error.rfind("line 1:", 0) == 0);
  CHECK(parse_po("msgid \"a\"\nmsgstr \"\xC3\"\n").error.find("UTF-8") != std::string::npos);
}

TEST_CASE("tr() uses the active catalogue and falls back to English for a missing key") {
  LanguageGuard guard;
  REQUIRE_MESSAGE(!assets_dir().empty(), "assets/i18n not found");
  set_language("es");
  CHECK(std::string(tr("I need something")) == "Necesito algo");
  CHECK(std::string(tr("A string nobody translated")) == "A string nobody translated");
  set_language("uk");
  CHECK(std::string(tr("I need something")) ==
        "\xD0\x9C\xD0\xB5\xD0\xBD\xD1\x96 \xD1\x89\xD0\xBE\xD1\x81\xD1\x8C "
        "\xD0\xBF\xD0\xBE\xD1\x82\xD1\x80\xD1\x96\xD0\xB1\xD0\xBD\xD0\xBE");
  set_language("xx");  // unknown: English
  CHECK(std::string(tr("I need something")) == "I need something");
  set_language("en");
  CHECK(std::string(tr("I need something")) == "I need something");
}

TEST_CASE("a LanguageScope translates on its own thread only, and nests") {
  LanguageGuard guard;
  set_language("es");
  std::string other_thread;
  {
    LanguageScope fr("fr");
    CHECK(language() == "fr");
    CHECK(std::string(tr("I need something")) ==
          "J\xE2\x80\x99"
          "ai besoin de quelque chose");
    {
      LanguageScope en("en");
      CHECK(std::string(tr("I need something")) == "I need something");
    }
    CHECK(language() == "fr");
    std::thread([&] { other_thread = tr("I need something"); }).join();
  }
  CHECK(other_thread == "Necesito algo");  // the kiosk's language, untouched
  CHECK(language() == "es");
  CHECK(std::string(tr("I need something")) == "Necesito algo");
}

// Every language of the picker: the shipped catalogues and any dropped into assets/i18n/.
std::vector<std::string> all_languages() {
  std::vector<std::string> out;
  for (const auto& l : ui_languages()) out.emplace_back(l.code);
  return out;
}

TEST_CASE("every tr() string in the UI sources is translated in every catalogue") {
  const std::set<std::string> wanted = source_strings();
  // The scan itself must find the strings we know are there.
  REQUIRE(wanted.count("I need something") == 1);
  REQUIRE(wanted.count("Try \"All\" to see every category.") == 1);
  REQUIRE(wanted.size() > 30);
  const auto langs = all_languages();
  for (const char* shipped : {"en", "es", "fr", "uk", "ar", "fa"})
    REQUIRE(std::find(langs.begin(), langs.end(), shipped) != langs.end());
  for (const std::string& lang : langs) {
    CAPTURE(lang);
    const Catalogue* cat = catalogue(lang);
    REQUIRE_MESSAGE(cat, "no catalogue for " << lang);
    std::string missing, bad_format;
    for (const auto& s : wanted) {
      auto it = cat->find(s);
      if (it == cat->end() || (lang != "en" && it->second.empty()))
        missing += "\n  msgid \"" + s + "\"";
      else if (!it->second.empty() && printf_conversions(it->second) != printf_conversions(s))
        bad_format += "\n  \"" + s + "\" -> \"" + it->second + "\"";
    }
    CHECK_MESSAGE(missing.empty(), lang << ".po lacks:" << missing);
    CHECK_MESSAGE(bad_format.empty(), lang << ".po changes printf conversions:" << bad_format);
  }
}

TEST_CASE("no catalogue says beneficiary") {
  for (const std::string& lang : all_languages()) {
    const Catalogue* cat = catalogue(lang);
    REQUIRE(cat);
    for (const auto& [id, str] : *cat) {
      for (const std::string& s : {id, str}) {
        std::string lower = s;
        for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
        CHECK_MESSAGE(lower.find("benefic") == std::string::npos, lang << ": " << s);
        CHECK_MESSAGE(
            s.find("\xD0\xB1\xD0\xB5\xD0\xBD\xD0\xB5\xD1\x84\xD1\x96\xD1\x86") == std::string::npos,
            lang << ": " << s);  // бенефіц
      }
    }
  }
}

TEST_CASE("every character of the Ukrainian catalogue is in the font atlas") {
  const Catalogue* uk = catalogue("uk");
  REQUIRE(uk);
  ImFontAtlas atlas;
  const FontSet fonts = load_fonts(atlas, 1.0f, glyph_texts());
  if (fonts.regular_file.empty()) {
    MESSAGE("no system font found; ImGui's built-in font has no Cyrillic, skipping");
    return;
  }
  std::string missing;
  size_t checked = 0;
  for (const auto& [id, str] : *uk)
    utf8::for_each(str, [&](char32_t c) {
      ++checked;
      if (!fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c)))
        missing += "U+" + std::to_string(unsigned(c)) + " ";
    });
  CHECK(checked > 500);
  CHECK_MESSAGE(missing.empty(), "missing glyphs: " << missing);
  CHECK(fonts.body->FindGlyphNoFallback(0x0457));  // ї
  CHECK(fonts.body->FindGlyphNoFallback(0x0491));  // ґ
}

TEST_CASE("the PO parser keeps every plural form, and trn picks the one the language uses") {
  const auto r = parse_po(
      "msgid \"%lld day\"\nmsgid_plural \"%lld days\"\n"
      "msgstr[0] \"%lld день\"\nmsgstr[1] \"%lld дні\"\nmsgstr[2] \"%lld \"\n\"днів\"\n");
  REQUIRE(r.error.empty());
  CHECK(r.catalogue.at("%lld day") == "%lld день");
  CHECK(r.catalogue.at(plural_key("%lld day", 1)) == "%lld дні");
  CHECK(r.catalogue.at(plural_key("%lld day", 2)) == "%lld днів");
  CHECK_FALSE(parse_po("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[2] \"y\"\n")
                  .error.empty());
  // Ukrainian: 1, 21 one form; 2-4, 22-24 another; 0, 5-20, 25-30 the third.
  for (long long n : {1, 21, 101}) CHECK(plural_form("uk", n) == 0);
  for (long long n : {2, 4, 23}) CHECK(plural_form("uk", n) == 1);
  for (long long n : {0, 5, 11, 12, 14, 25, 111}) CHECK(plural_form("uk", n) == 2);
  CHECK(plural_form("fr", 0) == 0);
  CHECK(plural_form("fr", 1) == 0);
  CHECK(plural_form("fr", 2) == 1);
  CHECK(plural_form("en", 0) == 1);
  CHECK(plural_form("es", 1) == 0);
  LanguageGuard guard;
  set_language("en");
  CHECK(std::string(trn("%lld day", "%lld days", 1)) == "%lld day");
  CHECK(std::string(trn("%lld day", "%lld days", 0)) == "%lld days");
}

TEST_CASE("every trn() phrase has all its plural forms in every catalogue") {
  const auto wanted = plural_source_strings();
  REQUIRE(wanted.count({"Contact details removed after %lld day",
                        "Contact details removed after %lld days"}) == 1);
  for (const std::string& lang : all_languages()) {
    if (lang == "en") continue;
    CAPTURE(lang);
    const Catalogue* cat = catalogue(lang);
    REQUIRE(cat);
    const CatalogueHeader* header = language_header(lang);
    REQUIRE(header);
    const int forms = header->plural.nplurals();
    CHECK(forms == (lang == "ar" ? 6 : lang == "uk" ? 3 : 2));
    for (const auto& [one, many] : wanted) {
      CAPTURE(one);
      for (int k = 0; k < forms; ++k) {
        auto it = cat->find(k == 0 ? one : plural_key(one, k));
        REQUIRE_MESSAGE(it != cat->end(), lang << ".po lacks msgstr[" << k << "]");
        CHECK_FALSE(it->second.empty());
        CHECK(printf_conversions(it->second) == printf_conversions(many));
      }
    }
  }
}
