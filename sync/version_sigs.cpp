#include "sync/version_sigs.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "sync/bundle.hpp"
#include "sync/earned_vector.hpp"
#include "sync/network.hpp"

namespace mutua {

namespace {

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

bool from_hex(std::string_view hex, unsigned char* out, size_t n) {
  size_t len = 0;
  return hex.size() == 2 * n &&
         sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

template <typename F>
void split(std::string_view s, char sep, const F& f) {
  while (true) {
    auto at = s.find(sep);
    f(s.substr(0, at));
    if (at == std::string_view::npos) return;
    s.remove_prefix(at + 1);
  }
}

bool parse_u64(std::string_view s, uint64_t& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// One entry of the column.
struct SigEntry {
  std::array<unsigned char, 4> origin{};  // the first 4 bytes of the version's origin
  uint64_t seq = 0;
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  FieldDigests gone;
};

std::vector<SigEntry> parse_column(std::string_view text) {
  std::vector<SigEntry> out;
  split(text, ';', [&](std::string_view item) {
    SigEntry e;
    size_t part = 0;
    bool ok = true;
    split(item, ',', [&](std::string_view p) {
      if (!ok) return;
      if (part == 0) {
        auto colon = p.find(':');
        ok = colon != std::string_view::npos &&
             from_hex(p.substr(0, colon), e.origin.data(), e.origin.size()) &&
             parse_u64(p.substr(colon + 1), e.seq);
      } else if (part == 1) {
        ok = from_hex(p, e.sig.data(), e.sig.size());
      } else {
        auto eq = p.find('=');
        uint64_t id = 0;
        Digest d{};
        ok = eq != std::string_view::npos && parse_u64(p.substr(0, eq), id) && id <= 0xffff &&
             from_hex(p.substr(eq + 1), d.data(), d.size());
        if (ok) e.gone.emplace_back(static_cast<uint16_t>(id), d);
      }
      ++part;
    });
    if (ok && part >= 2) out.push_back(std::move(e));
  });
  return out;
}

// The versions a row carries, each once: (origin, seq) and its greatest stamp.
std::vector<Stamp> carried_versions(const Row& row, uint64_t mask, bool insert_only) {
  std::vector<Stamp> out;
  for (size_t f = 0; f < row.stamps.size(); ++f) {
    const Stamp& s = row.stamps[f];
    if (s.hlc == 0 || (!insert_only && !(mask >> f & 1))) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const Stamp& o) {
      return o.origin == s.origin && o.seq == s.seq;
    });
    if (it == out.end())
      out.push_back(s);
    else if (s.newer_than(*it))
      *it = s;
    if (insert_only) break;
  }
  return out;
}

bool names(const SigEntry& e, const Stamp& v) {
  return e.seq == v.seq && std::equal(e.origin.begin(), e.origin.end(), v.origin.bytes.begin());
}

}  // namespace

std::optional<ExtraValue> signature_column(const Replica& store, const Row& row, uint64_t mask) {
  if (!is_known_table(row.table)) return std::nullopt;
  const bool insert_only = table_def(row.table).insert_only();
  const auto versions = carried_versions(row, mask, insert_only);
  if (versions.empty()) return std::nullopt;
  const auto sigs = store.version_sigs(row.table, row.id);
  if (sigs.empty()) return std::nullopt;
  std::string text;
  Stamp newest;
  for (const Stamp& v : versions) {
    auto s = std::find_if(sigs.begin(), sigs.end(), [&](const Replica::VersionSig& x) {
      return x.origin == v.origin && x.seq == v.seq;
    });
    if (s == sigs.end()) continue;
    if (!text.empty()) text += ';';
    text += to_hex({reinterpret_cast<const char*>(v.origin.bytes.data()), 4}) + ':' +
            std::to_string(v.seq) + ',' + to_hex(s->sig);
    for (const auto& [id, d] : decode_digests(s->gone))
      text += ',' + std::to_string(id) + '=' +
              to_hex({reinterpret_cast<const char*>(d.data()), d.size()});
    if (v.newer_than(newest)) newest = v;
  }
  if (text.empty()) return std::nullopt;
  return ExtraValue{kVersionSigColumn,         insert_only, FieldType::text, IntCoding::plain,
                    std::move(text),           insert_only ? Stamp{} : newest};
}

VersionSigCheck::VersionSigCheck(Replica& store, const BundleHeader& h, bool sender_pinned)
    : store_(store), h_(h), sender_pinned_(sender_pinned) {}

const std::array<uint8_t, 32>* VersionSigCheck::key_of(const Id& origin) {
  auto it = keys_.find(origin);
  if (it == keys_.end()) {
    auto d = store_.device(origin);
    it = keys_.emplace(origin, d ? public_key_from_hex(d->public_key) : std::nullopt).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::optional<Replica::Signer> VersionSigCheck::signer_of(const Id& origin) {
  auto it = signers_.find(origin);
  if (it == signers_.end()) it = signers_.emplace(origin, store_.signer(origin)).first;
  return it->second;
}

void VersionSigCheck::note(const Id& origin, uint64_t seq, HlcValue hlc) {
  auto s = signer_of(origin);
  if (s && seq >= s->seq) return;
  store_.note_signer(origin, seq, hlc);
  signers_[origin] = Replica::Signer{seq, hlc};
}

void VersionSigCheck::finish() {
  const bool sender_now = sender_pinned(store_, h_);
  for (const auto& [origin, d] : deferred_) {
    bool ok = origin == h_.sender && sender_now;
    keys_.erase(origin);
    if (!ok)
      if (const auto* key = key_of(origin))
        ok = crypto_sign_verify_detached(d.sig.data(),
                                         reinterpret_cast<const unsigned char*>(d.message.data()),
                                         d.message.size(), key->data()) == 0;
    if (ok) note(origin, d.seq, d.hlc);
  }
  deferred_.clear();
}

bool VersionSigCheck::check(Row& row) {
  if (!is_known_table(row.table)) return true;
  const auto& t = table_def(row.table);
  std::vector<SigEntry> entries;
  auto col = std::find_if(row.extras.begin(), row.extras.end(),
                          [](const ExtraValue& e) { return e.column == kVersionSigColumn; });
  if (col != row.extras.end()) {
    if (const auto* text = std::get_if<std::string>(&col->value)) entries = parse_column(*text);
    row.extras.erase(col);
  }
  const auto versions = carried_versions(row, ~uint64_t{0}, t.insert_only());
  if (versions.empty()) return true;
  const Digest fixed = fixed_digest(row.fixed);
  bool took_out = false;
  for (const Stamp& v : versions) {
    const SigEntry* found = nullptr;
    bool verified = false;
    const bool trusted = sender_pinned_ && v.origin == h_.sender;
    const auto* key = trusted ? nullptr : key_of(v.origin);
    const FieldDigests held = held_digests(row, v.origin, v.seq);
    for (const SigEntry& e : entries) {
      if (!names(e, v)) continue;
      if (trusted || !key) {
        found = &e;  // authenticated by the bundle, or not checkable here: passed on as it came
        break;
      }
      auto m = version_message(h_.network_id, v.origin, v.seq, row.table, row.id, fixed,
                               merged_digests(held, e.gone));
      if (crypto_sign_verify_detached(e.sig.data(), reinterpret_cast<const unsigned char*>(m.data()),
                                      m.size(), key->data()) == 0) {
        found = &e;
        verified = true;
        break;
      }
    }
    bool refuse = false;
    if (!trusted && key && !verified) {
      // A signature for its number that does not fit what it came with (unless another version
      // the row carries has that number too, and the signature may be that one's).
      const bool offered = std::any_of(entries.begin(), entries.end(),
                                       [&](const SigEntry& e) { return names(e, v); });
      const bool shared = std::count_if(versions.begin(), versions.end(), [&](const Stamp& o) {
                            return o.seq == v.seq && std::equal(o.origin.bytes.begin(),
                                                                o.origin.bytes.begin() + 4,
                                                                v.origin.bytes.begin());
                          }) > 1;
      if (offered && !shared) {
        refuse = true;
      } else {
        auto s = signer_of(v.origin);
        refuse = s && (v.seq >= s->seq || v.hlc >= s->hlc);  // its device signs: this it did not
      }
    }
    if (refuse) {
      took_out = true;
      for (size_t f = 0; f < row.stamps.size(); ++f) {
        Stamp& s = row.stamps[f];
        if (s.hlc == 0 || s.origin != v.origin || s.seq != v.seq) continue;
        if (!t.insert_only()) row.fields[f] = default_value(t.fields[f].type);
        s = Stamp{};
      }
      continue;
    }
    if (!found) continue;
    if (!trusted && !key) {
      // Its key may come later in this bundle (a device's record follows its entries): the
      // lowest such version of each origin is checked once the bundle is merged, so that this
      // device learns from the first bundle already that the origin signs (finish()).
      auto& d = deferred_[v.origin];
      if (d.message.empty() || v.seq < d.seq) {
        d.seq = v.seq;
        d.hlc = v.hlc;
        d.sig = found->sig;
        d.message = version_message(h_.network_id, v.origin, v.seq, row.table, row.id, fixed,
                                    merged_digests(held, found->gone));
      }
    }
    store_.keep_version_sig(
        row.table, row.id,
        {v.origin, v.seq, std::string(reinterpret_cast<const char*>(found->sig.data()),
                                      found->sig.size()),
         encode_digests(found->gone)});
    if (trusted || verified) note(v.origin, v.seq, v.hlc);
  }
  if (!took_out) return true;
  ++refused_;
  if (t.insert_only()) return false;
  bool any_left = std::any_of(row.stamps.begin(), row.stamps.end(),
                              [](const Stamp& s) { return s.hlc != 0; });
  for (const auto& e : row.extras) any_left = any_left || !e.fixed;
  return any_left;
}

}  // namespace mutua
