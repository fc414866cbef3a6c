#include "sync/codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>

#include <map>
#include <sstream>
#include <unordered_map>

#include "core/varint.hpp"

namespace mutua {

namespace {

// Decoding budget: no length read from the wire may exceed what is left of the input.
thread_local size_t g_budget = 0;

struct DecodeError {
  std::string why;
};

// A byte string whose length is checked against the budget before it is allocated.
struct Bytes {
  std::string data;
  template <class Archive>
  void save(Archive& ar) const {
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(data.size())));
    ar(cereal::binary_data(data.data(), data.size()));
  }
  template <class Archive>
  void load(Archive& ar) {
    cereal::size_type n = 0;
    ar(cereal::make_size_tag(n));
    if (n > g_budget) throw DecodeError{"a column is longer than the bundle"};
    g_budget -= static_cast<size_t>(n);
    data.resize(static_cast<size_t>(n));
    ar(cereal::binary_data(data.data(), data.size()));
  }
};

// A short list whose count is bounded before anything is allocated.
template <typename T, size_t Max>
struct Bounded {
  std::vector<T> items;
  template <class Archive>
  void save(Archive& ar) const {
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(items.size())));
    for (const auto& i : items) ar(i);
  }
  template <class Archive>
  void load(Archive& ar) {
    cereal::size_type n = 0;
    ar(cereal::make_size_tag(n));
    if (n > Max) throw DecodeError{"too many columns"};
    items.resize(static_cast<size_t>(n));
    for (auto& i : items) ar(i);
  }
};

constexpr size_t kMaxColumns = 32;

struct WireTable {
  uint8_t table = 0;
  uint64_t rows = 0;
  Bytes ids, masks, stamp_refs;
  Bounded<Bytes, kMaxColumns> fixed, fields;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(table, rows, ids, masks, stamp_refs, fixed, fields);
  }
};

struct WireBody {
  uint32_t layout = 1;
  uint64_t origin_count = 0, stamp_count = 0;
  Bytes origins, stamps;
  Bounded<WireTable, kTableCount> tables;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(layout, origin_count, stamp_count, origins, stamps, tables);
  }
};

uint64_t zz(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzz(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Timestamps are delta-coded down a column; small numbers are written as they are.
bool is_time(const FieldDef& f) {
  return f.type == FieldType::integer && f.name.size() > 3 &&
         f.name.substr(f.name.size() - 3) == "_at";
}

class Reader {
 public:
  explicit Reader(std::string_view s = {}) : s_(s) {}
  uint64_t var() {
    auto v = varint::get(s_, pos_);
    if (!v) throw DecodeError{"a number is cut short"};
    return *v;
  }
  std::string_view take(size_t n) {
    if (n > s_.size() - pos_) throw DecodeError{"a value is cut short"};
    auto v = s_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  void rewind() { pos_ = 0; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

struct StampKey {
  HlcValue hlc;
  uint32_t origin;
  uint64_t seq;
  HlcValue prev;
  bool operator==(const StampKey&) const = default;
};
struct StampHash {
  size_t operator()(const StampKey& k) const {
    return std::hash<uint64_t>()(k.hlc * 31 + k.seq * 7 + k.origin + k.prev * 13);
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------

struct BodyEncoder::Impl {
  struct Table {
    WireTable wire;
    std::vector<int64_t> last_fixed, last_field;
    int64_t last_ref = 0;
  };
  std::map<uint8_t, Table> tables;
  std::map<Id, uint32_t> origin_index;
  std::string origins;
  std::unordered_map<StampKey, uint32_t, StampHash> stamp_index;
  std::string stamps;
  uint64_t stamp_count = 0;
  HlcValue last_hlc = 0;
  size_t rows = 0;

  uint32_t origin(const Id& id) {
    auto [it, inserted] = origin_index.emplace(id, static_cast<uint32_t>(origin_index.size()));
    if (inserted) origins.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
    return it->second;
  }

  int64_t stamp(const Stamp& s) {
    StampKey k{s.hlc, origin(s.origin), s.seq, s.prev};
    auto [it, inserted] = stamp_index.emplace(k, static_cast<uint32_t>(stamp_count));
    if (inserted) {
      ++stamp_count;
      // Milliseconds and the logical counter go separately: a delta of the packed value would
      // carry sixteen zero bits that no compressor can see through.
      varint::put(stamps, zz(static_cast<int64_t>(hlc_wall_ms(s.hlc) - hlc_wall_ms(last_hlc))));
      varint::put(stamps, s.hlc & 0xFFFF);
      last_hlc = s.hlc;
      varint::put(stamps, k.origin);
      varint::put(stamps, s.seq);
      // prev is usually 0 (a creation) or a little below hlc.
      if (s.prev == 0) {
        varint::put(stamps, 0);
      } else {
        varint::put(stamps, zz(static_cast<int64_t>(hlc_wall_ms(s.hlc) - hlc_wall_ms(s.prev))) + 1);
        varint::put(stamps, s.prev & 0xFFFF);
      }
    }
    return it->second;
  }

  static void put_value(std::string& col, const FieldDef& def, const Value& v, int64_t& last) {
    switch (def.type) {
      case FieldType::integer: {
        int64_t n = std::get<int64_t>(v);
        if (is_time(def)) {
          varint::put(col, zz(n - last));
          last = n;
        } else {
          varint::put(col, zz(n));
        }
        break;
      }
      case FieldType::text: {
        const auto& s = std::get<std::string>(v);
        varint::put(col, s.size());
        col += s;
        break;
      }
      case FieldType::id: {
        const auto& s = std::get<std::string>(v);
        col.append(s.size() == 16 ? s : std::string(16, '\0'));
        break;
      }
    }
  }
};

BodyEncoder::BodyEncoder() : impl_(std::make_unique<Impl>()) {}
BodyEncoder::~BodyEncoder() = default;
size_t BodyEncoder::rows() const { return impl_->rows; }
size_t BodyEncoder::rows_of(TableId t) const {
  auto it = impl_->tables.find(static_cast<uint8_t>(t));
  return it == impl_->tables.end() ? 0 : static_cast<size_t>(it->second.wire.rows);
}

void BodyEncoder::add(const Row& row, uint64_t mask) {
  const auto& def = table_def(row.table);
  auto& t = impl_->tables[static_cast<uint8_t>(row.table)];
  auto& w = t.wire;
  if (w.rows == 0) {
    w.table = static_cast<uint8_t>(row.table);
    w.fixed.items.resize(def.fixed.size());
    w.fields.items.resize(def.fields.size());
    t.last_fixed.assign(def.fixed.size(), 0);
    t.last_field.assign(def.fields.size(), 0);
  }
  ++w.rows;
  ++impl_->rows;
  w.ids.data.append(reinterpret_cast<const char*>(row.id.bytes.data()), 16);
  for (size_t i = 0; i < def.fixed.size(); ++i)
    Impl::put_value(w.fixed.items[i].data, def.fixed[i], row.fixed[i], t.last_fixed[i]);
  if (def.insert_only()) {
    int64_t ref = impl_->stamp(row.stamps[0]);
    varint::put(w.stamp_refs.data, zz(ref - t.last_ref));
    t.last_ref = ref;
    return;
  }
  varint::put(w.masks.data, mask);
  std::vector<int64_t> refs;
  for (size_t f = 0; f < def.fields.size(); ++f) {
    if (!(mask >> f & 1)) continue;
    Impl::put_value(w.fields.items[f].data, def.fields[f], row.fields[f], t.last_field[f]);
    refs.push_back(impl_->stamp(row.stamps[f]));
  }
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

std::string BodyEncoder::finish() {
  WireBody body;
  body.origin_count = impl_->origin_index.size();
  body.stamp_count = impl_->stamp_count;
  body.origins.data = std::move(impl_->origins);
  body.stamps.data = std::move(impl_->stamps);
  for (auto& [id, t] : impl_->tables) body.tables.items.push_back(std::move(t.wire));
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(body);
  }
  return std::move(out).str();
}

// ---------------------------------------------------------------------------------------------

struct BodyDecoder::Impl {
  WireBody body;
  std::vector<Id> origins;
  std::vector<Stamp> stamps;
  struct Cursor {
    Reader ids, masks, refs;
    std::vector<Reader> fixed, fields;
    std::vector<int64_t> last_fixed, last_field;
    int64_t last_ref = 0;
    uint64_t done = 0;
  };
  std::vector<Cursor> cursors;
  size_t table = 0;
  uint64_t total = 0;

  void reset_cursors() {
    cursors.clear();
    for (auto& t : body.tables.items) {
      Cursor c;
      c.ids = Reader(t.ids.data);
      c.masks = Reader(t.masks.data);
      c.refs = Reader(t.stamp_refs.data);
      for (auto& col : t.fixed.items) c.fixed.emplace_back(col.data);
      for (auto& col : t.fields.items) c.fields.emplace_back(col.data);
      c.last_fixed.assign(c.fixed.size(), 0);
      c.last_field.assign(c.fields.size(), 0);
      cursors.push_back(std::move(c));
    }
    table = 0;
  }

  static Value get_value(Reader& r, const FieldDef& def, int64_t& last) {
    switch (def.type) {
      case FieldType::integer: {
        int64_t n = unzz(r.var());
        if (is_time(def)) {
          n += last;
          last = n;
        }
        return n;
      }
      case FieldType::text: {
        uint64_t n = r.var();
        if (n > def.max_bytes)
          throw DecodeError{"field " + std::string(def.name) + " is longer than " +
                            std::to_string(def.max_bytes) + " bytes"};
        return std::string(r.take(static_cast<size_t>(n)));
      }
      case FieldType::id:
        return std::string(r.take(16));
    }
    return int64_t{0};
  }

  const Stamp& stamp_at(int64_t ref) const {
    if (ref < 0 || static_cast<uint64_t>(ref) >= stamps.size())
      throw DecodeError{"a field version points nowhere"};
    return stamps[static_cast<size_t>(ref)];
  }
};

BodyDecoder::BodyDecoder() : impl_(std::make_unique<Impl>()) {}
BodyDecoder::~BodyDecoder() = default;
uint64_t BodyDecoder::total_rows() const { return impl_->total; }
void BodyDecoder::rewind() { impl_->reset_cursors(); }

Result<std::unique_ptr<BodyDecoder>> BodyDecoder::parse(std::string_view data) {
  std::unique_ptr<BodyDecoder> d(new BodyDecoder());
  auto& im = *d->impl_;
  try {
    g_budget = data.size();
    std::istringstream in(std::string(data), std::ios::binary);
    cereal::PortableBinaryInputArchive ar(in);
    ar(im.body);
    if (im.body.layout != 1) return fail("bundle body layout " + std::to_string(im.body.layout) + " is unknown");
    if (im.body.origin_count > bundle_limits::max_origins ||
        im.body.origins.data.size() != im.body.origin_count * 16)
      return fail("bundle is damaged (device list)");
    for (size_t i = 0; i < im.body.origin_count; ++i) {
      Id id;
      std::copy_n(im.body.origins.data.data() + i * 16, 16, id.bytes.begin());
      im.origins.push_back(id);
    }
    // Each version takes at least 4 bytes, which bounds the count before reserving.
    if (im.body.stamp_count > im.body.stamps.data.size() / 4 + 1)
      return fail("bundle is damaged (version count)");
    im.stamps.reserve(static_cast<size_t>(im.body.stamp_count));
    Reader r(im.body.stamps.data);
    HlcValue last = 0;
    for (uint64_t i = 0; i < im.body.stamp_count; ++i) {
      Stamp s;
      auto wall = static_cast<uint64_t>(static_cast<int64_t>(hlc_wall_ms(last)) + unzz(r.var()));
      uint64_t counter = r.var();
      if (counter > 0xFFFF || wall >> 48) return fail("bundle is damaged (a version's clock is out of range)");
      s.hlc = hlc_make(wall, static_cast<uint16_t>(counter));
      last = s.hlc;
      uint64_t o = r.var();
      if (o >= im.origins.size()) return fail("bundle is damaged (unknown device in a version)");
      s.origin = im.origins[o];
      s.seq = r.var();
      uint64_t p = r.var();
      if (p != 0) {
        auto pwall = static_cast<uint64_t>(static_cast<int64_t>(wall) - unzz(p - 1));
        uint64_t pcounter = r.var();
        if (pcounter > 0xFFFF || pwall >> 48) return fail("bundle is damaged (a version's clock is out of range)");
        s.prev = hlc_make(pwall, static_cast<uint16_t>(pcounter));
      }
      im.stamps.push_back(s);
    }
    for (const auto& t : im.body.tables.items) {
      if (t.table >= kTableCount) return fail("bundle holds an unknown kind of record (" + std::to_string(t.table) + ")");
      const auto& def = table_def(static_cast<TableId>(t.table));
      if (t.fixed.items.size() != def.fixed.size() || t.fields.items.size() != def.fields.size())
        return fail("bundle is damaged (column count)");
      if (t.rows > bundle_limits::max_rows || t.ids.data.size() != t.rows * 16)
        return fail("bundle is damaged (row count)");
      im.total += t.rows;
    }
    if (im.total > bundle_limits::max_rows) return fail("bundle holds too many records");
  } catch (const DecodeError& e) {
    return fail("bundle is damaged (" + e.why + ")");
  } catch (const std::exception&) {
    return fail("bundle is damaged (cannot decode its contents)");
  }
  im.reset_cursors();
  return d;
}

Result<bool> BodyDecoder::next(Row& row) {
  auto& im = *impl_;
  while (im.table < im.cursors.size() && im.cursors[im.table].done == im.body.tables.items[im.table].rows)
    ++im.table;
  if (im.table == im.cursors.size()) return false;
  auto& c = im.cursors[im.table];
  const auto& wt = im.body.tables.items[im.table];
  const auto& def = table_def(static_cast<TableId>(wt.table));
  try {
    row.table = def.id;
    auto id = c.ids.take(16);
    std::copy(id.begin(), id.end(), row.id.bytes.begin());
    row.fixed.resize(def.fixed.size());
    for (size_t i = 0; i < def.fixed.size(); ++i)
      row.fixed[i] = Impl::get_value(c.fixed[i], def.fixed[i], c.last_fixed[i]);
    if (def.insert_only()) {
      row.fields.clear();
      c.last_ref += unzz(c.refs.var());
      row.stamps.assign(1, im.stamp_at(c.last_ref));
    } else {
      uint64_t mask = c.masks.var();
      if (mask >> def.fields.size()) throw DecodeError{"a row carries fields that do not exist"};
      uint64_t head = c.refs.var();
      bool single = (head & 1) == 0;
      c.last_ref += unzz(head >> 1);
      row.fields.resize(def.fields.size());
      row.stamps.assign(def.fields.size(), Stamp{});
      bool first = true;
      for (size_t f = 0; f < def.fields.size(); ++f) {
        if (!(mask >> f & 1)) {
          row.fields[f] = default_value(def.fields[f].type);
          continue;
        }
        row.fields[f] = Impl::get_value(c.fields[f], def.fields[f], c.last_field[f]);
        if (!single && !first) c.last_ref += unzz(c.refs.var());
        first = false;
        row.stamps[f] = im.stamp_at(c.last_ref);
      }
    }
  } catch (const DecodeError& e) {
    return fail("bundle is damaged (" + e.why + ")");
  }
  ++c.done;
  return true;
}

}  // namespace mutua
