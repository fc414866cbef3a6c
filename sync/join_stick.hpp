#pragma once
// Joining a network by a short code a person can read aloud and type on a touchscreen.
//
// The network key is 256 bits; no code a person can type holds it. So the long join code
// (sync/network.hpp, unchanged) travels sealed in a join file on a USB stick, and the short code
// unlocks it: 10 random symbols (50 bits) in Crockford's base32 plus 2 check symbols, shown as
// "XXXX-XXXX-XXXX". The key that seals the file comes from the short code through Argon2id, so
// the stick alone is worth nothing to a finder, and the code alone (a photo of the screen) is
// worth nothing without the stick. Format: docs/join-codes.md; threat model: docs/security.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sync/network.hpp"

namespace mutua {

// The join file's name on the stick (at its top level).
inline constexpr std::string_view kJoinFileName = "mutua-join.mutua";
inline constexpr size_t kShortCodeDataSymbols = 10;
inline constexpr size_t kShortCodeCheckSymbols = 2;

// A fresh short code, grouped "XXXX-XXXX-XXXX".
std::string new_short_code();
// True when `text` reads as a short code (12 symbols once spaces and dashes are dropped) rather
// than a long join code (60 symbols or more).
bool looks_like_short_code(std::string_view text);
// The 12 symbols, upper case, misreadings forgiven (O->0, I and L->1, U->V), or why not, in
// words: a wrong count, a character no code uses, or a typo (the check symbols do not match).
Result<std::string> parse_short_code(std::string_view text);
// `symbols` grouped for display: "XXXX-XXXX-XXXX".
std::string group_short_code(std::string_view symbols);

// Argon2id cost of sealing. Opening accepts what the file says, between the interactive and the
// sensitive limits of libsodium (a crafted file cannot make a device hash for minutes).
struct SealCost {
  uint64_t ops = 0;
  uint64_t mem_bytes = 0;
};
SealCost default_seal_cost();  // libsodium's "moderate": about 0.5 s and 256 MiB
SealCost fast_seal_cost();     // libsodium's "interactive": for tests, the lowest accepted

// The join file's bytes: the network's long join code, sealed under the short code.
Result<std::string> seal_join_file(const Network& n, std::string_view short_code,
                                   SealCost cost = default_seal_cost());
// The network a join file holds, or why not in words (a code that does not open it, a file that
// is not a join file, one made by a newer Mutua).
Result<Network> open_join_file(std::string_view file_bytes, std::string_view short_code);
// The same, stopping at the long join code it holds (touches no store: a worker thread may run
// it, as Argon2id takes about half a second).
Result<std::string> unseal_join_code(std::string_view file_bytes, std::string_view short_code);
// Reads a join file of at most 4 KiB.
Result<std::string> read_join_bytes(const std::string& path);

// Writes DIR/mutua-join.mutua (atomically) for this network and returns its new short code.
Result<std::string> write_join_file(const Network& n, const std::string& dir,
                                    SealCost cost = default_seal_cost());
// The join file at `path_or_dir` (the file itself, or a folder holding one at its top level),
// else the first of `dirs` that holds one.
std::optional<std::string> find_join_file(const std::vector<std::string>& dirs);
// Reads and opens the join file at `path`, or says why not.
Result<Network> read_join_file(const std::string& path, std::string_view short_code);

// Joins by a short code and the join file at `path` (sync/network.hpp join_network otherwise).
Result<Network> join_with_short_code(Replica& store, std::string_view short_code,
                                     const std::string& path);

}  // namespace mutua
