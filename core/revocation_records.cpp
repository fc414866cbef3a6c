// Revocation records, table 12 (core/revocation_records.hpp).
#include "core/revocation_records.hpp"

#include <sodium.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <set>
#include <tuple>

#include "core/digest_rows.hpp"
#include "core/le_bytes.hpp"
#include "core/replica.hpp"

namespace mutua {

namespace {

constexpr std::string_view kRecordIdContext = "MUTUA-REVOCATION-1";
constexpr std::string_view kFieldIdContext = "MUTUA-REVOCATION-FIELD-1";
constexpr std::string_view kRecordSigContext = "MUTUA-REVOCATION-SIG-1";

void put_id(std::string& out, const Id& id) {
  out.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
}

Id hash_id(const std::string& in) {
  Id id;
  crypto_generichash(id.bytes.data(), id.bytes.size(),
                     reinterpret_cast<const unsigned char*>(in.data()), in.size(), nullptr, 0);
  return id;
}

// target, action, cut-off, undoes: the record's own values, in the order every hash takes them.
void put_values(std::string& out, const RevocationRecord& r) {
  put_id(out, r.target);
  put_u64_le(out, static_cast<uint64_t>(r.action));
  put_u64_le(out, r.cutoff);
  put_id(out, r.undoes);
}

// Exactly N bytes from 2N hex digits, or nothing (a key, a signature).
template <size_t N>
std::optional<std::array<uint8_t, N>> bytes_from_hex(std::string_view hex) {
  std::array<uint8_t, N> out{};
  size_t len = 0;
  if (hex.size() != 2 * N ||
      sodium_hex2bin(out.data(), N, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != N)
    return std::nullopt;
  return out;
}

}  // namespace

Id revocation_record_id(const RevocationRecord& r) {
  std::string in(kRecordIdContext);
  put_id(in, r.made.origin);
  put_u64_le(in, r.made.seq);
  put_values(in, r);
  return hash_id(in);
}

Id field_revocation_id(const Id& device, const Stamp& version) {
  std::string in(kFieldIdContext);
  put_id(in, device);
  put_id(in, version.origin);
  put_u64_le(in, version.seq);
  return hash_id(in);
}

std::string revocation_record_message(const Id& network, const RevocationRecord& r) {
  std::string m(kRecordSigContext);
  put_id(m, network);
  m.push_back(static_cast<char>(kRevocationRecordsTable));
  put_id(m, r.id);
  put_values(m, r);
  put_id(m, r.made.origin);
  put_u64_le(m, r.made.seq);
  put_u64_le(m, r.made.hlc);
  return m;
}

Row revocation_record_row(const RevocationRecord& r, const std::array<uint8_t, 64>& sig) {
  Row row;
  row.table = kRevocationRecordsTable;
  row.id = r.id;
  row.insert_only = true;
  row.stamps = {Stamp{r.made.hlc, r.made.origin, r.made.seq, 0}};
  char hex[2 * 64 + 1];
  sodium_bin2hex(hex, sizeof hex, sig.data(), sig.size());
  row.extras = {digest_rows::fixed_id(revocation_column::target, r.target.bytes.data()),
                digest_rows::fixed_int(revocation_column::action, r.action),
                digest_rows::fixed_int(revocation_column::cutoff, static_cast<int64_t>(r.cutoff)),
                digest_rows::fixed_id(revocation_column::undoes, r.undoes.bytes.data()),
                {revocation_column::signature,
                 true,
                 FieldType::text,
                 IntCoding::plain,
                 std::string(hex),
                 {}}};
  return row;
}

std::optional<SignedRevocation> revocation_record_fields(const Row& row) {
  if (row.table != kRevocationRecordsTable || !row.insert_only || row.stamps.size() != 1)
    return std::nullopt;
  auto target = digest_rows::fixed_id_of(row, revocation_column::target);
  auto action = digest_rows::fixed_int_of(row, revocation_column::action);
  auto cutoff = digest_rows::fixed_int_of(row, revocation_column::cutoff);
  auto undoes = digest_rows::fixed_id_of(row, revocation_column::undoes);
  const auto* sig_e = digest_rows::column_of(row, revocation_column::signature, FieldType::text);
  const auto* sig_hex = sig_e ? std::get_if<std::string>(&sig_e->value) : nullptr;
  auto sig = sig_hex ? bytes_from_hex<64>(*sig_hex) : std::nullopt;
  if (!target || !action || !cutoff || *cutoff < 0 || !undoes || !sig) return std::nullopt;
  SignedRevocation out;
  out.sig = *sig;
  RevocationRecord& r = out.record;
  r.made = Stamp{row.stamps[0].hlc, row.stamps[0].origin, row.stamps[0].seq, 0};
  r.target = *target;
  r.action = *action;
  r.cutoff = static_cast<uint64_t>(*cutoff);
  r.undoes = *undoes;
  r.id = revocation_record_id(r);
  if (r.id != row.id) return std::nullopt;
  return out;
}

RecordCheck check_revocation_record(const Id& network, const std::optional<std::string>& writer_key,
                                    const Row& row) {
  auto signed_record = revocation_record_fields(row);
  if (!signed_record) return RecordCheck::malformed;
  auto key = writer_key ? bytes_from_hex<32>(*writer_key) : std::nullopt;
  if (!key) return RecordCheck::unknown_key;
  const auto m = revocation_record_message(network, signed_record->record);
  // Who is revoked is derived again after every change of a device's record, reading every
  // record: a signature found valid once (with its key, message and signature) is not checked
  // again. Keys are pinned, so the answer never changes.
  std::string checked(reinterpret_cast<const char*>(key->data()), key->size());
  checked.append(m);
  checked.append(reinterpret_cast<const char*>(signed_record->sig.data()),
                 signed_record->sig.size());
  static std::mutex valid_mutex;
  static std::set<std::string> valid;
  {
    std::lock_guard<std::mutex> lock(valid_mutex);
    if (valid.count(checked)) return RecordCheck::valid;
  }
  if (crypto_sign_verify_detached(signed_record->sig.data(),
                                  reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                  key->data()) != 0)
    return RecordCheck::forged;
  std::lock_guard<std::mutex> lock(valid_mutex);
  // Bounded: past it, forgotten and checked again.
  if (valid.size() >= kRevocationRecordsPerWriter * 4) valid.clear();
  valid.insert(std::move(checked));
  return RecordCheck::valid;
}

RecordCheck check_revocation_record(const Replica& store, const Row& row) {
  if (!revocation_record_fields(row)) return RecordCheck::malformed;
  auto network = store.signing_network();
  // The writer's record as stored (Replica::device would derive who is revoked: from these).
  auto writer = store.read_row(TableId::devices, row.stamps[0].origin);
  const auto* key =
      writer ? std::get_if<std::string>(&writer->fields[device_field::public_key]) : nullptr;
  if (!network || !key || key->empty()) return RecordCheck::unknown_key;
  return check_revocation_record(*network, *key, row);
}

std::vector<RevocationRecord> write_revocation_records(Replica& store, const Stamp& version,
                                                       std::vector<RevocationRecord> records) {
  auto network = store.signing_network();
  if (!network) return {};
  for (RevocationRecord& r : records) {
    r.made = Stamp{version.hlc, version.origin, version.seq, 0};
    r.id = revocation_record_id(r);
    std::array<uint8_t, 64> sig{};
    if (!store.sign_as_device(revocation_record_message(*network, r), sig.data())) return {};
    Row row = revocation_record_row(r, sig);
    if (store.unknown_row(row.table, row.id)) continue;
    store.merge(row);
    // A leaf of its number, as every local write is (core/own_row.cpp): its fixed values are the
    // extras, in column order.
    for (const auto& e : row.extras) row.fixed.push_back(e.value);
    store.sign_version(row, version.seq);
  }
  return records;
}

std::vector<RevocationRecord> held_revocation_records(const Replica& store) {
  std::vector<RevocationRecord> out;
  std::set<std::tuple<Id, Id, uint64_t>> stood_for;  // (target, writer, number) of the rows
  store.for_each_unknown_row(
      [&](const Row& row) {
        if (check_revocation_record(store, row) != RecordCheck::valid) return true;
        auto r = revocation_record_fields(row)->record;
        stood_for.emplace(r.target, r.made.origin, r.made.seq);
        out.push_back(std::move(r));
        return true;
      },
      kRevocationRecordsTable);
  constexpr size_t flag = device_field::revoked, cut = device_field::revoked_cutoff;
  store.for_each_row(TableId::devices, [&](const Row& d) {
    const Stamp& s = d.stamps[flag];
    // A device's own version of its flag (0, as it introduced itself) revokes and lifts nothing.
    if (s.hlc == 0 || s.origin == d.id || stood_for.count({d.id, s.origin, s.seq})) return true;
    RevocationRecord r;
    r.made = Stamp{s.hlc, s.origin, s.seq, 0};
    r.target = d.id;
    r.id = field_revocation_id(d.id, s);
    if (std::get<int64_t>(d.fields[flag]) != 0) {
      // With the cut-off the field holds, as the fields are read where no record is (a Mutua
      // before cut-offs wrote none, and its reinstatement set it to 0).
      r.action = static_cast<int64_t>(RevocationAction::revoke);
      r.cutoff = static_cast<uint64_t>(std::max<int64_t>(std::get<int64_t>(d.fields[cut]), 0));
    } else {
      r.action = static_cast<int64_t>(RevocationAction::reinstate);
      r.lifts_all = true;
    }
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

DerivedRevocations derive_held_revocations(const Replica& store,
                                           const std::vector<RevocationRecord>& more) {
  auto held = held_revocation_records(store);
  held.insert(held.end(), more.begin(), more.end());
  // The clock check (a record stamped before its writer's own earlier versions held here is
  // void) reads every version of the writer: only for writers that some record revokes, where
  // a record of theirs can take part in a cycle.
  std::set<Id> revoked_by_some;
  for (const auto& r : held)
    if (r.action == static_cast<int64_t>(RevocationAction::revoke))
      revoked_by_some.insert(r.target);
  std::map<std::pair<Id, uint64_t>, HlcValue> clocks;
  const EarlierClock earlier = [&](const Id& writer, uint64_t seq) -> HlcValue {
    if (!revoked_by_some.count(writer)) return 0;
    auto [it, fresh] = clocks.emplace(std::make_pair(writer, seq), 0);
    if (fresh) it->second = store.latest_clock_held(writer, seq);
    return it->second;
  };
  return derive_revocations(std::move(held), earlier);
}

const std::map<Id, uint64_t>& Replica::revoked_until() const {
  if (!revoked_until_) {
    std::map<Id, uint64_t> out;
    for (const auto& [device, s] : derive_held_revocations(*this).revoked)
      out.emplace(device, s.until);
    revoked_until_ = std::move(out);
  }
  return *revoked_until_;
}

Device Replica::with_derived_revocation(Device d) const {
  const auto& revoked = revoked_until();
  auto it = revoked.find(d.id);
  d.revoked = it != revoked.end();
  // accepted_until's terms: 1 + the last number accepted; 0, none (core/revocation.hpp).
  d.revoked_cutoff =
      !d.revoked || it->second == std::numeric_limits<uint64_t>::max() ? 0 : it->second + 1;
  return d;
}

}  // namespace mutua
