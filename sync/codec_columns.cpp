#include "sync/codec_columns.hpp"

#include <algorithm>

namespace mutua::codec {

bool is_wire_encoding(uint8_t e) {
  return e >= 1 && e <= 8;
}

bool encoding_fits(Encoding e, FieldType type) {
  switch (e) {
    case Encoding::id_raw:
      return type == FieldType::id;
    case Encoding::int_plain:
    case Encoding::int_before_version:
    case Encoding::int_delta:
      return type == FieldType::integer;
    default:
      return type == FieldType::text;
  }
}

IntCoding int_coding(Encoding e) {
  return e == Encoding::int_before_version ? IntCoding::before_version
         : e == Encoding::int_delta        ? IntCoding::delta
                                           : IntCoding::plain;
}
Encoding int_encoding(IntCoding c) {
  return c == IntCoding::before_version ? Encoding::int_before_version
         : c == IntCoding::delta        ? Encoding::int_delta
                                        : Encoding::int_plain;
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::id_raw:
      return "ids";
    case Encoding::int_plain:
      return "integers";
    case Encoding::int_before_version:
      return "before version";
    case Encoding::int_delta:
      return "delta";
    case Encoding::text_plain:
      return "plain";
    case Encoding::text_values:
      return "values";
    case Encoding::text_words:
      return "words";
    case Encoding::text_numbers:
      return "numbers";
    case Encoding::text_tagged:
      return "tagged";
  }
  return "?";
}

uint64_t Reader::bits(unsigned width) {
  if (width > s_.size() * 8 - bit_) throw DecodeError{"a number is cut short"};
  uint64_t v = 0;
  for (unsigned got = 0; got < width;) {
    unsigned used = bit_ % 8, take = std::min(8 - used, width - got);
    uint64_t b = (static_cast<uint8_t>(s_[bit_ / 8]) >> used) & ((1u << take) - 1);
    v |= b << got;
    got += take;
    bit_ += take;
  }
  return v;
}

NumberStream NumberStream::parse(Reader& r) {
  NumberStream n;
  uint64_t width = r.var();
  if (width > kMaxWidth) throw DecodeError{"a packed number is wider than 64 bits"};
  n.width = static_cast<unsigned>(width);
  if (n.width) n.base = r.var();
  return n;
}

ColumnReader ColumnReader::parse(const ColumnDesc& d, Encoding e, std::string_view col) {
  ColumnReader c;
  c.desc = &d;
  Reader r(col);
  if (d.type == FieldType::integer) {
    c.encoding = e;
    c.scale = r.var();
    if (c.scale == 0) throw DecodeError{"a number column has no scale"};
    c.numbers = NumberStream::parse(r);
  } else if (d.type == FieldType::text) {
    if (e == Encoding::text_tagged) {  // layout 2: the mode is the column's first number
      uint64_t mode = r.var();
      if (mode > 3) throw DecodeError{"a text column's encoding is unknown"};
      e = static_cast<Encoding>(static_cast<uint64_t>(Encoding::text_plain) + mode);
    }
    c.encoding = e;
    if (e == Encoding::text_values || e == Encoding::text_words) {
      // Each entry takes at least its length byte, which bounds the count before reserving.
      uint64_t n = r.var();
      if (n > r.left()) throw DecodeError{"a dictionary is longer than its column"};
      c.dictionary.reserve(static_cast<size_t>(n));
      for (uint64_t i = 0; i < n; ++i) {
        uint64_t len = r.var();
        if (len > d.max_bytes) c.too_long();
        c.dictionary.push_back(r.take(static_cast<size_t>(len)));
      }
    }
    if (e == Encoding::text_words || e == Encoding::text_numbers) {
      uint64_t len = r.var();
      if (len > r.left()) throw DecodeError{"a text column is cut short"};
      c.first = r.take(static_cast<size_t>(len));
      if (e == Encoding::text_numbers) c.numbers = NumberStream::parse(r);
      c.second = r.rest();
      c.rewind();
      return c;
    }
  } else {
    c.encoding = Encoding::id_raw;
  }
  c.first = r.rest();
  c.rewind();
  return c;
}

void ColumnReader::too_long() const {
  throw DecodeError{"field " + desc->name + " is longer than " + std::to_string(desc->max_bytes) +
                    " bytes"};
}

std::string_view ColumnReader::word(uint64_t i) const {
  if (i >= dictionary.size()) throw DecodeError{"a text value points past its dictionary"};
  return dictionary[static_cast<size_t>(i)];
}

int64_t ColumnReader::next_int() {
  uint64_t q = numbers.width ? numbers.next(a) : static_cast<uint64_t>(unzz(a.var()));
  return static_cast<int64_t>(q * scale);
}

std::string ColumnReader::next_text() {
  std::string s;
  next_text_into(s);
  return s;
}

void ColumnReader::next_text_into(std::string& s) {
  switch (encoding) {
    case Encoding::text_values: {
      auto w = word(a.var());
      s.assign(w.data(), w.size());
      return;
    }
    case Encoding::text_words: {
      uint64_t n = a.var();
      if (n > desc->max_bytes + 1) too_long();
      s.clear();
      for (uint64_t i = 0; i < n; ++i) {
        auto w = word(b.var());
        if (s.size() + (i > 0) + w.size() > desc->max_bytes) too_long();
        if (i > 0) s += ' ';
        s += w;
      }
      return;
    }
    case Encoding::text_numbers: {
      uint64_t digits = a.var();
      if (digits == 0) {
        uint64_t n = a.var();
        if (n > desc->max_bytes) too_long();
        auto v = a.take(static_cast<size_t>(n));
        s.assign(v.data(), v.size());
        return;
      }
      if (digits > kMaxDigits || digits > desc->max_bytes)
        throw DecodeError{"a number in a text column is too long"};
      uint64_t x = numbers.next(b);
      s.assign(static_cast<size_t>(digits), '0');
      for (size_t i = s.size(); i-- > 0 && x; x /= 10) s[i] = static_cast<char>('0' + x % 10);
      if (x) throw DecodeError{"a number in a text column has more digits than it says"};
      return;
    }
    default: {
      uint64_t n = a.var();
      if (n > desc->max_bytes) too_long();
      auto v = a.take(static_cast<size_t>(n));
      s.assign(v.data(), v.size());
      return;
    }
  }
}

void ColumnReader::next_into(int64_t ref_ms, Value& out) {
  if (desc->type == FieldType::integer) {
    out = std::get<int64_t>(next(ref_ms));
    return;
  }
  auto* s = std::get_if<std::string>(&out);
  if (!s) s = &out.emplace<std::string>();
  if (desc->type == FieldType::text) {
    next_text_into(*s);
  } else {
    auto v = a.take(16);
    s->assign(v.data(), v.size());
  }
}

Value ColumnReader::next(int64_t ref_ms) {
  switch (desc->type) {
    case FieldType::integer: {
      int64_t n = next_int();
      if (encoding == Encoding::int_before_version) return wrap_sub(ref_ms, n);
      if (encoding == Encoding::int_delta) {
        last = wrap_add(last, n);
        return last;
      }
      return n;
    }
    case FieldType::text:
      return next_text();
    case FieldType::id:
      return std::string(a.take(16));
  }
  return int64_t{0};
}

}  // namespace mutua::codec
