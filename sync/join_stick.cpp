#include "sync/join_stick.hpp"

#include <sodium.h>

#include <filesystem>
#include <stdexcept>

#include "core/varint.hpp"
#include "sync/atomic_file.hpp"

namespace mutua {

namespace {
// Crockford's base32: no I, L, O or U, so nothing reads as something else.
constexpr std::string_view kSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kSymbolsTotal = kShortCodeDataSymbols + kShortCodeCheckSymbols;
constexpr std::string_view kJoinMagic = "MUTUAJOIN";
constexpr uint8_t kFileVersion = 1;
constexpr size_t kMaxJoinFileBytes = 4096;

void need_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

// The two check symbols: 10 bits of BLAKE2b over the data symbols, under its own context.
std::string check_symbols(std::string_view data) {
  static const char context[] = "mutua short join code";
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     reinterpret_cast<const unsigned char*>(context), sizeof context - 1);
  const unsigned v = (static_cast<unsigned>(h[0]) << 2) | (h[1] >> 6);
  return {kSymbols[(v >> 5) & 31], kSymbols[v & 31]};
}

// Upper case, separators dropped, misreadings forgiven; nothing for a character no code uses.
std::optional<std::string> normalise(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (u == 'U') u = 'V';
    if (kSymbols.find(u) == std::string_view::npos) return std::nullopt;
    out.push_back(u);
    if (out.size() > 200) return std::nullopt;
  }
  return out;
}

std::array<uint8_t, 32> derive_key(std::string_view data_symbols, const unsigned char* salt,
                                   const SealCost& cost, bool& ok) {
  std::array<uint8_t, 32> key{};
  ok = crypto_pwhash(key.data(), key.size(), data_symbols.data(), data_symbols.size(), salt,
                     cost.ops, static_cast<size_t>(cost.mem_bytes),
                     crypto_pwhash_ALG_ARGON2ID13) == 0;
  return key;
}

// The long join code a join file holds.
}  // namespace

Result<std::string> unseal_join_code(std::string_view bytes, std::string_view short_code) {
  auto symbols = parse_short_code(short_code);
  if (!symbols) return symbols.error_value();
  need_sodium();
  const std::string not_join = "this file is not a Mutua join file";
  if (bytes.size() < kJoinMagic.size() + 1 || bytes.substr(0, kJoinMagic.size()) != kJoinMagic)
    return fail(not_join);
  if (static_cast<uint8_t>(bytes[kJoinMagic.size()]) != kFileVersion)
    return fail("this join file was made by a newer Mutua; update this device");
  size_t pos = kJoinMagic.size() + 1;
  auto ops = varint::get(bytes, pos);
  auto mem = varint::get(bytes, pos);
  if (!ops || !mem) return fail(not_join);
  const SealCost cost{*ops, *mem};
  const SealCost low = fast_seal_cost();
  if (cost.ops < low.ops || cost.mem_bytes < low.mem_bytes ||
      cost.ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      cost.mem_bytes > crypto_pwhash_MEMLIMIT_SENSITIVE)
    return fail(not_join);
  constexpr size_t salt_n = crypto_pwhash_SALTBYTES;
  constexpr size_t nonce_n = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t tag_n = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (bytes.size() < pos + salt_n + nonce_n + tag_n) return fail(not_join);
  const auto* salt = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
  const auto* nonce = salt + salt_n;
  const size_t header = pos + salt_n + nonce_n;
  bool ok = false;
  auto key = derive_key(symbols->substr(0, kShortCodeDataSymbols), salt, cost, ok);
  if (!ok) return fail("this device has too little memory free to open the join file");
  std::string plain(bytes.size() - header - tag_n, '\0');
  unsigned long long plain_n = 0;
  const int r = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain.data()), &plain_n, nullptr,
      reinterpret_cast<const unsigned char*>(bytes.data() + header), bytes.size() - header,
      reinterpret_cast<const unsigned char*>(bytes.data()), header, nonce, key.data());
  sodium_memzero(key.data(), key.size());
  if (r != 0)
    return fail(
        "this code does not open the join file on the stick; check the code on the other tablet, "
        "or make a new join file there");
  plain.resize(static_cast<size_t>(plain_n));
  return plain;
}

Result<std::string> read_join_bytes(const std::string& path) {
  auto bytes = read_file_bounded(path, kMaxJoinFileBytes);
  if (!bytes) return fail("could not read the join file " + path + ": " + bytes.error());
  return *bytes;
}

std::string new_short_code() {
  need_sodium();
  std::string data;
  for (size_t i = 0; i < kShortCodeDataSymbols; ++i)
    data.push_back(kSymbols[randombytes_uniform(32)]);
  return group_short_code(data + check_symbols(data));
}

bool looks_like_short_code(std::string_view text) {
  size_t n = 0;
  for (char c : text)
    if (c != '-' && c != ' ' && c != '\n' && c != '\t' && c != '\r') ++n;
  return n > 0 && n < 40;
}

Result<std::string> parse_short_code(std::string_view text) {
  auto s = normalise(text);
  if (!s)
    return fail(
        "a join code has only the letters A to Z and the digits 0 to 9; check it and try "
        "again");
  if (s->size() != kSymbolsTotal)
    return fail("a short join code has 12 letters and digits; check it and try again");
  need_sodium();
  const std::string_view data = std::string_view(*s).substr(0, kShortCodeDataSymbols);
  if (check_symbols(data) != std::string_view(*s).substr(kShortCodeDataSymbols))
    return fail("this join code has a typo; check it letter by letter and try again");
  return *s;
}

std::string group_short_code(std::string_view symbols) {
  std::string out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i && i % 4 == 0) out.push_back('-');
    out.push_back(symbols[i]);
  }
  return out;
}

SealCost default_seal_cost() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

SealCost fast_seal_cost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<std::string> seal_join_file(const Network& n, std::string_view short_code, SealCost cost) {
  auto symbols = parse_short_code(short_code);
  if (!symbols) return symbols.error_value();
  need_sodium();
  std::string out(kJoinMagic);
  out.push_back(static_cast<char>(kFileVersion));
  varint::put(out, cost.ops);
  varint::put(out, cost.mem_bytes);
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(nonce, sizeof nonce);
  out.append(reinterpret_cast<const char*>(salt), sizeof salt);
  out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  bool ok = false;
  auto key = derive_key(symbols->substr(0, kShortCodeDataSymbols), salt, cost, ok);
  if (!ok) return fail("this device has too little memory free to make a join file");
  const std::string plain = encode_join_code(n);
  std::string sealed(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long sealed_n = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(sealed.data()), &sealed_n,
      reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(out.data()), out.size(), nullptr, nonce, key.data());
  sodium_memzero(key.data(), key.size());
  sealed.resize(static_cast<size_t>(sealed_n));
  return out + sealed;
}

Result<Network> open_join_file(std::string_view file_bytes, std::string_view short_code) {
  auto code = unseal_join_code(file_bytes, short_code);
  if (!code) return code.error_value();
  return decode_join_code(*code);
}

Result<std::string> write_join_file(const Network& n, const std::string& dir, SealCost cost) {
  const std::string code = new_short_code();
  auto bytes = seal_join_file(n, code, cost);
  if (!bytes) return bytes.error_value();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return fail("no folder " + dir);
  const std::string path = (std::filesystem::path(dir) / kJoinFileName).string();
  auto w = write_file_atomically(path, *bytes);
  if (!w) return fail("could not write the join file to " + dir + ": " + w.error());
  return code;
}

std::optional<std::string> find_join_file(const std::vector<std::string>& dirs) {
  std::error_code ec;
  for (const auto& d : dirs) {
    if (std::filesystem::is_regular_file(d, ec)) return d;
    const auto p = std::filesystem::path(d) / kJoinFileName;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return std::nullopt;
}

Result<Network> read_join_file(const std::string& path, std::string_view short_code) {
  auto bytes = read_join_bytes(path);
  if (!bytes) return bytes.error_value();
  return open_join_file(*bytes, short_code);
}

Result<Network> join_with_short_code(Replica& store, std::string_view short_code,
                                     const std::string& path) {
  auto bytes = read_join_bytes(path);
  if (!bytes) return bytes.error_value();
  auto code = unseal_join_code(*bytes, short_code);
  if (!code) return code.error_value();
  return join_network(store, *code);
}

}  // namespace mutua
