// The sync commands as a newcomer uses them from the README: two devices, a join code, bundles
// on a stick, a shared mailbox folder, revocation, conflicts and purge.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;
namespace fs = std::filesystem;

namespace {

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// The value of "key":"..." in a JSON text (first occurrence after `after`).
std::string sync_json_str(const std::string& json, const std::string& key, size_t after = 0) {
  auto k = json.find("\"" + key + "\":\"", after);
  if (k == std::string::npos) return "";
  auto start = k + key.size() + 4;
  return json.substr(start, json.find('"', start) - start);
}

// Two devices, A founded the network and B joined it with A's code.
struct TwoDevices {
  TempDir dir;
  std::string a = dir.file("a.db"), b = dir.file("b.db");
  std::string code;
  TwoDevices() {
    auto created = ok({"--db", a, "network", "create", "Riverside Relief"});
    code = trim(created.out);
    REQUIRE(count_lines(created.out) == 1);
    ok({"--db", b, "network", "join", code});
  }
  std::string add_need(const std::string& db, const std::string& item,
                       const std::string& phone = "") {
    std::vector<std::string> args{"--db", db,       "need", "add",   "--category",
                                  "food", "--item", item,   "--qty", "3"};
    if (!phone.empty())
      args.insert(args.end(), {"--contact-name", "Olena", "--contact-phone", phone, "--consent"});
    return trim(ok(args).out);
  }
  // Exports from one device and imports on the other; returns the import's stdout.
  std::string carry(const std::string& from, const std::string& to, const std::string& name) {
    auto file = dir.file(name);
    ok({"--db", from, "sync", "export", file});
    return ok({"--db", to, "sync", "import", file}).out;
  }
  std::string device_id(const std::string& db) {
    return sync_json_str(ok({"--db", db, "network", "show", "--json"}).out, "device_id");
  }
};

}  // namespace

TEST_CASE("network create prints a join code, and network join with it puts a second device in") {
  TempDir dir;
  auto created = run_mutua({"--db", dir.file("a.db"), "network", "create", "Riverside Relief"});
  REQUIRE_MESSAGE(created.code == 0, created.err);
  std::string code = trim(created.out);
  CHECK(count_lines(created.out) == 1);  // the code alone on stdout, explanations on stderr
  CHECK(code.size() > 60);
  CHECK(code[5] == '-');
  CHECK(contains(created.err, "Riverside Relief"));
  auto joined = run_mutua({"--db", dir.file("b.db"), "network", "join", code});
  REQUIRE_MESSAGE(joined.code == 0, joined.err);
  CHECK(contains(joined.out, "joined network 'Riverside Relief'"));
  auto a = run_mutua({"--db", dir.file("a.db"), "network", "show", "--json"});
  auto b = run_mutua({"--db", dir.file("b.db"), "network", "show", "--json"});
  CHECK(sync_json_str(a.out, "network_id").size() == 32);
  CHECK(sync_json_str(a.out, "network_id") == sync_json_str(b.out, "network_id"));
  CHECK(sync_json_str(a.out, "device_id") != sync_json_str(b.out, "device_id"));
  auto text = run_mutua({"--db", dir.file("b.db"), "network", "show"});
  CHECK(contains(text.out, "Riverside Relief"));
  CHECK(contains(text.out, sync_json_str(b.out, "device_id")));
  CHECK(contains(text.out, "(this device)"));
}

TEST_CASE(
    "a mistyped join code, or a device already in another network, is refused with one line") {
  TwoDevices t;
  std::string typo = t.code;
  typo[10] = typo[10] == 'A' ? 'C' : 'A';
  auto bad = run_mutua({"--db", t.dir.file("c.db"), "network", "join", typo});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "typo"));
  CHECK(count_lines(bad.err) == 1);
  auto other = run_mutua({"--db", t.dir.file("hill.db"), "network", "create", "Hill Camp"});
  REQUIRE(other.code == 0);
  auto refused = run_mutua({"--db", t.dir.file("hill.db"), "network", "join", t.code});
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "already in network 'Hill Camp'"));
  // The code may also be typed as separate words.
  std::string spaced = t.code;
  for (auto& c : spaced)
    if (c == '-') c = ' ';
  std::vector<std::string> args{"--db", t.dir.file("d.db"), "network", "join"};
  size_t start = 0;
  while (start < spaced.size()) {
    auto end = spaced.find(' ', start);
    if (end == std::string::npos) end = spaced.size();
    args.push_back(spaced.substr(start, end - start));
    start = end + 1;
  }
  auto words = run_mutua(args);
  CHECK_MESSAGE(words.code == 0, words.err);
}

TEST_CASE(
    "the two-device walkthrough: export on A, import on B, and importing again changes nothing") {
  TwoDevices t;
  auto ticket = t.add_need(t.a, "rice for the school kitchen", "+380 67 123 4567");
  auto file = t.dir.file("a.mutua");
  auto exported = ok({"--db", t.a, "sync", "export", file});
  CHECK(contains(exported.out, "wrote "));
  CHECK(fs::exists(file));
  auto imported = ok({"--db", t.b, "sync", "import", file});
  // One new need; A's device record came too, and is counted only among the records.
  CHECK(contains(imported.out, file + ": 1 new, 0 updated (needs and offers), 0 conflicts; "));
  CHECK(contains(imported.out, " records, 0 already known"));
  CHECK(!contains(imported.out, "; 1 records"));
  auto shown = ok({"--db", t.b, "show", ticket});
  CHECK(contains(shown.out, "rice for the school kitchen"));
  CHECK(contains(ok({"--db", t.b, "list"}).out, ticket));
  auto again = ok({"--db", t.b, "sync", "import", file});
  CHECK(contains(again.out, ": 0 new, 0 updated (needs and offers), 0 conflicts; "));
  CHECK(contains(again.out, " already known"));
  CHECK(!contains(again.out, " 0 already known"));
}

TEST_CASE("a bundle from another network is refused with one line and exit code 1") {
  TwoDevices t;
  auto hill = t.dir.file("hill.db");
  ok({"--db", hill, "network", "create", "Hill Camp"});
  t.add_need(hill, "fuel");
  auto file = t.dir.file("hill.mutua");
  ok({"--db", hill, "sync", "export", file});
  auto r = run_mutua({"--db", t.b, "sync", "import", file});
  CHECK(r.code == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(contains(r.err,
                 "bundle belongs to network 'Hill Camp', this device is in 'Riverside Relief'"));
  CHECK(trim(ok({"--db", t.b, "list", "--json"}).out) == "[]");
  // A file cut short is refused the same way, and so is something that is not a bundle.
  auto mine = t.dir.file("a.mutua");
  t.add_need(t.a, "rice");
  ok({"--db", t.a, "sync", "export", mine});
  auto whole = mutua::test::read_file(mine);
  std::ofstream(t.dir.file("cut.mutua"), std::ios::binary) << whole.substr(0, whole.size() / 2);
  std::ofstream(t.dir.file("notes.txt")) << "shopping list";
  auto cut =
      run_mutua({"--db", t.b, "sync", "import", t.dir.file("cut.mutua"), t.dir.file("notes.txt")});
  CHECK(cut.code == 1);
  CHECK(count_lines(cut.err) == 2);
  CHECK_MESSAGE(contains(cut.err, "cut.mutua: bundle is damaged (it is cut short"), cut.err);
  CHECK(contains(cut.err, "notes.txt: this is not a Mutua bundle"));
}

TEST_CASE("sync mailbox on a shared folder carries data both ways, and drives lists the folder") {
  TwoDevices t;
  fs::path stick = t.dir.path() / "KINGSTON";
  fs::create_directories(stick);
  auto rice = t.add_need(t.a, "rice");
  auto tarp = t.add_need(t.b, "tarpaulin");
  auto first = ok({"--db", t.a, "sync", "mailbox", stick.string()});
  CHECK(contains(first.out, "wrote " + t.device_id(t.a) + ".mutua"));
  auto second = ok({"--db", t.b, "sync", "mailbox", stick.string()});
  CHECK(contains(second.out, t.device_id(t.a) + ".mutua: "));
  CHECK(contains(second.out, "1 new, 0 updated (needs and offers), 0 conflicts, from 1 device\n"));
  ok({"--db", t.a, "sync", "mailbox", stick.string()});
  CHECK(contains(ok({"--db", t.b, "show", rice}).out, "rice"));
  CHECK(contains(ok({"--db", t.a, "show", tarp}).out, "tarpaulin"));
  auto network_id = sync_json_str(ok({"--db", t.a, "network", "show", "--json"}).out, "network_id");
  CHECK(fs::is_directory(stick / "MUTUA" / network_id));

  auto drives = ok({"drives", "--json"}, {"MUTUA_DRIVES=" + stick.string()});
  CHECK(contains(drives.out, "\"path\":\"" + stick.string() + "\""));
  CHECK(contains(drives.out, "\"label\":\"KINGSTON\""));
  CHECK(contains(drives.out, "\"has_mailbox\":true"));
  fs::path empty = t.dir.path() / "EMPTY";
  fs::create_directories(empty);
  auto plain = ok({"drives", "--json"}, {"MUTUA_DRIVES=" + empty.string()});
  CHECK(contains(plain.out, "\"has_mailbox\":false"));
  auto text = ok({"drives"}, {"MUTUA_DRIVES=" + stick.string()});
  CHECK(contains(text.out, "KINGSTON"));
}

TEST_CASE("device revoke: bundles from the revoked device are refused, naming it") {
  TwoDevices t;
  t.add_need(t.b, "blankets");
  t.carry(t.b, t.a, "b1.mutua");  // A now knows B
  auto b_id = t.device_id(t.b);
  REQUIRE(b_id.size() == 32);
  auto self = run_mutua({"--db", t.a, "device", "revoke", t.device_id(t.a)});
  CHECK(self.code == 1);
  CHECK(contains(self.err, "cannot revoke itself"));
  auto revoked = ok({"--db", t.a, "device", "revoke", b_id.substr(0, 8)});
  CHECK(contains(revoked.out, "revoked device"));
  CHECK(contains(revoked.out, b_id));
  CHECK(contains(ok({"--db", t.a, "network", "show"}).out, "REVOKED"));
  const auto more = t.add_need(t.b, "more blankets");
  auto file = t.dir.file("b2.mutua");
  ok({"--db", t.b, "sync", "export", file});
  auto r = run_mutua({"--db", t.a, "sync", "import", file});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "revoked device"));
  CHECK(contains(r.err, b_id.substr(0, 8)));
  CHECK(!contains(ok({"--db", t.a, "list"}).out, "more blankets"));
  // The resident's ticket for it never finds anything here; the volunteer is told why, and what
  // to do (core/ticket_giver.hpp). A ticket of no revoked device says only that it is not here.
  auto lookup = run_mutua({"--db", t.a, "show", more});
  CHECK(lookup.code == 1);
  CHECK_MESSAGE(contains(lookup.err, "no entry with ticket " + more +
                                         " on this device: it was "
                                         "given on device "),
                lookup.err);
  CHECK(contains(lookup.err, b_id.substr(0, 8)));
  CHECK(contains(lookup.err, "which is revoked"));
  CHECK(contains(lookup.err, "record the entry again"));
  CHECK(count_lines(lookup.err) == 1);
  auto other = run_mutua({"--db", t.a, "show", "ZZZ-999"});
  CHECK(other.err == "mutua: no entry with ticket ZZZ-999 on this device\n");
}

TEST_CASE(
    "device reinstate undoes a revocation; revoke refuses this device and the last coordinator's "
    "device unless --force") {
  TwoDevices t;
  {
    // B works at Harbor Hall, where A's only coordinator works: B is her last device.
    auto b = mutua::Store::open(t.b);
    REQUIRE(b.ok());
    REQUIRE(mutua::set_device_site(**b, "Harbor Hall", mutua::SiteKind::shelter).ok());
    auto a = mutua::Store::open(t.a);
    REQUIRE(a.ok());
    REQUIRE(
        mutua::add_volunteer(**a, "Cora", mutua::Role::coordinator, "246801", "Harbor Hall").ok());
  }
  t.add_need(t.b, "blankets");
  t.carry(t.b, t.a, "b1.mutua");
  auto b_id = t.device_id(t.b);
  auto guarded = run_mutua({"--db", t.a, "device", "revoke", b_id});
  CHECK(guarded.code == 1);
  CHECK(contains(guarded.err, "last device of coordinator Cora at Harbor Hall"));
  CHECK(contains(guarded.err, "--force"));
  CHECK(count_lines(guarded.err) == 1);
  CHECK_FALSE(contains(ok({"--db", t.a, "network", "show"}).out, "REVOKED"));
  auto self = run_mutua({"--db", t.a, "device", "revoke", "--force", t.device_id(t.a)});
  CHECK(self.code == 1);
  CHECK(contains(self.err, "cannot revoke itself"));
  auto forced = ok({"--db", t.a, "device", "revoke", "--force", b_id});
  CHECK(contains(forced.err, "warning: this is the last device of coordinator Cora"));
  CHECK(contains(forced.out, "revoked device"));
  auto show = ok({"--db", t.a, "network", "show"}).out;
  CHECK(contains(show, "REVOKED"));
  CHECK(contains(show, "revoked by"));
  CHECK(contains(show, "are refused"));
  // Reinstated: B's bundles and records are accepted again.
  auto back = ok({"--db", t.a, "device", "reinstate", b_id.substr(0, 8)});
  CHECK(contains(back.out, "reinstated device"));
  CHECK(contains(back.out, b_id));
  CHECK_FALSE(contains(ok({"--db", t.a, "network", "show"}).out, "REVOKED"));
  CHECK(contains(ok({"--db", t.a, "device", "reinstate", b_id}).out, "is not revoked"));
  t.add_need(t.b, "more blankets");
  t.carry(t.b, t.a, "b2.mutua");
  CHECK(contains(ok({"--db", t.a, "list"}).out, "more blankets"));
  CHECK(
      contains(ok({"--db", t.a, "device", "reinstate", "--help"}).out, "accept a revoked device"));
}

TEST_CASE("conflicts --json shows the losing value after two devices set different statuses") {
  TwoDevices t;
  auto ticket = t.add_need(t.a, "baby formula");
  t.carry(t.a, t.b, "a1.mutua");
  // Apart, A marks it met while B cancels it.
  ok({"--db", t.a, "status", ticket, "met"});
  ok({"--db", t.b, "status", ticket, "cancelled"});
  CHECK(trim(ok({"--db", t.a, "conflicts", "--json"}).out) == "[]");
  t.carry(t.a, t.b, "a2.mutua");
  t.carry(t.b, t.a, "b1.mutua");
  auto on_a = ok({"--db", t.a, "conflicts", "--json"}).out;
  auto on_b = ok({"--db", t.b, "conflicts", "--json"}).out;
  CHECK(sync_json_str(on_a, "record") == ticket);
  CHECK(sync_json_str(on_a, "field") == "status");
  auto kept = sync_json_str(on_a, "kept_value"), lost = sync_json_str(on_a, "losing_value");
  CHECK(kept != lost);
  CHECK(!kept.empty());
  // Both devices agree on the outcome.
  CHECK(sync_json_str(on_b, "kept_value") == kept);
  auto status_a = sync_json_str(ok({"--db", t.a, "show", ticket, "--json"}).out, "status");
  auto status_b = sync_json_str(ok({"--db", t.b, "show", ticket, "--json"}).out, "status");
  CHECK(status_a == status_b);
  CHECK((status_a == "met" || status_a == "cancelled"));
  auto text = ok({"--db", t.a, "conflicts"}).out;
  CHECK(contains(text, ticket));
  CHECK(contains(text, "status"));
  // In words, as the entry screen shows them, never the stored codes.
  CHECK((contains(text, "status: kept 'Met', other device wrote 'Cancelled'") ||
         contains(text, "status: kept 'Cancelled', other device wrote 'Met'")));
  for (char digit = '0'; digit <= '9'; ++digit) {
    CHECK_FALSE(contains(text, std::string("kept '") + digit));
    CHECK_FALSE(contains(text, std::string("wrote '") + digit));
  }
}

TEST_CASE("counts are printed with their noun in the right number") {
  TwoDevices t;
  auto ticket = t.add_need(t.a, "rice", "+380 67 765 4321");
  // One entry: "1 record" would be wrong only for the device record beside it; the export holds
  // the entry and the device, so count what it says and check the noun agrees.
  const fs::path one = t.dir.path() / "one.mutua";
  auto wrote = ok({"--db", t.a, "sync", "export", one.string()}).out;
  CHECK_FALSE(contains(wrote, " 1 records"));
  CHECK_FALSE(contains(wrote, " 1 bytes"));
  CHECK(contains(wrote, " records ("));
  const fs::path csv = t.dir.path() / "one.csv";
  auto exported = run_mutua({"--db", t.a, "export-csv", csv.string()});
  REQUIRE(exported.code == 0);
  CHECK(contains(exported.err, "wrote 1 entry to "));
  ok({"--db", t.a, "status", ticket, "met"});
  auto purged = ok({"--db", t.a, "purge", "--contacts-older-than", "0"});
  CHECK(contains(purged.out, "blanked contact details of 1 finished entry\n"));
}

TEST_CASE("purge blanks the contacts of a met entry, and show no longer prints the phone") {
  TwoDevices t;
  auto ticket = t.add_need(t.a, "wheelchair", "+380 67 765 4321");
  auto open = t.add_need(t.a, "crutches", "+380 50 111 2222");
  CHECK(contains(ok({"--db", t.a, "show", ticket}).out, "+380 67 765 4321"));
  ok({"--db", t.a, "status", ticket, "met"});
  auto purged = ok({"--db", t.a, "purge", "--contacts-older-than", "0"});
  CHECK(contains(purged.out, "blanked contact details of 1 "));
  auto shown = ok({"--db", t.a, "show", ticket});
  CHECK(contains(shown.out, "wheelchair"));
  CHECK(!contains(shown.out, "765 4321"));
  CHECK(!contains(ok({"--db", t.a, "show", ticket, "--json"}).out, "765 4321"));
  // An open entry keeps its contacts.
  CHECK(contains(ok({"--db", t.a, "show", open}).out, "+380 50 111 2222"));
  // The blanking travels to the other device.
  t.carry(t.a, t.b, "a1.mutua");
  CHECK(!contains(ok({"--db", t.b, "show", ticket}).out, "765 4321"));
  auto usage = run_mutua({"--db", t.a, "purge"});
  CHECK(usage.code == 2);
}

TEST_CASE("keys never appear in network show, list or show output") {
  TwoDevices t;
  auto ticket = t.add_need(t.a, "rice");
  // The key part of the join code: everything after the groups that spell the name.
  std::vector<std::string> groups;
  for (size_t i = 0; i + 5 <= t.code.size(); i += 6) groups.push_back(t.code.substr(i, 5));
  REQUIRE(groups.size() > 10);
  std::string all;
  for (const auto& db : {t.a, t.b}) {
    all += ok({"--db", db, "network", "show"}).out;
    all += ok({"--db", db, "network", "show", "--json"}).out;
  }
  all += ok({"--db", t.a, "list"}).out + ok({"--db", t.a, "list", "--json"}).out;
  all += ok({"--db", t.a, "show", ticket}).out + ok({"--db", t.a, "show", ticket, "--json"}).out;
  CHECK(!contains(all, t.code));
  for (size_t i = groups.size() / 2; i < groups.size() - 1; ++i) {
    CAPTURE(groups[i]);
    CHECK(!contains(all, groups[i]));
  }
  CHECK(!contains(all, "network_key"));
  CHECK(!contains(all, "sign_sk"));
}

TEST_CASE(
    "a sheet imported at two sites: a status set at either stays, and every slip still works") {
  // The council's list, without tickets, imported at both sites: each gives its own tickets.
  TwoDevices t;
  const std::string sheet = t.dir.file("council.csv");
  {
    std::ofstream out(sheet);
    out << "id,kind,category,item,quantity,created_at,updated_at\n"
        << "0a1b2c3d4e5f60718293a4b5c6d7e8f9,need,food,rice,5,2026-11-30T09:00:00Z,"
           "2026-11-30T09:00:00Z\n"
        << "1a1b2c3d4e5f60718293a4b5c6d7e8f9,need,water,bottled water,12,2026-11-30T09:00:00Z,"
           "2026-11-30T09:00:00Z\n";
  }
  ok({"--db", t.a, "import-csv", sheet});
  ok({"--db", t.b, "import-csv", sheet});
  const auto ticket_of = [&](const std::string& db, const std::string& item) {
    return sync_json_str(ok({"--db", db, "list", "--search", item, "--json"}).out, "ticket");
  };
  const std::string rice_a = ticket_of(t.a, "rice"), rice_b = ticket_of(t.b, "rice");
  const std::string water_a = ticket_of(t.a, "bottled"), water_b = ticket_of(t.b, "bottled");
  REQUIRE(rice_a != rice_b);
  // Each site hands out one of the rows before they meet.
  ok({"--db", t.a, "status", rice_a, "met"});
  ok({"--db", t.b, "status", water_b, "met"});
  for (int round = 0; round < 2; ++round) {
    t.carry(t.a, t.b, "a" + std::to_string(round) + ".mutua");
    t.carry(t.b, t.a, "b" + std::to_string(round) + ".mutua");
  }
  for (const auto& db : {t.a, t.b}) {
    CAPTURE(db);
    // Both hand-outs stand on both devices, whichever site's creations were kept.
    for (const auto& slip : {rice_a, rice_b, water_a, water_b}) {
      const bool mine =
          db == t.a ? (slip == rice_a || slip == water_a) : (slip == rice_b || slip == water_b);
      if (!mine) continue;
      // A slip printed here finds its entry, and the volunteer is told its ticket now.
      auto shown = run_mutua({"--db", db, "show", slip, "--json"});
      REQUIRE_MESSAGE(shown.code == 0, slip << ": " << shown.err);
      CHECK(sync_json_str(shown.out, "status") == "met");
      const std::string now = sync_json_str(shown.out, "ticket");
      if (now != slip)
        CHECK(contains(shown.err, slip +
                                      " was given on another device to this same record; its "
                                      "ticket is now " +
                                      now));
      else
        CHECK(shown.err.empty());
    }
  }
  // The sites agree on the tickets kept.
  CHECK(ticket_of(t.a, "rice") == ticket_of(t.b, "rice"));
  CHECK(ticket_of(t.a, "bottled") == ticket_of(t.b, "bottled"));
  // The coordinator's list at the site whose creations lost (it held both) says what happened,
  // as the entry's screen does: no edit to keep.
  const std::string rice = ticket_of(t.a, "rice");
  const std::string rice_lost = rice == rice_a ? rice_b : rice_a;
  const std::string listed = ok({"--db", rice == rice_a ? t.b : t.a, "conflicts"}).out;
  CHECK_MESSAGE(contains(listed, rice +
                                     "  ticket: also recorded on another device, which gave it "
                                     "ticket '" +
                                     rice_lost + "'; that ticket still finds it"),
                listed);
  CHECK_FALSE(contains(listed, "other device wrote"));
  // A third site, which hears of the sheet only now and from one site, never held the creations
  // that lost: every slip of both sites still finds its entry there.
  const std::string c = t.dir.file("c.db");
  ok({"--db", c, "network", "join", t.code});
  t.carry(t.a, c, "to-c.mutua");
  for (const auto& slip : {rice_a, rice_b, water_a, water_b}) {
    auto shown = run_mutua({"--db", c, "show", slip, "--json"});
    REQUIRE_MESSAGE(shown.code == 0, slip << ": " << shown.err);
    CHECK(sync_json_str(shown.out, "status") == "met");
    const std::string now = sync_json_str(shown.out, "ticket");
    if (now != slip)
      CHECK(contains(shown.err, slip + " was given on another device to this same record"));
    // A volunteer searching the list for the slip's number finds the entry too.
    CHECK(ticket_of(c, slip) == now);
  }
}

TEST_CASE(
    "a bundle exported for one device and imported on another takes its sender's changes and "
    "says what it left out") {
  // A makes a file for B (`sync export --for`), and it is imported on C, which never heard of
  // A: A's new need is taken (the file carries A's key: docs/security.md, "A delta read on
  // another device"), and the line says that A's earlier need comes only with a full bundle.
  TwoDevices t;
  const std::string c = t.dir.file("c.db");
  ok({"--db", c, "network", "join", t.code});
  const auto tea = t.add_need(t.a, "tea");
  t.carry(t.a, t.b, "a1.mutua");
  t.carry(t.b, t.a, "b1.mutua");  // A knows what B holds
  const auto rice = t.add_need(t.a, "rice");
  const auto file = t.dir.file("for-b.mutua");
  ok({"--db", t.a, "sync", "export", file, "--for", t.device_id(t.b)});
  const auto on_c = ok({"--db", c, "sync", "import", file}).out;
  CHECK_MESSAGE(contains(on_c, "1 new"), on_c);
  CHECK(contains(on_c, "made for a device that held changes this one lacks"));
  CHECK(contains(on_c, "mutua sync export FILE, without --for"));
  CHECK(!contains(on_c, "set aside"));
  CHECK(contains(ok({"--db", c, "show", rice}).out, "rice"));
  CHECK(run_mutua({"--db", c, "show", tea}).code == 1);
  // B, which it was made for, is told nothing of the kind.
  const auto on_b = ok({"--db", t.b, "sync", "import", file}).out;
  CHECK(contains(on_b, "1 new"));
  CHECK(!contains(on_b, "made for"));
  // A full bundle brings the rest.
  t.carry(t.a, c, "a2.mutua");
  CHECK(contains(ok({"--db", c, "show", tea}).out, "tea"));
}
