#include "core/kept_claim.hpp"

#include <charconv>
#include <string_view>
#include <vector>

#include "core/replica.hpp"
#include "core/seq_claim.hpp"

namespace mutua {

namespace {

std::string key_of(const Id& device) {
  return "kept_claim:" + device.hex();
}

std::vector<std::string_view> split(std::string_view s, char by) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == by) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

bool parse_u64(std::string_view s, uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

// Kept as "hlc seq prev\nSEQ-1\nSEQ-2" (the signatures are text with no line break).
std::string format(const KeptClaim& c) {
  return std::to_string(c.stamp.hlc) + ' ' + std::to_string(c.stamp.seq) + ' ' +
         std::to_string(c.stamp.prev) + '\n' + c.seq1 + '\n' + c.seq2;
}

std::optional<KeptClaim> parse(const Id& device, std::string_view text) {
  const auto lines = split(text, '\n');
  if (lines.size() != 3) return std::nullopt;
  const auto nums = split(lines[0], ' ');
  KeptClaim c;
  c.stamp.origin = device;
  if (nums.size() != 3 || !parse_u64(nums[0], c.stamp.hlc) || !parse_u64(nums[1], c.stamp.seq) ||
      !parse_u64(nums[2], c.stamp.prev) || c.stamp.hlc == 0)
    return std::nullopt;
  c.seq1 = std::string(lines[1]);
  c.seq2 = std::string(lines[2]);
  return c;
}

}  // namespace

std::optional<KeptClaim> kept_claim(const Replica& store, const Id& device) {
  auto text = store.local_get(key_of(device));
  if (!text) return std::nullopt;
  return parse(device, *text);
}

void keep_claim(Replica& store, const KeptClaim& c, uint64_t until) {
  if (c.stamp.hlc == 0 || c.stamp.seq > until) return;
  if (auto held = kept_claim(store, c.stamp.origin);
      held && held->stamp.seq <= until && !c.stamp.newer_than(held->stamp))
    return;
  store.local_set(key_of(c.stamp.origin), format(c));
}

void forget_kept_claim_past(Replica& store, const Id& device, uint64_t until) {
  if (auto held = kept_claim(store, device); held && held->stamp.seq > until)
    store.local_set(key_of(device), "");
}

std::optional<KeptClaim> claim_in_extras(const Id& device, const std::vector<ExtraValue>& extras) {
  const ExtraValue* one = nullptr;
  const ExtraValue* two = nullptr;
  for (const auto& e : extras) {
    if (e.fixed || e.stamp.hlc == 0 || e.stamp.origin != device || e.type != FieldType::text)
      continue;
    if (e.column == kDeviceSeqClaimColumn) one = &e;
    if (e.column == kDeviceSeq2ClaimColumn) two = &e;
  }
  if (!one || !two || !(one->stamp == two->stamp)) return std::nullopt;
  const auto* a = std::get_if<std::string>(&one->value);
  const auto* b = std::get_if<std::string>(&two->value);
  if (!a || !b) return std::nullopt;
  return KeptClaim{one->stamp, *a, *b};
}

std::vector<ExtraValue> claim_extras(const KeptClaim& c) {
  std::vector<ExtraValue> out(2);
  out[0].column = kDeviceSeqClaimColumn;
  out[0].value = c.seq1;
  out[1].column = kDeviceSeq2ClaimColumn;
  out[1].value = c.seq2;
  for (auto& e : out) {
    e.type = FieldType::text;
    e.stamp = c.stamp;
  }
  return out;
}

}  // namespace mutua
