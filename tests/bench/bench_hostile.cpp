// Hostile-bundle benchmark (not run by ctest): the peak memory of importing bundles an insider
// could make (signed and encrypted with a member's real keys), beside the largest genuine one.
// Each import runs in a process of its own (exec'd afresh), whose peak resident memory (VmHWM)
// is its own; the figure is the median of --runs runs (default 5). docs/security.md.
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMUTUA_BUILD_TESTS=ON
//   cmake --build build-bench -j2 --target bench_hostile && ./build-bench/tests/bench/bench_hostile
//
// Options: --runs N (default 5), --entries N (the genuine bundle; default 100000), --copies N
// (the copies of held ids; default 50000), --keep (leave the bundles and databases made, and
// say where). And `bench_hostile --lost DB FILE`: imports FILE into a copy of DB and prints the
// lost writes kept, to compare two builds on the same files.
#include <sodium.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cereal/archives/portable_binary.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/demo.hpp"
#include "core/lost_creation.hpp"
#include "core/store.hpp"
#include "core/superseded.hpp"
#include "core/varint.hpp"
#include "sync/bundle.hpp"
#include "sync/codec.hpp"
#include "sync/codec_frame.hpp"
#include "sync/network.hpp"
#include "tests/bench/bench_common.hpp"

using namespace mutua;
using namespace mutua::bench;
namespace fs = std::filesystem;

namespace {

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

uint64_t le(std::string_view s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(s[pos + i])} << (8 * i);
  return v;
}
void put_le(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Seals `compressed` under a genuine bundle's header, declaring `plain_size`, with valid
// encryption and signature: what an insider holding the sender's keys can make (the same as
// tests/sync/bundle_surgery.hpp, without doctest).
std::string seal(Store& sender, const std::string& genuine, const std::string& compressed,
                 uint64_t plain_size) {
  const size_t prefix = 14;
  auto h = must(read_bundle_header(genuine), "header");
  size_t hlen = static_cast<size_t>(le(genuine, 10, 4));
  std::string header = genuine.substr(prefix, hlen);
  std::string old_size;
  varint::put(old_size, h.plain_size);
  std::string nonce = header.substr(hlen - 24);
  std::string out = genuine.substr(0, 10);
  std::string new_header = header.substr(0, hlen - 24 - old_size.size());
  varint::put(new_header, plain_size);
  new_header += nonce;
  put_le(out, new_header.size(), 4);
  out += new_header;
  uint64_t body_len = compressed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  put_le(out, body_len, 8);
  size_t body_at = out.size();
  out.resize(body_at + body_len);
  auto network = load_network(sender.replica());
  if (!network) die("no network");
  unsigned char key[32];
  crypto_kdf_derive_from_key(key, sizeof key, 1, "mutuabnd", network->key.data());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + body_at), &written,
      reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(),
      reinterpret_cast<const unsigned char*>(out.data()), body_at, nullptr,
      reinterpret_cast<const unsigned char*>(nonce.data()), key);
  auto keys = device_keys(sender.replica());
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(out.data()), out.size(),
                       keys.secret_key.data());
  out.append(reinterpret_cast<char*>(sig), sizeof sig);
  return out;
}

// Compresses `size` bytes made by `fill(chunk, offset)` as one frame that declares its size.
template <typename Fill>
std::string zstd_stream(uint64_t size, Fill fill) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
  ZSTD_CCtx_setPledgedSrcSize(cctx, size);
  std::string chunk(1 << 20, '\0'), frame, out_buf(ZSTD_CStreamOutSize(), '\0');
  for (uint64_t fed = 0; fed < size;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - fed));
    fill(chunk, fed);
    bool last = fed + n >= size;
    ZSTD_inBuffer in{chunk.data(), n, 0};
    size_t left = 0;
    do {
      ZSTD_outBuffer out{out_buf.data(), out_buf.size(), 0};
      left = ZSTD_compressStream2(cctx, &out, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      if (ZSTD_isError(left)) die("zstd");
      frame.append(out_buf.data(), out.pos);
    } while (last ? left != 0 : in.pos < in.size);
    fed += n;
  }
  ZSTD_freeCCtx(cctx);
  return frame;
}

std::string zstd(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  if (ZSTD_isError(n)) die("zstd");
  out.resize(n);
  return out;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) die("cannot write " + path);
}

// Every row of `store`, then `extra` adds rows to each table.
template <typename Extra>
std::string body_of(Store& store, Extra extra) {
  BodyEncoder enc;
  for (const auto* t : all_tables()) {
    store.replica().for_each_row(t->id, [&](const Row& row) {
      uint64_t mask = 0;
      for (size_t f = 0; f < row.fields.size(); ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      if (!t->insert_only() && !mask) return true;
      enc.add(row, mask);
      return true;
    });
    extra(t->id, enc);
  }
  return enc.finish();
}

// Child: import one bundle into a copy of the template database, print the peak (kB).
int child_main(const std::string& db, const std::string& file) {
  {
    auto s = must(Store::open(db), "open");
    if (file != "-") {
      auto r = import_bundle_file(s->replica(), file);
      std::fprintf(stderr, "%s\n", r ? r->line().c_str() : r.error().c_str());
    }
  }
  std::printf("%ld\n", peak_kb());
  return 0;
}

double child_peak_mb(const std::string& template_db, const std::string& work_db,
                     const std::string& file) {
  for (const char* s : {"", "-wal", "-shm"}) fs::remove(work_db + s);
  fs::copy_file(template_db, work_db);
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string cmd = "'" + self + "' --child '" + work_db + "' '" + file + "' 2>" + work_db + ".log";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) die("cannot start " + cmd);
  long kb = -1;
  if (std::fscanf(p, "%ld", &kb) != 1) kb = -1;
  if (pclose(p) != 0 || kb <= 0) die("child failed: " + cmd);
  return static_cast<double>(kb) / 1024.0;
}

// The lost writes (table 10) the import kept, in the order the store reads them: how many, and
// a hash of their bytes (table, row, version, M), to show a change keeps them byte for byte.
std::string lost_fingerprint(const std::string& work_db) {
  auto s = must(Store::open(work_db), "open work");
  crypto_generichash_state h;
  crypto_generichash_init(&h, nullptr, 0, 8);
  size_t n = 0;
  s->replica().for_each_unknown_row([&](const Row& r) {
    auto w = lost_of(r);
    if (!w) return true;
    ++n;
    std::string bytes(1, static_cast<char>(w->table));
    bytes.append(reinterpret_cast<const char*>(w->row.bytes.data()), 16);
    put_le(bytes, w->version.hlc, 8);
    bytes.append(reinterpret_cast<const char*>(w->version.origin.bytes.data()), 16);
    put_le(bytes, w->version.seq, 8);
    bytes.append(reinterpret_cast<const char*>(w->message.data()), w->message.size());
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
    return true;
  });
  unsigned char out[8];
  crypto_generichash_final(&h, out, sizeof out);
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02x", out[i]);
  return std::to_string(n) + " lost writes kept (hash " + hex + ")";
}

std::string outcome(const std::string& work_db) {
  std::ifstream in(work_db + ".log");
  std::string line;
  std::getline(in, line);
  return line.size() > 90 ? line.substr(0, 87) + "..." : line;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--child") return child_main(argv[2], argv[3]);
  if (argc == 4 && std::string(argv[1]) == "--lost") {
    const std::string work = std::string(argv[2]) + ".lost-work";
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(work + s);
    fs::copy_file(argv[2], work);
    if (child_main(work, argv[3]) != 0) return 1;
    std::printf("%s\n", lost_fingerprint(work).c_str());
    return 0;
  }
  bool keep = false;
  int runs = 5;
  size_t entries = 100000;
  size_t copies = 50000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--keep")
      keep = true;
    else if (a == "--runs" && has_value)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--entries" && has_value)
      entries = static_cast<size_t>(std::atoll(argv[++i]));
    else if (a == "--copies" && has_value)
      copies = static_cast<size_t>(std::atoll(argv[++i]));
  }
  if (sodium_init() < 0) die("libsodium");
  fs::path dir = fs::temp_directory_path() / ("mutua-bench-hostile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto path = [&](const std::string& f) { return (dir / f).string(); };

  // The sender (an insider: a member with its own real keys) and an empty receiving member.
  auto a = must(Store::open(path("a.db")), "open a");
  auto net = must(create_network(a->replica(), "Riverside Relief"), "network");
  {
    auto b = must(Store::open(path("b.db")), "open b");
    must(join_network(b->replica(), encode_join_code(net)), "join");
  }
  Entry seed;
  seed.kind = Kind::need;
  seed.category = "food";
  seed.item = "rice";
  seed.quantity = 6;
  auto need = must(a->entries().add(seed), "add");
  std::string small_genuine = must(build_bundle(a->replica()), "bundle").bytes;

  struct Case {
    std::string name, file;
    std::string receiver;  // the database imported into (a copy of it)
    bool lost = false;     // print the lost writes it kept
  };
  std::vector<Case> cases;
  cases.push_back({"nothing imported (the process itself)", "-", path("b.db")});

  // 1. The empty-body bomb: a body of zeros declaring just under the cap (the finding: an
  // 8 KB bundle declaring 250 MiB peaked at 779 MB).
  {
    const uint64_t size = bundle_limits::max_body_bytes - 4096;
    auto frame =
        zstd_stream(size, [](std::string& c, uint64_t) { std::fill(c.begin(), c.end(), '\0'); });
    write_file(path("empty-bomb.mutua"), seal(*a, small_genuine, frame, size));
    cases.push_back({"empty body bomb (" + std::to_string(size >> 20) + " MiB of zeros)",
                     path("empty-bomb.mutua"), path("b.db")});
  }
  // 2. The same size as one column, the worst a body can cost once decoding begins.
  {
    const uint64_t column = bundle_limits::max_body_bytes - 4096;
    std::ostringstream head(std::ios::binary);
    {
      cereal::PortableBinaryOutputArchive ar(head);
      ar(codec::kLayoutMajor, codec::kLayoutMinor, uint64_t{0}, uint64_t{0});
      ar(cereal::make_size_tag(static_cast<cereal::size_type>(column)));
    }
    std::string prefix = head.str();
    const uint64_t size = prefix.size() + column;
    auto frame = zstd_stream(size, [&](std::string& c, uint64_t at) {
      std::fill(c.begin(), c.end(), '\0');
      if (at == 0) std::memcpy(c.data(), prefix.data(), prefix.size());
    });
    write_file(path("column-bomb.mutua"), seal(*a, small_genuine, frame, size));
    cases.push_back({"one-column bomb (" + std::to_string(column >> 20) + " MiB column)",
                     path("column-bomb.mutua"), path("b.db")});
  }
  // 3. The growth bomb: needs with the longest details under ids that compress to nothing
  // (the finding: a 38 KB bundle became a 177 MB database).
  {
    Row templ = *a->replica().read_row(TableId::entries, need.id);
    std::string bread;
    for (size_t i = 0; i < limits::details_chars; ++i) bread += "\xF0\x9F\x8D\x9E";
    templ.fields[entry_field::details] = bread;
    templ.stamps[entry_field::details] = templ.stamps[entry_field::item];
    auto body = body_of(*a, [&](TableId t, BodyEncoder& enc) {
      if (t != TableId::entries) return;
      for (uint64_t i = 0; i < 20000; ++i) {
        Row r = templ;
        r.id.bytes.fill(0x5A);
        std::memcpy(r.id.bytes.data(), &i, sizeof i);
        enc.add(r, (uint64_t{1} << r.fields.size()) - 1);
      }
    });
    auto bytes = seal(*a, small_genuine, zstd(body), body.size());
    write_file(path("growth-bomb.mutua"), bytes);
    cases.push_back(
        {"growth bomb (20,000 x 8 KB text, " + std::to_string(bytes.size() >> 10) + " KB)",
         path("growth-bomb.mutua"), path("b.db")});
  }
  // 4. The largest genuine bundle this benchmark builds.
  {
    auto g = must(Store::open(path("g.db")), "open g");
    must(join_network(g->replica(), encode_join_code(net)), "join g");
    DemoOptions demo;
    demo.entries = entries;
    must(generate_demo(*g, demo), "demo");
    auto r = must(build_bundle(g->replica()), "bundle");
    write_file(path("genuine.mutua"), r.bytes);
    cases.push_back({"genuine bundle, " + std::to_string(entries) + " entries (" +
                         std::to_string(r.bytes.size() >> 20) + " MB)",
                     path("genuine.mutua"), path("b.db")});
  }
  // 5. Copies of the ids a receiver holds, under other fixed values (a later created_at): every
  // creation loses, and each losing row's writes are kept as lost writes (core/
  // lost_creation.hpp). Then the same copies, each also named by a superseded field's digest
  // (table 9), which comes after the rows.
  {
    auto r = must(Store::open(path("r.db")), "open r");
    must(join_network(r->replica(), encode_join_code(net)), "join r");
    DemoOptions demo;
    demo.entries = copies;
    must(generate_demo(*r, demo), "demo r");
    std::vector<Row> held;
    r->replica().for_each_row(TableId::entries, [&](const Row& row) {
      held.push_back(row);
      return true;
    });
    const Stamp write = a->replica().read_row(TableId::entries, need.id)->stamps[entry_field::item];
    for (bool named : {false, true}) {
      auto body = body_of(*a, [&](TableId t, BodyEncoder& enc) {
        if (t == TableId::entries)
          for (Row copy : held) {
            copy.fixed[entry_fixed::created_at] =
                std::get<int64_t>(copy.fixed[entry_fixed::created_at]) + 1;
            uint64_t mask = 0;
            for (size_t f = 0; f < copy.fields.size(); ++f)
              if (copy.stamps[f].hlc != 0) {
                copy.stamps[f] = write;
                mask |= uint64_t{1} << f;
              }
            enc.add(copy, mask);
          }
        if (t == all_tables().back()->id && named)
          for (const Row& row : held) {
            GoneDigest g{TableId::entries, row.id, 3, write, {}};
            g.version.seq = write.seq + 1;
            g.digest[0] = 1;
            enc.add(gone_row(g), 0);
          }
      });
      auto bytes = seal(*a, small_genuine, zstd(body), body.size());
      const std::string file = path(named ? "copies-named.mutua" : "copies.mutua");
      write_file(file, bytes);
      cases.push_back({std::to_string(held.size()) + " copies of held ids" +
                           (named ? ", each named by a digest (" : " (") +
                           std::to_string(bytes.size() >> 10) + " KB, body " +
                           std::to_string(body.size() >> 10) + " KB)",
                       file, path("r.db"), true});
    }
  }
  a.reset();

  std::printf(
      "bench_hostile: peak resident memory of one import in a fresh process, median of %d runs\n",
      runs);
  std::printf("  (body cap %zu MiB, file cap %zu MiB)\n", bundle_limits::max_body_bytes >> 20,
              kMaxBundleFileBytes >> 20);
  for (const auto& c : cases) {
    std::vector<double> mb;
    for (int i = 0; i < runs; ++i) mb.push_back(child_peak_mb(c.receiver, path("work.db"), c.file));
    std::printf("  %-58s %8.1f MB   %s\n", c.name.c_str(), median(mb),
                outcome(path("work.db")).c_str());
    if (c.lost) std::printf("    %s\n", lost_fingerprint(path("work.db")).c_str());
  }
  if (keep) {
    std::printf("  kept in %s\n", dir.string().c_str());
    return 0;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
