#include "sync/codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "core/varint.hpp"

namespace mutua {

namespace {

// Layout 1 (a pre-release row-per-varint layout) is refused by name; see docs/bundle-format.md.
constexpr uint32_t kLayout = 2;

constexpr size_t kMinRowsForDictionary = 16;
constexpr size_t kMinRowsToPack = 16;

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
// A version's parts travel as separate streams: each compresses best beside its own kind.
enum StampStream : size_t { s_ms, s_counter, s_origin, s_seq, s_prev, kStampStreams };
constexpr const char* kStampStreamNames[kStampStreams] = {"ms", "counter", "origin", "seq", "prev"};

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

// Follows the layout number, which is read first so that another layout gets its own refusal.
struct WireBody {
  uint64_t origin_count = 0, stamp_count = 0;
  Bytes origins;
  Bounded<Bytes, kStampStreams> stamps;
  Bounded<WireTable, kTableCount> tables;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(origin_count, stamp_count, origins, stamps, tables);
  }
};

uint64_t zz(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzz(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
// Differences wrap rather than overflow: the decoder undoes them with the same arithmetic.
int64_t wrap_sub(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b)); }
int64_t wrap_add(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }
uint64_t magnitude(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

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
  size_t left() const { return s_.size() - pos_; }
  std::string_view rest() const { return s_.substr(pos_); }
  // The next `width` bits of a packed stream, least significant first (never mixed with var()).
  uint64_t bits(unsigned width) {
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

 private:
  std::string_view s_;
  size_t pos_ = 0, bit_ = 0;
};

// --- Number streams ---------------------------------------------------------------------------
// A stream of numbers is `varint width`, then either (width 0) one varint per number, or
// `varint base` and each number's offset from base in exactly `width` bits, least significant
// first. Packing wins for numbers spread evenly over a range (phone numbers, creation times),
// where varints waste a bit a byte that the compressor cannot recover.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  void put(uint64_t v, unsigned width) {
    while (width > 0) {
      unsigned take = std::min(8 - used_, width);
      cur_ = static_cast<uint8_t>(cur_ | ((v & ((1u << take) - 1)) << used_));
      used_ += take;
      v >>= take;
      width -= take;
      if (used_ == 8) flush();
    }
  }
  void flush() {
    if (used_) out_.push_back(static_cast<char>(cur_));
    cur_ = 0;
    used_ = 0;
  }

 private:
  std::string& out_;
  uint8_t cur_ = 0;
  unsigned used_ = 0;
};

constexpr unsigned kMaxWidth = 64;

// Order-0 entropy of a byte string, in bytes: about what zstd's literal coder leaves of it.
double entropy_bytes(std::string_view s) {
  size_t hist[256] = {};
  for (char c : s) ++hist[static_cast<uint8_t>(c)];
  double bits = 0, n = static_cast<double>(s.size());
  for (size_t h : hist)
    if (h) bits += static_cast<double>(h) * std::log2(n / static_cast<double>(h));
  return bits / 8;
}

// `as_varints`: the numbers as they would go as varints; `offsets`: each one's offset from
// `base`, for packing. Writes whichever is estimated smaller.
void put_numbers(std::string& out, const std::vector<uint64_t>& as_varints, const std::vector<uint64_t>& offsets,
                 uint64_t base) {
  uint64_t range = 0;
  for (auto o : offsets) range = std::max(range, o);
  unsigned width = 0;
  while (width < kMaxWidth && (range >> width) != 0) ++width;
  std::string varints;
  for (auto v : as_varints) varint::put(varints, v);
  double packed = static_cast<double>(offsets.size()) * width / 8;
  if (width == 0 || offsets.size() < kMinRowsToPack || packed >= 0.95 * entropy_bytes(varints)) {
    varint::put(out, 0);
    out += varints;
    return;
  }
  varint::put(out, width);
  varint::put(out, base);
  BitWriter w(out);
  for (auto o : offsets) w.put(o, width);
  w.flush();
}

// The reading side: parsed from the front of a stream, then one number at a time.
struct NumberStream {
  unsigned width = 0;
  uint64_t base = 0;
  static NumberStream parse(Reader& r) {
    NumberStream n;
    uint64_t width = r.var();
    if (width > kMaxWidth) throw DecodeError{"a packed number is wider than 64 bits"};
    n.width = static_cast<unsigned>(width);
    if (n.width) n.base = r.var();
    return n;
  }
  uint64_t next(Reader& r) const { return width ? base + r.bits(width) : r.var(); }
};

// --- Text columns -----------------------------------------------------------------------------
// A text column is written in one of four modes, chosen per bundle from the column's own data:
//   plain    varint length + bytes per value
//   values   a dictionary of distinct values (most frequent first), then one index per value
//   words    a dictionary of the words between single spaces, then a stream of word counts and
//            a stream of word indexes: free text from a small vocabulary costs a byte a word
//   numbers  for digit strings (phone numbers): the digit count, then the value as a varint
enum class TextMode : uint64_t { plain = 0, values = 1, words = 2, numbers = 3 };
constexpr const char* kTextModeNames[] = {"plain", "values", "words", "numbers"};
constexpr size_t kMaxDigits = 19;  // 10^19 still fits in 64 bits

bool is_digits(std::string_view s) {
  return !s.empty() && s.size() <= kMaxDigits &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Distinct strings in first-seen order with their counts, and the sequence of their ids.
struct Vocabulary {
  std::unordered_map<std::string_view, uint32_t> ids;
  std::vector<std::string_view> words;
  std::vector<uint64_t> counts;
  std::vector<uint32_t> sequence;
  void add(std::string_view w) {
    auto [it, inserted] = ids.emplace(w, static_cast<uint32_t>(words.size()));
    if (inserted) {
      words.push_back(w);
      counts.push_back(0);
    }
    ++counts[it->second];
    sequence.push_back(it->second);
  }
  // Estimated compressed bytes: the dictionary plus each index at its order-0 entropy.
  double cost() const {
    double bits = 0, total = static_cast<double>(sequence.size());
    size_t dict = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      bits += static_cast<double>(counts[i]) * std::log2(total / static_cast<double>(counts[i]));
      dict += words[i].size() + 1;
    }
    return static_cast<double>(dict) + bits / 8;
  }
  // Writes the dictionary most frequent first and returns each id's new index.
  std::vector<uint32_t> write_dictionary(std::string& out) const {
    std::vector<uint32_t> order(words.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return counts[a] != counts[b] ? counts[a] > counts[b] : words[a] < words[b];
    });
    std::vector<uint32_t> rank(words.size());
    varint::put(out, words.size());
    for (size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = static_cast<uint32_t>(i);
      varint::put(out, words[order[i]].size());
      out += words[order[i]];
    }
    return rank;
  }
};

void put_stream(std::string& out, const std::string& s) {
  varint::put(out, s.size());
  out += s;
}

std::string encode_text(const std::vector<std::string_view>& values) {
  size_t n = values.size();
  auto mode = TextMode::plain;
  Vocabulary whole, words;
  std::vector<uint32_t> word_counts;
  if (n >= kMinRowsForDictionary) {
    size_t digits = std::count_if(values.begin(), values.end(), is_digits);
    size_t empty = std::count_if(values.begin(), values.end(), [](std::string_view v) { return v.empty(); });
    if (digits > 0 && digits + empty >= n - n / 16) {
      mode = TextMode::numbers;
    } else {
      double best = -1;
      for (auto v : values) {
        whole.add(v);
        if (whole.words.size() > n / 2) break;
      }
      if (whole.words.size() <= n / 2) {
        mode = TextMode::values;
        best = whole.cost();
      }
      // Few distinct values: a value index is as good as it gets.
      if (mode != TextMode::values || whole.words.size() > 64) {
        for (auto v : values) {
          uint32_t count = 0;
          if (!v.empty()) {
            for (size_t start = 0;;) {
              size_t space = v.find(' ', start);
              words.add(v.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
              ++count;
              if (space == std::string_view::npos) break;
              start = space + 1;
            }
          }
          word_counts.push_back(count);
        }
        if (words.words.size() * 2 <= words.sequence.size()) {
          double cost = words.cost() + static_cast<double>(n) / 4;  // the counts, roughly
          if (best < 0 || cost < best) mode = TextMode::words;
        }
      }
    }
  }
  std::string out;
  varint::put(out, static_cast<uint64_t>(mode));
  switch (mode) {
    case TextMode::plain:
      for (auto v : values) {
        varint::put(out, v.size());
        out += v;
      }
      break;
    case TextMode::values: {
      auto rank = whole.write_dictionary(out);
      for (auto id : whole.sequence) varint::put(out, rank[id]);
      break;
    }
    case TextMode::words: {
      auto rank = words.write_dictionary(out);
      std::string counts;
      for (auto c : word_counts) varint::put(counts, c);
      put_stream(out, counts);
      for (auto id : words.sequence) varint::put(out, rank[id]);
      break;
    }
    case TextMode::numbers: {
      // Tag 0: a literal (length + bytes) follows in the tag stream; tag k: k digits, whose value
      // is the next varint of the number stream.
      std::string tags;
      std::vector<uint64_t> numbers;
      for (auto v : values) {
        if (is_digits(v)) {
          varint::put(tags, v.size());
          uint64_t x = 0;
          for (char c : v) x = x * 10 + static_cast<uint64_t>(c - '0');
          numbers.push_back(x);
        } else {
          varint::put(tags, 0);
          varint::put(tags, v.size());
          tags += v;
        }
      }
      put_stream(out, tags);
      uint64_t base = numbers.empty() ? 0 : *std::min_element(numbers.begin(), numbers.end());
      std::vector<uint64_t> offsets;
      for (auto x : numbers) offsets.push_back(x - base);
      put_numbers(out, numbers, offsets, base);
      break;
    }
  }
  return out;
}

// Integers: the column's scale (the greatest common divisor of its values, so times recorded
// to the second lose their three zero digits), then the values ÷ scale as a number stream:
// zigzag varints, or packed as offsets from the smallest.
std::string encode_ints(const std::vector<int64_t>& values) {
  uint64_t g = 0;
  for (auto v : values) g = std::gcd(g, magnitude(v));
  if (g == 0 || g > static_cast<uint64_t>(INT64_MAX)) g = 1;
  std::string out;
  varint::put(out, g);
  std::vector<uint64_t> as_varints, offsets;
  as_varints.reserve(values.size());
  int64_t least = INT64_MAX;
  for (auto v : values) least = std::min(least, v / static_cast<int64_t>(g));
  for (auto v : values) {
    int64_t q = v / static_cast<int64_t>(g);
    as_varints.push_back(zz(q));
    offsets.push_back(static_cast<uint64_t>(q) - static_cast<uint64_t>(least));
  }
  put_numbers(out, as_varints, offsets, static_cast<uint64_t>(least));
  return out;
}

// One column of the encoder, in a form the final encoding can still choose from.
struct ColumnBuilder {
  std::vector<int64_t> ints;  // already delta- or reference-coded
  std::string text;           // values back to back
  std::vector<uint32_t> ends;
  std::string ids;

  void add(const FieldDef& def, const Value& v, int64_t coded_int) {
    switch (def.type) {
      case FieldType::integer:
        ints.push_back(coded_int);
        break;
      case FieldType::text:
        text += std::get<std::string>(v);
        ends.push_back(static_cast<uint32_t>(text.size()));
        break;
      case FieldType::id: {
        const auto& s = std::get<std::string>(v);
        ids.append(s.size() == 16 ? s : std::string(16, '\0'));
        break;
      }
    }
  }
  std::string finish(const FieldDef& def) {
    std::string out;
    if (def.type == FieldType::integer) {
      out = encode_ints(ints);
    } else if (def.type == FieldType::text) {
      std::vector<std::string_view> values;
      values.reserve(ends.size());
      uint32_t start = 0;
      for (auto end : ends) {
        values.emplace_back(text.data() + start, end - start);
        start = end;
      }
      out = encode_text(values);
    } else {
      out = std::move(ids);
    }
    *this = ColumnBuilder{};
    return out;
  }
};

// One column of the decoder: its parsed header and where it has got to.
struct ColumnReader {
  const FieldDef* def = nullptr;
  TextMode mode = TextMode::plain;
  uint64_t scale = 1;
  NumberStream numbers;  // integers; or the numbers of a numbers-mode text column
  std::vector<std::string_view> dictionary;
  std::string_view first, second;  // the column's streams, as described at encode_text
  Reader a, b;
  int64_t last = 0;

  static ColumnReader parse(const FieldDef& def, std::string_view col) {
    ColumnReader c;
    c.def = &def;
    Reader r(col);
    if (def.type == FieldType::integer) {
      c.scale = r.var();
      if (c.scale == 0) throw DecodeError{"a number column has no scale"};
      c.numbers = NumberStream::parse(r);
    } else if (def.type == FieldType::text) {
      uint64_t mode = r.var();
      if (mode > static_cast<uint64_t>(TextMode::numbers)) throw DecodeError{"a text column's encoding is unknown"};
      c.mode = static_cast<TextMode>(mode);
      if (c.mode == TextMode::values || c.mode == TextMode::words) {
        // Each entry takes at least its length byte, which bounds the count before reserving.
        uint64_t n = r.var();
        if (n > r.left()) throw DecodeError{"a dictionary is longer than its column"};
        c.dictionary.reserve(static_cast<size_t>(n));
        for (uint64_t i = 0; i < n; ++i) {
          uint64_t len = r.var();
          if (len > def.max_bytes)
            throw DecodeError{"field " + std::string(def.name) + " is longer than " + std::to_string(def.max_bytes) + " bytes"};
          c.dictionary.push_back(r.take(static_cast<size_t>(len)));
        }
      }
      if (c.mode == TextMode::words || c.mode == TextMode::numbers) {
        uint64_t len = r.var();
        if (len > r.left()) throw DecodeError{"a text column is cut short"};
        c.first = r.take(static_cast<size_t>(len));
        if (c.mode == TextMode::numbers) c.numbers = NumberStream::parse(r);
        c.second = r.rest();
        c.rewind();
        return c;
      }
    }
    c.first = r.rest();
    c.rewind();
    return c;
  }
  void rewind() {
    a = Reader(first);
    b = Reader(second);
    last = 0;
  }
  void too_long() const {
    throw DecodeError{"field " + std::string(def->name) + " is longer than " + std::to_string(def->max_bytes) + " bytes"};
  }
  std::string_view word(uint64_t i) const {
    if (i >= dictionary.size()) throw DecodeError{"a text value points past its dictionary"};
    return dictionary[static_cast<size_t>(i)];
  }

  int64_t next_int() {
    uint64_t q = numbers.width ? numbers.next(a) : static_cast<uint64_t>(unzz(a.var()));
    return static_cast<int64_t>(q * scale);
  }

  std::string next_text() {
    switch (mode) {
      case TextMode::plain: {
        uint64_t n = a.var();
        if (n > def->max_bytes) too_long();
        return std::string(a.take(static_cast<size_t>(n)));
      }
      case TextMode::values:
        return std::string(word(a.var()));
      case TextMode::words: {
        uint64_t n = a.var();
        if (n > def->max_bytes + 1) too_long();
        std::string s;
        for (uint64_t i = 0; i < n; ++i) {
          auto w = word(b.var());
          if (s.size() + (i > 0) + w.size() > def->max_bytes) too_long();
          if (i > 0) s += ' ';
          s += w;
        }
        return s;
      }
      case TextMode::numbers: {
        uint64_t digits = a.var();
        if (digits == 0) {
          uint64_t n = a.var();
          if (n > def->max_bytes) too_long();
          return std::string(a.take(static_cast<size_t>(n)));
        }
        if (digits > kMaxDigits || digits > def->max_bytes) throw DecodeError{"a number in a text column is too long"};
        uint64_t x = numbers.next(b);
        std::string s(static_cast<size_t>(digits), '0');
        for (size_t i = s.size(); i-- > 0 && x; x /= 10) s[i] = static_cast<char>('0' + x % 10);
        if (x) throw DecodeError{"a number in a text column has more digits than it says"};
        return s;
      }
    }
    return {};
  }

  // `ref_ms`: the time of the row's version, which fixed times are written against.
  Value next(bool fixed, int64_t ref_ms) {
    switch (def->type) {
      case FieldType::integer: {
        int64_t n = next_int();
        if (!is_time(*def)) return n;
        if (fixed) return wrap_sub(ref_ms, n);
        last = wrap_add(last, n);
        return last;
      }
      case FieldType::text:
        return next_text();
      case FieldType::id:
        return std::string(a.take(16));
    }
    return int64_t{0};
  }
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

int64_t wall(HlcValue v) { return static_cast<int64_t>(hlc_wall_ms(v)); }

}  // namespace

// ---------------------------------------------------------------------------------------------

struct BodyEncoder::Impl {
  struct Table {
    WireTable wire;
    std::vector<ColumnBuilder> fixed, fields;
    std::vector<int64_t> last_field;
    int64_t last_ref = 0;
  };
  std::map<uint8_t, Table> tables;
  std::map<Id, uint32_t> origin_index;
  std::string origins;
  std::unordered_map<StampKey, uint32_t, StampHash> stamp_index;
  std::string stamps[kStampStreams];
  std::vector<uint64_t> last_seq;  // per origin
  uint64_t stamp_count = 0;
  HlcValue last_hlc = 0;
  size_t rows = 0;

  uint32_t origin(const Id& id) {
    auto [it, inserted] = origin_index.emplace(id, static_cast<uint32_t>(origin_index.size()));
    if (inserted) {
      origins.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
      last_seq.push_back(0);
    }
    return it->second;
  }

  int64_t stamp(const Stamp& s) {
    StampKey k{s.hlc, origin(s.origin), s.seq, s.prev};
    auto [it, inserted] = stamp_index.emplace(k, static_cast<uint32_t>(stamp_count));
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
    return it->second;
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
    t.fixed.resize(def.fixed.size());
    t.fields.resize(def.fields.size());
    t.last_field.assign(def.fields.size(), 0);
  }
  ++w.rows;
  ++impl_->rows;
  w.ids.data.append(reinterpret_cast<const char*>(row.id.bytes.data()), 16);
  // Fixed times are written against the time of the row's (first carried) version: a record's
  // creation is close before its last change, and often to the very second.
  int64_t ref_ms = 0;
  if (def.insert_only()) {
    int64_t ref = impl_->stamp(row.stamps[0]);
    varint::put(w.stamp_refs.data, zz(ref - t.last_ref));
    t.last_ref = ref;
    ref_ms = wall(row.stamps[0].hlc);
  } else {
    varint::put(w.masks.data, mask);
    std::vector<int64_t> refs;
    for (size_t f = 0; f < def.fields.size(); ++f) {
      if (!(mask >> f & 1)) continue;
      if (refs.empty()) ref_ms = wall(row.stamps[f].hlc);
      refs.push_back(impl_->stamp(row.stamps[f]));
      int64_t coded = 0;
      if (def.fields[f].type == FieldType::integer) {
        int64_t n = std::get<int64_t>(row.fields[f]);
        coded = is_time(def.fields[f]) ? wrap_sub(n, t.last_field[f]) : n;
        t.last_field[f] = n;
      }
      t.fields[f].add(def.fields[f], row.fields[f], coded);
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
  for (size_t i = 0; i < def.fixed.size(); ++i) {
    int64_t coded = 0;
    if (def.fixed[i].type == FieldType::integer) {
      int64_t n = std::get<int64_t>(row.fixed[i]);
      coded = is_time(def.fixed[i]) ? wrap_sub(ref_ms, n) : n;
    }
    t.fixed[i].add(def.fixed[i], row.fixed[i], coded);
  }
}

std::string BodyEncoder::finish() {
  auto& im = *impl_;
  WireBody body;
  body.origin_count = im.origin_index.size();
  body.stamp_count = im.stamp_count;
  body.origins.data = std::move(im.origins);
  for (auto& s : im.stamps) body.stamps.items.push_back(Bytes{std::move(s)});
  for (auto& [id, t] : im.tables) {
    const auto& def = table_def(static_cast<TableId>(id));
    t.wire.fixed.items.resize(def.fixed.size());
    t.wire.fields.items.resize(def.fields.size());
    for (size_t i = 0; i < def.fixed.size(); ++i) t.wire.fixed.items[i].data = t.fixed[i].finish(def.fixed[i]);
    for (size_t i = 0; i < def.fields.size(); ++i) t.wire.fields.items[i].data = t.fields[i].finish(def.fields[i]);
    body.tables.items.push_back(std::move(t.wire));
  }
  std::ostringstream out(std::ios::binary);
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(kLayout, body);
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
    std::vector<ColumnReader> fixed, fields;
    int64_t last_ref = 0;
    uint64_t done = 0;
  };
  std::vector<Cursor> cursors;
  size_t table = 0;
  uint64_t total = 0;

  void reset_cursors() {
    for (size_t i = 0; i < cursors.size(); ++i) {
      auto& c = cursors[i];
      const auto& t = body.tables.items[i];
      c.ids = Reader(t.ids.data);
      c.masks = Reader(t.masks.data);
      c.refs = Reader(t.stamp_refs.data);
      for (auto& col : c.fixed) col.rewind();
      for (auto& col : c.fields) col.rewind();
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

  std::optional<std::string> decode_stamps() {
    if (body.stamps.items.size() != kStampStreams) return "version streams";
    // Each version takes at least a byte of the milliseconds stream: a bound before reserving.
    if (body.stamp_count > body.stamps.items[s_ms].data.size()) return "version count";
    stamps.reserve(static_cast<size_t>(body.stamp_count));
    Reader r[kStampStreams];
    for (size_t i = 0; i < kStampStreams; ++i) r[i] = Reader(body.stamps.items[i].data);
    std::vector<uint64_t> last_seq(origins.size(), 0);
    HlcValue last = 0;
    for (uint64_t i = 0; i < body.stamp_count; ++i) {
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
    uint32_t layout = 0;
    ar(layout);
    if (layout > kLayout)
      return fail("bundle was made by a newer Mutua (body layout " + std::to_string(layout) + "); update this device");
    if (layout != kLayout)
      return fail("bundle was made by a test version of Mutua (body layout " + std::to_string(layout) +
                  "); export it again with this version");
    ar(im.body);
    if (im.body.origin_count > bundle_limits::max_origins ||
        im.body.origins.data.size() != im.body.origin_count * 16)
      return fail("bundle is damaged (device list)");
    for (size_t i = 0; i < im.body.origin_count; ++i) {
      Id id;
      std::copy_n(im.body.origins.data.data() + i * 16, 16, id.bytes.begin());
      im.origins.push_back(id);
    }
    if (auto why = im.decode_stamps()) return fail("bundle is damaged (" + *why + ")");
    for (const auto& t : im.body.tables.items) {
      if (t.table >= kTableCount) return fail("bundle holds an unknown kind of record (" + std::to_string(t.table) + ")");
      const auto& def = table_def(static_cast<TableId>(t.table));
      if (t.fixed.items.size() != def.fixed.size() || t.fields.items.size() != def.fields.size())
        return fail("bundle is damaged (column count)");
      if (t.rows > bundle_limits::max_rows || t.ids.data.size() != t.rows * 16)
        return fail("bundle is damaged (row count)");
      im.total += t.rows;
      Impl::Cursor c;
      for (size_t i = 0; i < def.fixed.size(); ++i)
        c.fixed.push_back(ColumnReader::parse(def.fixed[i], t.fixed.items[i].data));
      for (size_t i = 0; i < def.fields.size(); ++i)
        c.fields.push_back(ColumnReader::parse(def.fields[i], t.fields.items[i].data));
      im.cursors.push_back(std::move(c));
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
    int64_t ref_ms = 0;
    if (def.insert_only()) {
      row.fields.clear();
      c.last_ref += unzz(c.refs.var());
      row.stamps.assign(1, im.stamp_at(c.last_ref));
      ref_ms = wall(row.stamps[0].hlc);
    } else {
      uint64_t mask = c.masks.var();
      if (mask >> def.fields.size()) throw DecodeError{"a row carries fields that do not exist"};
      uint64_t head = c.refs.var();
      bool single = (head & 1) == 0;
      c.last_ref += unzz(head >> 1);
      if (mask) ref_ms = wall(im.stamp_at(c.last_ref).hlc);
      row.fields.resize(def.fields.size());
      row.stamps.assign(def.fields.size(), Stamp{});
      bool first = true;
      for (size_t f = 0; f < def.fields.size(); ++f) {
        if (!(mask >> f & 1)) {
          row.fields[f] = default_value(def.fields[f].type);
          continue;
        }
        row.fields[f] = c.fields[f].next(false, 0);
        if (!single && !first) c.last_ref += unzz(c.refs.var());
        first = false;
        row.stamps[f] = im.stamp_at(c.last_ref);
      }
    }
    row.fixed.resize(def.fixed.size());
    for (size_t i = 0; i < def.fixed.size(); ++i) row.fixed[i] = c.fixed[i].next(true, ref_ms);
  } catch (const DecodeError& e) {
    return fail("bundle is damaged (" + e.why + ")");
  }
  ++c.done;
  return true;
}

std::vector<BodyColumn> BodyDecoder::columns() const {
  const auto& b = impl_->body;
  std::vector<BodyColumn> out{{"origins", b.origins.data}};
  for (size_t i = 0; i < b.stamps.items.size(); ++i)
    out.push_back({std::string("stamps.") + kStampStreamNames[i], b.stamps.items[i].data});
  for (size_t ti = 0; ti < b.tables.items.size(); ++ti) {
    const auto& t = b.tables.items[ti];
    const auto& def = table_def(static_cast<TableId>(t.table));
    std::string n(def.name);
    out.push_back({n + ".ids", t.ids.data});
    out.push_back({n + ".masks", t.masks.data});
    out.push_back({n + ".stamp_refs", t.stamp_refs.data});
    auto add = [&](const FieldDef& f, const ColumnReader& col, const std::string& bytes) {
      std::string name = n + "." + std::string(f.name);
      if (f.type == FieldType::text) name += std::string(" (") + kTextModeNames[static_cast<size_t>(col.mode)] + ")";
      if (col.numbers.width) name += " (packed " + std::to_string(col.numbers.width) + " bits)";
      out.push_back({name, bytes});
    };
    const auto& c = impl_->cursors[ti];
    for (size_t i = 0; i < t.fixed.items.size(); ++i) add(def.fixed[i], c.fixed[i], t.fixed.items[i].data);
    for (size_t i = 0; i < t.fields.items.size(); ++i) add(def.fields[i], c.fields[i], t.fields.items[i].data);
  }
  return out;
}

}  // namespace mutua
