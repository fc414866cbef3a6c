#pragma once
// What a sync did beyond counting records, and where this device stands with the network key,
// in the interface language with plural forms (issue 10): "Learned the new network key from
// Tablet 2", "Changed the network key because a revoked device had it", "2 records from Tablet 5
// were set aside: <reason>", and Settings' "Network key: changed 2 times; this device has the
// current key". The CLI says the same in English (sync/bundle.hpp ImportSummary::line,
// sync/key_status.hpp).
#include <string>
#include <vector>

#include "sync/bundle.hpp"
#include "sync/key_status.hpp"
#include "sync/mailbox.hpp"

namespace mutua {

// One line per fact, in the order of the files; the same key learned from two files is said
// once. The reason a record was set aside is the sync layer's English line.
std::vector<std::string> sync_key_notes(const MailboxResult& r);
std::vector<std::string> import_notes(const ImportSummary& s);
// A past sync's records refused as a revoked device's, and those a revocation it brought took
// back, as import_notes words them (the Sync screen's "Past syncs").
std::vector<std::string> sync_log_revocation_notes(const SyncLogEntry& e);

// "Network key: changed 2 times; this device has the current key", or "...; this device waits
// for the new key that Tablet 3 uses".
std::string key_status_text(const KeyStatus& k);

}  // namespace mutua
