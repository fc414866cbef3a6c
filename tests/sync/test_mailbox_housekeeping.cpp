// The mailbox's housekeeping: a device removes the temporaries its own killed writes left, and a
// copy of a bundle under another name is not one more device.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "sync/mailbox.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;
namespace fs = std::filesystem;

namespace {

void write_file_bytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

struct Two {
  TempDir dir;
  fs::path stick = dir.path() / "STICK";
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));
  std::unique_ptr<Store> b = open_store(dir.file("b.db"));
  Network net;
  Two() {
    fs::create_directories(stick);
    net = found(*a);
    join(*b, net);
  }
  fs::path folder() const { return stick / "MUTUA" / net.id.hex(); }
};

MailboxResult run_mailbox(Store& store, const fs::path& dir) {
  auto r = sync_mailbox(store.replica(), dir.string());
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

}  // namespace

TEST_CASE(
    "a device's next sync removes the temporary files its killed writes left, and no others") {
  Two t;
  add(*t.a, sample_need("rice"));
  fs::create_directories(t.folder());
  const std::string mine = t.a->replica().device_id().hex() + ".mutua";
  const std::string theirs = t.b->replica().device_id().hex() + ".mutua";
  const fs::path stale1 = t.folder() / ("." + mine + ".tmp-123456");
  const fs::path stale2 = t.folder() / ("." + mine + ".tmp-7");
  const fs::path other = t.folder() / ("." + theirs + ".tmp-55");  // another device's: theirs
  for (const auto& p : {stale1, stale2, other}) {
    write_file_bytes(p, "half a bundle");
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::minutes(5));
  }
  // One written after this sync started (a write running now) stays: it is not older.
  const fs::path running = t.folder() / ("." + mine + ".tmp-999");
  write_file_bytes(running, "being written");
  fs::last_write_time(running, fs::file_time_type::clock::now() + std::chrono::minutes(5));

  const MailboxResult r = run_mailbox(*t.a, t.stick);
  CHECK(r.stale_removed == 2);
  CHECK_FALSE(fs::exists(stale1));
  CHECK_FALSE(fs::exists(stale2));
  CHECK(fs::exists(other));
  CHECK(fs::exists(running));
  CHECK(fs::exists(t.folder() / mine));
}

TEST_CASE("a copy of a bundle under another file name is not one more device") {
  Two t;
  add(*t.b, sample_need("tarps"));
  run_mailbox(*t.b, t.stick);
  const std::string theirs = t.b->replica().device_id().hex() + ".mutua";
  fs::copy_file(t.folder() / theirs, t.folder() / ("copy of " + theirs));
  const MailboxResult r = run_mailbox(*t.a, t.stick);
  CHECK(r.files.size() == 2);
  CHECK(r.devices == 1);
}
