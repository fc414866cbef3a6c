// The body encoder: rows in, one self-describing column per field out (layout 3).
#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <map>
#include <ostream>
#include <streambuf>
#include <unordered_map>

#include "sync/codec.hpp"
#include "sync/codec_frame.hpp"

namespace mutua {

using namespace codec;

namespace {

struct StampKey {
  HlcValue hlc;
  uint32_t origin;
  uint64_t seq;
  HlcValue prev;
  bool operator==(const StampKey&) const = default;
};

// The stamps written so far, each with its index (the order they were first seen). A full bundle
// holds a stamp per row or so: open addressing over the keys kept once takes about 40 bytes a
// stamp, where a node-based map took about 75.
class StampIndex {
 public:
  // k's index, and whether k is new (it then takes the next index).
  std::pair<uint32_t, bool> insert(const StampKey& k) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(k) & mask;; i = (i + 1) & mask) {
      const uint32_t slot = slots_[i];
      if (slot == 0) {
        keys_.push_back(k);
        slots_[i] = static_cast<uint32_t>(keys_.size());
        return {static_cast<uint32_t>(keys_.size() - 1), true};
      }
      if (keys_[slot - 1] == k) return {slot - 1, false};
    }
  }
  void clear() {
    std::vector<StampKey>().swap(keys_);
    std::vector<uint32_t>().swap(slots_);
  }

 private:
  static size_t hash(const StampKey& k) {
    uint64_t h = k.hlc * 0x9E3779B97F4A7C15ull ^ k.seq * 0xC2B2AE3D27D4EB4Full ^
                 k.prev * 0x165667B19E3779F9ull ^ k.origin;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void grow() {
    std::vector<uint32_t> slots(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (size_t k = 0; k < keys_.size(); ++k) {
      size_t i = hash(keys_[k]) & mask;
      while (slots[i]) i = (i + 1) & mask;
      slots[i] = static_cast<uint32_t>(k + 1);
    }
    slots_.swap(slots);
  }

  std::vector<StampKey> keys_;
  std::vector<uint32_t> slots_;  // 0: empty; else an index into keys_, plus one
};

ColumnDesc desc_of(const FieldDef& f, bool fixed) {
  return {f.id, fixed, f.type, f.coding, f.max_bytes, std::string(f.name)};
}

// An ostream's buffer that appends to a string.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, static_cast<size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof()))
      out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }

 private:
  std::string& out_;
};

// One value to go into a row's column, with its version (none for fixed values).
struct Cell {
  size_t column;
  const Value* value;
  const Stamp* stamp;
};

struct EncTable {
  WireTable wire;
  bool insert_only = false;
  const TableDef* def = nullptr;  // null for a table of a newer Mutua
  std::vector<ColumnDesc> descs;
  std::vector<ColumnBuilder> builders;
  std::vector<size_t> bit_of;  // per column: its bit in a row's mask (fields only)
  size_t field_columns = 0;
  std::unordered_map<uint16_t, size_t> by_id;
  std::vector<int64_t> ref_ms;  // per row: the time its before_version columns are written against
  int64_t last_ref = 0;

  size_t declare(ColumnDesc d) {
    size_t i = descs.size();
    by_id.emplace(d.id, i);
    bit_of.push_back(d.fixed ? 0 : field_columns++);
    builders.emplace_back();
    // A fixed column first seen part-way down gets its default ("not known") in earlier rows.
    if (d.fixed)
      for (uint64_t r = 0; r < wire.rows; ++r) builders[i].add(d.type, default_value(d.type));
    descs.push_back(std::move(d));
    return i;
  }
  // The column of an extra value, declared on first sight; nullopt if it cannot be carried.
  std::optional<size_t> column_of(const ExtraValue& e) {
    auto it = by_id.find(e.column);
    if (it != by_id.end()) {
      const auto& d = descs[it->second];
      if (d.fixed != e.fixed || d.type != e.type) return std::nullopt;
      return it->second;
    }
    if (!e.fixed && field_columns == kMaxFieldColumns) return std::nullopt;
    return declare({e.column, e.fixed, e.type, e.coding, kUnknownTextMaxBytes,
                    "column " + std::to_string(e.column)});
  }
};

}  // namespace

struct BodyEncoder::Impl {
  uint32_t major = kLayoutMajor, minor = kLayoutMinor;
  std::map<uint16_t, EncTable> tables;
  std::map<Id, uint32_t> origin_index;
  std::string origins;
  StampIndex stamp_index;
  std::string stamps[kStampStreams];
  std::vector<uint64_t> last_seq;  // per origin
  uint64_t stamp_count = 0;
  HlcValue last_hlc = 0;
  size_t rows = 0;
  std::vector<Cell> cells;    // reused from row to row
  std::vector<int64_t> refs;  // likewise

  const Id* last_origin = nullptr;  // the origin looked up last (stamps' ids outlive a row)
  Id last_origin_id;
  uint32_t last_origin_index = 0;

  uint32_t origin(const Id& id) {
    if (last_origin && id == last_origin_id) return last_origin_index;
    last_origin = &last_origin_id;
    last_origin_id = id;
    last_origin_index = origin_uncached(id);
    return last_origin_index;
  }

  uint32_t origin_uncached(const Id& id) {
    auto [it, inserted] = origin_index.emplace(id, static_cast<uint32_t>(origin_index.size()));
    if (inserted) {
      origins.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
      last_seq.push_back(0);
    }
    return it->second;
  }

  // The version written last, and its index: a row's fields mostly share one version.
  Stamp last_stamp;
  int64_t last_stamp_ref = -1;

  int64_t stamp(const Stamp& s) {
    if (last_stamp_ref >= 0 && s == last_stamp) return last_stamp_ref;
    last_stamp = s;
    last_stamp_ref = stamp_uncached(s);
    return last_stamp_ref;
  }

  int64_t stamp_uncached(const Stamp& s) {
    StampKey k{s.hlc, origin(s.origin), s.seq, s.prev};
    auto [index, inserted] = stamp_index.insert(k);
    if (inserted) {
      ++stamp_count;
      // Milliseconds and the logical counter go separately: a delta of the packed value would
      // carry sixteen zero bits that no compressor can see through.
      varint::put(stamps[s_ms], zz(wrap_sub(wall(s.hlc), wall(last_hlc))));
      varint::put(stamps[s_counter], s.hlc & 0xFFFF);
      last_hlc = s.hlc;
      varint::put(stamps[s_origin], k.origin);
      // Each origin numbers its changes, so a sequence number is a small step from its last.
      varint::put(stamps[s_seq], zz(static_cast<int64_t>(s.seq - last_seq[k.origin])));
      last_seq[k.origin] = s.seq;
      // prev is usually 0 (a creation) or a little below hlc.
      if (s.prev == 0) {
        varint::put(stamps[s_prev], 0);
      } else {
        varint::put(stamps[s_prev], zz(wrap_sub(wall(s.hlc), wall(s.prev))) + 1);
        varint::put(stamps[s_prev], s.prev & 0xFFFF);
      }
    }
    return index;
  }

  EncTable& table_for(const Row& row) {
    auto& t = tables[static_cast<uint16_t>(row.table)];
    if (t.wire.rows == 0 && t.descs.empty()) {
      t.wire.table = static_cast<uint16_t>(row.table);
      if (is_known_table(row.table)) {
        t.def = &table_def(row.table);
        t.insert_only = t.def->insert_only();
        for (const auto& f : t.def->fixed) t.declare(desc_of(f, true));
        for (const auto& f : t.def->fields) t.declare(desc_of(f, false));
      } else {
        t.insert_only = row.insert_only;
      }
      t.wire.kind =
          static_cast<uint8_t>(t.insert_only ? TableKind::insert_only : TableKind::registers);
    }
    return t;
  }
};

BodyEncoder::BodyEncoder() : impl_(std::make_unique<Impl>()) {}
BodyEncoder::BodyEncoder(uint32_t major, uint32_t minor) : BodyEncoder() {
  impl_->major = major;
  impl_->minor = minor;
}
BodyEncoder::~BodyEncoder() = default;
size_t BodyEncoder::rows() const {
  return impl_->rows;
}
size_t BodyEncoder::rows_of(TableId t) const {
  auto it = impl_->tables.find(static_cast<uint16_t>(t));
  return it == impl_->tables.end() ? 0 : static_cast<size_t>(it->second.wire.rows);
}

void BodyEncoder::add(const Row& row, uint64_t mask) {
  auto& t = impl_->table_for(row);
  auto& w = t.wire;
  const size_t nfixed = t.def ? t.def->fixed.size() : 0;
  w.ids.data.append(reinterpret_cast<const char*>(row.id.bytes.data()), 16);

  // The carried fields in mask order: schema fields first, then columns of a newer Mutua.
  auto& cells = impl_->cells;
  cells.clear();
  if (t.def && !t.insert_only)
    for (size_t f = 0; f < t.def->fields.size(); ++f)
      if (mask >> f & 1) cells.push_back({nfixed + f, &row.fields[f], &row.stamps[f]});
  std::vector<Cell> fixed_extras;
  for (const auto& e : row.extras) {
    auto col = t.column_of(e);
    if (!col) continue;
    if (e.fixed)
      fixed_extras.push_back({*col, &e.value, nullptr});
    else if (!t.insert_only)
      cells.push_back({*col, &e.value, &e.stamp});
  }
  if (!row.extras.empty())
    std::sort(cells.begin(), cells.end(), [&](const Cell& a, const Cell& b) {
      return t.bit_of[a.column] < t.bit_of[b.column];
    });

  // Fixed times are written against the time of the row's (first carried) version: a record's
  // creation is close before its last change, and often to the very second.
  int64_t ref_ms = 0;
  if (t.insert_only) {
    int64_t ref = impl_->stamp(row.stamps[0]);
    varint::put(w.stamp_refs.data, zz(ref - t.last_ref));
    t.last_ref = ref;
    ref_ms = wall(row.stamps[0].hlc);
  } else {
    uint64_t full = 0;
    auto& refs = impl_->refs;
    refs.clear();
    for (const auto& c : cells) {
      full |= uint64_t{1} << t.bit_of[c.column];
      if (refs.empty()) ref_ms = wall(c.stamp->hlc);
      refs.push_back(impl_->stamp(*c.stamp));
      t.builders[c.column].add(t.descs[c.column].type, *c.value);
    }
    varint::put(w.masks.data, full);
    bool single = std::all_of(refs.begin(), refs.end(), [&](int64_t r) { return r == refs[0]; });
    if (refs.empty()) refs.push_back(t.last_ref);
    // Low bit: 0 = one version for every field carried, 1 = one version per field.
    varint::put(w.stamp_refs.data, (zz(refs[0] - t.last_ref) << 1) | (single ? 0 : 1));
    t.last_ref = refs[0];
    if (!single) {
      for (size_t i = 1; i < refs.size(); ++i) {
        varint::put(w.stamp_refs.data, zz(refs[i] - t.last_ref));
        t.last_ref = refs[i];
      }
    }
  }
  t.ref_ms.push_back(ref_ms);
  for (size_t i = 0; i < nfixed; ++i) t.builders[i].add(t.descs[i].type, row.fixed[i]);
  for (const auto& c : fixed_extras)
    if (t.builders[c.column].count == w.rows)
      t.builders[c.column].add(t.descs[c.column].type, *c.value);
  ++w.rows;
  ++impl_->rows;
  for (size_t i = nfixed; i < t.descs.size(); ++i) {
    const auto& d = t.descs[i];
    if (d.fixed && t.builders[i].count < w.rows) t.builders[i].add(d.type, default_value(d.type));
  }
}

std::string BodyEncoder::finish() {
  auto& im = *impl_;
  // No stamp is added from here on: its index (about 40 MB for a million rows) goes before the
  // columns are made.
  im.stamp_index.clear();
  WireBody body;
  body.origin_count = im.origin_index.size();
  body.stamp_count = im.stamp_count;
  body.origins.data = std::move(im.origins);
  for (auto& s : im.stamps) body.stamps.items.push_back(Bytes{std::move(s)});
  for (auto& [id, t] : im.tables) {
    for (size_t i = 0; i < t.descs.size(); ++i) {
      const auto& d = t.descs[i];
      auto [encoding, bytes] = t.builders[i].finish(d, t.ref_ms);
      t.wire.columns.items.push_back(WireColumn{
          d.id, static_cast<uint8_t>(d.fixed ? codec::Role::fixed : codec::Role::field),
          static_cast<uint8_t>(d.type), static_cast<uint8_t>(encoding), Bytes{std::move(bytes)}});
    }
    body.tables.items.push_back(std::move(t.wire));
  }
  // Written into a string reserved to the body's size: an ostringstream's buffer would double
  // as it grew, copying the body each time.
  size_t size = 64 + body.origins.data.size();
  for (const auto& s : body.stamps.items) size += 16 + s.data.size();
  for (const auto& t : body.tables.items) {
    size += 64 + t.ids.data.size() + t.masks.data.size() + t.stamp_refs.data.size();
    for (const auto& c : t.columns.items) size += 32 + c.data.data.size();
  }
#ifdef __GLIBC__
  // The builders' memory is free now but held by the allocator in pieces too small for the body:
  // give it back before the body's one large block is taken (about 75 MB less at a million rows).
  malloc_trim(0);
#endif
  std::string plain;
  plain.reserve(size);
  StringSink sink(plain);
  std::ostream out(&sink);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(im.major, im.minor, body);
  }
  return plain;
}

}  // namespace mutua
