#pragma once
// Steps 4-6 of an import, below the crypto layer: decode a decrypted, decompressed body,
// validate every record (and the device keys it carries) before touching the database, then
// merge it all in one transaction and raise the vector by what it earned. import_bundle calls it
// after authenticating; the fuzz target (tests/fuzz) feeds it bytes directly.
#include <string>
#include <string_view>

#include <optional>

#include "core/replica.hpp"
#include "core/result.hpp"
#include "sync/bundle.hpp"

namespace mutua {

// `compressed_bytes`: the size of the body as it travelled, which bounds how many rows and how
// much text it may add (sync/import_budget.hpp); nothing: unbounded. The fuzz target passes the
// plain size, a looser bound than any real bundle gets.
Result<ImportSummary> apply_body(Replica& store, const BundleHeader& h, std::string_view plain,
                                 const std::string& source, SyncFailure& why,
                                 std::optional<uint64_t> compressed_bytes);

}  // namespace mutua
