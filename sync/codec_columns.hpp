#pragma once
// The column encodings of the bundle body (docs/bundle-format.md, "Columns"): number streams,
// the four text encodings, raw ids. A column is built from values and read back one value at a
// time; which encoding it uses travels in its descriptor (codec_frame.hpp), never in its name.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.hpp"
#include "core/varint.hpp"

namespace mutua::codec {

struct DecodeError {
  std::string why;
};

// Wire ids of the encodings. Never renumbered: a new encoding takes a new id, and is a major
// change of the body layout (an older device could not split its column into values).
enum class Encoding : uint8_t {
  id_raw = 1,              // 16 bytes per value
  int_plain = 2,           // scale, then a number stream of zigzag(value / scale)
  int_before_version = 3,  // as int_plain, of (the row's version time - value); fixed columns
  int_delta = 4,           // as int_plain, of the difference from the previous value
  text_plain = 5,
  text_values = 6,
  text_words = 7,
  text_numbers = 8,
  text_tagged = 0xFF,  // not on the wire: layout 2, whose text columns start with their mode
};
bool is_wire_encoding(uint8_t e);
bool encoding_fits(Encoding e, FieldType type);
IntCoding int_coding(Encoding e);
Encoding int_encoding(IntCoding c);
const char* encoding_name(Encoding e);

inline uint64_t zz(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t unzz(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
// Differences wrap rather than overflow: the decoder undoes them with the same arithmetic.
inline int64_t wrap_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
inline int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
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
  size_t left() const { return s_.size() - pos_; }
  std::string_view rest() const { return s_.substr(pos_); }
  // The next `width` bits of a packed stream, least significant first (never mixed with var()).
  uint64_t bits(unsigned width);

 private:
  std::string_view s_;
  size_t pos_ = 0, bit_ = 0;
};

// Limits of the wire, shared by both sides: a digit string of a `numbers` text column, and the
// width of a packed number.
inline constexpr size_t kMaxDigits = 19;  // 10^19 still fits in 64 bits
inline constexpr unsigned kMaxWidth = 64;

// The reading side of a number stream: parsed from the front, then one number at a time.
struct NumberStream {
  unsigned width = 0;
  uint64_t base = 0;
  static NumberStream parse(Reader& r);
  uint64_t next(Reader& r) const { return width ? base + r.bits(width) : r.var(); }
};

// What a column holds and how its integers are coded: from the schema for known columns, from
// the bundle's descriptor for columns of a newer Mutua.
struct ColumnDesc {
  uint16_t id = 0;
  bool fixed = false;
  FieldType type = FieldType::integer;
  IntCoding coding = IntCoding::plain;
  size_t max_bytes = 0;  // text
  std::string name;      // for messages: "item", or "column 23"
};

// One column of the encoder: values as given; the encoding is chosen when it is finished. A
// full bundle holds every row's values here at once, so they are kept small: integers as
// varints of the step from the one before (most columns hold small codes or close times: one
// or two bytes, not eight), text lengths as varints. finish() unpacks one column at a time.
struct ColumnBuilder {
  std::string int_steps;  // zz(value - the value before) of each integer, as varints
  int64_t last_int = 0;
  std::string text;     // values back to back
  std::string lengths;  // each text value's length, as a varint
  std::string ids;
  size_t count = 0;  // values added (of any type)

  void add(FieldType type, const Value& v);
  // `ref_ms`: per row, the time of its version (for before_version columns, one per value).
  std::pair<Encoding, std::string> finish(const ColumnDesc& d, const std::vector<int64_t>& ref_ms);
};

// One column of the decoder: its parsed header and where it has got to.
struct ColumnReader {
  const ColumnDesc* desc = nullptr;
  Encoding encoding = Encoding::int_plain;
  uint64_t scale = 1;
  NumberStream numbers;  // integers; or the numbers of a numbers-mode text column
  std::vector<std::string_view> dictionary;
  std::string_view first, second;  // the column's streams, as described at encode_text
  Reader a, b;
  int64_t last = 0;

  static ColumnReader parse(const ColumnDesc& d, Encoding e, std::string_view col);
  void rewind() {
    a = Reader(first);
    b = Reader(second);
    last = 0;
  }
  // `ref_ms`: the time of the row's version, which before_version values are written against.
  Value next(int64_t ref_ms);
  // The same, into `out`: a text value reuses the string `out` already holds.
  void next_into(int64_t ref_ms, Value& out);

 private:
  int64_t next_int();
  std::string next_text();
  void next_text_into(std::string& s);
  std::string_view word(uint64_t i) const;
  [[noreturn]] void too_long() const;
};

}  // namespace mutua::codec
