#include "core/version_sig.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "core/le_bytes.hpp"

namespace mutua {

namespace {
constexpr std::string_view kVersionContext = "MUTUA-VERSION-1";

// The bytes of one digest's input, gathered on the stack and hashed in one call; a longer input
// (a long text value) streams through BLAKE2b in chunks, which gives the same digest. A CSV import
// of 100,000 rows in a network takes about 1.4 million of these digests, and building each input
// in a heap string cost an allocation apiece.
class DigestInput {
 public:
  DigestInput() = default;
  DigestInput(const DigestInput&) = delete;
  DigestInput& operator=(const DigestInput&) = delete;

  void byte(uint8_t b) { bytes(&b, 1); }
  void u64_le(uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>((v >> (8 * i)) & 0xff);
    bytes(b, 8);
  }
  void bytes(const void* p, size_t n) {
    const auto* in = static_cast<const unsigned char*>(p);
    if (used_ + n > sizeof buf_) {
      flush();
      if (n > sizeof buf_) {
        crypto_generichash_update(&state_, in, n);
        return;
      }
    }
    std::memcpy(buf_ + used_, in, n);
    used_ += n;
  }
  // A value as the digests code it: a type byte (0 integer, 1 text or id), then 8 bytes LE, or
  // the length (8 bytes LE) and the bytes.
  void value(const Value& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) {
      byte(0);
      u64_le(static_cast<uint64_t>(*n));
    } else {
      const auto& s = std::get<std::string>(v);
      byte(1);
      u64_le(s.size());
      bytes(s.data(), s.size());
    }
  }
  Digest digest() {
    Digest d{};
    if (!streaming_) {
      crypto_generichash(d.data(), d.size(), buf_, used_, nullptr, 0);
      return d;
    }
    flush();
    crypto_generichash_final(&state_, d.data(), d.size());
    return d;
  }

 private:
  void flush() {
    if (!streaming_) {
      crypto_generichash_init(&state_, nullptr, 0, sizeof(Digest));
      streaming_ = true;
    }
    if (used_) crypto_generichash_update(&state_, buf_, used_);
    used_ = 0;
  }

  unsigned char buf_[256];
  size_t used_ = 0;
  bool streaming_ = false;
  crypto_generichash_state state_;
};
}  // namespace

Digest fixed_digest(const std::vector<Value>& fixed) {
  DigestInput in;
  for (const auto& v : fixed) in.value(v);
  return in.digest();
}

Digest field_digest(uint16_t field_id, const Stamp& s, const Value& v) {
  DigestInput in;
  in.byte(static_cast<uint8_t>(field_id & 0xff));
  in.byte(static_cast<uint8_t>(field_id >> 8));
  in.u64_le(s.hlc);
  in.u64_le(s.prev);
  in.value(v);
  return in.digest();
}

FieldDigests held_digests(const Row& row, const Id& origin, uint64_t seq) {
  FieldDigests out;
  // A row of a table this device keeps as a newer Mutua's (core/gaps.hpp writes one): its
  // content is all in its fixed values, as for an insert-only table of the schema.
  const bool insert_only =
      is_known_table(row.table) ? table_def(row.table).insert_only() : row.insert_only;
  if (!is_known_table(row.table) && !insert_only) return out;
  if (insert_only) {
    if (!row.stamps.empty() && row.stamps[0].hlc != 0)
      out.emplace_back(0, field_digest(0, row.stamps[0], int64_t{0}));
    return out;
  }
  const auto& t = table_def(row.table);
  out.reserve(std::min(row.stamps.size(), t.fields.size()));
  for (size_t f = 0; f < row.stamps.size() && f < t.fields.size(); ++f) {
    const Stamp& s = row.stamps[f];
    if (s.hlc != 0 && s.origin == origin && s.seq == seq)
      out.emplace_back(t.fields[f].id, field_digest(t.fields[f].id, s, row.fields[f]));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

FieldDigests merged_digests(const FieldDigests& held, const FieldDigests& gone) {
  std::map<uint16_t, Digest> by_id;
  for (const auto& [id, d] : gone) by_id.emplace(id, d);  // a field twice: the first
  for (const auto& [id, d] : held) by_id[id] = d;
  return {by_id.begin(), by_id.end()};
}

WriteChoices::WriteChoices(FieldDigests held) : first_(std::move(held)) {}

bool WriteChoices::offer(uint16_t field, const std::vector<Digest>& ds) {
  auto at = std::lower_bound(first_.begin(), first_.end(), field,
                             [](const auto& f, uint16_t id) { return f.first < id; });
  if (ds.empty() || (at != first_.end() && at->first == field)) return false;
  if (ds.size() == 1) {
    first_.insert(at, {field, ds.front()});
    return true;
  }
  std::vector<Digest> sorted = ds;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  first_.insert(at, {field, sorted.front()});
  if (sorted.size() > 1) many_.emplace_back(field, std::move(sorted));
  return true;
}

size_t WriteChoices::count(size_t bound) const {
  size_t total = 1;
  for (const auto& m : many_) total = std::min(bound, total * m.second.size());
  return std::min(bound, total);
}

FieldDigests WriteChoices::choice(size_t k) const {
  FieldDigests fields = first_;
  size_t rest = k;
  for (const auto& [field, ds] : many_) {
    const Digest& d = ds[rest % ds.size()];
    rest /= ds.size();
    for (auto& f : fields)
      if (f.first == field) f.second = d;
  }
  return fields;
}

std::string version_message(const Id& network, const Id& origin, uint64_t seq, TableId table,
                            const Id& row, const Digest& fixed, const FieldDigests& fields) {
  std::string m;
  m.reserve(kVersionContext.size() + 16 + 16 + 8 + 1 + 16 + fixed.size() +
            fields.size() * sizeof(Digest));
  m += kVersionContext;
  m.append(reinterpret_cast<const char*>(network.bytes.data()), 16);
  m.append(reinterpret_cast<const char*>(origin.bytes.data()), 16);
  put_u64_le(m, seq);
  m.push_back(static_cast<char>(table));
  m.append(reinterpret_cast<const char*>(row.bytes.data()), 16);
  m.append(reinterpret_cast<const char*>(fixed.data()), fixed.size());
  for (const auto& [id, d] : fields) m.append(reinterpret_cast<const char*>(d.data()), d.size());
  return m;
}

}  // namespace mutua
