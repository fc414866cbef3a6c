#include "core/version_sig.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>

#include "core/le_bytes.hpp"

namespace mutua {

namespace {
constexpr std::string_view kVersionContext = "MUTUA-VERSION-1";

void put_value(std::string& out, const Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) {
    out.push_back(0);
    put_u64_le(out, static_cast<uint64_t>(*n));
  } else {
    const auto& s = std::get<std::string>(v);
    out.push_back(1);
    put_u64_le(out, s.size());
    out += s;
  }
}

Digest hash(const std::string& in) {
  Digest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(in.data()),
                     in.size(), nullptr, 0);
  return d;
}
}  // namespace

Digest fixed_digest(const std::vector<Value>& fixed) {
  std::string in;
  for (const auto& v : fixed) put_value(in, v);
  return hash(in);
}

Digest field_digest(uint16_t field_id, const Stamp& s, const Value& v) {
  std::string in;
  in.push_back(static_cast<char>(field_id & 0xff));
  in.push_back(static_cast<char>(field_id >> 8));
  put_u64_le(in, s.hlc);
  put_u64_le(in, s.prev);
  put_value(in, v);
  return hash(in);
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

std::string version_message(const Id& network, const Id& origin, uint64_t seq, TableId table,
                            const Id& row, const Digest& fixed, const FieldDigests& fields) {
  std::string m(kVersionContext);
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
