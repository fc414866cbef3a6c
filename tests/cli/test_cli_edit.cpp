// mutua edit TICKET: every field the entry detail can edit, from the command line, through the
// same write path and with the same history event.
#include <doctest/doctest.h>

#include "core/store.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "support/waiting_quantity.hpp"

using namespace mutua;
using mutua::test::run_mutua;
using mutua::test::TempDir;

namespace {

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

struct Desk {
  TempDir dir;
  std::string db = dir.file("m.db");
  mutua::test::ProcessResult run(std::vector<std::string> words) {
    words.insert(words.begin(), {"--db", db});
    return run_mutua(words);
  }
  std::string add(const std::vector<std::string>& words) {
    auto r = run(words);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return first_line(r.out);
  }
  std::unique_ptr<Store> open() {
    auto s = Store::open(db);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
    return std::move(*s);
  }
};

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("edit changes the fields given, prints each change, and logs the detail screen's event") {
  Desk d;
  auto t = d.add({"need", "add", "--category", "food", "--item", "rice", "--qty", "3"});
  auto r = d.run({"edit",   t,           "--item",      "гречка 🍚",   "--qty",
                  "5",      "--urgency", "critical",    "--people",   "4",
                  "--unit", "kg",        "--site",      "Школа №3",   "--area",
                  "Центр",  "--details", "без глютену", "--category", "baby"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(first_line(r.out) == t + " updated");
  CHECK(has(r.out, "  item: rice → гречка 🍚\n"));
  CHECK(has(r.out, "  quantity: 3 → 5\n"));
  CHECK(has(r.out, "  urgency: normal → critical\n"));
  CHECK(has(r.out, "  people: 0 → 4\n"));
  CHECK(has(r.out, "  category: food → baby\n"));
  CHECK(has(r.out, "  site: (none) → Школа №3\n"));

  auto cli_store = d.open();
  auto e = cli_store->entries().by_ticket(t);
  REQUIRE(e);
  CHECK(e->item == "гречка 🍚");
  CHECK(e->quantity == 5);
  CHECK(e->urgency == Urgency::critical);
  CHECK(e->people == 4);
  CHECK(e->unit == "kg");
  CHECK(e->area == "Центр");
  CHECK(e->details == "без глютену");
  CHECK(e->category == "baby");

  // The same edit made through update_entry, as the detail screen's Save does, in another store.
  auto screen = Store::open(":memory:");
  REQUIRE(screen.ok());
  Entry draft;
  draft.kind = Kind::need;
  draft.category = "food";
  draft.item = "rice";
  draft.quantity = 3;
  auto added = (*screen)->entries().add(draft);
  REQUIRE(added.ok());
  Entry edited = *added;
  edited.item = "гречка 🍚";
  edited.quantity = 5;
  edited.urgency = Urgency::critical;
  edited.people = 4;
  edited.unit = "kg";
  edited.site = "Школа №3";
  edited.area = "Центр";
  edited.details = "без глютену";
  edited.category = "baby";
  REQUIRE((*screen)->entries().update(edited).ok());
  auto want = (*screen)->history().of(added->id);
  auto got = cli_store->history().of(e->id);
  // One typed event per changed field (nine here), the same facts in the same order.
  REQUIRE(want.size() == 9);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i)
    CHECK(static_cast<const EventFacts&>(got[i]) == static_cast<const EventFacts&>(want[i]));
}

TEST_CASE("edit of an unknown ticket exits 1 with one clear line") {
  Desk d;
  d.add({"need", "add", "--category", "food", "--item", "rice"});
  auto r = d.run({"edit", "ZZZ-999", "--qty", "2"});
  CHECK(r.code == 1);
  CHECK(r.err == "mutua: no entry with ticket ZZZ-999 on this device\n");
}

TEST_CASE("edit says so when nothing would change, and writes no history") {
  Desk d;
  auto t = d.add({"need", "add", "--category", "food", "--item", "rice", "--qty", "3"});
  auto same = d.run({"edit", t, "--qty", "3", "--item", "rice"});
  CHECK(same.code == 0);
  CHECK(same.out == "nothing to change: " + t + " already has those values\n");
  auto none = d.run({"edit", t});
  CHECK(none.code == 2);
  CHECK(has(none.err, "say what to change"));
  auto store = d.open();
  CHECK(store->history().of(store->entries().by_ticket(t)->id).empty());
}

TEST_CASE("edit refuses urgency and people on an offer") {
  Desk d;
  auto t = d.add({"offer", "add", "--category", "water", "--item", "bottled water", "--qty", "12"});
  auto r = d.run({"edit", t, "--urgency", "critical"});
  CHECK(r.code == 1);
  CHECK(r.err == "mutua: " + t + " is an offer: urgency and people belong to needs only\n");
  auto p = d.run({"edit", t, "--people", "3"});
  CHECK(p.code == 1);
  auto ok = d.run({"edit", t, "--qty", "10"});
  CHECK(ok.code == 0);
  CHECK(has(ok.out, "quantity: 12 → 10"));
}

TEST_CASE("edit refuses bad values: usage errors exit 2, data errors exit 1, nothing changes") {
  Desk d;
  auto t = d.add({"need", "add", "--category", "food", "--item", "rice", "--qty", "3"});
  CHECK(d.run({"edit", t, "--qty", "0"}).code == 2);
  CHECK(d.run({"edit", t, "--urgency", "soon"}).code == 2);
  CHECK(d.run({"edit", t, "--consent", "--no-consent"}).code == 2);
  CHECK(d.run({"edit", t, "--colour", "red"}).code == 2);
  auto cat = d.run({"edit", t, "--category", "nope"});
  CHECK(cat.code == 1);
  CHECK(cat.err == "mutua: unknown category 'nope'\n");
  std::string long_item;
  for (int i = 0; i < 121; ++i) long_item += "ї";
  auto item = d.run({"edit", t, "--item", long_item});
  CHECK(item.code == 1);
  CHECK(has(item.err, "item is too long"));
  auto lang = d.run({"edit", t, "--language", "українськамоваaa"});
  CHECK(lang.code == 1);
  CHECK(has(lang.err, "language is too long"));
  auto store = d.open();
  auto e = store->entries().by_ticket(t);
  CHECK(e->item == "rice");
  CHECK(e->category == "food");
  CHECK(store->history().of(e->id).empty());
}

TEST_CASE("edit changes contact details only with consent, and never puts them in the history") {
  Desk d;
  auto t = d.add({"need", "add", "--category", "food", "--item", "rice"});
  auto no = d.run({"edit", t, "--contact-phone", "+380 67 123 4567"});
  CHECK(no.code == 1);
  CHECK(has(no.err, "contact details need the person's consent"));
  auto yes = d.run(
      {"edit", t, "--contact-phone", "+380 67 123 4567", "--contact-name", "Олена", "--consent"});
  REQUIRE_MESSAGE(yes.code == 0, yes.err);
  CHECK(has(yes.out, "consent: no → yes"));
  auto withdraw = d.run({"edit", t, "--no-consent"});
  CHECK(withdraw.code == 1);
  auto cleared = d.run({"edit", t, "--no-consent", "--contact-name", "", "--contact-phone", ""});
  REQUIRE_MESSAGE(cleared.code == 0, cleared.err);
  auto store = d.open();
  auto e = store->entries().by_ticket(t);
  CHECK(e->contact_phone.empty());
  CHECK_FALSE(e->contact_consent);
  for (const auto& ev : store->history().of(e->id)) {
    for (const auto* text : {&ev.summary, &ev.before_text, &ev.after_text}) {
      CHECK_FALSE(has(*text, "380"));
      CHECK_FALSE(has(*text, "Олена"));
    }
  }
}

TEST_CASE("edit leaves a finished entry alone, as the detail screen does") {
  Desk d;
  auto t = d.add({"need", "add", "--category", "food", "--item", "rice"});
  REQUIRE(d.run({"status", t, "met"}).code == 0);
  auto r = d.run({"edit", t, "--qty", "2"});
  CHECK(r.code == 1);
  CHECK(r.err == "mutua: " + t + " is met: only open entries can be edited\n");
}

TEST_CASE("edit is listed in the help with its options") {
  auto main = run_mutua({"--help"});
  CHECK(has(main.out, "edit TICKET"));
  auto help = run_mutua({"edit", "--help"});
  CHECK(help.code == 0);
  for (const char* o :
       {"--item", "--qty", "--unit", "--urgency", "--people", "--category", "--site", "--area",
        "--details", "--contact-name", "--contact-phone", "--consent", "--no-consent"})
    CHECK_MESSAGE(has(help.out, o), o);
}

TEST_CASE("a long Ukrainian item edited from the command line reaches the next device") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), stick = dir.file("a.mutua");
  auto created = run_mutua({"--db", a, "network", "create", "Riverside Relief"});
  REQUIRE_MESSAGE(created.code == 0, created.err);
  REQUIRE(run_mutua({"--db", b, "network", "join", first_line(created.out)}).code == 0);
  auto added = run_mutua({"--db", a, "need", "add", "--category", "baby", "--item",
                          "Суміш «Малятко» для немовлят від народження до шести місяців"});
  REQUIRE_MESSAGE(added.code == 0, added.err);
  const std::string t = first_line(added.out);
  const std::string item = "Суміш «Малятко» для немовлят від народження до року, без лактози";
  auto edited = run_mutua({"--db", a, "edit", t, "--item", item});
  REQUIRE_MESSAGE(edited.code == 0, edited.err);
  REQUIRE(run_mutua({"--db", a, "sync", "export", stick}).code == 0);
  auto imported = run_mutua({"--db", b, "sync", "import", stick});
  CHECK_MESSAGE(imported.code == 0, imported.err);
  CHECK(has(run_mutua({"--db", b, "show", t}).out, item));
}

TEST_CASE(
    "show says a quantity a take-back left waiting is not known yet, and edit of another field "
    "keeps it waiting") {
  TempDir dir;
  std::string ticket;
  {
    mutua::test::WaitingQuantity w(dir.path().string());
    ticket = w.need.ticket;
  }
  const std::string db = dir.file("device3.db");
  auto shown = run_mutua({"--db", db, "show", ticket});
  REQUIRE_MESSAGE(shown.code == 0, shown.err);
  CHECK_MESSAGE(has(shown.out, "quantity        not known on this device yet"), shown.out);
  auto edited = run_mutua({"--db", db, "edit", ticket, "--item", "tea, black"});
  CHECK_MESSAGE(edited.code == 0, edited.err);
  CHECK(has(edited.out, "  item: tea → tea, black\n"));
  CHECK_FALSE(has(edited.out, "quantity"));
  auto after = Store::open(db);
  REQUIRE(after.ok());
  CHECK((*after)->entries().by_ticket(ticket)->quantity == 0);
}
