// Issue 10, "Secrets at rest": the database, its write-ahead log and a folder Mutua creates for
// it are private to their owner whatever the umask, and keys live apart from people's data.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/db.hpp"
#include "core/migrations.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

std::unique_ptr<Store> open_at(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// Runs with a permissive umask, restoring the old one at the end.
struct Umask {
  mode_t old;
  explicit Umask(mode_t m) : old(::umask(m)) {}
  ~Umask() { ::umask(old); }
};

int64_t count(const Db& db, const std::string& sql) {
  auto st = db.prepare(sql);
  REQUIRE(st.step());
  return st.int64(0);
}

}  // namespace

TEST_CASE("a new database, its write-ahead log and the folder Mutua makes for it are private") {
  TempDir dir;
  Umask permissive(0);  // anything created without an explicit mode would be world-writable
  const std::string folder = dir.file("kiosk/data");
  const std::string path = folder + "/mutua.db";
  {
    auto store = open_at(path);
    store->replica().local_set("probe", "x");  // something in the write-ahead log
    CHECK(std::filesystem::exists(path + "-wal"));
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
    CHECK(mode_of(path + "-shm") == 0600);
    CHECK(mode_of(folder) == 0700);
    CHECK(mode_of(dir.file("kiosk")) == 0700);
  }
}

TEST_CASE("an existing database readable by others is tightened when it is opened") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    auto store = open_at(path);
    store->replica().local_set("probe", "x");
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    if (std::filesystem::exists(path + suffix)) ::chmod((path + suffix).c_str(), 0644);
  { std::ofstream(path + "-wal", std::ios::app); }  // a log left behind, as after a power cut
  ::chmod((path + "-wal").c_str(), 0644);
  REQUIRE(mode_of(path) == 0644);
  auto store = open_at(path);
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path + "-wal") == 0600);
}

TEST_CASE("keys are kept in their own table, not beside settings in local") {
  TempDir dir;
  auto store = open_at(dir.file("a.db"));
  Db db(dir.file("a.db"));  // a second connection: the store hands out no database
  secret_set(db, "network_key", std::string(32, '\x07'));
  CHECK(secret_get(db, "network_key") == std::string(32, '\x07'));
  // The device's signing keys are made when it is created (its id derives from its key).
  CHECK(secret_get(db, "sign_sk"));
  CHECK(secret_get(db, "sign_pk"));
  CHECK(
      count(db, "SELECT count(*) FROM local WHERE key IN ('network_key', 'sign_pk', 'sign_sk')") ==
      0);
  CHECK(count(db, "SELECT count(*) FROM secrets") == 3);
}

TEST_CASE("migration 10 moves keys out of local and leaves nothing of them behind") {
  TempDir dir;
  const std::string path = dir.file("v9.db");
  {
    open_at(path);
    REQUIRE(store_migrations().size() >= 10);
  }
  {
    // The database as step 9 left it: keys in local, no secrets table.
    Db raw(path);
    raw.exec(
        "DROP TABLE secrets; ALTER TABLE devices DROP COLUMN key_signature;"
        " ALTER TABLE devices DROP COLUMN revoked_cutoff; DROP TABLE runner_ups;"
        " ALTER TABLE sync_log DROP COLUMN refused_revoked;"
        " ALTER TABLE sync_log DROP COLUMN refused_from;"
        " ALTER TABLE sync_log DROP COLUMN set_aside;"
        " ALTER TABLE sync_log DROP COLUMN set_aside_from;"
        " ALTER TABLE sync_log DROP COLUMN set_aside_why; PRAGMA user_version = 9;"
        " DELETE FROM local WHERE key IN ('network_key', 'sign_pk', 'sign_sk', 'network_name');");
    auto put = raw.prepare("INSERT INTO local (key, value) VALUES (?1, ?2)");
    for (auto [k, v] : {std::pair<std::string, std::string>{"network_key", std::string(32, '\x11')},
                        {"sign_pk", std::string(32, '\x22')},
                        {"sign_sk", std::string(64, '\x33')},
                        {"network_name", "Riverside Relief"}}) {
      put.reset();
      put.bind(1, k).bind_blob(2, v.data(), v.size());
      put.step();
    }
  }
  auto store = open_at(path);
  Db db(path);
  CHECK(db.user_version() == static_cast<int64_t>(store_migrations().size()));
  CHECK(secret_get(db, "network_key") == std::string(32, '\x11'));
  CHECK(secret_get(db, "sign_pk") == std::string(32, '\x22'));
  CHECK(secret_get(db, "sign_sk") == std::string(64, '\x33'));
  CHECK(store->replica().local_get("network_name") == "Riverside Relief");
  CHECK(!store->replica().local_get("network_key"));
  CHECK(!store->replica().local_get("sign_sk"));
  CHECK(!store->replica().local_get("sign_pk"));
}
