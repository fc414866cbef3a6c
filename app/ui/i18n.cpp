#include "app/ui/i18n.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "app/ui/format.hpp"
#include "core/model.hpp"
#include "core/plural.hpp"
#include "core/utf8.hpp"

namespace mutua {

namespace fs = std::filesystem;

namespace {

// A catalogue larger than this is not a translation file; refuse rather than allocate.
constexpr std::uintmax_t kMaxPoBytes = 4 * 1024 * 1024;

std::string& current_language() {
  static std::string lang = "en";
  return lang;
}

// Loaded catalogues by language; nullopt when the file was missing or broken. Never erased, so
// pointers handed out by tr() stay valid.
std::map<std::string, std::optional<Catalogue>>& loaded() {
  static std::map<std::string, std::optional<Catalogue>> m;
  return m;
}

const Catalogue* g_active = nullptr;

// A LanguageScope on this thread (the phone pages answer each request in its own language).
thread_local const Catalogue* t_active = nullptr;
thread_local const std::string* t_language = nullptr;

// Guards the cache of catalogues: the phone pages load them from server threads.
std::mutex& catalogue_mutex() {
  static std::mutex m;
  return m;
}

bool is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

// Decodes one "quoted" PO string (C escapes). Returns false on a malformed literal.
bool unquote(std::string_view s, std::string& out, std::string& why) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') {
    why = "expected a \"quoted\" string";
    return false;
  }
  s = s.substr(1, s.size() - 2);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      why = "unescaped quote inside a string";
      return false;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == s.size()) {
      why = "string ends with a lone backslash";
      return false;
    }
    switch (s[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      default:
        why = std::string("unknown escape \\") + s[i];
        return false;
    }
  }
  return true;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxPoBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has_catalogues(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(dir / "i18n" / "en.po", ec);
}

}  // namespace

PoResult parse_po(std::string_view text) {
  PoResult r;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  enum class Part { none, ctxt, id, plural, str, form };
  Part part = Part::none;
  std::string msgid, msgstr;
  std::vector<std::string> more_forms;  // msgstr[1], msgstr[2]...
  bool have_id = false, have_str = false;
  size_t line_no = 0;

  auto flush = [&]() {
    if (have_id && have_str && !msgid.empty()) {
      r.catalogue[msgid] = msgstr;
      for (size_t k = 0; k < more_forms.size(); ++k)
        r.catalogue[plural_key(msgid, int(k) + 1)] = more_forms[k];
    }
    msgid.clear(), msgstr.clear(), more_forms.clear();
    have_id = have_str = false;
    part = Part::none;
  };
  auto fail = [&](const std::string& why) {
    r.catalogue.clear();
    r.error = "line " + std::to_string(line_no) + ": " + why;
    return r;
  };

  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') {
      // Comments, flags (#, fuzzy) and references; obsolete entries (#~) are comments too.
      continue;
    }
    std::string why;
    if (line.front() == '"') {  // continuation of the previous keyword's string
      std::string piece;
      if (!unquote(line, piece, why)) return fail(why);
      switch (part) {
        case Part::id:
          msgid += piece;
          break;
        case Part::str:
          msgstr += piece;
          break;
        case Part::form:
          more_forms.back() += piece;
          break;
        case Part::ctxt:
        case Part::plural:
          break;
        case Part::none:
          return fail("string without msgid or msgstr before it");
      }
      continue;
    }
    const size_t sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos) return fail("expected a keyword and a string");
    const std::string_view keyword = line.substr(0, sp);
    std::string value;
    if (!unquote(trim(line.substr(sp)), value, why)) return fail(why);
    if (keyword == "msgctxt") {
      flush();
      part = Part::ctxt;
    } else if (keyword == "msgid") {
      if (part != Part::ctxt) flush();
      msgid = std::move(value);
      have_id = true;
      part = Part::id;
    } else if (keyword == "msgid_plural") {
      if (!have_id) return fail("msgid_plural without msgid");
      part = Part::plural;
    } else if (keyword == "msgstr" || keyword == "msgstr[0]") {
      if (!have_id) return fail("msgstr without msgid");
      msgstr = std::move(value);
      have_str = true;
      part = Part::str;
    } else if (keyword.substr(0, 7) == "msgstr[") {
      if (!have_str) return fail("msgstr[" + std::string(keyword.substr(7)) + " before msgstr[0]");
      if (keyword != "msgstr[" + std::to_string(more_forms.size() + 1) + "]")
        return fail("plural forms out of order: " + std::string(keyword));
      more_forms.push_back(std::move(value));
      part = Part::form;
    } else {
      return fail("unknown keyword " + std::string(keyword));
    }
  }
  flush();
  for (const auto& [id, str] : r.catalogue)
    if (!utf8::valid(id) || !utf8::valid(str)) {
      line_no = 0;
      return fail("text is not valid UTF-8 near \"" + id.substr(0, 40) + "\"");
    }
  return r;
}

std::string assets_dir() {
  static const std::string dir = [] {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("MUTUA_ASSETS"); env && *env) candidates.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path()) {
      const fs::path d = exe.parent_path();
      candidates.push_back(d / "assets");
      candidates.push_back(d / ".." / "assets");
      candidates.push_back(d / ".." / ".." / "assets");
      candidates.push_back(d / ".." / "share" / "mutua" / "assets");
    }
#ifdef MUTUA_ASSETS_DIR
    candidates.emplace_back(MUTUA_ASSETS_DIR);
#endif
    for (const auto& c : candidates)
      if (has_catalogues(c)) return fs::weakly_canonical(c, ec).string();
    return std::string();
  }();
  return dir;
}

const Catalogue* catalogue(const std::string& lang) {
  std::lock_guard lock(catalogue_mutex());
  auto& cache = loaded();
  if (auto it = cache.find(lang); it != cache.end()) return it->second ? &*it->second : nullptr;
  std::optional<Catalogue> cat;
  // Only plain language codes: the code becomes part of a path.
  bool safe = !lang.empty() && lang.size() <= 16;
  for (char c : lang) safe = safe && ((c >= 'a' && c <= 'z') || c == '_' || c == '-');
  const std::string dir = assets_dir();
  if (safe && !dir.empty()) {
    const fs::path path = fs::path(dir) / "i18n" / (lang + ".po");
    if (auto text = read_file(path)) {
      PoResult parsed = parse_po(*text);
      if (parsed.error.empty())
        cat = std::move(parsed.catalogue);
      else
        std::fprintf(stderr, "mutua: %s: %s; showing English\n", path.string().c_str(),
                     parsed.error.c_str());
    } else if (lang != "en") {
      std::fprintf(stderr, "mutua: no translation file %s; showing English\n",
                   path.string().c_str());
    }
  }
  auto& slot = cache[lang] = std::move(cat);
  return slot ? &*slot : nullptr;
}

const char* tr(const char* english) {
  const Catalogue* active = t_language ? t_active : g_active;
  if (!active || !english) return english;
  auto it = active->find(std::string_view(english));
  if (it == active->end() || it->second.empty()) return english;
  return it->second.c_str();
}

int plural_form(std::string_view lang, long long n) {
  if (n < 0) n = -n;
  if (lang == "fr") return n > 1 ? 1 : 0;
  if (lang == "uk") {
    if (n % 10 == 1 && n % 100 != 11) return 0;
    if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20)) return 1;
    return 2;
  }
  return n == 1 ? 0 : 1;  // en, es
}

std::string plural_key(std::string_view msgid, int k) {
  return std::string(msgid) + "\x01" + std::to_string(k);
}

const char* trn(const char* singular, const char* plural, long long n) {
  const char* english = plural_en(singular, plural, n);
  const Catalogue* active = t_language ? t_active : g_active;
  if (!active || !singular || !plural) return english;
  const int form = plural_form(language(), n);
  auto it = active->find(form == 0 ? std::string(singular) : plural_key(singular, form));
  if (it == active->end() || it->second.empty()) return english;
  return it->second.c_str();
}

void set_language(const std::string& lang) {
  current_language() = lang.empty() ? "en" : lang;
  g_active = current_language() == "en" ? catalogue("en") : catalogue(current_language());
}

const std::string& language() {
  return t_language ? *t_language : current_language();
}

LanguageScope::LanguageScope(const std::string& lang)
    : lang_(lang.empty() ? "en" : lang), before_active_(t_active), before_language_(t_language) {
  t_active = catalogue(lang_);
  t_language = &lang_;
}

LanguageScope::~LanguageScope() {
  t_active = before_active_;
  t_language = before_language_;
}

const std::vector<LanguageInfo>& ui_languages() {
  static const std::vector<LanguageInfo> langs{
      {"en", "English"},
      {"es", "Espa\xC3\xB1ol"},
      {"fr",
       "Fran\xC3\xA7"
       "ais"},
      {"uk", "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0"},
  };
  return langs;
}

std::vector<std::string> glyph_texts() {
  std::vector<std::string> texts{
      "\xE2\x80\xA6",  // … (ellipsis for clipped text)
      "\xC2\xB7",      // · (separator)
      "\xE2\x80\xB9",  // ‹ (back)
      "\xE2\x80\x94",  // — (dash)
      "\xE2\x8C\xAB",  // ⌫ (backspace key)
      "\xE2\x87\xA7",  // ⇧ (shift key)
      "\xE2\x86\xB5",  // ↵
      "\xE2\x9C\x93",  // ✓
      "\xC2\xA0",      // no-break space: Ukrainian digit grouping (format_count)
      "\xE2\x80\xAF",  // narrow no-break space: French digit grouping (format_count)
  };
  for (const auto& c : default_categories()) texts.push_back(category_label(c.id));
  for (const auto& l : ui_languages()) {
    texts.push_back(l.native_name);
    if (const Catalogue* cat = catalogue(l.code))
      for (const auto& [id, str] : *cat) texts.push_back(str);
  }
  return texts;
}

}  // namespace mutua
