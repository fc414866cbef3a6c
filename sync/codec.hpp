#pragma once
// The bundle body: rows laid out by column (ids, then one self-describing column per field, then
// the field versions), framed with Cereal's portable binary archive. Columns compress far better
// than rows. Every length is checked against its bound before anything is allocated. Files:
// codec_columns (the encodings), codec_frame (the frame), codec_encode, codec_decode.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/schema.hpp"

namespace mutua {

namespace bundle_limits {
// Decompressed. The 10,000-entry sample's body is 0.9 MB (91 bytes an entry), so a million
// entries (PRODUCT.md's largest scale) is about 91 MB: the cap leaves a third more than that.
// A body is held at most twice (the buffer and its columns), so a bomb costs at most 256 MB.
inline constexpr size_t max_body_bytes = 128u << 20;
inline constexpr uint64_t max_rows = 4'000'000;
inline constexpr uint64_t max_origins = 100'000;
}  // namespace bundle_limits

// One column of a body by name ("entries.item", "stamps", ...), to see where the bytes go.
struct BodyColumn {
  std::string name;
  std::string bytes;
};

class BodyEncoder {
 public:
  BodyEncoder();
  // Writes another body layout, for tests that play a newer Mutua.
  BodyEncoder(uint32_t layout_major, uint32_t layout_minor);
  ~BodyEncoder();
  // Adds the fields of `row` whose bit is set in `mask` (bit i = field i) and all its extras;
  // fixed values always travel. Rows of one table must be added together.
  void add(const Row& row, uint64_t mask);
  size_t rows() const;
  size_t rows_of(TableId t) const;
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class BodyDecoder {
 public:
  // Parses the frame and checks every column's size; rows are decoded one at a time by next().
  static Result<std::unique_ptr<BodyDecoder>> parse(std::string_view body);
  ~BodyDecoder();
  uint64_t total_rows() const;
  // Decodes the next row into `row` (all fields present; fields the bundle did not carry get
  // their default value and an empty version). Columns this device does not know come back in
  // row.extras; a row of a table it does not know has only extras. Returns false at the end; an
  // error for a malformed row.
  Result<bool> next(Row& row);
  // Starts again from the first row.
  void rewind();
  // Every column as it travels, for benchmarks.
  std::vector<BodyColumn> columns() const;

 private:
  BodyDecoder();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mutua
