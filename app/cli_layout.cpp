// mutua check-layout: every screen, language, display size and text scale rendered headless and
// checked for what a person would find wrong (app/ui/layout_check.hpp; its help lists every kind
// of problem, from the check's own table). Exits 1 naming each problem, so a translator can run
// it on a new catalogue.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/command.hpp"
#include "app/json.hpp"
#include "app/ui/layout_check.hpp"
#include "core/demo.hpp"
#include "core/matching.hpp"
#include "core/revocation.hpp"
#include "core/schema.hpp"
#include "core/store.hpp"

namespace mutua::cli {

namespace {

// A scratch database with a few dozen demo entries, so lists have rows; removed afterwards.
struct ScratchStore {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;
  ScratchStore() {
    dir = std::filesystem::temp_directory_path() /
          ("mutua-check-layout-" + std::to_string(::getpid()));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
    if (ec) throw UserError{"cannot create " + dir.string() + ": " + ec.message()};
    auto s = Store::open((dir / "layout.db").string());
    if (!s) throw UserError{s.error()};
    store = std::move(*s);
    DemoOptions o;
    o.entries = 40;
    o.seed = 7;
    auto r = generate_demo(*store, o);
    if (!r) throw UserError{r.error()};
    add_match();
    add_devices();
    add_conflicts();
  }
  // A need matched with an offer and not yet handed over (the demo makes no match): the
  // handover screen and the matched list then show their rows, with the quantity's stepper and
  // its number pad (handover-pad, matched-pad), rather than only "No matches yet".
  void add_match() {
    Entry need;
    need.kind = Kind::need;
    need.category = "food";
    need.item = "Rice, 1 kg bags";
    need.quantity = 20;
    need.unit = "kg";
    need.site = "Harbor Hall";
    need.contact_name = "Olena";
    need.contact_phone = "+380 67 123 4567";
    need.contact_consent = true;
    Entry offer = need;
    offer.kind = Kind::offer;
    offer.item = "Rice sacks";
    offer.quantity = 12;
    offer.contact_name.clear();
    offer.contact_phone.clear();
    auto n = store->entries().add(need);
    if (!n) throw UserError{n.error()};
    auto f = store->entries().add(offer);
    if (!f) throw UserError{f.error()};
    auto m = confirm_match(*store, *n, *f, 12);
    if (!m) throw UserError{m.error()};
  }
  // Two other devices, one of them revoked, named as sites name them: Settings' Devices section
  // then shows a row with Revoke and one with Reinstate.
  void add_devices() {
    Device van, lost;
    van.id = Id::random();
    van.name = "Van tablet of the Harbor Hall kitchen";
    van.ticket_prefix = "VAN";
    lost.id = Id::random();
    lost.name = "Stolen tablet from the school gym";
    lost.ticket_prefix = "GYM";
    for (const Device& d : {van, lost})
      if (auto r = store->devices().put(d); !r) throw UserError{r.error()};
    if (auto r = revoke_device(*store, lost.id); !r) throw UserError{r.error()};
  }
  // What two devices can leave on the entry screen's need (the queue's first, which the
  // entry-detail preset opens): an edit of its urgency made elsewhere without seeing this one's,
  // and the same record created elsewhere with another ticket. Merged as a bundle's rows are
  // (Replica::merge), from a device that is not in this store: the screen then shows its
  // "Conflicting edits" with Keep this one, and a collision with Dismiss.
  void add_conflicts() {
    EntryQuery q;
    q.kind = Kind::need;
    q.active_only = true;
    const auto page = store->entries().list(q, 1);
    if (page.entries.empty()) return;
    Replica& r = store->replica();
    const auto row = r.read_row(TableId::entries, page.entries.front().id);
    if (!row) return;
    const Id elsewhere = Id::random();
    Row edit = *row;
    for (auto& st : edit.stamps) st.hlc = 0;  // a field it does not carry
    const Stamp& mine = row->stamps[entry_field::urgency];
    const Value critical = static_cast<int64_t>(Urgency::critical);
    edit.fields[entry_field::urgency] = row->fields[entry_field::urgency] == critical
                                            ? Value{static_cast<int64_t>(Urgency::low)}
                                            : critical;
    edit.stamps[entry_field::urgency] = Stamp{mine.hlc - 1, elsewhere, 1, 0};
    Row copy = *row;
    copy.fixed[entry_fixed::ticket] = std::string("RFU-004");
    for (auto& st : copy.stamps)
      if (st.hlc) st = Stamp{st.hlc, elsewhere, 2, st.prev};
    auto tx = r.transaction();
    r.merge(edit);
    r.merge(copy);
    tx.commit();
  }
  ~ScratchStore() {
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);  // best effort; never throws
  }
};

// The height --tall checks at: more than any screen is long at 200 % text on a 480 px wide
// display (Settings, the longest, is about 9,000 px there).
constexpr int kTallHeight = 16000;

int check_layout(Context& ctx) {
  const auto& a = ctx.args;
  std::vector<std::string> screens = layout_screens();
  if (auto s = a.get("screen")) {
    // One screen, or several separated by commas (the CI test names the kiosk's screens).
    std::vector<std::string> chosen;
    for (size_t at = 0; at <= s->size();) {
      size_t end = s->find(',', at);
      if (end == std::string::npos) end = s->size();
      const std::string name = s->substr(at, end - at);
      if (std::find(screens.begin(), screens.end(), name) == screens.end())
        throw UsageError{"unknown screen '" + name + "'"};
      chosen.push_back(name);
      at = end + 1;
    }
    screens = std::move(chosen);
  }
  std::vector<std::string> langs = layout_languages();
  if (auto l = a.get("lang")) langs = {*l};
  std::vector<std::pair<int, int>> sizes = layout_sizes();
  if (auto s = a.get("size")) {
    int w = 0, h = 0;
    if (!parse_size(*s, w, h)) throw UsageError{"--size must look like 800x480"};
    sizes = {{w, h}};
  }
  if (a.has("tall")) {
    // Each width once, tall enough that a long screen (Settings at 200 % text) is in view whole:
    // what lies below the fold is checked too, as a person scrolling would see it.
    std::vector<std::pair<int, int>> tall;
    for (const auto& [w, h] : sizes)
      if (std::none_of(tall.begin(), tall.end(), [w = w](const auto& t) { return t.first == w; }))
        tall.emplace_back(w, kTallHeight);
    sizes = std::move(tall);
  }
  std::vector<int> scales = layout_scales();
  if (auto s = a.get_int("scale", 100, 200)) scales = {int(*s)};
  const bool json = a.has("json");

  const auto start = std::chrono::steady_clock::now();
  ScratchStore scratch;
  LayoutChecker checker(*scratch.store);
  std::vector<LayoutProblem> problems;
  size_t cases = 0;
  // Scale outermost: one font atlas at a time is built and kept.
  for (int scale : scales)
    for (const auto& lang : langs)
      for (const auto& [w, h] : sizes)
        for (const auto& screen : screens) {
          auto found = checker.check({screen, lang, w, h, scale});
          ++cases;
          if (!json)
            for (const auto& p : found) ctx.out << describe(p) << "\n";
          problems.insert(problems.end(), found.begin(), found.end());
        }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (json) {
    JsonWriter j;
    j.begin_object();
    j.field("cases", int64_t(cases));
    j.key("problems");
    j.begin_array();
    for (const auto& p : problems) {
      j.begin_object();
      j.field("screen", p.where.screen);
      j.field("lang", p.where.lang);
      j.field("size", std::to_string(p.where.width) + "x" + std::to_string(p.where.height));
      j.field("scale", int64_t(p.where.scale_percent));
      j.field("widget", p.widget);
      j.field("problem", p.what);
      j.field("kind", layout_problem_kind_name(p.kind));
      j.end_object();
    }
    j.end_array();
    j.end_object();
    ctx.out << j.take() << "\n";
  }
  std::cerr << cases << " screens checked in " << int(seconds * 1000) / 1000.0 << " s: "
            << (problems.empty() ? std::string("no problems")
                                 : std::to_string(problems.size()) + " problems")
            << "\n";
  return problems.empty() ? 0 : 1;
}

}  // namespace

std::vector<Command> layout_commands() {
  return {{{"check-layout"},
           "",
           "render every screen in every language, size and text scale; exit 1 naming each "
           "problem a person would meet (listed below)",
           {{"lang", true, "only this language (en, es, fr, uk, or any catalogue present)"},
            {"screen", true, "only this screen or screen preset (or several, separated by commas)"},
            {"size", true,
             "only this display size WxH (default: 800x480, 480x800, 1024x600, "
             "1280x720, 1280x800)"},
            {"scale", true, "only this text scale in percent (default: 100, 150, 200)"},
            {"tall", false,
             "each width at a height of 16000 px, so what lies below the fold is checked too"},
            {"json", false, "print the problems as JSON"}},
           0,
           0,
           check_layout}};
}

}  // namespace mutua::cli
