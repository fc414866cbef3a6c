#include "core/pin_sharing.hpp"

#include <sodium.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "core/pin_fingerprint.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"

namespace mutua {

namespace {

constexpr std::string_view kUniqueKey = "pin_unique";
constexpr std::string_view kSharedKey = "pin_shared";
constexpr size_t kSharedKept = 256;  // entries; a flag older than that is dropped

std::string pin_hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::string blake(std::string_view text, size_t bytes) {
  unsigned char out[32];
  if (sodium_init() < 0) return {};
  crypto_generichash(out, bytes, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return pin_hex(out, bytes);
}

using pin_note::fingerprint;
using pin_note::words;

}  // namespace

std::string pin_table_digest(const std::vector<PinCandidate>& all) {
  std::vector<std::string> lines;
  for (const PinCandidate& c : all) lines.push_back(c.info.id.hex() + ":" + c.hash + "\n");
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& l : lines) text += l;
  return blake(text, 16);
}

std::vector<Id> pins_known_unique(const Store& store, const std::string& digest) {
  const auto w = words(store.replica().local_get(kUniqueKey).value_or(""));
  std::vector<Id> out;
  if (w.empty() || w.front() != digest) return out;
  for (size_t i = 1; i < w.size(); ++i)
    if (auto id = Id::from_hex(w[i])) out.push_back(*id);
  return out;
}

void mark_pin_unique(Store& store, const std::string& digest, const Id& id) {
  std::vector<Id> ids = pins_known_unique(store, digest);
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return;
  ids.push_back(id);
  std::string text = digest;
  for (const Id& i : ids) text += " " + i.hex();
  store.replica().local_set(kUniqueKey, text);
}

void record_shared_pin(Store& store, const std::vector<PinCandidate>& group) {
  std::vector<std::string> entries = words(store.replica().local_get(kSharedKey).value_or(""));
  std::set<std::string> have(entries.begin(), entries.end());
  for (const PinCandidate& a : group)
    for (const PinCandidate& b : group) {
      if (a.info.id == b.info.id) continue;
      std::string e = a.info.id.hex() + ":" + fingerprint(a.hash) + ":" + b.info.id.hex();
      if (have.insert(e).second) entries.push_back(std::move(e));
    }
  if (entries.size() > kSharedKept) entries.erase(entries.begin(), entries.end() - kSharedKept);
  std::string text;
  for (const auto& e : entries) text += (text.empty() ? "" : " ") + e;
  store.replica().local_set(kSharedKey, text);
}

std::vector<Id> pin_shared_with(const Store& store, const Id& id, const std::string& hash) {
  std::vector<Id> out;
  if (hash.empty()) return out;
  const std::string prefix = id.hex() + ":" + fingerprint(hash) + ":";
  for (const std::string& e : words(store.replica().local_get(kSharedKey).value_or("")))
    if (e.rfind(prefix, 0) == 0)
      if (auto other = Id::from_hex(e.substr(prefix.size()))) out.push_back(*other);
  return out;
}

}  // namespace mutua
