// The body encoder's bytes for a fixed set of rows, pinned: a change to how the encoder holds
// its values while it works (sync/codec_columns.hpp, ColumnBuilder; its stamp index) must not
// change one byte it writes. A deliberate change of the encoding changes the digest here, and
// says so in its commit.
#include <doctest/doctest.h>
#include <sodium.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/schema.hpp"
#include "sync/codec.hpp"

using namespace mutua;

namespace {

// Ids 1, 2, 3...: the same rows on every run.
Id pinned_id(uint64_t n) {
  Id id;
  for (int i = 0; i < 8; ++i) id.bytes[15 - i] = static_cast<uint8_t>(n >> (8 * i));
  id.bytes[0] = 0xA5;
  return id;
}

Row pinned_row(TableId table, uint64_t n, const Stamp& stamp) {
  const auto& def = table_def(table);
  Row r;
  r.table = table;
  r.id = pinned_id(n);
  for (const auto& f : def.fixed) r.fixed.push_back(default_value(f.type));
  for (const auto& f : def.fields) r.fields.push_back(default_value(f.type));
  r.stamps.assign(def.insert_only() ? 1 : def.fields.size(), stamp);
  return r;
}

std::string hex_digest(const std::string& bytes) {
  unsigned char d[32];
  crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[2 * sizeof d + 1];
  return sodium_bin2hex(hex, sizeof hex, d, sizeof d);
}

}  // namespace

TEST_CASE("the body encoder writes the same bytes for the same rows") {
  REQUIRE(sodium_init() >= 0);
  const Id a = pinned_id(9001), b = pinned_id(9002), c = pinned_id(9003);
  const std::vector<std::string> categories{"food", "water", "health", "shelter"};
  const std::vector<std::string> words{"gate", "morning", "pickup", "Київ", "sealed", "x"};
  const std::vector<int64_t> extremes{INT64_MIN, INT64_MAX, -1, 0, 1, INT64_MIN + 1, 1000};
  BodyEncoder enc;
  uint64_t seed = 11;
  auto rnd = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (uint64_t i = 0; i < 300; ++i) {
    const Id& origin = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
    const uint64_t ms = 1'750'000'000'000 + (i % 7) * 86'400'000 + i * 977;
    Row r = pinned_row(TableId::entries, i + 1,
                       Stamp{hlc_make(ms, static_cast<uint16_t>(i % 5)), origin, 10 + i / 3,
                             i % 4 ? hlc_make(ms - 5000, 1) : 0});
    r.fixed[entry_fixed::ticket] = "RIV-" + std::to_string(1000 + i * 7);
    r.fixed[entry_fixed::kind] = int64_t(i % 2);
    r.fixed[entry_fixed::created_at] =
        i < extremes.size() ? extremes[i] : static_cast<int64_t>(ms) - 3000;
    r.fields[entry_field::category] = categories[i % categories.size()];
    std::string details;
    for (size_t w = rnd() % 9; w > 0; --w)
      details += (details.empty() ? "" : " ") + words[rnd() % words.size()];
    r.fields[entry_field::details] = details;
    r.fields[entry_field::item] = "item " + std::to_string(rnd() % 100000);
    r.fields[entry_field::contact_phone] = std::to_string(2'000'000'000 + rnd() % 7'000'000'000);
    r.fields[entry_field::quantity] = extremes[i % extremes.size()];
    r.fields[entry_field::expires_at] = i % 5 ? int64_t(0) : static_cast<int64_t>(ms + 86'400'000);
    r.stamps[entry_field::status] = Stamp{hlc_make(ms + 1, 1), c, 7 + i, 0};
    // A field carried alone now and then (the mask), and a column of a newer Mutua.
    uint64_t mask = i % 11 == 0 ? (uint64_t{1} << entry_field::status) : ~uint64_t{0};
    if (i % 13 == 0)
      r.extras.push_back(ExtraValue{77,
                                    false,
                                    FieldType::text,
                                    {},
                                    "extra " + std::to_string(i),
                                    Stamp{hlc_make(ms + 2, 0), b, 500 + i, 0}});
    enc.add(r, mask);
  }
  for (uint64_t i = 0; i < 40; ++i) {
    Row h = pinned_row(TableId::handovers, 1000 + i,
                       Stamp{hlc_make(1'750'000'000'000 + i * 1000, 0), a, 50 + i, 0});
    h.fixed[handover_fixed::match] = id_value(pinned_id(5000 + i));
    h.fixed[handover_fixed::quantity] = int64_t(i) - 10;
    h.fixed[handover_fixed::created_at] = int64_t(1'750'000'000'000 + i * 1000);
    enc.add(h, 0);
    Row e = pinned_row(TableId::events, 2000 + i,
                       Stamp{hlc_make(1'750'000'000'000 + i * 3, 2), b, 3 + i, 0});
    e.fixed[event_fixed::entry] = id_value(pinned_id(i + 1));
    e.fixed[event_fixed::at] = static_cast<int64_t>(hlc_make(1'750'000'000'000 + i * 3, 2));
    e.fixed[event_fixed::summary] = i % 2 ? "status changed" : "quantity changed";
    enc.add(e, 0);
  }
  CHECK(enc.rows() == 380);
  const std::string body = enc.finish();
  MESSAGE("body: " << body.size() << " bytes");
  // Found with the encoder as it stood at 78589ba, before its values were packed as they come.
  CHECK(body.size() == 40713);
  CHECK(hex_digest(body) == "b919095bc950ead28b613d86d2348e28c6d25369bf32d80ae70a5530de458060");

  // And it reads back, whole.
  auto dec = BodyDecoder::parse(body);
  REQUIRE_MESSAGE(dec.ok(), (dec.ok() ? "" : dec.error()));
  CHECK((*dec)->total_rows() == 380);
}
