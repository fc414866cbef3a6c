// The body decoder: layout 3 by its descriptors, layout 2 by descriptors synthesized from the
// schema, both through the same column readers. Columns and tables it does not know come back
// as extras, to be stored and passed on.
#include <algorithm>
#include <optional>
#include <sstream>

#include "sync/codec.hpp"
#include "sync/codec_frame.hpp"

namespace mutua {

using namespace codec;

namespace {

struct DecodeColumn {
  ColumnDesc desc;
  Encoding encoding = Encoding::int_plain;
  std::string_view bytes;
  int known = -1;  // index into the schema's fixed values or fields; -1 for a newer Mutua's column
  ColumnReader reader;
};

struct Cursor {
  uint16_t table = 0;
  const TableDef* def = nullptr;  // null for a table of a newer Mutua
  bool insert_only = false;
  uint64_t rows = 0;
  std::string_view ids_bytes, masks_bytes, refs_bytes;
  std::vector<DecodeColumn> columns;  // never resized once the readers point into it
  std::vector<size_t> fixed, fields;  // column indexes; fields in mask order
  // Known fixed values and fields this bundle has no column for: they get their defaults.
  std::vector<size_t> absent_fixed, absent_fields;
  Reader ids, masks, refs;
  int64_t last_ref = 0;
  uint64_t done = 0;
  std::string name;  // for messages and benchmarks
};

// A read-only stream over bytes that stay where they are.
struct ViewBuf : std::streambuf {
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());
    setg(p, p, p + s.size());
  }
};

std::string newer_layout(uint32_t major, uint32_t minor, const std::string& what) {
  return "bundle was made by a newer Mutua (body layout " + std::to_string(major) + "." +
         std::to_string(minor) + ", " + what + "); update this device";
}

}  // namespace

struct BodyDecoder::Impl {
  WireBody body;
  WireBody2 body2;
  std::vector<Id> origins;
  std::vector<Stamp> stamps;
  std::vector<Cursor> cursors;
  size_t table = 0;
  uint64_t total = 0;

  void reset_cursors() {
    for (auto& c : cursors) {
      c.ids = Reader(c.ids_bytes);
      c.masks = Reader(c.masks_bytes);
      c.refs = Reader(c.refs_bytes);
      for (auto& col : c.columns) col.reader.rewind();
      c.last_ref = 0;
      c.done = 0;
    }
    table = 0;
  }

  const Stamp& stamp_at(int64_t ref) const {
    if (ref < 0 || static_cast<uint64_t>(ref) >= stamps.size())
      throw DecodeError{"a field version points nowhere"};
    return stamps[static_cast<size_t>(ref)];
  }

  std::optional<std::string> decode_origins(const Bytes& list, uint64_t count) {
    if (count > bundle_limits::max_origins || list.data.size() != count * 16) return "device list";
    for (size_t i = 0; i < count; ++i) {
      Id id;
      std::copy_n(list.data.data() + i * 16, 16, id.bytes.begin());
      origins.push_back(id);
    }
    return std::nullopt;
  }

  std::optional<std::string> decode_stamps(const std::vector<Bytes>& streams, uint64_t count) {
    if (streams.size() != kStampStreams) return "version streams";
    // Each version takes at least a byte of the milliseconds stream: a bound before reserving.
    if (count > streams[s_ms].data.size()) return "version count";
    stamps.reserve(static_cast<size_t>(count));
    Reader r[kStampStreams];
    for (size_t i = 0; i < kStampStreams; ++i) r[i] = Reader(streams[i].data);
    std::vector<uint64_t> last_seq(origins.size(), 0);
    HlcValue last = 0;
    for (uint64_t i = 0; i < count; ++i) {
      Stamp s;
      auto ms = static_cast<uint64_t>(wrap_add(wall(last), unzz(r[s_ms].var())));
      uint64_t counter = r[s_counter].var();
      if (counter > 0xFFFF || ms >> 48) return "a version's clock is out of range";
      s.hlc = hlc_make(ms, static_cast<uint16_t>(counter));
      last = s.hlc;
      uint64_t o = r[s_origin].var();
      if (o >= origins.size()) return "unknown device in a version";
      s.origin = origins[o];
      s.seq = last_seq[o] + static_cast<uint64_t>(unzz(r[s_seq].var()));
      last_seq[o] = s.seq;
      uint64_t p = r[s_prev].var();
      if (p != 0) {
        auto pms = static_cast<uint64_t>(wrap_sub(static_cast<int64_t>(ms), unzz(p - 1)));
        uint64_t pcounter = r[s_prev].var();
        if (pcounter > 0xFFFF || pms >> 48) return "a version's clock is out of range";
        s.prev = hlc_make(pms, static_cast<uint16_t>(pcounter));
      }
      stamps.push_back(s);
    }
    return std::nullopt;
  }

  // Checks the row count and parses every column's header. Returns a reason, or nullopt.
  std::optional<std::string> open(Cursor& c, uint64_t rows, const Bytes& ids, const Bytes& masks,
                                  const Bytes& refs) {
    if (rows > bundle_limits::max_rows || ids.data.size() != rows * 16) return "row count";
    c.rows = rows;
    total += rows;
    c.ids_bytes = ids.data;
    c.masks_bytes = masks.data;
    c.refs_bytes = refs.data;
    for (size_t i = 0; i < c.columns.size(); ++i) {
      auto& col = c.columns[i];
      (col.desc.fixed ? c.fixed : c.fields).push_back(i);
      col.reader = ColumnReader::parse(col.desc, col.encoding, col.bytes);
    }
    if (c.fields.size() > kMaxFieldColumns) return "column count";
    if (c.def) {
      std::vector<bool> fixed_seen(c.def->fixed.size()), field_seen(c.def->fields.size());
      for (const auto& col : c.columns)
        if (col.known >= 0)
          (col.desc.fixed ? fixed_seen : field_seen)[static_cast<size_t>(col.known)] = true;
      for (size_t i = 0; i < fixed_seen.size(); ++i)
        if (!fixed_seen[i]) c.absent_fixed.push_back(i);
      for (size_t i = 0; i < field_seen.size(); ++i)
        if (!field_seen[i]) c.absent_fields.push_back(i);
    }
    return std::nullopt;
  }

  // Layout 2: columns by place, encodings as the schema implied them.
  std::optional<std::string> read_layout2(cereal::PortableBinaryInputArchive& ar) {
    ar(body2);
    if (auto why = decode_origins(body2.origins, body2.origin_count)) return why;
    if (auto why = decode_stamps(body2.stamps.items, body2.stamp_count)) return why;
    cursors.reserve(body2.tables.items.size());
    for (const auto& t : body2.tables.items) {
      if (t.table >= kTableCount) return "unknown kind of record";
      const auto& def = table_def(static_cast<TableId>(t.table));
      if (t.fixed.items.size() != kLayout2Fixed[t.table] ||
          t.fields.items.size() != kLayout2Fields[t.table])
        return "column count";
      Cursor& c = cursors.emplace_back();
      c.table = t.table;
      c.def = &def;
      c.insert_only = def.insert_only();
      c.name = std::string(def.name);
      auto add = [&](const FieldDef& f, bool fixed, const Bytes& bytes, size_t index) {
        DecodeColumn col;
        col.desc = {f.id, fixed, f.type, f.coding, f.max_bytes, std::string(f.name)};
        col.encoding = f.type == FieldType::text      ? Encoding::text_tagged
                       : f.type == FieldType::integer ? int_encoding(f.coding)
                                                      : Encoding::id_raw;
        col.bytes = bytes.data;
        col.known = static_cast<int>(index);
        c.columns.push_back(std::move(col));
      };
      c.columns.reserve(t.fixed.items.size() + t.fields.items.size());
      for (size_t i = 0; i < t.fixed.items.size(); ++i)
        add(def.fixed[i], true, t.fixed.items[i], i);
      for (size_t i = 0; i < t.fields.items.size(); ++i)
        add(def.fields[i], false, t.fields.items[i], i);
      if (auto why = open(c, t.rows, t.ids, t.masks, t.stamp_refs)) return why;
    }
    return std::nullopt;
  }

  // Layout 3: each column says what it is. Returns {refusal for a newer major, damage reason}.
  std::optional<std::string> read_layout3(cereal::PortableBinaryInputArchive& ar, uint32_t minor,
                                          std::string& newer) {
    ar(body);
    if (auto why = decode_origins(body.origins, body.origin_count)) return why;
    if (auto why = decode_stamps(body.stamps.items, body.stamp_count)) return why;
    cursors.reserve(body.tables.items.size());
    std::vector<bool> seen_table(kMaxTables, false);
    for (const auto& t : body.tables.items) {
      if (t.table >= kMaxTables) return "table id out of range";
      if (seen_table[t.table]) return "table " + std::to_string(t.table) + " appears twice";
      seen_table[t.table] = true;
      if (t.kind > static_cast<uint8_t>(TableKind::insert_only)) {
        newer = newer_layout(kLayoutMajor, minor, "a kind of table this device does not know");
        return "";
      }
      Cursor& c = cursors.emplace_back();
      c.table = t.table;
      c.insert_only = t.kind == static_cast<uint8_t>(TableKind::insert_only);
      if (is_known_table(static_cast<TableId>(t.table))) {
        c.def = &table_def(static_cast<TableId>(t.table));
        if (c.def->insert_only() != c.insert_only)
          return std::string(c.def->name) + " has the wrong kind";
      }
      c.name = c.def ? std::string(c.def->name) : "table " + std::to_string(t.table);
      c.columns.reserve(t.columns.items.size());
      for (const auto& w : t.columns.items) {
        if (w.role > static_cast<uint8_t>(codec::Role::field) ||
            w.type > static_cast<uint8_t>(FieldType::id) || !is_wire_encoding(w.encoding)) {
          newer = newer_layout(kLayoutMajor, minor, "an encoding this device cannot read");
          return "";
        }
        DecodeColumn col;
        bool fixed = w.role == static_cast<uint8_t>(codec::Role::fixed);
        auto type = static_cast<FieldType>(w.type);
        col.encoding = static_cast<Encoding>(w.encoding);
        col.bytes = w.data.data;
        std::string where = c.name + " column " + std::to_string(w.id);
        if (!encoding_fits(col.encoding, type))
          return where + " has an encoding that does not fit its type";
        if (col.encoding == Encoding::int_before_version && !fixed)
          return where + " has an encoding that does not fit its type";
        if (c.insert_only && !fixed)
          return where + " is a field in a table whose records never change";
        for (const auto& other : c.columns)
          if (other.desc.id == w.id) return where + " appears twice";
        col.desc = {w.id, fixed, type, int_coding(col.encoding), kUnknownTextMaxBytes, where};
        if (c.def) {
          const auto& list = fixed ? c.def->fixed : c.def->fields;
          const auto& other = fixed ? c.def->fields : c.def->fixed;
          for (size_t i = 0; i < list.size(); ++i) {
            if (list[i].id != w.id) continue;
            if (list[i].type != type)
              return "column " + c.name + "." + std::string(list[i].name) + " has the wrong type";
            col.known = static_cast<int>(i);
            col.desc.max_bytes = list[i].max_bytes;
            col.desc.name = std::string(list[i].name);
          }
          for (const auto& f : other)
            if (f.id == w.id)
              return "column " + c.name + "." + std::string(f.name) + " has the wrong role";
        }
        c.columns.push_back(std::move(col));
      }
      if (auto why = open(c, t.rows, t.ids, t.masks, t.stamp_refs)) return why;
    }
    return std::nullopt;
  }
};

BodyDecoder::BodyDecoder() : impl_(std::make_unique<Impl>()) {}
BodyDecoder::~BodyDecoder() = default;
uint64_t BodyDecoder::total_rows() const {
  return impl_->total;
}
void BodyDecoder::rewind() {
  impl_->reset_cursors();
}

Result<std::unique_ptr<BodyDecoder>> BodyDecoder::parse(std::string_view data) {
  std::unique_ptr<BodyDecoder> d(new BodyDecoder());
  auto& im = *d->impl_;
  try {
    g_budget = data.size();
    // Read in place: the body is not copied (the columns are its one copy; peak 2x the body).
    ViewBuf buf(data);
    std::istream in(&buf);
    cereal::PortableBinaryInputArchive ar(in);
    uint32_t major = 0;
    ar(major);
    if (major > kLayoutMajor)
      return fail("bundle was made by a newer Mutua (body layout " + std::to_string(major) +
                  "); update this device");
    if (major < kLayout2)
      return fail("bundle was made by a test version of Mutua (body layout " +
                  std::to_string(major) + "); export it again with this version");
    std::optional<std::string> why;
    std::string newer;
    if (major == kLayout2) {
      why = im.read_layout2(ar);
    } else {
      uint32_t minor = 0;
      ar(minor);
      why = im.read_layout3(ar, minor, newer);
    }
    if (!newer.empty()) return fail(newer);
    if (why) return fail("bundle is damaged (" + *why + ")");
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
  while (im.table < im.cursors.size() && im.cursors[im.table].done == im.cursors[im.table].rows)
    ++im.table;
  if (im.table == im.cursors.size()) return false;
  auto& c = im.cursors[im.table];
  try {
    row.table = static_cast<TableId>(c.table);
    row.insert_only = c.insert_only;
    row.extras.clear();
    auto id = c.ids.take(16);
    std::copy(id.begin(), id.end(), row.id.bytes.begin());
    if (c.def) {
      row.fixed.resize(c.def->fixed.size());
      for (size_t i : c.absent_fixed) row.fixed[i] = default_value(c.def->fixed[i].type);
      row.fields.resize(c.def->fields.size());
      for (size_t i : c.absent_fields) row.fields[i] = default_value(c.def->fields[i].type);
    } else {
      row.fixed.clear();
      row.fields.clear();
    }
    int64_t ref_ms = 0;
    if (c.insert_only) {
      c.last_ref += unzz(c.refs.var());
      row.stamps.assign(1, im.stamp_at(c.last_ref));
      ref_ms = wall(row.stamps[0].hlc);
    } else {
      uint64_t mask = c.masks.var();
      if (c.fields.size() < 64 && mask >> c.fields.size())
        throw DecodeError{"a row carries fields that do not exist"};
      uint64_t head = c.refs.var();
      bool single = (head & 1) == 0;
      c.last_ref += unzz(head >> 1);
      if (mask) ref_ms = wall(im.stamp_at(c.last_ref).hlc);
      row.stamps.assign(c.def ? c.def->fields.size() : 0, Stamp{});
      bool first = true;
      Value extra;
      for (size_t bit = 0; bit < c.fields.size(); ++bit) {
        auto& col = c.columns[c.fields[bit]];
        if (!(mask >> bit & 1)) {
          if (col.known >= 0)
            row.fields[static_cast<size_t>(col.known)] = default_value(col.desc.type);
          continue;
        }
        if (col.known >= 0) {
          // Decoded into the row's own value, which keeps its string from the row before.
          col.reader.next_into(0, row.fields[static_cast<size_t>(col.known)]);
        } else {
          extra = col.reader.next(0);
        }
        if (!single && !first) c.last_ref += unzz(c.refs.var());
        first = false;
        const Stamp& s = im.stamp_at(c.last_ref);
        if (col.known >= 0) {
          row.stamps[static_cast<size_t>(col.known)] = s;
        } else {
          row.extras.push_back(
              {col.desc.id, false, col.desc.type, col.desc.coding, std::move(extra), s});
        }
      }
    }
    for (size_t i : c.fixed) {
      auto& col = c.columns[i];
      if (col.known >= 0)
        col.reader.next_into(ref_ms, row.fixed[static_cast<size_t>(col.known)]);
      else
        row.extras.push_back(
            {col.desc.id, true, col.desc.type, col.desc.coding, col.reader.next(ref_ms), Stamp{}});
    }
    if (row.extras.size() > 1)
      std::sort(row.extras.begin(), row.extras.end(),
                [](const ExtraValue& a, const ExtraValue& b) { return a.column < b.column; });
  } catch (const DecodeError& e) {
    return fail("bundle is damaged (" + e.why + ")");
  }
  ++c.done;
  return true;
}

std::vector<BodyColumn> BodyDecoder::columns() const {
  const auto& im = *impl_;
  const auto& origins = im.body.origins.data.empty() ? im.body2.origins.data : im.body.origins.data;
  std::vector<BodyColumn> out{{"origins", origins}};
  const auto& streams = im.body.stamps.items.empty() ? im.body2.stamps.items : im.body.stamps.items;
  for (size_t i = 0; i < streams.size(); ++i)
    out.push_back({std::string("stamps.") + kStampStreamNames[i], streams[i].data});
  for (const auto& c : im.cursors) {
    out.push_back({c.name + ".ids", std::string(c.ids_bytes)});
    out.push_back({c.name + ".masks", std::string(c.masks_bytes)});
    out.push_back({c.name + ".stamp_refs", std::string(c.refs_bytes)});
    for (const auto& col : c.columns) {
      std::string name = c.name + "." + col.desc.name;
      if (col.desc.type == FieldType::text)
        name += std::string(" (") + encoding_name(col.reader.encoding) + ")";
      if (col.reader.numbers.width)
        name += " (packed " + std::to_string(col.reader.numbers.width) + " bits)";
      out.push_back({name, std::string(col.bytes)});
    }
  }
  return out;
}

}  // namespace mutua
