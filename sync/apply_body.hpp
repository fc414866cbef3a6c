#pragma once
// Steps 4-6 of an import, below the crypto layer: decode a decrypted, decompressed body,
// validate every record (and the device keys it carries) before touching the database, then
// merge it all in one transaction and raise the vector by what it earned. import_bundle calls it
// after authenticating; the fuzz target (tests/fuzz) feeds it bytes directly.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/store.hpp"
#include "sync/bundle.hpp"

namespace mutua {

Result<ImportSummary> apply_body(EntryStore& store, const BundleHeader& h, std::string_view plain,
                                 const std::string& source, SyncFailure& why);

}  // namespace mutua
