// The bad-bundle corpus (PRODUCT.md section 4.4, 4.7 and 8): every damaged, foreign, forged,
// revoked, future, oversized or invalid bundle is refused with its own reason, and the
// recipient's replicated content is exactly what it was before.
#include <doctest/doctest.h>
#include <sodium.h>
#include <zstd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <random>

#include "bundle_surgery.hpp"
#include "core/validate.hpp"
#include "core/varint.hpp"
#include "sync/codec.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Every row of `store`, every version carried (as build_bundle with no base), with `mutate`
// applied to the row whose id is `target`.
std::string body_with(Store& store, const Id& target, const std::function<void(Row&)>& mutate) {
  BodyEncoder enc;
  bool found = false;
  for (const auto* t : all_tables()) {
    // Fields kept as extras too (a device's sequence claim, core/seq_claim.hpp).
    const auto extras = store.replica().extras_of(t->id);
    store.replica().for_each_row(t->id, [&](const Row& original) {
      Row row = original;
      if (auto it = extras.find(row.id); it != extras.end()) row.extras = it->second;
      if (row.id == target) {
        mutate(row);
        found = true;
      }
      uint64_t mask = 0;
      for (size_t f = 0; f < row.fields.size(); ++f)
        if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
      if (!t->insert_only() && !mask) return true;
      enc.add(row, mask);
      return true;
    });
  }
  // Rows of tables kept as a newer Mutua's (the digests of superseded versions, table 9).
  store.replica().for_each_unknown_row([&](const Row& row) {
    if (row.insert_only) enc.add(row, 0);
    return true;
  });
  REQUIRE(found);
  return enc.finish();
}

// Two devices in one network; A holds a few entries that B has not seen.
struct Pair {
  TempDir dir;
  std::unique_ptr<Store> a = open_store(dir.file("a.db"));
  std::unique_ptr<Store> b = open_store(dir.file("b.db"));
  Network net = found(*a);
  Entry first;
  Pair() {
    join(*b, net);
    first = add(*a, sample_need("rice"));
    add(*a, sample_offer("bottled water"));
    add(*a, sample_need("blankets"));
  }
};

// A device of the pair's network that has heard nothing yet. Each bad copy of one bundle goes
// to a newcomer: to a device that set the record aside, the same versions again look known, and
// are read only for what could answer it (sync/set_aside.hpp).
std::unique_ptr<Store> newcomer(Pair& p, int n) {
  auto s = open_store(p.dir.file("newcomer" + std::to_string(n) + ".db"));
  join(*s, p.net);
  return s;
}

// Tries a bad bundle on `store`: it must be refused, the reason must contain `reason`, and the
// replicated content must be unchanged.
void refused(Store& store, std::string_view bytes, std::string_view reason) {
  auto before = store.replica().content_hash();
  auto r = import_bundle(store.replica(), bytes);
  REQUIRE_MESSAGE(!r.ok(), "a bad bundle was accepted: " << (r.ok() ? r->line() : ""));
  CHECK_MESSAGE(contains(r.error(), reason),
                "refused for \"" << r.error() << "\", expected \"" << reason << "\"");
  CHECK(store.replica().content_hash() == before);
}

// A bundle whose one bad record is set aside: the rest imports, and the reason names the field.
void set_aside(Store& store, std::string_view bytes, std::string_view reason) {
  auto r = import_bundle(store.replica(), bytes);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  REQUIRE(r->set_aside.size() == 1);
  CHECK(r->set_aside[0].count == 1);
  CHECK_MESSAGE(
      contains(r->set_aside[0].reason, reason),
      "set aside for \"" << r->set_aside[0].reason << "\", expected \"" << reason << "\"");
}

uint64_t peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  return 0;
}
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace

TEST_CASE("control: the untouched bundle and a hand-sealed copy of its body are both accepted") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  auto body = body_with(*p.a, p.first.id, [](Row&) {});
  auto crafted = seal(*p.a, genuine, zstd(body), body.size());
  auto r = import_ok(*p.b, crafted);
  CHECK(r.added >= 3);
  CHECK(p.b->entries().get(p.first.id));
  auto r2 = import_ok(*p.b, genuine);
  CHECK(r2.added == 0);
  // B holds exactly what A holds (after A hears of B's own device record).
  import_ok(*p.a, bundle_of(*p.b));
  CHECK(p.b->replica().content_hash() == p.a->replica().content_hash());
}

TEST_CASE("a bundle cut short at every byte offset is refused as cut short") {
  Pair p;
  auto bytes = bundle_of(*p.a);
  REQUIRE(bytes.size() < 8000);  // small enough to try every offset
  auto before = p.b->replica().content_hash();
  for (size_t len = 0; len < bytes.size(); ++len) {
    CAPTURE(len);
    auto r = import_bundle(p.b->replica(), std::string_view(bytes).substr(0, len));
    REQUIRE(!r.ok());
    if (len < kPrefix)
      REQUIRE(r.error() == "this is not a Mutua bundle");
    else
      REQUIRE_MESSAGE(contains(r.error(), "bundle is damaged (it is cut short"), r.error());
    REQUIRE(p.b->replica().content_hash() == before);
  }
  refused(*p.b, bytes + "x", "bundle is damaged (it is cut short or has extra bytes)");
  // The whole bundle still goes in: the refusals above were about the cuts.
  CHECK(import_ok(*p.b, bytes).added >= 3);
}

TEST_CASE("1,000 random single-bit flips are each refused with the reason for where they land") {
  Pair p;
  auto bytes = bundle_of(*p.a);
  const size_t len_at = body_len_at(bytes);
  const uint64_t seed = 20250121;
  std::mt19937_64 rng(seed);
  auto before = p.b->replica().content_hash();
  for (int i = 0; i < 1000; ++i) {
    size_t offset = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(rng);
    int bit = static_cast<int>(rng() % 8);
    std::string bad = bytes;
    bad[offset] = static_cast<char>(bad[offset] ^ (1 << bit));
    auto r = import_bundle(p.b->replica(), bad);
    INFO("seed ", seed, " flip #", i, " at byte ", offset, " bit ", bit, " of ", bytes.size());
    REQUIRE_MESSAGE(!r.ok(), "a damaged bundle was accepted");
    const auto& why = r.error();
    INFO("reason: ", why);
    if (offset < 8) {
      REQUIRE(why == "this is not a Mutua bundle");
    } else if (offset < 10) {
      REQUIRE(
          (contains(why, "made by a newer Mutua (format ") || contains(why, "is not supported")));
    } else if (offset < kPrefix) {
      REQUIRE((contains(why, "cut short") || contains(why, "unreadable header")));
    } else if (offset < len_at) {
      REQUIRE((contains(why, "signature check failed") || contains(why, "unreadable header") ||
               contains(why, "bundle belongs to network") ||
               contains(why, "is from another network also called")));
    } else if (offset < len_at + 8) {
      REQUIRE(why == "bundle is damaged (it is cut short or has extra bytes)");
    } else {
      REQUIRE(why == "bundle is damaged (signature check failed)");
    }
    REQUIRE(p.b->replica().content_hash() == before);
  }
}

TEST_CASE("a bundle from another network names both networks") {
  Pair p;
  TempDir dir;
  auto c = open_store(dir.file("c.db"));
  found(*c, "Hill Camp");
  auto bytes = bundle_of(*p.a);
  refused(*c, bytes, "bundle belongs to network 'Riverside Relief', this device is in 'Hill Camp'");
  // A device in no network at all is told to join one.
  auto lone = open_store(dir.file("lone.db"));
  refused(*lone, bytes, "has not joined a network");
}

TEST_CASE(
    "two networks with the same name are told apart by their ids, in words and in the log's "
    "detail") {
  Pair p;
  TempDir dir;
  auto c = open_store(dir.file("c.db"));
  const Network other = found(*c, "Riverside Relief");  // a second group chose the same name
  const std::string ours = other.id.hex().substr(0, 8);
  const std::string theirs = load_network(p.a->replica())->id.hex().substr(0, 8);
  REQUIRE(ours != theirs);
  // Neither knows the day its network was created (both joined with codes older than version 3,
  // or run a Mutua from before it): the short ids alone tell them apart.
  p.a->replica().local_set("network_created", "");
  c->replica().local_set("network_created", "");
  refused(*c, bundle_of(*p.a),
          "This bundle is from another network also called 'Riverside Relief' (id " + theirs +
              "). This device is in 'Riverside Relief' (id " + ours + ").");
  SyncFailure why;
  REQUIRE_FALSE(import_bundle(c->replica(), bundle_of(*p.a), "test", &why).ok());
  CHECK(why.problem == SyncProblem::other_network);
  // The name first, as an older sync log holds it, then both short ids.
  CHECK(why.detail == "Riverside Relief\t" + theirs + "\t" + ours);
}

TEST_CASE("a signature made by another device's key does not verify") {
  Pair p;
  TempDir dir;
  auto c = open_store(dir.file("c.db"));
  join(*c, p.net);
  auto bytes = bundle_of(*p.a);
  auto forged = bytes;
  resign(forged, device_keys(c->replica()));
  REQUIRE(forged != bytes);
  refused(*p.b, forged, "bundle is damaged (signature check failed)");
  CHECK(import_ok(*p.b, bytes).added >= 3);
}

TEST_CASE("a bundle claiming a known device's id but signed with another key is refused") {
  Pair p;
  TempDir dir;
  auto c = open_store(dir.file("c.db"));
  join(*c, p.net);
  import_ok(*p.b, bundle_of(*p.a));  // B now knows A's public key
  REQUIRE(p.b->devices().get(p.a->replica().device_id()));
  REQUIRE(!p.b->devices().get(p.a->replica().device_id())->public_key.empty());
  add(*p.a, sample_need("tarpaulin"));
  auto bytes = bundle_of(*p.a);
  // C swaps in its own public key, keeps A's id as the sender, and signs validly with its key.
  auto forged = bytes;
  auto c_keys = device_keys(c->replica());
  std::memcpy(forged.data() + sender_key_at(forged), c_keys.public_key.data(), 32);
  resign(forged, c_keys);
  REQUIRE(read_bundle_header(forged)->sender == p.a->replica().device_id());
  refused(*p.b, forged, "but is signed with another key");
  auto r = import_bundle(p.b->replica(), forged);
  REQUIRE(!r.ok());
  CHECK(contains(r.error(), p.a->replica().device_id().hex().substr(0, 8)));
  CHECK(import_ok(*p.b, bytes).added == 1);
}

TEST_CASE("a bundle from a device revoked on the recipient is refused, naming the device") {
  Pair p;
  import_ok(*p.b, bundle_of(*p.a));
  auto a_dev = p.b->devices().get(p.a->replica().device_id());
  REQUIRE(a_dev);
  a_dev->revoked = true;
  {
    auto tx = p.b->replica().transaction();
    REQUIRE(p.b->devices().put(*a_dev).ok());
    tx.commit();
  }
  auto insulin = add(*p.a, sample_need("insulin"));
  auto bytes = bundle_of(*p.a);
  refused(*p.b, bytes,
          "bundle was made by revoked device '" + a_dev->name + "' (" +
              p.a->replica().device_id().hex().substr(0, 8) + ")");
  CHECK(!p.b->entries().get(insulin.id).has_value());
}

TEST_CASE(
    "a revocation made on a third device replicates, and then the revoked sender is refused") {
  Pair p;
  TempDir dir;
  auto coordinator = open_store(dir.file("c.db"));
  join(*coordinator, p.net);
  import_ok(*coordinator, bundle_of(*p.a));
  auto a_dev = coordinator->devices().get(p.a->replica().device_id());
  REQUIRE(a_dev);
  a_dev->revoked = true;
  {
    auto tx = coordinator->replica().transaction();
    REQUIRE(coordinator->devices().put(*a_dev).ok());
    tx.commit();
  }
  // B hears of the revocation from the coordinator before anything from A.
  import_ok(*p.b, bundle_of(*coordinator));
  REQUIRE(p.b->devices().get(p.a->replica().device_id()));
  CHECK(p.b->devices().get(p.a->replica().device_id())->revoked);
  refused(*p.b, bundle_of(*p.a), "revoked device '" + a_dev->name + "'");
}

TEST_CASE("a bundle in a future format asks the volunteer to update") {
  Pair p;
  auto bytes = bundle_of(*p.a);
  CHECK(le(bytes, 8, 2) == kBundleFormat);
  bytes[8] = static_cast<char>(kBundleFormatNewest + 1);
  bytes[9] = 0;
  refused(*p.b, bytes,
          "bundle was made by a newer Mutua (format " + std::to_string(kBundleFormatNewest + 1) +
              "); update this device");
  bytes[8] = 0;
  bytes[9] = 1;
  refused(*p.b, bytes, "bundle was made by a newer Mutua (format 256)");
}

TEST_CASE("a body that would unpack past the limit is refused before it is unpacked") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  // 300 MB of zeros, streamed through zstd so the frame declares its size: about 10 KB.
  const uint64_t huge = 300ull << 20;
  REQUIRE(huge > bundle_limits::max_body_bytes);
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
  ZSTD_CCtx_setPledgedSrcSize(cctx, huge);
  std::string zeros(1 << 20, '\0'), frame, chunk(ZSTD_CStreamOutSize(), '\0');
  for (uint64_t fed = 0; fed < huge; fed += zeros.size()) {
    bool last = fed + zeros.size() >= huge;
    ZSTD_inBuffer in{zeros.data(), zeros.size(), 0};
    size_t left = 0;
    do {
      ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
      left = ZSTD_compressStream2(cctx, &out, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      REQUIRE(!ZSTD_isError(left));
      frame.append(chunk.data(), out.pos);
    } while (last ? left != 0 : in.pos < in.size);
  }
  ZSTD_freeCCtx(cctx);
  std::string().swap(zeros);
  REQUIRE(ZSTD_getFrameContentSize(frame.data(), frame.size()) == huge);
  CHECK(frame.size() < (1u << 20));
  auto bomb = seal(*p.a, genuine, frame, huge);

  bool measured = reset_peak_rss();
  uint64_t before_kb = peak_rss_kb();
  refused(*p.b, bomb, "bundle is too large once unpacked (over 128 MB)");
  if (measured && before_kb > 0) {
    // Had it been unpacked (or its buffer allocated), the peak would have grown by 300 MB.
    CHECK(peak_rss_kb() < before_kb + (64u << 10));
  } else {
    WARN("peak memory could not be measured here; only the message was checked");
  }

  // A frame that does not declare its size at all is refused too (no guessing at a bound).
  std::string body = body_with(*p.a, p.first.id, [](Row&) {});
  ZSTD_CCtx* c2 = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c2, ZSTD_c_contentSizeFlag, 0);
  std::string unsized(ZSTD_compressBound(body.size()), '\0');
  size_t n = ZSTD_compress2(c2, unsized.data(), unsized.size(), body.data(), body.size());
  ZSTD_freeCCtx(c2);
  REQUIRE(!ZSTD_isError(n));
  unsized.resize(n);
  refused(*p.b, seal(*p.a, genuine, unsized, body.size()), "bundle is damaged (compressed body)");
}

TEST_CASE("a text field longer than its bound is refused by the decoder") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  const auto& item = table_def(TableId::entries).fields[entry_field::item];
  auto body = body_with(*p.a, p.first.id, [&](Row& r) {
    r.fields[entry_field::item] = std::string(item.max_bytes + 1, 'x');
  });
  refused(
      *p.b, seal(*p.a, genuine, zstd(body), body.size()),
      "bundle is damaged (field item is longer than " + std::to_string(item.max_bytes) + " bytes)");
  // The same for the long text field, and for a phone number.
  auto details = body_with(*p.a, p.first.id, [&](Row& r) {
    r.fields[entry_field::details] =
        std::string(table_def(TableId::entries).fields[entry_field::details].max_bytes + 1, 'y');
  });
  refused(*p.b, seal(*p.a, genuine, zstd(details), details.size()), "field details is longer than");
  auto phone = body_with(*p.a, p.first.id, [&](Row& r) {
    r.fields[entry_field::contact_phone] = std::string(
        table_def(TableId::entries).fields[entry_field::contact_phone].max_bytes + 1, '1');
  });
  refused(*p.b, seal(*p.a, genuine, zstd(phone), phone.size()),
          "field contact_phone is longer than");
}

TEST_CASE("a record with a text field holding invalid UTF-8 is set aside, naming the field") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  int n = 0;
  for (std::string bad :
       {std::string("rice \xC3\x28"), std::string("\xFF\xFE"), std::string("x\xED\xA0\x80")}) {
    CAPTURE(bad);
    auto b = newcomer(p, n++);
    auto body = body_with(*p.a, p.first.id, [&](Row& r) { r.fields[entry_field::item] = bad; });
    set_aside(*b, seal(*p.a, genuine, zstd(body), body.size()), "entries.item is not valid UTF-8");
    CHECK_FALSE(b->entries().get(p.first.id));
  }
  auto body = body_with(*p.a, p.first.id,
                        [&](Row& r) { r.fields[entry_field::contact_name] = "Ol\xC0\xAF"; });
  set_aside(*p.b, seal(*p.a, genuine, zstd(body), body.size()),
            "entries.contact_name is not valid UTF-8");
  CHECK(entry_count(*p.b) == 2);  // the other two entries came in
}

TEST_CASE("a record with an unknown enum value is set aside, naming the field and the value") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  struct Case {
    std::function<void(Row&)> mutate;
    std::string reason;
  };
  std::vector<Case> cases{
      {[](Row& r) { r.fields[entry_field::status] = int64_t{42}; },
       "entries.status has an unknown value (42)"},
      {[](Row& r) { r.fixed[entry_fixed::kind] = int64_t{7}; },
       "entries.kind has an unknown value (7)"},
      {[](Row& r) { r.fields[entry_field::urgency] = int64_t{-1}; },
       "entries.urgency has an unknown value (-1)"},
      // An offer's status on a need is not refused: two creations sharing an id can leave one
      // (tests/sync/test_insider_fixed.cpp shows how it reads).
  };
  int n = 0;
  for (const auto& c : cases) {
    CAPTURE(c.reason);
    auto b = newcomer(p, n++);
    auto body = body_with(*p.a, p.first.id, c.mutate);
    set_aside(*b, seal(*p.a, genuine, zstd(body), body.size()), c.reason);
    CHECK_FALSE(b->entries().get(p.first.id));
  }
}

// --- Bodies written by hand (docs/bundle-format.md, "Body"), so that a test can put any count,
// length or index into any column and see the decoder refuse it.

namespace {

std::string varints(std::initializer_list<uint64_t> vs) {
  std::string out;
  for (auto v : vs) varint::put(out, v);
  return out;
}
uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
std::string with_length(const std::string& s) {
  return varints({s.size()}) + s;
}

struct HandTable {
  TableId table = TableId::entries;
  uint64_t rows = 1;
  std::string ids, masks, refs;
  std::vector<std::string> fixed, fields;
};

struct HandBody {
  uint32_t layout = 2;
  uint64_t origin_count = 1, stamp_count = 1;
  std::string origins;
  std::vector<std::string> stamps;  // ms, counter, origin, seq, prev
  std::vector<HandTable> tables;

  // Cereal's portable binary archive: an endianness byte, then little-endian numbers; sizes
  // are u64 tags.
  std::string bytes() const {
    std::string out(1, '\1');
    auto bytes_of = [&](const std::string& b) {
      put_le(out, b.size(), 8);
      out += b;
    };
    put_le(out, layout, 4);
    put_le(out, origin_count, 8);
    put_le(out, stamp_count, 8);
    bytes_of(origins);
    put_le(out, stamps.size(), 8);
    for (const auto& st : stamps) bytes_of(st);
    put_le(out, tables.size(), 8);
    for (const auto& t : tables) {
      out.push_back(static_cast<char>(t.table));
      put_le(out, t.rows, 8);
      bytes_of(t.ids);
      bytes_of(t.masks);
      bytes_of(t.refs);
      put_le(out, t.fixed.size(), 8);
      for (const auto& c : t.fixed) bytes_of(c);
      put_le(out, t.fields.size(), 8);
      for (const auto& c : t.fields) bytes_of(c);
    }
    return out;
  }
};

constexpr uint64_t kVersionMs = 1'750'000'000'000;

// The simplest encoding of one value: plain text, integers at scale 1, ids as they are.
std::string plain_column(const FieldDef& def, const Value& v, int64_t coded) {
  if (def.type == FieldType::integer) return varints({1, 0, zigzag(coded)});  // scale 1, varints
  if (def.type == FieldType::text) return varints({0}) + with_length(std::get<std::string>(v));
  return std::get<std::string>(v);
}

// `row` (an entry) as a one-row body, every field carried with one version at kVersionMs.
HandBody hand_body(const Row& row) {
  const auto& def = table_def(TableId::entries);
  HandBody b;
  b.origins = std::string(16, '\7');
  b.stamps = {varints({zigzag(static_cast<int64_t>(kVersionMs))}), varints({0}), varints({0}),
              varints({zigzag(1)}), varints({0})};
  HandTable t;
  t.ids = std::string(reinterpret_cast<const char*>(row.id.bytes.data()), 16);
  t.masks = varints({(uint64_t{1} << def.fields.size()) - 1});
  t.refs = varints({0});
  for (size_t i = 0; i < def.fixed.size(); ++i) {
    int64_t coded = 0;
    if (def.fixed[i].type == FieldType::integer) coded = std::get<int64_t>(row.fixed[i]);
    if (i == entry_fixed::created_at)
      coded = static_cast<int64_t>(kVersionMs) - coded;  // against the version
    t.fixed.push_back(plain_column(def.fixed[i], row.fixed[i], coded));
  }
  for (size_t i = 0; i < def.fields.size(); ++i) {
    int64_t coded = def.fields[i].type == FieldType::integer ? std::get<int64_t>(row.fields[i]) : 0;
    t.fields.push_back(plain_column(def.fields[i], row.fields[i], coded));
  }
  b.tables.push_back(t);
  return b;
}

// Every row decoded and validated: the first reason it fails, or "" if it all reads.
std::string decode_problem(std::string_view body) {
  auto d = BodyDecoder::parse(body);
  if (!d) return d.error();
  Row row;
  for (;;) {
    auto more = (*d)->next(row);
    if (!more) return more.error();
    if (!*more) return "";
    if (auto why = validate_row(row)) return "invalid: " + *why;
  }
}

Row first_row(Store& store, const Id& id) {
  std::optional<Row> found;
  store.replica().for_each_row(TableId::entries, [&](const Row& r) {
    if (r.id == id) found = r;
    return !found;
  });
  REQUIRE(found);
  return *found;
}

}  // namespace

TEST_CASE(
    "control: a hand-written body with every text encoding reads back as the entry it describes") {
  Pair p;
  Row row = first_row(*p.a, p.first.id);
  auto b = hand_body(row);
  auto& f = b.tables[0].fields;
  const auto& category = std::get<std::string>(row.fields[entry_field::category]);
  f[entry_field::category] =
      varints({1, 2}) + with_length("spare") + with_length(category) + varints({1});
  f[entry_field::item] =
      varints({2, 1}) + with_length("rice") + with_length(varints({1})) + varints({0});
  f[entry_field::contact_phone] =
      varints({3}) + with_length(varints({0}) + with_length(p.first.contact_phone)) + varints({0});
  // Scale 3, packed 2 bits wide from base 0: 1 × 3 = 3.
  REQUIRE(p.first.quantity == 3);
  f[entry_field::quantity] = varints({3, 2, 0}) + std::string(1, '\x01');
  // People, packed 64 bits wide: the widest a number can be.
  f[entry_field::people] = varints({1, 64, 0}) + std::string(8, '\0');
  auto body = b.bytes();
  REQUIRE(decode_problem(body).empty());
  auto d = BodyDecoder::parse(body);
  REQUIRE(d.ok());
  Row got;
  REQUIRE((*d)->next(got).ok());
  CHECK(got.fields == row.fields);
  CHECK(got.fixed == row.fixed);
  CHECK(got.stamps[0].hlc == hlc_make(kVersionMs, 0));
  CHECK(got.stamps[0].seq == 1);
  // And sealed, it goes in like any bundle.
  import_ok(*p.b, seal(*p.a, bundle_of(*p.a), zstd(body), body.size()));
  CHECK(p.b->entries().get(p.first.id));
}

TEST_CASE("every count, length and index in a column's encoding is checked before it is used") {
  Pair p;
  Row row = first_row(*p.a, p.first.id);
  const auto& fields = table_def(TableId::entries).fields;
  const size_t item_max = fields[entry_field::item].max_bytes;
  const size_t category_max = fields[entry_field::category].max_bytes;
  struct Case {
    std::string what;
    std::function<void(HandBody&)> damage;
    std::string reason;
  };
  auto field = [](size_t f, std::string bytes) {
    return [f, bytes](HandBody& b) { b.tables[0].fields[f] = bytes; };
  };
  std::vector<Case> cases{
      {"a dictionary claiming more entries than its column has bytes",
       field(entry_field::category, varints({1, 1'000'000'000}) + with_length("food")),
       "a dictionary is longer than its column"},
      {"a dictionary entry longer than the field's bound",
       field(entry_field::category,
             varints({1, 1}) + with_length(std::string(category_max + 1, 'f')) + varints({0})),
       "field category is longer than " + std::to_string(category_max) + " bytes"},
      {"an index past the dictionary",
       field(entry_field::category, varints({1, 1}) + with_length("food") + varints({1})),
       "a text value points past its dictionary"},
      {"an index past the word list",
       field(entry_field::item,
             varints({2, 1}) + with_length("rice") + with_length(varints({2})) + varints({0, 9})),
       "a text value points past its dictionary"},
      {"more words than the field could hold",
       field(entry_field::item, varints({2, 1}) + with_length("x") +
                                    with_length(varints({item_max + 2})) + varints({0})),
       "field item is longer than " + std::to_string(item_max) + " bytes"},
      {"words that together pass the field's bound",
       field(entry_field::item, varints({2, 1}) + with_length(std::string(item_max / 2 + 1, 'r')) +
                                    with_length(varints({2})) + varints({0, 0})),
       "field item is longer than " + std::to_string(item_max) + " bytes"},
      {"a word-count stream longer than its column",
       field(entry_field::item, varints({2, 1}) + with_length("rice") + varints({50, 1, 0})),
       "a text column is cut short"},
      {"word indexes missing",
       field(entry_field::item,
             varints({2, 1}) + with_length("rice") + with_length(varints({3})) + varints({0})),
       "a number is cut short"},
      {"a number of twenty digits",
       field(entry_field::contact_phone,
             varints({3}) + with_length(varints({20})) + varints({0, 1})),
       "a number in a text column is too long"},
      {"a number with more digits than its tag says",
       field(entry_field::contact_phone,
             varints({3}) + with_length(varints({3})) + varints({0, 12345})),
       "a number in a text column has more digits than it says"},
      {"a text encoding that does not exist", field(entry_field::details, varints({4, 0})),
       "a text column's encoding is unknown"},
      {"a number column scaled by zero", field(entry_field::quantity, varints({0, 0, 2})),
       "a number column has no scale"},
      {"numbers packed wider than 64 bits", field(entry_field::quantity, varints({1, 65, 0, 1})),
       "a packed number is wider than 64 bits"},
      {"packed numbers cut short",
       field(entry_field::quantity, varints({1, 9, 0}) + std::string(1, '\x01')),
       "a number is cut short"},
      {"packed phone numbers cut short",
       field(entry_field::contact_phone,
             varints({3}) + with_length(varints({10})) + varints({34, 0}) + "\x01\x02"),
       "a number is cut short"},
      {"four version streams instead of five", [](HandBody& b) { b.stamps.pop_back(); },
       "(version streams)"},
      {"more versions than their stream has bytes", [](HandBody& b) { b.stamp_count = 100; },
       "(version count)"},
      {"a version from a device not in the list", [](HandBody& b) { b.stamps[2] = varints({1}); },
       "(unknown device in a version)"},
      {"a row pointing at a version that is not there",
       [](HandBody& b) { b.tables[0].refs = varints({zigzag(1) << 1}); },
       "a field version points nowhere"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto b = hand_body(row);
    c.damage(b);
    auto why = decode_problem(b.bytes());
    CHECK_MESSAGE(contains(why, "bundle is damaged ("), why);
    CHECK_MESSAGE(contains(why, c.reason), why);
  }
  // Through a whole import, such a body is refused and changes nothing.
  auto b = hand_body(row);
  b.tables[0].fields[entry_field::category] = varints({1, 1}) + with_length("food") + varints({7});
  auto body = b.bytes();
  refused(*p.b, seal(*p.a, bundle_of(*p.a), zstd(body), body.size()),
          "bundle is damaged (a text value points past its dictionary)");
  CHECK(entry_count(*p.b) == 0);
}

TEST_CASE(
    "a body in another layout is refused: an older one asks for a new export, a newer major for an "
    "update") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  auto body = body_with(*p.a, p.first.id, [](Row&) {});
  REQUIRE(le(body, 1, 4) == 3);  // the major, after cereal's endianness byte
  REQUIRE(le(body, 5, 4) == 0);  // the minor
  auto older = body, newer = body;
  older[1] = 1;
  newer[1] = 4;
  refused(*p.b, seal(*p.a, genuine, zstd(older), older.size()),
          "bundle was made by a test version of Mutua (body layout 1); export it again with this "
          "version");
  refused(*p.b, seal(*p.a, genuine, zstd(newer), newer.size()),
          "bundle was made by a newer Mutua (body layout 4); update this device");
}

TEST_CASE(
    "a dictionary-coded body cut at any byte, or with any byte changed, never reads past its "
    "columns") {
  Pair p;
  for (int i = 0; i < 40; ++i) {
    auto e = sample_need("rice " + std::to_string(i % 7) + " bags",
                         std::to_string(4'950'042'685LL + i * 7919));
    const char* words[] = {"stairs", "cash", "shelter", "free", "good", "behind", "the", "gate"};
    for (int w = 0; w < 1 + i % 6; ++w)
      e.details += std::string(w ? " " : "") + words[(i * 5 + w * 3) % 8];
    add(*p.a, e);
  }
  auto body = body_with(*p.a, p.first.id, [](Row&) {});
  REQUIRE(decode_problem(body).empty());
  auto d = BodyDecoder::parse(body);
  REQUIRE(d.ok());
  // The body does exercise the dictionary encodings.
  std::string names;
  for (const auto& c : (*d)->columns()) names += c.name + ";";
  CAPTURE(names);
  CHECK(contains(names, "entries.category (values)"));
  CHECK(contains(names, "entries.details (words)"));
  CHECK(contains(names, "entries.contact_phone (numbers)"));
  for (size_t len = 0; len < body.size(); ++len) {
    CAPTURE(len);
    REQUIRE(contains(decode_problem(std::string_view(body).substr(0, len)), "bundle is damaged ("));
  }
  const uint64_t seed = 20250212;
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 2000; ++i) {
    std::string bad = body;
    size_t at = std::uniform_int_distribution<size_t>(0, bad.size() - 1)(rng);
    bad[at] = static_cast<char>(rng());
    CAPTURE(seed);
    CAPTURE(at);
    // Refused for a reason, or read as other valid rows; never a crash or an out-of-bounds read
    // (the sanitizer build checks the latter).
    auto why = decode_problem(bad);
    CHECK((why.empty() || contains(why, "bundle is damaged (") || contains(why, "invalid: ") ||
           contains(why, "unknown kind of record") || contains(why, "too many records") ||
           contains(why, "body layout")));
  }
}

TEST_CASE("a damaged body under a valid signature is refused, all or nothing") {
  Pair p;
  auto genuine = bundle_of(*p.a);
  auto body = body_with(*p.a, p.first.id, [](Row&) {});
  // Cut the (decompressed) body short: rows before the cut are fine, but none may land.
  auto cut = body.substr(0, body.size() - 7);
  refused(*p.b, seal(*p.a, genuine, zstd(cut), cut.size()), "bundle is damaged (");
  // A sealed body that is not zstd at all.
  refused(*p.b, seal(*p.a, genuine, body, body.size()), "bundle is damaged (compressed body)");
  CHECK(entry_count(*p.b) == 0);
}

namespace {
// Refused, and the reason also comes as a fact: its kind and its parameter.
void refused_as(Store& store, std::string_view bytes, SyncProblem problem,
                const std::string& detail = {}) {
  SyncFailure why;
  auto r = import_bundle(store.replica(), bytes, "bundle", &why);
  REQUIRE_MESSAGE(!r.ok(), "a bad bundle was accepted: " << (r.ok() ? r->line() : ""));
  CHECK_MESSAGE(why.problem == problem, "refused for \"" << r.error() << "\" as kind "
                                                         << int(why.problem) << ", expected "
                                                         << int(problem));
  CHECK(why.detail == detail);
}
}  // namespace

TEST_CASE("each refusal also comes as a fact a screen can word: its kind and parameter") {
  Pair p;
  auto bytes = bundle_of(*p.a);
  refused_as(*p.b, "shopping list", SyncProblem::not_a_bundle);
  refused_as(*p.b, std::string_view(bytes).substr(0, bytes.size() / 2), SyncProblem::damaged);
  auto future = bytes;
  future[8] = static_cast<char>(kBundleFormatNewest + 1);
  refused_as(*p.b, future, SyncProblem::newer_format, std::to_string(kBundleFormatNewest + 1));
  TempDir dir;
  auto hill = open_store(dir.file("hill.db"));
  found(*hill, "Hill Camp");
  refused_as(*p.b, bundle_of(*hill), SyncProblem::other_network, "Hill Camp");
  auto lone = open_store(dir.file("lone.db"));
  refused_as(*lone, bytes, SyncProblem::no_network);
  // A revoked sender is named by its device name.
  import_ok(*p.b, bytes);
  auto a_dev = p.b->devices().get(p.a->replica().device_id());
  REQUIRE(a_dev);
  REQUIRE(!a_dev->name.empty());
  a_dev->revoked = true;
  {
    auto tx = p.b->replica().transaction();
    REQUIRE(p.b->devices().put(*a_dev).ok());
    tx.commit();
  }
  add(*p.a, sample_need("insulin"));
  refused_as(*p.b, bundle_of(*p.a), SyncProblem::revoked_device, a_dev->name);
  // An accepted bundle leaves no problem behind.
  SyncFailure why{SyncProblem::damaged, "stale"};
  auto ok = import_bundle(hill->replica(), bundle_of(*hill), "bundle", &why);
  REQUIRE(ok.ok());
  CHECK(why.problem == SyncProblem::none);
  CHECK(why.detail.empty());
}
