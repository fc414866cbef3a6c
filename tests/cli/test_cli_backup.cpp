// Backups and restore (issue 16): `mutua backup` while the database is in use, `mutua restore`
// that refuses what it should and loses nothing, and the kiosk's daily backups on a stick.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/store.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"
#include "sync/backup.hpp"
#include "sync/network.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using namespace mutua;
namespace fs = std::filesystem;

namespace {

std::string ticket_of(const ProcessResult& r) {
  std::string t = r.out;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return t.substr(t.rfind(' ') + 1);
}
std::string add_need(const std::string& db, const std::string& item) {
  return ticket_of(ok({"--db", db, "need", "add", "--item", item, "--category", "food", "--qty",
                       "2", "--contact-name", "Ana", "--consent"}));
}
bool has_ticket(const std::string& db, const std::string& ticket) {
  return run_mutua({"--db", db, "show", ticket}).code == 0;
}
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("a backup is written while the database is open elsewhere, private and whole") {
  TempDir dir;
  const std::string db = dir.file("kiosk.db"), copy = dir.file("stick/backup.db");
  ok({"--db", db, "network", "create", "Riverside Relief"});
  const std::string t = add_need(db, "Rice");
  fs::create_directories(dir.file("stick"));
  // The kiosk's own connection stays open, as the app's does while it runs.
  auto held = Store::open(db);
  REQUIRE(held.ok());
  auto r = ok({"--db", db, "backup", copy});
  CHECK(contains(r.out, "backed up 1 entry of network 'Riverside Relief'"));
  struct stat st {};
  REQUIRE(::stat(copy.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(fs::exists(copy + "-wal"));  // one file that stands alone
  CHECK(has_ticket(copy, t));
  // A backup cannot be written over the database it copies.
  auto same = run_mutua({"--db", db, "backup", db});
  CHECK(same.code == 1);
  CHECK(contains(same.err, "cannot overwrite the database it copies"));
}

TEST_CASE("restoring an old backup on a device that lost its database loses nothing") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db"), old = dir.file("old.db");
  const std::string code = ticket_of(ok({"--db", a, "network", "create", "Riverside Relief"}));
  ok({"--db", b, "network", "join", code});
  const std::string t1 = add_need(a, "Rice");
  ok({"--db", a, "backup", old});
  const std::string t2 = add_need(a, "Blankets");
  ok({"--db", a, "sync", "export", dir.file("a1.mutua")});
  ok({"--db", b, "sync", "import", dir.file("a1.mutua")});
  // The tablet's storage dies: only the stick's backup is left.
  fs::remove(a);
  fs::remove(a + "-wal");
  fs::remove(a + "-shm");
  auto r = ok({"--db", a, "restore", old});
  CHECK(contains(r.out, "restored 1 entry of network 'Riverside Relief'"));
  CHECK(contains(r.out, "now a new device"));
  CHECK(has_ticket(a, t1));
  // New work after the restore must reach B and be told apart from what B already holds. Were
  // the restored device to go on as the old one, it would print the Blankets need's ticket again
  // for the Nappies need, and stamp it with the same sequence number, which B's vector already
  // counts (a LAN exchange would then never send it).
  const std::string t3 = add_need(a, "Nappies");
  CHECK(t3 != t2);
  CHECK(t3.substr(0, 3) != t1.substr(0, 3));  // a new device has a ticket prefix of its own
  ok({"--db", a, "sync", "export", dir.file("a2.mutua")});
  ok({"--db", b, "sync", "import", dir.file("a2.mutua")});
  CHECK(has_ticket(b, t3));
  // And B gives back what the backup lacked.
  ok({"--db", b, "sync", "export", dir.file("b.mutua")});
  ok({"--db", a, "sync", "import", dir.file("b.mutua")});
  CHECK(has_ticket(a, t2));
}

TEST_CASE("restoring over a database brings its newer data along and keeps it aside") {
  TempDir dir;
  const std::string a = dir.file("a.db"), old = dir.file("old.db");
  ok({"--db", a, "network", "create", "Riverside Relief"});
  const std::string t1 = add_need(a, "Rice");
  ok({"--db", a, "backup", old});
  const std::string t2 = add_need(a, "Blankets");  // never synced anywhere
  auto r = ok({"--db", a, "restore", old, "--json"});
  CHECK(contains(r.out, "\"carried_over\":true"));
  CHECK(contains(r.out, "\"not_carried\":null"));
  CHECK(has_ticket(a, t1));
  CHECK(has_ticket(a, t2));
  bool aside = false;
  for (const auto& e : fs::directory_iterator(dir.path()))
    aside |= e.path().filename().string().rfind("a.db.before-restore-", 0) == 0;
  CHECK(aside);
}

TEST_CASE(
    "restore refuses another network's backup, garbage and a database in use, changing "
    "nothing") {
  TempDir dir;
  const std::string a = dir.file("a.db"), other = dir.file("other.db");
  ok({"--db", a, "network", "create", "Riverside Relief"});
  const std::string t = add_need(a, "Rice");
  ok({"--db", other, "network", "create", "Riverside Relief"});
  ok({"--db", other, "backup", dir.file("other-backup.db")});
  const std::string before = file_bytes(a);

  auto r = run_mutua({"--db", a, "restore", dir.file("other-backup.db")});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "this backup is from network 'Riverside Relief' (id "));
  CHECK(contains(r.err, "Nothing was changed."));

  std::ofstream(dir.file("garbage.db"), std::ios::binary) << std::string(5000, 'x');
  r = run_mutua({"--db", a, "restore", dir.file("garbage.db")});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "is not a Mutua database"));

  // A backup cut short, as a stick pulled out mid-copy leaves it.
  ok({"--db", a, "backup", dir.file("whole.db")});
  const std::string whole = file_bytes(dir.file("whole.db"));
  std::ofstream(dir.file("cut.db"), std::ios::binary) << whole.substr(0, whole.size() / 2);
  r = run_mutua({"--db", a, "restore", dir.file("cut.db")});
  CHECK(r.code == 1);

  r = run_mutua({"--db", a, "restore", dir.file("missing.db")});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "no such file"));

  {
    auto held = Store::open(a);  // the app is running
    REQUIRE(held.ok());
    r = run_mutua({"--db", a, "restore", dir.file("whole.db")});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "is in use"));
  }
  CHECK(has_ticket(a, t));
  CHECK(file_bytes(a) == before);
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path()))
    files += e.path().filename().string().find("before-restore") != std::string::npos;
  CHECK(files == 0);
}

TEST_CASE("daily backups on a stick: one a day, the newest kept, never the one just written") {
  TempDir dir;
  auto s = Store::open(dir.file("kiosk.db"));
  REQUIRE(s.ok());
  REQUIRE(create_network((*s)->replica(), "Riverside Relief").ok());
  const std::string id = load_network((*s)->replica())->id.hex();
  const int64_t day = 86'400'000;
  const int64_t d0 = 20'789 * day + 9 * 3'600'000;  // 2 Dec 2026, 09:00 UTC
  // A stick without this network's mailbox (another network's, or nobody's) is not written to.
  fs::create_directories(dir.file("other/MUTUA/0123456789abcdef0123456789abcdef"));
  auto other = daily_backup(**s, dir.file("other"), 3, d0);
  REQUIRE(other.ok());
  CHECK(other->outcome == DailyBackup::not_this_networks_drive);
  CHECK_FALSE(fs::exists(dir.file("other/MUTUA-backups")));

  fs::create_directories(dir.file("stick/MUTUA/" + id));
  for (int i = 0; i < 5; ++i) {
    auto w = daily_backup(**s, dir.file("stick"), 3, d0 + i * day);
    REQUIRE(w.ok());
    CHECK(w->outcome == DailyBackup::written);
  }
  auto again = daily_backup(**s, dir.file("stick"), 3, d0 + 4 * day + 3'600'000);
  REQUIRE(again.ok());
  CHECK(again->outcome == DailyBackup::already_there);  // today's is there already
  const std::string folder = dir.file("stick/MUTUA-backups/" + id);
  auto files = daily_backups(folder);
  REQUIRE(files.size() == 3);
  CHECK(fs::path(files.front()).filename() == "mutua-2026-12-04.db");
  CHECK(fs::path(files.back()).filename() == "mutua-2026-12-06.db");
  // The mailbox folder holds only the network's own folder: the copies are beside it.
  size_t in_mailbox = 0;
  for (const auto& e : fs::directory_iterator(dir.file("stick/MUTUA"))) {
    (void)e;
    ++in_mailbox;
  }
  CHECK(in_mailbox == 1);
  // A clock set years back names today's copy oldest: it is kept all the same.
  auto back = daily_backup(**s, dir.file("stick"), 3, d0 - 3650 * day);
  REQUIRE(back.ok());
  REQUIRE(back->outcome == DailyBackup::written);
  CHECK(fs::exists(back->file));
  CHECK(inspect_backup(back->file).ok());
}
