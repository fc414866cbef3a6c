// The USB mailbox: DIR/MUTUA/<network-id>/<device-id>.mutua, one writer per file, every other
// file read. Devices that take turns with one folder converge; bad and half-written files never
// stop the good ones.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "support/files.hpp"
#include "sync/mailbox.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;
namespace fs = std::filesystem;

namespace {
bool has_part(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

void write_bytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

MailboxResult mailbox(Store& store, const fs::path& dir) {
  auto r = sync_mailbox(store.replica(), dir.string());
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

const MailboxFileReport* report_for(const MailboxResult& r, const std::string& file) {
  for (const auto& f : r.files)
    if (f.file == file) return &f;
  return nullptr;
}

struct Three {
  TempDir dir;
  fs::path stick = dir.path() / "KINGSTON";
  std::vector<std::unique_ptr<Store>> devices;
  Network net;
  Three() {
    fs::create_directories(stick);
    for (int i = 0; i < 3; ++i)
      devices.push_back(open_store(dir.file("d" + std::to_string(i) + ".db")));
    net = found(*devices[0]);
    join(*devices[1], net);
    join(*devices[2], net);
  }
  fs::path folder() const { return stick / "MUTUA" / net.id.hex(); }
};
}  // namespace

TEST_CASE("the mailbox lives in DIR/MUTUA/<network-id>/ and each device writes <device-id>.mutua") {
  Three t;
  auto& d0 = *t.devices[0];
  add(d0, sample_need("rice"));
  auto r = mailbox(d0, t.stick);
  CHECK(fs::path(r.folder) == t.folder());
  CHECK(fs::is_directory(t.folder()));
  CHECK(r.written == d0.replica().device_id().hex() + ".mutua");
  CHECK(fs::is_regular_file(t.folder() / r.written));
  CHECK(r.written_records >= 1);
  CHECK(r.files.empty());
  // Nothing else was left behind: no temporaries, no other names.
  size_t n = 0;
  for (const auto& f : fs::directory_iterator(t.folder())) {
    (void)f;
    ++n;
  }
  CHECK(n == 1);
  // The file is an ordinary bundle: it imports on its own.
  auto header = read_bundle_header(read_file(t.folder() / r.written));
  REQUIRE(header.ok());
  CHECK(header->sender == d0.replica().device_id());
  CHECK(header->network_id == t.net.id);
}

TEST_CASE("three devices taking turns with one folder converge over several rounds") {
  Three t;
  std::vector<std::vector<Entry>> made(3);
  for (int round = 0; round < 5; ++round) {
    for (size_t i = 0; i < 3; ++i) {
      auto& d = *t.devices[i];
      // In the first rounds each device also makes changes of its own between visits.
      if (round < 3) {
        made[i].push_back(
            add(d, sample_need("need " + std::to_string(i) + "." + std::to_string(round))));
        if (round > 0) {
          auto e =
              d.entries().get(made[(i + 1) % 3].front().id);  // someone else's entry, if it arrived
          if (e && e->status == Status::open) {
            e->details =
                "checked by device " + std::to_string(i) + " in round " + std::to_string(round);
            REQUIRE(d.entries().update(*e).ok());
          }
        }
      }
      auto r = mailbox(d, t.stick);
      for (const auto& f : r.files) CHECK_MESSAGE(f.ok, f.file << ": " << f.message);
      if (round >= 1) CHECK(r.devices == 2);
    }
  }
  auto hash = t.devices[0]->replica().content_hash();
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(t.devices[i]->replica().content_hash() == hash);
    CHECK(entry_count(*t.devices[i]) == 9);
    for (const auto& list : made)
      for (const auto& e : list) CHECK(t.devices[i]->entries().get(e.id).has_value());
  }
  // A quiet round after convergence brings nothing new.
  auto r = mailbox(*t.devices[1], t.stick);
  CHECK(r.added == 0);
  CHECK(r.updated == 0);
  CHECK(r.devices == 2);
}

TEST_CASE(
    "a truncated .mutua in the folder is skipped with its reason, and the others still import") {
  Three t;
  auto& d0 = *t.devices[0];
  auto& d1 = *t.devices[1];
  auto& d2 = *t.devices[2];
  auto rice = add(d0, sample_need("rice"));
  auto water = add(d1, sample_offer("water"));
  mailbox(d0, t.stick);
  mailbox(d1, t.stick);
  // A third device's file, cut short as if the stick was pulled during a copy by another tool.
  auto tarp = add(d2, sample_need("tarpaulin"));
  auto full = bundle_of(d2);
  std::string broken = d2.replica().device_id().hex() + ".mutua";
  write_bytes(t.folder() / broken, std::string_view(full).substr(0, full.size() / 2));
  // And a file from another network, dropped into this folder by mistake.
  TempDir other;
  auto stranger = open_store(other.file("s.db"));
  found(*stranger, "Hill Camp");
  add(*stranger, sample_need("fuel"));
  write_bytes(t.folder() / (stranger->replica().device_id().hex() + ".mutua"),
              bundle_of(*stranger));

  TempDir fresh;
  auto d3 = open_store(fresh.file("d3.db"));
  join(*d3, t.net);
  auto r = mailbox(*d3, t.stick);
  REQUIRE(r.files.size() == 4);
  auto* bad = report_for(r, broken);
  REQUIRE(bad);
  CHECK(!bad->ok);
  CHECK(has_part(bad->message, "cut short"));
  auto* foreign = report_for(r, stranger->replica().device_id().hex() + ".mutua");
  REQUIRE(foreign);
  CHECK(!foreign->ok);
  CHECK(has_part(foreign->message,
                 "bundle belongs to network 'Hill Camp', this device is in 'Riverside Relief'"));
  // The same reasons as facts, for a screen to word in its own language.
  CHECK(bad->failure.problem == SyncProblem::damaged);
  CHECK(foreign->failure.problem == SyncProblem::other_network);
  CHECK(foreign->failure.detail == "Hill Camp");
  CHECK(r.devices == 2);
  CHECK(d3->entries().get(rice.id).has_value());
  CHECK(d3->entries().get(water.id).has_value());
  CHECK(!d3->entries().get(tarp.id).has_value());
  // The skip is in the sync log, with its reason.
  bool logged = false, logged_foreign = false;
  for (const auto& l : d3->replica().sync_log(20)) {
    if (has_part(l.source, broken) && has_part(l.error, "cut short") &&
        l.problem == int(SyncProblem::damaged))
      logged = true;
    if (l.problem == int(SyncProblem::other_network) && l.detail == "Hill Camp")
      logged_foreign = true;
  }
  CHECK(logged);
  CHECK(logged_foreign);
  // Needs and offers are counted apart from the device records that came with them.
  CHECK(r.new_entries == 2);  // rice and water
  CHECK(r.added > r.new_entries);
  // Once the owner rewrites its file, the next visit picks it up.
  mailbox(d2, t.stick);
  mailbox(*d3, t.stick);
  CHECK(d3->entries().get(tarp.id).has_value());
}

TEST_CASE(
    "half-written temporary files in the mailbox are ignored, even when they are whole bundles") {
  Three t;
  auto& d0 = *t.devices[0];
  auto& d1 = *t.devices[1];
  auto rice = add(d0, sample_need("rice"));
  mailbox(d0, t.stick);
  auto secret = add(d1, sample_need("only in a temporary file"));
  auto whole = bundle_of(d1);
  std::string id = d1.replica().device_id().hex();
  fs::create_directories(t.folder());
  write_bytes(t.folder() / ("." + id + ".mutua.tmp-123456"), whole);
  write_bytes(t.folder() / (id + ".mutua.tmp-9"), whole.substr(0, 40));
  write_bytes(t.folder() / ("." + id + ".mutua"), whole);
  write_bytes(t.folder() / "notes.txt", "not a bundle");

  auto& d2 = *t.devices[2];
  auto r = mailbox(d2, t.stick);
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].file == d0.replica().device_id().hex() + ".mutua");
  CHECK(r.files[0].ok);
  CHECK(d2.entries().get(rice.id).has_value());
  CHECK(!d2.entries().get(secret.id).has_value());
}

TEST_CASE("a mailbox on a folder that does not exist gives a clear error and writes nothing") {
  Three t;
  auto r = sync_mailbox(t.devices[0]->replica(), (t.stick / "unplugged").string());
  REQUIRE(!r.ok());
  CHECK(has_part(r.error(), "is not a folder"));
  CHECK(!fs::exists(t.stick / "unplugged"));
  TempDir dir;
  auto lone = open_store(dir.file("lone.db"));
  auto r2 = sync_mailbox(lone->replica(), t.stick.string());
  REQUIRE(!r2.ok());
  CHECK(has_part(r2.error(), "not in a network"));
  CHECK(!fs::exists(t.stick / "MUTUA"));
}

TEST_CASE("a read-only drive is read, nothing is written to it, and the result says so") {
  Three t;
  auto& d0 = *t.devices[0];
  auto& d1 = *t.devices[1];
  auto rice = add(d1, sample_need("rice"));
  mailbox(d1, t.stick);
  const std::string theirs = d1.replica().device_id().hex() + ".mutua";
  const std::string their_bytes = read_file(t.folder() / theirs);
  // A temporary a killed write of d0's left earlier: read-write, it would be cleaned up.
  const std::string own = d0.replica().device_id().hex() + ".mutua";
  write_bytes(t.folder() / ("." + own + ".tmp-1"), "half");
  auto water = add(d0, sample_offer("water"));

  size_t steps = 0, last_total = 0;
  auto r = sync_mailbox(
      d0.replica(), t.stick.string(),
      [&](size_t done, size_t total) {
        ++steps;
        last_total = total;
        CHECK(done <= total);
      },
      nullptr, MailboxAccess::read_only);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  CHECK(r->read_only);
  CHECK(r->written.empty());
  CHECK(r->written_records == 0);
  CHECK(r->stale_removed == 0);
  REQUIRE(r->files.size() == 1);
  CHECK(r->files[0].ok);
  CHECK(r->devices == 1);
  CHECK(r->new_entries == 1);
  CHECK(d0.entries().get(rice.id).has_value());
  CHECK(steps == last_total);  // every step reported, the last one too (nothing written)
  // Nothing on the drive changed: no file of d0's, the temporary still there, d1's file as it was.
  CHECK(!fs::exists(t.folder() / own));
  CHECK(fs::exists(t.folder() / ("." + own + ".tmp-1")));
  CHECK(read_file(t.folder() / theirs) == their_bytes);
  // The same device, read-write: its file is left, and d1 gets water from it.
  auto rw = mailbox(d0, t.stick);
  CHECK(!rw.read_only);
  CHECK(rw.written == own);
  CHECK(rw.stale_removed == 1);
  mailbox(d1, t.stick);
  CHECK(d1.entries().get(water.id).has_value());
}

TEST_CASE("a read-only drive without this network's mailbox gives a clear error and no folder") {
  Three t;
  SyncFailure why;
  auto r = sync_mailbox(t.devices[0]->replica(), t.stick.string(), nullptr, &why,
                        MailboxAccess::read_only);
  REQUIRE(!r.ok());
  CHECK(has_part(r.error(), "is read-only and holds no mailbox of this network"));
  CHECK(why.problem == SyncProblem::cannot_write);
  CHECK(!fs::exists(t.stick / "MUTUA"));
}
