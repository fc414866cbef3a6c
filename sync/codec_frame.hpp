#pragma once
// The frame of the bundle body (docs/bundle-format.md, "Body"): Cereal's portable binary
// archive around byte strings, with every count and length bounded before it is allocated.
#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/hlc.hpp"
#include "sync/codec_columns.hpp"

namespace mutua::codec {

// Body layout major.minor. A reader takes any minor of its major; see "Compatibility rules".
inline constexpr uint32_t kLayoutMajor = 3;
inline constexpr uint32_t kLayoutMinor = 0;
inline constexpr uint32_t kLayout2 = 2;  // still read: devices in the field write it

inline constexpr size_t kMaxColumns = 128;
inline constexpr size_t kMaxFieldColumns = 64;  // a row's mask is 64 bits
inline constexpr size_t kMaxTables = 256;
// Text in a column this device does not know: the bound it checks before allocating.
inline constexpr size_t kUnknownTextMaxBytes = 64 * 1024;

// A version's parts travel as separate streams: each compresses best beside its own kind.
enum StampStream : size_t { s_ms, s_counter, s_origin, s_seq, s_prev, kStampStreams };
inline constexpr const char* kStampStreamNames[kStampStreams] = {"ms", "counter", "origin", "seq",
                                                                 "prev"};

// Decoding budget: no length read from the wire may exceed what is left of the input.
inline thread_local size_t g_budget = 0;

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
    if (n > g_budget) throw DecodeError{"a list is longer than the bundle"};
    items.resize(static_cast<size_t>(n));
    for (auto& i : items) ar(i);
  }
};

// Layout 3: a column says what it is, so a reader skips (and keeps) what it does not know.
enum class Role : uint8_t { fixed = 0, field = 1 };

// A stamp's wall-clock milliseconds as the signed number the stamp columns take differences of.
inline int64_t wall(HlcValue v) {
  return static_cast<int64_t>(hlc_wall_ms(v));
}
enum class TableKind : uint8_t { registers = 0, insert_only = 1 };

struct WireColumn {
  uint16_t id = 0;
  uint8_t role = 0, type = 0, encoding = 0;
  Bytes data;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, role, type, encoding, data);
  }
};

struct WireTable {
  uint16_t table = 0;
  uint8_t kind = 0;
  uint64_t rows = 0;
  Bytes ids, masks, stamp_refs;
  Bounded<WireColumn, kMaxColumns> columns;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(table, kind, rows, ids, masks, stamp_refs, columns);
  }
};

// Follows `u32 major, u32 minor`, read first so that another major gets its own refusal.
struct WireBody {
  uint64_t origin_count = 0, stamp_count = 0;
  Bytes origins;
  Bounded<Bytes, kStampStreams> stamps;
  Bounded<WireTable, kMaxTables> tables;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(origin_count, stamp_count, origins, stamps, tables);
  }
};

// Layout 2: columns by position in core/schema.cpp order, their encoding implied by the schema.
struct WireTable2 {
  uint8_t table = 0;
  uint64_t rows = 0;
  Bytes ids, masks, stamp_refs;
  Bounded<Bytes, 32> fixed, fields;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(table, rows, ids, masks, stamp_refs, fixed, fields);
  }
};
struct WireBody2 {
  uint64_t origin_count = 0, stamp_count = 0;
  Bytes origins;
  Bounded<Bytes, kStampStreams> stamps;
  Bounded<WireTable2, kTableCount> tables;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(origin_count, stamp_count, origins, stamps, tables);
  }
};

// How many of each table's fixed values and fields layout 2 carried, in schema order: fields
// added since are at the end of their lists and were never in a layout-2 bundle.
inline constexpr size_t kLayout2Fixed[kTableCount] = {4, 4, 5, 0, 0, 0, 0, 5};
inline constexpr size_t kLayout2Fields[kTableCount] = {15, 2, 0, 3, 5, 5, 3, 0};

}  // namespace mutua::codec
