#pragma once
// What the rows of tables 9 and 10 (core/superseded.hpp, core/lost_creation.hpp) share: both are
// insert-only tables of a newer Mutua's kind, with fixed columns kept as extras, whose one version
// is the write they stand for, and whose id is a hash of their values (docs/bundle-format.md).
#include <sodium.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/le_bytes.hpp"
#include "core/schema.hpp"

namespace mutua::digest_rows {

inline ExtraValue fixed_int(uint16_t column, int64_t v) {
  return {column, true, FieldType::integer, IntCoding::plain, v, Stamp{}};
}

inline ExtraValue fixed_id(uint16_t column, const uint8_t* bytes) {
  return {column,
          true,
          FieldType::id,
          IntCoding::plain,
          std::string(reinterpret_cast<const char*>(bytes), 16),
          Stamp{}};
}

inline const ExtraValue* column_of(const Row& row, uint16_t column, FieldType type) {
  for (const auto& e : row.extras)
    if (e.column == column && e.fixed && e.type == type) return &e;
  return nullptr;
}

// A fixed id column's value: 16 bytes, or nothing.
inline std::optional<Id> fixed_id_of(const Row& row, uint16_t column) {
  const auto* e = column_of(row, column, FieldType::id);
  const auto* s = e ? std::get_if<std::string>(&e->value) : nullptr;
  if (!s || s->size() != 16) return std::nullopt;
  return id_from_value(*s);
}

// A fixed integer column's value, or nothing.
inline std::optional<int64_t> fixed_int_of(const Row& row, uint16_t column) {
  const auto* e = column_of(row, column, FieldType::integer);
  const auto* v = e ? std::get_if<int64_t>(&e->value) : nullptr;
  if (!v) return std::nullopt;
  return *v;
}

// BLAKE2b-128 over `context`, the table (1 byte), the row (16), the version's origin (16) and
// seq (8 LE), then `rest`.
inline Id row_id(std::string_view context, TableId table, const Id& row, const Stamp& version,
                 std::string_view rest) {
  std::string in(context);
  in.push_back(static_cast<char>(table));
  in.append(reinterpret_cast<const char*>(row.bytes.data()), 16);
  in.append(reinterpret_cast<const char*>(version.origin.bytes.data()), 16);
  put_u64_le(in, version.seq);
  in.append(rest);
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(),
                     reinterpret_cast<const unsigned char*>(in.data()), in.size(), nullptr, 0);
  return id;
}

}  // namespace mutua::digest_rows
