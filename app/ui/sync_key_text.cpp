#include "app/ui/sync_key_text.hpp"

#include <algorithm>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

namespace {
// A revoked device's records refused as they came, and those here a revocation took back.
std::string refused_note(long long n, const std::string& from) {
  return format_tr_ss(trn("%s record from revoked device %s was not accepted",
                          "%s records from revoked device %s were not accepted", n),
                      format_count(n), from);
}
std::string taken_back_note(long long n, const std::string& from) {
  return format_tr_ss(trn("%s record changed by revoked device %s was taken back",
                          "%s records changed by revoked device %s were taken back", n),
                      format_count(n), from);
}
}  // namespace

std::vector<std::string> import_notes(const ImportSummary& s) {
  std::vector<std::string> out;
  if (!s.learned_key_from.empty())
    out.push_back(format_tr_s(tr("Learned the new network key from %s"), s.learned_key_from));
  if (s.rotated_key) out.push_back(tr("Changed the network key because a revoked device had it"));
  for (const auto& a : s.set_aside) {
    const auto n = static_cast<long long>(a.count);
    const char* words =
        trn("%s record from %s was set aside", "%s records from %s were set aside", n);
    out.push_back(format_tr_ss(words, format_count(n), a.from) + ": " + a.reason);
  }
  // A revoked device's records: refused as they came, and those here taken back, so that a
  // record a volunteer had just seen does not vanish unexplained (docs/security.md,
  // "Revocation").
  for (const auto& [from, count] : s.refused_revoked)
    out.push_back(refused_note(static_cast<long long>(count), from));
  for (const auto& [from, count] : s.taken_back)
    out.push_back(taken_back_note(static_cast<long long>(count), from));
  return out;
}

std::vector<std::string> sync_log_revocation_notes(const SyncLogEntry& e) {
  // The words the import gave (import_notes), with the devices' names as logged.
  std::vector<std::string> out;
  if (e.refused_revoked > 0) out.push_back(refused_note(e.refused_revoked, e.refused_from));
  if (e.taken_back > 0) out.push_back(taken_back_note(e.taken_back, e.taken_back_from));
  return out;
}

std::vector<std::string> sync_key_notes(const MailboxResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.files) {
    if (!f.ok) continue;
    for (auto& line : import_notes(f.summary))
      if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(std::move(line));
  }
  return out;
}

std::string key_status_text(const KeyStatus& k) {
  if (!k.in_network) return tr("Network key: this device is not in a network yet");
  const auto n = static_cast<long long>(k.generation);
  std::string out =
      n == 0 ? std::string(tr("Network key: never changed"))
             : format_tr(
                   trn("Network key: changed %lld time", "Network key: changed %lld times", n), n);
  out += "; ";
  if (k.waiting_on.empty()) return out + tr("this device has the current key");
  std::string who;
  for (const auto& w : k.waiting_on) who += (who.empty() ? "" : ", ") + w;
  return out + format_tr_s(tr("this device waits for the new key that %s uses"), who);
}

}  // namespace mutua
