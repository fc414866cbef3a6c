#include "core/seq_claim.hpp"

#include <sodium.h>

#include <algorithm>

#include "core/le_bytes.hpp"
#include "core/replica.hpp"
#include "core/write_chain.hpp"

namespace mutua {

namespace {
constexpr std::string_view kSeqContext = "MUTUA-SEQ-1";

}  // namespace

std::string seq_claim_message(const Id& network, const Id& device, uint64_t seq, HlcValue hlc) {
  std::string m(kSeqContext);
  m.append(reinterpret_cast<const char*>(network.bytes.data()), 16);
  m.append(reinterpret_cast<const char*>(device.bytes.data()), 16);
  put_u64_le(m, seq);
  put_u64_le(m, hlc);
  return m;
}

bool seq_claim_valid(const Id& network, const Id& device, const std::array<uint8_t, 32>& key,
                     const Stamp& stamp, std::string_view sig_hex) {
  unsigned char sig[crypto_sign_BYTES];
  size_t len = 0;
  if (stamp.origin != device || sig_hex.size() != 2 * crypto_sign_BYTES ||
      sodium_hex2bin(sig, sizeof sig, sig_hex.data(), sig_hex.size(), nullptr, &len, nullptr) !=
          0 ||
      len != sizeof sig)
    return false;
  auto m = seq_claim_message(network, device, stamp.seq, stamp.hlc);
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(m.data()),
                                     m.size(), key.data()) == 0;
}

void write_seq_claim(Replica& r) {
  auto network = r.signing_network();
  if (!network) return;
  auto row = r.read_row(TableId::devices, r.device_id());
  if (!row) return;
  Stamp current;
  const auto all = r.extras_of(TableId::devices);  // one row per device: a few
  if (auto it = all.find(r.device_id()); it != all.end())
    for (const ExtraValue& e : it->second)
      if ((e.column == kDeviceSeqClaimColumn || e.column == kDeviceSeq2ClaimColumn) &&
          e.stamp.hlc > current.hlc)
        current = e.stamp;
  // As Replica::write stamps a field: greater than its current version, with this device's next
  // sequence number (the highest it has issued).
  Stamp stamp{r.clock().now(), r.device_id(), 0, current.hlc};
  stamp.hlc = std::max(stamp.hlc, hlc_next(current.hlc));
  stamp.seq = r.next_seq();
  auto m = seq_claim_message(*network, r.device_id(), stamp.seq, stamp.hlc);
  unsigned char sig[crypto_sign_BYTES];
  if (!r.sign_as_device(m, sig)) return;
  char hex[2 * crypto_sign_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
  // The SEQ-2 claim: the chain of this device's writes, up to and with this number.
  Seq2Claim chained;
  const ChainHead head = r.fold_own_writes(*network, stamp.seq);
  chained.base = head.base;
  chained.chain = head.value;
  auto m2 =
      seq2_claim_message(*network, r.device_id(), head.base, stamp.seq, stamp.hlc, head.value);
  if (!r.sign_as_device(m2, chained.sig.data())) return;
  // Stored as an import stores a version from this device: the row carrying none of the
  // schema's fields, the claims as its extras (by column id).
  for (Stamp& s : row->stamps) s = Stamp{};
  row->extras = {
      {kDeviceSeqClaimColumn, false, FieldType::text, IntCoding::plain, std::string(hex), stamp},
      {kDeviceSeq2ClaimColumn, false, FieldType::text, IntCoding::plain, encode_seq2_claim(chained),
       stamp}};
  r.merge(*row);
  r.local_set("hlc", std::to_string(r.clock().last()));
}

}  // namespace mutua
