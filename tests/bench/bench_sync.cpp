// Sync benchmark (not run by ctest): bundle export/import times, sizes and peak memory for the
// 100,000-entry demo data set, and bundle size for the sample CSV, beside PRODUCT.md section 7.
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMUTUA_BUILD_TESTS=ON
//   cmake --build build-bench -j2 --target bench_sync && ./build-bench/tests/bench/bench_sync
//
// Options: --entries N (default 100000), --runs N (default 5), --edits N (default 1000:
// status changes made to the sample, whose bundle is measured again), --csv FILE (default
// tests/data/sample-10k.csv in the source tree; "-" skips it), --columns 1 (where the
// bytes of the demo bundle go, column by column; the sample's are always shown).
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/db.hpp"
#include "core/demo.hpp"
#include "core/revocation.hpp"
#include "core/store.hpp"
#include "sync/bundle.hpp"
#include "sync/codec.hpp"
#include "sync/network.hpp"
#include "sync/relayed_chains.hpp"
#include "sync/set_aside.hpp"
#include "tests/bench/bench_common.hpp"

using namespace mutua;
using namespace mutua::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
// Processor time of this process: on a shared, busy machine it moves far less than wall time.
double cpu_since(std::clock_t t) {
  return static_cast<double>(std::clock() - t) / CLOCKS_PER_SEC;
}

std::unique_ptr<Store> open_store(const std::string& path) {
  return must(Store::open(path), "open");
}

// A fresh device that joined `n` (its database file at `path`).
std::unique_ptr<Store> fresh_member(const std::string& path, const Network& n) {
  fs::remove(path);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");
  auto s = open_store(path);
  must(join_network(s->replica(), encode_join_code(n)), "join");
  return s;
}

// Peak resident memory of this process so far (kB): the hiwater mark of its own address space,
// which starts afresh at exec (unlike ru_maxrss, which carries the parent's peak across it).
long peak_kb() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::strtol(line + 6, nullptr, 10);
  std::fclose(f);
  return kb;
}

// Child modes: run one export or import in a fresh process so its peak memory is its own.
int child_main(const std::string& mode, const std::string& db, const std::string& file) {
  {
    auto s = open_store(db);
    if (mode == "--child-export")
      must(export_bundle_file(s->replica(), file), "export");
    else
      must(import_bundle_file(s->replica(), file), "import");
  }
  std::printf("%ld\n", peak_kb());
  return 0;
}

// Peak resident memory (MB) of `mode` run in a process of its own.
double child_peak_mb(const std::string& mode, const std::string& db, const std::string& file) {
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string cmd = "'" + self + "' " + mode + " '" + db + "' '" + file + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) die("cannot start " + cmd);
  long kb = -1;
  if (std::fscanf(p, "%ld", &kb) != 1) kb = -1;
  if (pclose(p) != 0 || kb <= 0) die("child " + mode + " failed");
  return static_cast<double>(kb) / 1024.0;
}

void row(const char* what, const std::string& value, const char* target) {
  std::printf("  %-46s %14s   target %s\n", what, value.c_str(), target);
}
std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Where the bytes of a bundle go: each column's size as it travels and compressed on its own
// (the bundle compresses the body as one frame, so the columns' sum is only a guide).
void column_breakdown(const Store& store, const std::string& bundle, size_t entries) {
  auto opened = must(open_bundle(store.replica(), bundle), "open sample bundle");
  auto decoder = must(BodyDecoder::parse(opened.plain), "parse sample bundle");
  auto per_entry = [&](size_t bytes) {
    return static_cast<double>(bytes) / static_cast<double>(entries);
  };
  std::printf("  %-30s %12s %12s\n", "column (B/entry)", "raw", "zstd -19");
  size_t raw = 0, packed = 0;
  for (const auto& c : decoder->columns()) {
    if (c.bytes.empty()) continue;
    std::string out(ZSTD_compressBound(c.bytes.size()), '\0');
    size_t n = ZSTD_compress(out.data(), out.size(), c.bytes.data(), c.bytes.size(), 19);
    if (ZSTD_isError(n)) die("zstd failed");
    raw += c.bytes.size();
    packed += n;
    std::printf("  %-30s %12.2f %12.2f\n", c.name.c_str(), per_entry(c.bytes.size()), per_entry(n));
  }
  std::printf("  %-30s %12.2f %12.2f\n", "sum of columns", per_entry(raw), per_entry(packed));
  std::printf("  %-30s %12.2f\n", "body as it travels", per_entry(opened.plain.size()));
}

// The floor an import is measured against: the same entry rows (every column, versions blob
// included) inserted into a plain table with only its primary key, one prepared statement, one
// transaction, in a fresh database opened as the store opens its own (WAL, synchronous=FULL).
// Rows are read into memory before the clock starts.
struct PlainRows {
  std::vector<Row> rows;
  std::vector<std::string> clocks;
};
PlainRows plain_rows(const Store& store) {
  PlainRows out;
  store.replica().for_each_row(TableId::entries, [&](const Row& r) {
    out.rows.push_back(r);
    std::string c;
    for (const auto& st : r.stamps) c.append(reinterpret_cast<const char*>(&st.hlc), 8);
    out.clocks.push_back(std::move(c));
    return true;
  });
  return out;
}
double plain_insert_s(const PlainRows& in, const std::string& path, double* cpu_s = nullptr) {
  fs::remove(path);
  fs::remove(path + "-wal");
  Db db(path);
  const auto& def = table_def(TableId::entries);
  std::string cols = "id BLOB PRIMARY KEY", params = "?1";
  int n = 1;
  for (const auto* group : {&def.fixed, &def.fields})
    for (const auto& f : *group) {
      cols += ", " + std::string(f.name) +
              (f.type == FieldType::integer ? " INTEGER"
               : f.type == FieldType::text  ? " TEXT"
                                            : " BLOB");
      params += ", ?" + std::to_string(++n);
    }
  cols += ", clocks BLOB";
  params += ", ?" + std::to_string(++n);
  db.exec("CREATE TABLE plain(" + cols + ")");
  auto t = Clock::now();
  auto c = std::clock();
  {
    Transaction tx(db);
    auto st = db.prepare("INSERT INTO plain VALUES(" + params + ")");
    for (size_t i = 0; i < in.rows.size(); ++i) {
      const Row& r = in.rows[i];
      int col = 1;
      st.bind_blob(col++, r.id.bytes.data(), 16);
      auto bind = [&](const FieldDef& f, const Value& v) {
        if (f.type == FieldType::integer)
          st.bind(col++, std::get<int64_t>(v));
        else if (f.type == FieldType::text)
          st.bind(col++, std::string_view(std::get<std::string>(v)));
        else
          st.bind_blob(col++, std::get<std::string>(v).data(), std::get<std::string>(v).size());
      };
      for (size_t k = 0; k < def.fixed.size(); ++k) bind(def.fixed[k], r.fixed[k]);
      for (size_t k = 0; k < def.fields.size(); ++k) bind(def.fields[k], r.fields[k]);
      st.bind_blob(col++, in.clocks[i].data(), in.clocks[i].size());
      st.run();
    }
    tx.commit();
  }
  if (cpu_s) *cpu_s = cpu_since(c);
  return seconds_since(t);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]).rfind("--child-", 0) == 0)
    return child_main(argv[1], argv[2], argv[3]);
  size_t entries = 100'000;
  int runs = 5;
  size_t edits = 1000;  // status changes made to the sample before its second bundle
  bool demo_columns = false;
  // The tests' own copy of the sample (this file is tests/bench/ in the source tree).
  std::string csv =
      (fs::path(__FILE__).parent_path() / "../data/sample-10k.csv").lexically_normal().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--entries")
      entries = std::stoul(argv[i + 1]);
    else if (a == "--runs")
      runs = std::stoi(argv[i + 1]);
    else if (a == "--edits")
      edits = std::stoul(argv[i + 1]);
    else if (a == "--csv")
      csv = argv[i + 1];
    else if (a == "--columns")
      demo_columns = std::string(argv[i + 1]) != "0";
    else
      die("unknown option " + a);
  }

  fs::path dir = fs::temp_directory_path() / ("mutua-bench-sync-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto path = [&](const std::string& name) { return (dir / name).string(); };

  std::printf("bench_sync: %zu demo entries, median of %d runs\n", entries, runs);
  auto a = open_store(path("a.db"));
  auto network = must(create_network(a->replica(), "Riverside Relief"), "create network");
  auto t = Clock::now();
  DemoOptions demo;
  demo.entries = entries;
  must(generate_demo(*a, demo), "demo");
  std::printf("  (demo data generated in %.2f s)\n", seconds_since(t));

  // Export: build + atomic write.
  std::vector<double> export_s, export_cpu;
  std::string bundle_file = path("all.mutua");
  std::string demo_bundle;
  size_t bundle_bytes = 0, records = 0;
  for (int i = 0; i < runs; ++i) {
    t = Clock::now();
    auto c = std::clock();
    auto r = must(export_bundle_file(a->replica(), bundle_file), "export");
    export_s.push_back(seconds_since(t));
    export_cpu.push_back(cpu_since(c));
    bundle_bytes = r.bytes.size();
    if (demo_columns) demo_bundle = std::move(r.bytes);
    records = r.records;
  }

  // The body alone: decrypt and unpack, then parse and decode every row (import does this twice:
  // once to validate, once to apply), without the database, which dominates the import.
  std::vector<double> decode_cpu;
  {
    std::ifstream in(bundle_file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int i = 0; i < runs; ++i) {
      auto c = std::clock();
      auto opened = must(open_bundle(a->replica(), bytes), "open");
      auto decoder = must(BodyDecoder::parse(opened.plain), "parse");
      Row row;
      size_t n = 0;
      while (must(decoder->next(row), "decode")) ++n;
      decode_cpu.push_back(cpu_since(c));
      if (n != records)
        die("decoded " + std::to_string(n) + " rows, not " + std::to_string(records));
    }
  }

  // Import into an empty database (a fresh member of the network each time).
  std::vector<double> import_s, import_cpu;
  std::unique_ptr<Store> b;
  for (int i = 0; i < runs; ++i) {
    b = fresh_member(path("b.db"), network);
    t = Clock::now();
    auto c = std::clock();
    auto r = must(import_bundle_file(b->replica(), bundle_file), "import");
    import_s.push_back(seconds_since(t));
    import_cpu.push_back(cpu_since(c));
    if (r.added < entries) die("import added only " + std::to_string(r.added));
  }

  // A relayed import: B's full bundle (A's entries, relayed) into a fresh member, the chain check
  // on and off, runs alternated (docs/security.md, "Built: step 3").
  std::vector<double> relayed_s[2], relayed_cpu[2];
  {
    const std::string relayed_file = path("relayed.mutua");
    must(export_bundle_file(b->replica(), relayed_file), "export relayed");
    for (int i = 0; i < runs; ++i)
      for (int on = 1; on >= 0; --on) {
        auto c = fresh_member(path("relayed.db"), network);
        if (!on) c->replica().local_set(kChainCheckKey, "off");
        t = Clock::now();
        auto cpu = std::clock();
        auto r = must(import_bundle_file(c->replica(), relayed_file), "import relayed");
        relayed_s[on].push_back(seconds_since(t));
        relayed_cpu[on].push_back(cpu_since(cpu));
        if (r.added < entries) die("relayed import added only " + std::to_string(r.added));
        if (!r.set_aside.empty()) die("relayed import set records aside: " + r.line());
      }
  }

  // The plain SQLite floor, measured in the same run, between the imports and with the same rows.
  std::vector<double> floor_s, floor_cpu;
  {
    auto rows = plain_rows(*a);
    for (int i = 0; i < runs; ++i) {
      double cpu = 0;
      floor_s.push_back(plain_insert_s(rows, path("plain.db"), &cpu));
      floor_cpu.push_back(cpu);
    }
  }

  // Import of a bundle the recipient already holds in full.
  std::vector<double> known_s;
  for (int i = 0; i < runs; ++i) {
    t = Clock::now();
    auto r = must(import_bundle_file(b->replica(), bundle_file), "import known");
    known_s.push_back(seconds_since(t));
    if (r.added || r.updated) die("an already known bundle changed something");
  }
  // The same on a device that set a record aside (sync/set_aside.hpp): read for what could answer
  // it, then not applied; and, for comparison, read in full, as a database that set records aside
  // before 2026-12-05 still does (and every such device did, for good).
  // The known bundle imported `runs` times each way, alternated: with the local `key` at "2"
  // (read far enough) and at "1" (read in full); left at "2".
  auto known_both_ways = [&](std::string_view key, std::vector<double>& read,
                             std::vector<double>& full) {
    for (int i = 0; i < runs; ++i)
      for (int in_full = 0; in_full < 2; ++in_full) {
        b->replica().local_set(key, in_full ? "1" : "2");
        t = Clock::now();
        auto r = must(import_bundle_file(b->replica(), bundle_file), "import known");
        (in_full ? full : read).push_back(seconds_since(t));
        if (r.added || r.updated) die("an already known bundle changed something");
      }
    b->replica().local_set(key, "2");
  };
  std::vector<double> known_aside_s, known_in_full_s;
  {
    auto tx = b->replica().transaction();
    note_records_set_aside(b->replica(), {{TableId::entries, Id::random()}});
    tx.commit();
  }
  known_both_ways("records_set_aside", known_aside_s, known_in_full_s);
  // The same with a device revoked (core/taken_back.hpp): read for the records the revocation
  // sent back; and, for comparison, read in full, as every device did while a revocation stood
  // before 2026-12-06.
  std::vector<double> known_revoked_s, known_revoked_in_full_s;
  {
    auto x = fresh_member(path("x.db"), network);
    Entry need;
    need.kind = Kind::need;
    need.category = "food";
    need.item = "tea";
    need.quantity = 2;
    must(x->entries().add(need), "x's need");
    must(import_bundle(b->replica(), must(build_bundle(x->replica(), {}), "x's bundle").bytes),
         "import x's bundle");
    must(revoke_device(*b, x->replica().device_id()), "revoke");
  }
  known_both_ways("taken_back", known_revoked_s, known_revoked_in_full_s);

  // A delta after 10 edits, built against what the recipient holds.
  auto page = a->entries().list(EntryQuery{}, 10);
  for (auto& e : page.entries) {
    e.details = "checked again at the warehouse";
    must(a->entries().update(e), "edit");
  }
  auto delta = must(build_bundle(a->replica(), b->replica().version_vector()), "delta");
  t = Clock::now();
  auto applied = must(import_bundle(b->replica(), delta.bytes), "import delta");
  double delta_import_s = seconds_since(t);
  // (Besides the entries, the sender's devices record, for its sequence claim.)
  if (applied.updated_entries != 10)
    die("the delta updated " + std::to_string(applied.updated_entries) + " entries, not 10");

  // Peak memory, each in a process of its own.
  double export_mb = child_peak_mb("--child-export", path("a.db"), path("child.mutua"));
  fresh_member(path("c.db"), network).reset();
  a.reset();
  b.reset();
  double import_mb = child_peak_mb("--child-import", path("c.db"), bundle_file);

  std::printf("\n%zu entries (%zu records in the bundle)\n", entries, records);
  row("export (build + atomic write)", fmt("%.3f s", median(export_s)), "<= 0.5 s");
  row("  processor time of that export", fmt("%.3f s", median(export_cpu)), "-");
  row("import into an empty database", fmt("%.3f s", median(import_s)), "<= 0.8 s");
  row("plain SQLite insert of the same entry rows", fmt("%.3f s", median(floor_s)), "(the floor)");
  row("import against that floor", fmt("%.2fx", median(import_s) / median(floor_s)), "<= 2.5x");
  row("  processor time of that import", fmt("%.3f s", median(import_cpu)), "-");
  // On a shared, busy machine wall times mostly measure the wait for a processor; processor
  // times compare the work itself.
  row("  processor time of the floor", fmt("%.3f s", median(floor_cpu)), "-");
  row("  import against the floor, processor time",
      fmt("%.2fx", median(import_cpu) / median(floor_cpu)), "<= 2.5x");
  row("  of which unpacking and decoding, one pass", fmt("%.3f s", median(decode_cpu)), "-");
  row("relayed import, chain check on", fmt("%.3f s", median(relayed_s[1])), "-");
  row("  processor time", fmt("%.3f s", median(relayed_cpu[1])), "-");
  row("relayed import, chain check off", fmt("%.3f s", median(relayed_s[0])), "-");
  row("  processor time", fmt("%.3f s", median(relayed_cpu[0])), "-");
  row("  the check, processor time a relayed entry",
      fmt("%.2f us",
          (median(relayed_cpu[1]) - median(relayed_cpu[0])) * 1e6 / static_cast<double>(entries)),
      "-");
  row("bundle size",
      fmt("%.1f B/entry", static_cast<double>(bundle_bytes) / static_cast<double>(entries)),
      "<= 42 B/entry (sample data)");
  row("bundle size, total", fmt("%.2f MB", static_cast<double>(bundle_bytes) / 1e6), "-");
  row("delta after 10 edits", fmt("%.0f bytes", static_cast<double>(delta.bytes.size())),
      "<= 1.5 KB");
  row("import of that delta", fmt("%.4f s", delta_import_s), "-");
  row("import of an already known bundle", fmt("%.4f s", median(known_s)), "fast");
  row("  after a record was set aside", fmt("%.4f s", median(known_aside_s)), "-");
  row("  the same, read in full (before 2026-12-05)", fmt("%.4f s", median(known_in_full_s)), "-");
  row("  with a device revoked", fmt("%.4f s", median(known_revoked_s)), "-");
  row("  the same, read in full (before 2026-12-06)",
      fmt("%.4f s", median(known_revoked_in_full_s)), "-");
  row("peak memory, export (own process)", fmt("%.1f MB", export_mb), "<= 100 MB; 150 MB at 10^6");
  row("peak memory, import (own process)", fmt("%.1f MB", import_mb), "<= 100 MB; 150 MB at 10^6");
  std::printf("  runs (s): export");
  for (double s : export_s) std::printf(" %.3f", s);
  std::printf("; import");
  for (double s : import_s) std::printf(" %.3f", s);
  std::printf("; plain floor");
  for (double s : floor_s) std::printf(" %.3f", s);
  std::printf("; known");
  for (double s : known_s) std::printf(" %.4f", s);
  std::printf("; relayed cpu, check on");
  for (double s : relayed_cpu[1]) std::printf(" %.3f", s);
  std::printf("; off");
  for (double s : relayed_cpu[0]) std::printf(" %.3f", s);
  std::printf("\n");

  if (demo_columns) {
    auto s = open_store(path("a.db"));
    column_breakdown(*s, demo_bundle, entries);
  }

  if (csv != "-") {
    if (!fs::exists(csv)) {
      std::printf("\nsample data: %s not found, skipped\n", csv.c_str());
    } else {
      auto s = open_store(path("csv.db"));
      must(create_network(s->replica(), "Riverside Relief"), "create network");
      auto counts = must(import_csv_file(*s, csv), "import csv");
      auto bundle = must(build_bundle(s->replica()), "export sample");
      size_t n = counts.added + counts.updated + counts.unchanged;
      std::printf("\nsample data (%s, %zu entries)\n", fs::path(csv).filename().c_str(), n);
      row("bundle size",
          fmt("%.1f B/entry", static_cast<double>(bundle.bytes.size()) / static_cast<double>(n)),
          "<= 42 B/entry");
      column_breakdown(*s, bundle.bytes, n);
      // The same sample after `edits` status changes, each a write that supersedes one field
      // (docs/security.md, "Signed versions": their digests travel).
      // (An entry whose status cannot become "cancelled", say an expired one, is passed over.)
      std::vector<Id> ids;
      s->replica().for_each_row(TableId::entries, [&](const Row& r) {
        ids.push_back(r.id);
        return true;
      });
      size_t done = 0;
      for (size_t i = 0; i < ids.size() && done < edits; ++i)
        done += s->entries().set_status(ids[i], Status::cancelled).ok();
      auto edited = must(build_bundle(s->replica()), "export edited sample");
      std::printf("  bundle bytes: %zu; after %zu status changes: %zu (%.1f B a change)\n",
                  bundle.bytes.size(), done, edited.bytes.size(),
                  done ? static_cast<double>(edited.bytes.size() - bundle.bytes.size()) /
                             static_cast<double>(done)
                       : 0.0);
    }
  }
  // MUTUA_BENCH_KEEP=1 keeps the databases and bundles (to profile a child import, say).
  if (const char* keep = std::getenv("MUTUA_BENCH_KEEP"); keep && std::string(keep) == "1") {
    fresh_member(path("fresh.db"), network).reset();  // to import all.mutua into
    std::printf("\nkept %s (fresh.db: an empty member to import all.mutua into)\n", dir.c_str());
  } else {
    fs::remove_all(dir);
  }
  return 0;
}
