// Nothing is written from a bundle until the network key has authenticated it (issue 9,
// finding 4). The signature alone proves only that the sender holds the key it names, and an
// outsider can make up both the key and the device id.
#include <doctest/doctest.h>
#include <sodium.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/varint.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

constexpr size_t kHeaderPrefix = 14;  // magic (8), format (2), header length (4)

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The database file and its write-ahead log, as they lie on disk with the store closed.
std::string on_disk(const std::string& path) {
  std::string wal = std::filesystem::exists(path + "-wal") ? file_bytes(path + "-wal") : "";
  return file_bytes(path) + "|wal:" + wal;
}

// Rewrites a genuine bundle as an outsider would: a made-up sender id, a brand-new signing key
// in the header, and a valid signature by that key. The body is left as it was.
std::string as_outsider(std::string bundle) {
  size_t pos = kHeaderPrefix;
  auto name_len = varint::get(bundle, pos);
  REQUIRE(name_len);
  size_t sender_at = pos + static_cast<size_t>(*name_len) + 16;
  Id made_up = Id::random();
  std::memcpy(bundle.data() + sender_at, made_up.bytes.data(), 16);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  std::memcpy(bundle.data() + sender_at + 16, pk, sizeof pk);
  size_t sig_at = bundle.size() - crypto_sign_BYTES;
  crypto_sign_detached(reinterpret_cast<unsigned char*>(bundle.data() + sig_at), nullptr,
                       reinterpret_cast<const unsigned char*>(bundle.data()), sig_at, sk);
  return bundle;
}

}  // namespace

TEST_CASE(
    "an outsider's re-signed bundle with a made-up device id leaves the database byte-for-byte "
    "unchanged") {
  TempDir dir;
  const std::string b_path = dir.file("b.db");
  std::string genuine, genuine_delta;
  {
    auto a = open_store(dir.file("a.db"));
    auto b = open_store(b_path);
    join(*b, found(*a));
    add(*a, sample_need("rice"));
    genuine = bundle_of(*a);
    import_ok(*b, genuine);  // B now holds everything the bundle covers: the "already known" case
    add(*a, sample_need("blankets"));
    genuine_delta = bundle_of(*a, b->replica().version_vector());
  }
  // Control: opening and closing the store alone leaves the files as they are.
  auto before = on_disk(b_path);
  { auto b = open_store(b_path); }
  REQUIRE(on_disk(b_path) == before);

  for (const auto* genuine_bytes : {&genuine, &genuine_delta}) {
    auto forged = as_outsider(*genuine_bytes);
    REQUIRE(read_bundle_header(forged));
    {
      auto b = open_store(b_path);
      auto peers_before = b->replica().peers().size();
      auto r = import_bundle(b->replica(), forged);
      REQUIRE_MESSAGE(!r.ok(), "an outsider's bundle was accepted: " << (r.ok() ? r->line() : ""));
      CHECK(r.error().find("cannot be decrypted with this network's key") != std::string::npos);
      CHECK(b->replica().peers().size() == peers_before);
      CHECK(b->replica().sync_log(100).size() == 1);  // only the genuine import
    }
    CHECK(on_disk(b_path) == before);
  }

  // The genuine delta still imports afterwards.
  auto b = open_store(b_path);
  CHECK(import_ok(*b, genuine_delta).new_entries == 1);
}
