// Clock sanity with real processes: the mutua binary run under libfaketime as a tablet whose date
// is 14 years ahead and one whose date is a year behind, beside one with the right date.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "core/store.hpp"
#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::contains;
using mutua::test::ProcessResult;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;

namespace {

std::string json_str(const std::string& json, const std::string& key) {
  auto k = json.find("\"" + key + "\":\"");
  if (k == std::string::npos) return "";
  auto start = k + key.size() + 4;
  return json.substr(start, json.find('"', start) - start);
}

// The one built for this program's architecture: the mutua started is built as this test is, and
// a preloaded library of another architecture is skipped without a word (the clock then stays
// real), which is how this failed under qemu with the amd64 library found first.
std::string libfaketime() {
#if defined(__aarch64__)
  const char* own = "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1";
#else
  const char* own = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
#endif
  for (const char* p :
       {own, "/usr/lib/faketime/libfaketime.so.1", "/usr/local/lib/faketime/libfaketime.so.1"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

int current_year() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

int64_t real_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

constexpr int64_t kDay = 86'400'000;

// One device: its database and the offset its clock runs at ("" for the right date).
struct Tablet {
  std::string db;
  std::string offset;  // libfaketime's relative form, e.g. "+5114d"
  std::vector<std::string> env() const {
    if (offset.empty()) return {};
    // The ASan runtime must come first unless told otherwise; libfaketime goes before it here.
    return {"LD_PRELOAD=" + libfaketime(), "FAKETIME=" + offset, "FAKETIME_DONT_FAKE_MONOTONIC=1",
            "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0"};
  }
  ProcessResult run(const std::vector<std::string>& args) const {
    std::vector<std::string> full{"--db", db};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_mutua(full, env());
    std::string cmd = "mutua";
    for (const auto& a : args) cmd += " " + a;
    REQUIRE_MESSAGE(r.code == 0, cmd << " (clock " << offset << ") -> exit " << r.code << ": "
                                     << r.err << r.out);
    return r;
  }
  std::string status(const std::string& ticket) const {
    return json_str(run({"show", ticket, "--json"}).out, "status");
  }
  std::string name() const {
    return json_str(run({"network", "show", "--json"}).out, "device_name");
  }
  // Milliseconds of the clock this device saved (local key "hlc").
  int64_t saved_clock_ms() const {
    auto s = mutua::Store::open(db);
    REQUIRE(s.ok());
    return static_cast<int64_t>(
        mutua::hlc_wall_ms(std::stoull((*s)->replica().local_get("hlc").value_or("0"))));
  }
};

}  // namespace

TEST_CASE(
    "tablets 14 years ahead and a year behind: the later edit wins, no clock is dragged, and "
    "sync import names both") {
  REQUIRE_MESSAGE(!libfaketime().empty(), "libfaketime is missing; run scripts/setup-deps");
  TempDir dir;
  Tablet hub{dir.file("hub.db"), ""};
  Tablet ahead{dir.file("ahead.db"), "+5114d"};  // 14 years
  Tablet behind{dir.file("behind.db"), "-365d"};
  auto code = trim(hub.run({"network", "create", "Riverside Relief"}).out);
  ahead.run({"network", "join", code});
  behind.run({"network", "join", code});
  auto carry = [&](const Tablet& from, const Tablet& to, const std::string& name) {
    from.run({"sync", "export", dir.file(name)});
    return to.run({"sync", "import", dir.file(name)}).out;
  };

  // faketime really moves the binary's clock (else this test proves nothing).
  auto rice =
      trim(ahead.run({"need", "add", "--category", "food", "--item", "rice", "--qty", "3"}).out);
  auto tea =
      trim(behind.run({"need", "add", "--category", "food", "--item", "tea", "--qty", "2"}).out);
  const int year = current_year();
  CHECK(std::stoi(json_str(ahead.run({"show", rice, "--json"}).out, "created_at").substr(0, 4)) >=
        year + 13);
  CHECK(std::stoi(json_str(behind.run({"show", tea, "--json"}).out, "created_at").substr(0, 4)) <=
        year);

  auto from_ahead = carry(ahead, hub, "ahead1.mutua");
  CHECK(contains(from_ahead, ahead.name() + "'s clock is 14 years ahead; set its date."));
  carry(hub, behind, "hub1.mutua");
  // Apart, after seeing it: the tablet a year behind cancels the need the one 14 years ahead made.
  behind.run({"status", rice, "cancelled"});
  auto from_behind = carry(behind, hub, "behind1.mutua");
  CHECK(contains(from_behind, behind.name() + "'s clock is 1 year behind; set its date."));
  CHECK_FALSE(contains(from_behind, ahead.name() + "'s clock"));  // already named once
  carry(hub, ahead, "hub2.mutua");
  // And the tablet ahead marks the behind one's need met.
  ahead.run({"status", tea, "met"});
  carry(ahead, hub, "ahead2.mutua");
  carry(hub, behind, "hub3.mutua");
  carry(hub, ahead, "hub4.mutua");

  for (const Tablet* t : {&hub, &ahead, &behind}) {
    CAPTURE(t->offset);
    CHECK(t->status(rice) ==
          "cancelled");  // the causally later edit, though stamped 15 years earlier
    CHECK(t->status(tea) == "met");
  }
  // Nobody's saved clock went past its own wall clock plus the one-day bound.
  const int64_t now = real_now_ms();
  CHECK(hub.saved_clock_ms() <= now + kDay);
  CHECK(behind.saved_clock_ms() <= now - 365 * kDay + kDay + 600'000);
}

TEST_CASE(
    "a stamp at the maximum value: the receiver's next stamp does not wrap, and what it makes "
    "afterwards is exported") {
  TempDir dir;
  Tablet hub{dir.file("hub.db"), ""};
  Tablet other{dir.file("other.db"), ""};
  // libfaketime cannot reach year 10889, the last the 48-bit clock holds: this one is driven
  // in-process, the receivers as processes.
  Tablet broken{dir.file("broken.db"), ""};
  auto code = trim(hub.run({"network", "create", "Riverside Relief"}).out);
  other.run({"network", "join", code});
  broken.run({"network", "join", code});
  {
    // Its saved clock at the maximum value (all ms bits and the counter set), as a device that
    // met such a stamp before this fix would hold; its wall clock at the end of the range keeps
    // it there, so everything it writes is stamped kHlcMax.
    auto s =
        mutua::Store::open(broken.db, {[] { return static_cast<int64_t>(mutua::kHlcMaxWallMs); }});
    REQUIRE(s.ok());
    (*s)->replica().clock().restore(mutua::kHlcMax);
    mutua::Entry e;
    e.kind = mutua::Kind::need;
    e.item = "rice";
    e.category = "food";
    e.quantity = 3;
    REQUIRE((*s)->entries().add(e).ok());
  }
  auto carry = [&](const Tablet& from, const Tablet& to, const std::string& name,
                   const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"sync", "export", dir.file(name)};
    args.insert(args.end(), extra.begin(), extra.end());
    from.run(args);
    return to.run({"sync", "import", dir.file(name)}).out;
  };
  CHECK(contains(carry(broken, hub, "broken.mutua"), "years ahead; set its date."));
  carry(hub, other, "hub1.mutua");
  carry(other, hub, "other1.mutua");
  CHECK(hub.saved_clock_ms() <= real_now_ms() + kDay);
  auto beans =
      trim(hub.run({"need", "add", "--category", "food", "--item", "beans", "--qty", "1"}).out);
  // A delta for `other`: only what it lacks, which must include the new need.
  auto other_id = json_str(other.run({"network", "show", "--json"}).out, "device_id");
  auto delta = carry(hub, other, "hub2.mutua", {"--for", other_id});
  CHECK(contains(delta, "1 new"));
  CHECK(json_str(other.run({"show", beans, "--json"}).out, "item") == "beans");
  // Revoking the broken device takes back its records from the first one stamped past the year
  // 9999 (here its need, the first thing it wrote), and says so.
  auto broken_id = json_str(broken.run({"network", "show", "--json"}).out, "device_id");
  auto revoked = hub.run({"device", "revoke", broken_id}).out;
  CHECK(contains(revoked, "carry a clock past the year 9999"));
  CHECK(contains(revoked, "taken back too"));
  // And how many records here that took back, in a sync summary's words.
  CHECK(contains(revoked, "on this device: changes of revoked device '"));
  CHECK(contains(revoked, "to 1 record were taken back"));
  CHECK(contains(hub.run({"network", "show"}).out, "REVOKED"));
}
