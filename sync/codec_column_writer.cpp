// The writing side of the column codec (docs/bundle-format.md, "Column encodings"): each column's
// encoding is chosen from its own data when it is finished. The reading side is in
// sync/codec_columns.cpp.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "sync/codec_columns.hpp"

namespace mutua::codec {

namespace {
constexpr size_t kMinRowsForDictionary = 16;
constexpr size_t kMinRowsToPack = 16;

uint64_t magnitude(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}
}  // namespace

namespace {

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
void put_numbers(std::string& out, const std::vector<uint64_t>& as_varints,
                 const std::vector<uint64_t>& offsets, uint64_t base) {
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

// --- Text columns -----------------------------------------------------------------------------
// A text column is written in one of four modes, chosen per bundle from the column's own data:
//   plain    varint length + bytes per value
//   values   a dictionary of distinct values (most frequent first), then one index per value
//   words    a dictionary of the words between single spaces, then a stream of word counts and
//            a stream of word indexes: free text from a small vocabulary costs a byte a word
//   numbers  for digit strings (phone numbers): the digit count, then the value as a varint

bool is_digits(std::string_view s) {
  return !s.empty() && s.size() <= kMaxDigits &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Distinct strings in first-seen order with their counts, and the sequence of their ids.
struct Vocabulary {
  // Open addressing, a power of two of slots holding id + 1 (0: empty): an export looks up
  // every word of every free-text value here, and this is several times faster than a node map.
  std::vector<uint32_t> slots = std::vector<uint32_t>(64, 0);
  std::vector<std::string_view> words;
  std::vector<uint64_t> counts;
  std::vector<uint32_t> sequence;
  // Eight bytes at a step, then a final mix (splitmix64's) so that the low bits, the slot, depend
  // on every byte. An export hashes every value and every word of its text columns (some 40 MB
  // at 100,000 entries): FNV-1a, a multiply a byte, took 6 % of an export's instructions. Only
  // the slots depend on it, never the bytes written.
  static uint64_t hash(std::string_view w) {
    constexpr uint64_t kMul = 0xbf58476d1ce4e5b9ull;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ w.size();
    const char* p = w.data();
    size_t n = w.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t k;
      std::memcpy(&k, p, 8);
      h = (h ^ k) * kMul;
      h ^= h >> 31;
    }
    if (n) {
      uint64_t k = 0;
      for (size_t i = 0; i < n; ++i) k |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
      h = (h ^ k) * kMul;
      h ^= h >> 31;
    }
    h = (h ^ (h >> 30)) * kMul;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
  }
  void grow() {
    std::vector<uint32_t> bigger(slots.size() * 2, 0);
    const size_t mask = bigger.size() - 1;
    for (uint32_t id = 0; id < words.size(); ++id) {
      size_t i = hash(words[id]) & mask;
      while (bigger[i]) i = (i + 1) & mask;
      bigger[i] = id + 1;
    }
    slots.swap(bigger);
  }
  void reserve(size_t n) {
    while (slots.size() < n * 2) grow();
  }
  void add(std::string_view w) {
    const size_t mask = slots.size() - 1;
    size_t i = hash(w) & mask;
    uint32_t id = 0;
    for (;; i = (i + 1) & mask) {  // bounded: at most half the slots are ever taken
      if (!slots[i]) {
        id = static_cast<uint32_t>(words.size());
        slots[i] = id + 1;
        words.push_back(w);
        counts.push_back(0);
        if (words.size() * 2 > slots.size()) grow();
        break;
      }
      if (words[slots[i] - 1] == w) {
        id = slots[i] - 1;
        break;
      }
    }
    ++counts[id];
    sequence.push_back(id);
  }
  size_t distinct() const { return words.size(); }
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

std::string encode_text(const std::vector<std::string_view>& values, Encoding& chosen) {
  size_t n = values.size();
  auto mode = Encoding::text_plain;
  Vocabulary whole, words;
  std::vector<uint32_t> word_counts;
  if (n >= kMinRowsForDictionary) {
    whole.reserve(n / 2 + 1);
    whole.sequence.reserve(n);
    size_t digits = std::count_if(values.begin(), values.end(), is_digits);
    size_t empty =
        std::count_if(values.begin(), values.end(), [](std::string_view v) { return v.empty(); });
    if (digits > 0 && digits + empty >= n - n / 16) {
      mode = Encoding::text_numbers;
    } else {
      double best = -1;
      for (auto v : values) {
        whole.add(v);
        if (whole.words.size() > n / 2) break;
      }
      if (whole.words.size() <= n / 2) {
        mode = Encoding::text_values;
        best = whole.cost();
      }
      // Few distinct values: a value index is as good as it gets.
      if (mode != Encoding::text_values || whole.words.size() > 64) {
        for (auto v : values) {
          uint32_t count = 0;
          if (!v.empty()) {
            for (size_t start = 0;;) {
              size_t space = v.find(' ', start);
              words.add(v.substr(
                  start, space == std::string_view::npos ? std::string_view::npos : space - start));
              ++count;
              if (space == std::string_view::npos) break;
              start = space + 1;
            }
          }
          word_counts.push_back(count);
        }
        if (words.words.size() * 2 <= words.sequence.size()) {
          double cost = words.cost() + static_cast<double>(n) / 4;  // the counts, roughly
          if (best < 0 || cost < best) mode = Encoding::text_words;
        }
      }
    }
  }
  std::string out;
  chosen = mode;
  switch (mode) {
    case Encoding::text_plain:
      for (auto v : values) {
        varint::put(out, v.size());
        out += v;
      }
      break;
    case Encoding::text_values: {
      auto rank = whole.write_dictionary(out);
      for (auto id : whole.sequence) varint::put(out, rank[id]);
      break;
    }
    case Encoding::text_words: {
      auto rank = words.write_dictionary(out);
      std::string counts;
      for (auto c : word_counts) varint::put(counts, c);
      put_stream(out, counts);
      for (auto id : words.sequence) varint::put(out, rank[id]);
      break;
    }
    default: {
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

}  // namespace

void ColumnBuilder::add(FieldType type, const Value& v) {
  switch (type) {
    case FieldType::integer: {
      const int64_t n = std::get<int64_t>(v);
      varint::put(int_steps, zz(wrap_sub(n, last_int)));
      last_int = n;
      break;
    }
    case FieldType::text: {
      const auto& s = std::get<std::string>(v);
      text += s;
      varint::put(lengths, s.size());
      break;
    }
    case FieldType::id: {
      const auto& s = std::get<std::string>(v);
      ids.append(s.size() == 16 ? s : std::string(16, '\0'));
      break;
    }
  }
  ++count;
}

std::pair<Encoding, std::string> ColumnBuilder::finish(const ColumnDesc& d,
                                                       const std::vector<int64_t>& ref_ms) {
  std::pair<Encoding, std::string> out{Encoding::id_raw, {}};
  if (d.type == FieldType::integer) {
    std::vector<int64_t> ints;
    ints.reserve(count);
    int64_t last = 0;
    for (size_t pos = 0; pos < int_steps.size();) {
      last = wrap_add(last, unzz(*varint::get(int_steps, pos)));
      ints.push_back(last);
    }
    std::string().swap(int_steps);
    // Creation times sit close before the row's version; times in fields close to the last one.
    if (d.coding == IntCoding::before_version) {
      for (size_t i = 0; i < ints.size() && i < ref_ms.size(); ++i)
        ints[i] = wrap_sub(ref_ms[i], ints[i]);
    } else if (d.coding == IntCoding::delta) {
      int64_t last = 0;
      for (auto& v : ints) {
        int64_t n = v;
        v = wrap_sub(n, last);
        last = n;
      }
    }
    out = {int_encoding(d.coding), encode_ints(ints)};
  } else if (d.type == FieldType::text) {
    std::vector<std::string_view> values;
    values.reserve(count);
    size_t start = 0;
    for (size_t pos = 0; pos < lengths.size();) {
      const auto len = static_cast<size_t>(*varint::get(lengths, pos));
      values.emplace_back(text.data() + start, len);
      start += len;
    }
    std::string().swap(lengths);
    out.second = encode_text(values, out.first);
  } else {
    out.second = std::move(ids);
  }
  *this = ColumnBuilder{};
  return out;
}

}  // namespace mutua::codec
