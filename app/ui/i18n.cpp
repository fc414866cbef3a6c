#include "app/ui/i18n.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "app/ui/format.hpp"
#include "app/ui/po_header.hpp"
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

// A catalogue with what its header says about the language.
struct Loaded {
  Catalogue catalogue;
  CatalogueHeader header;
};

// Loaded catalogues by language; null when the file was missing or refused. Entries are never
// freed (a rescan moves them to the graveyard), so pointers handed out by tr() stay valid.
std::map<std::string, std::unique_ptr<Loaded>>& loaded() {
  static std::map<std::string, std::unique_ptr<Loaded>> m;
  return m;
}
std::vector<std::unique_ptr<Loaded>>& graveyard() {
  static std::vector<std::unique_ptr<Loaded>> g;
  return g;
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

// Only plain language codes: the code becomes part of a path.
bool safe_code(std::string_view lang) {
  bool safe = !lang.empty() && lang.size() <= 16;
  for (char c : lang) safe = safe && ((c >= 'a' && c <= 'z') || c == '_' || c == '-');
  return safe;
}

// The English header when en.po is missing (a build without assets still runs, in English).
const CatalogueHeader& builtin_english() {
  static const CatalogueHeader h = [] {
    CatalogueHeader e;
    e.language = "en";
    e.native_name = "English";
    return e;
  }();
  return h;
}

// Reads, parses and checks one catalogue. A refusal is one line on stderr, naming the file.
std::unique_ptr<Loaded> load_catalogue(const fs::path& path, const std::string& lang) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    if (lang != "en")
      std::fprintf(stderr, "mutua: no translation file %s; showing English\n",
                   path.string().c_str());
    return nullptr;
  }
  const auto refuse = [&](const std::string& why) {
    std::fprintf(stderr, "mutua: %s refused: %s; showing English instead\n", path.string().c_str(),
                 why.c_str());
    return nullptr;
  };
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxPoBytes)
    return refuse(ec ? "it cannot be read" : "it is larger than 4 MB, too large for a catalogue");
  auto text = read_file(path);
  if (!text) return refuse("it cannot be read");
  PoResult parsed = parse_po(*text);
  if (!parsed.error.empty()) return refuse(parsed.error);
  auto out = std::make_unique<Loaded>();
  if (std::string why = parse_po_header(parsed.header, lang, out->header); !why.empty())
    return refuse(why);
  if (std::string why = check_formats(parsed.catalogue, out->header.plural.nplurals(), '\x01');
      !why.empty())
    return refuse(why);
  out->catalogue = std::move(parsed.catalogue);
  return out;
}

std::mutex& languages_mutex() {
  static std::mutex m;
  return m;
}
// The current list of languages (null until scanned); old lists are kept, never freed.
std::vector<LanguageInfo>*& current_languages() {
  static std::vector<LanguageInfo>* list = nullptr;
  return list;
}
std::vector<std::unique_ptr<std::vector<LanguageInfo>>>& all_language_lists() {
  static std::vector<std::unique_ptr<std::vector<LanguageInfo>>> lists;
  return lists;
}

// The cached assets folder; empty string = not looked for yet.
std::optional<std::string>& cached_assets_dir() {
  static std::optional<std::string> dir;
  return dir;
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
  std::string msgctxt, msgid, msgstr;
  std::vector<std::string> more_forms;  // msgstr[1], msgstr[2]...
  bool have_id = false, have_str = false;
  size_t line_no = 0;

  auto flush = [&]() {
    if (have_id && have_str && msgid.empty() && r.header.empty()) r.header = msgstr;
    if (have_id && have_str && !msgid.empty()) {
      const std::string key = msgctxt.empty() ? msgid : context_key(msgctxt, msgid);
      r.catalogue[key] = msgstr;
      for (size_t k = 0; k < more_forms.size(); ++k)
        r.catalogue[plural_key(key, int(k) + 1)] = more_forms[k];
    }
    msgctxt.clear(), msgid.clear(), msgstr.clear(), more_forms.clear();
    have_id = have_str = false;
    part = Part::none;
  };
  auto fail = [&](const std::string& why) {
    r.catalogue.clear();
    r.header.clear();
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
          msgctxt += piece;
          break;
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
      msgctxt = std::move(value);
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
  std::lock_guard lock(catalogue_mutex());
  if (!cached_assets_dir())
    cached_assets_dir() = [] {
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
  return *cached_assets_dir();
}

namespace {
// catalogue() and language_header() with catalogue_mutex() held.
const Loaded* loaded_locked(const std::string& lang, const std::string& dir) {
  auto& cache = loaded();
  if (auto it = cache.find(lang); it != cache.end()) return it->second.get();
  std::unique_ptr<Loaded> cat;
  if (safe_code(lang) && !dir.empty())
    cat = load_catalogue(fs::path(dir) / "i18n" / (lang + ".po"), lang);
  return (cache[lang] = std::move(cat)).get();
}
}  // namespace

const Catalogue* catalogue(const std::string& lang) {
  const std::string dir = assets_dir();
  std::lock_guard lock(catalogue_mutex());
  const Loaded* l = loaded_locked(lang, dir);
  return l ? &l->catalogue : nullptr;
}

const CatalogueHeader* language_header(std::string_view lang) {
  // Only languages in the picker: an unknown code is not looked for on disk.
  std::string code;
  for (const auto& l : ui_languages())
    if (lang == l.code) code = l.code;
  if (code.empty()) {
    const std::string_view base = lang.substr(0, lang.find_first_of("_-"));
    for (const auto& l : ui_languages())
      if (base == l.code) code = l.code;
  }
  if (code.empty()) return nullptr;
  const std::string dir = assets_dir();
  std::lock_guard lock(catalogue_mutex());
  if (const Loaded* l = loaded_locked(code, dir)) return &l->header;
  return code == "en" ? &builtin_english() : nullptr;
}

Digits language_digits(std::string_view lang) {
  const CatalogueHeader* h = language_header(lang);
  return h ? h->digits : Digits::latin;
}

std::string language_keyboard(std::string_view lang) {
  const CatalogueHeader* h = language_header(lang);
  return h ? h->keyboard : std::string("qwerty");
}

void rescan_languages() {
  std::lock_guard list_lock(languages_mutex());
  current_languages() = nullptr;  // the old list is kept (callers may hold it), never freed
  std::lock_guard lock(catalogue_mutex());
  cached_assets_dir().reset();
  for (auto& [lang, l] : loaded())
    if (l) graveyard().push_back(std::move(l));
  loaded().clear();
}

const char* tr(const char* english) {
  const Catalogue* active = t_language ? t_active : g_active;
  if (!active || !english) return english;
  auto it = active->find(std::string_view(english));
  if (it == active->end() || it->second.empty()) return english;
  return it->second.c_str();
}

int plural_form(std::string_view lang, long long n) {
  // The rule of the language's Plural-Forms header; English when it has no catalogue.
  if (const CatalogueHeader* h = language_header(lang)) return h->plural.form(n);
  return builtin_english().plural.form(n);
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

std::string context_key(std::string_view context, std::string_view msgid) {
  std::string key(context);
  key += '\x04';
  key += msgid;
  return key;
}

const char* trn_context(const char* context, const char* singular, const char* plural,
                        long long n) {
  const char* english = plural_en(singular, plural, n);
  const Catalogue* active = t_language ? t_active : g_active;
  if (!active || !context || !singular || !plural) return english;
  const std::string key = context_key(context, singular);
  const int form = plural_form(language(), n);
  auto it = active->find(form == 0 ? key : plural_key(key, form));
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
  std::lock_guard list_lock(languages_mutex());
  if (std::vector<LanguageInfo>* list = current_languages()) return *list;
  // Every assets/i18n/*.po whose header and formats pass, English first, then by code.
  std::vector<std::string> codes{"en"};
  const std::string dir = assets_dir();
  std::error_code ec;
  if (!dir.empty()) {
    std::vector<std::string> found;
    size_t guard = 0;
    for (fs::directory_iterator it(fs::path(dir) / "i18n", ec), end;
         !ec && it != end && ++guard < 1000; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() != ".po") continue;
      const std::string code = p.stem().string();
      if (code != "en" && safe_code(code)) found.push_back(code);
    }
    std::sort(found.begin(), found.end());
    codes.insert(codes.end(), found.begin(), found.end());
  }
  auto* list = all_language_lists()
                   .emplace_back(std::make_unique<std::vector<LanguageInfo>>())
                   .get();  // kept for the life of the process
  for (const auto& code : codes) {
    std::lock_guard lock(catalogue_mutex());
    const Loaded* l = loaded_locked(code, dir);
    if (!l && code != "en") continue;           // missing or refused (said on stderr)
    static std::deque<std::string> codes_kept;  // stable for the life of the process
    list->push_back({nullptr, (l ? l->header : builtin_english()).native_name.c_str()});
    codes_kept.push_back(code);
    list->back().code = codes_kept.back().c_str();
  }
  current_languages() = list;
  return *list;
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
