// A bundle no device would take is not made: its builder says so, in words a person can act on,
// and writes nothing (the reader's cap is sync/codec.hpp's bundle_limits::max_body_bytes).
#include <doctest/doctest.h>

#include <string>

#include "sync/codec.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

TEST_CASE("a bundle whose body would unpack past the readers' cap is not built, and says why") {
  InsiderNet net("ab");
  for (int i = 0; i < 50; ++i)
    REQUIRE(net.a->entries().add(sample_need("rice " + std::to_string(i))).ok());

  auto whole = build_bundle(net.a->replica());
  REQUIRE_MESSAGE(whole.ok(), (whole.ok() ? "" : whole.error()));
  const size_t body = whole->header.plain_size;
  MESSAGE("50 needs: body " << body << " bytes");
  REQUIRE(body > 1000);
  CHECK(body <= bundle_limits::max_body_bytes);

  // At the cap exactly, it is built; one byte under its size, it is not.
  auto at_cap = build_bundle(net.a->replica(), {}, std::nullopt, body);
  REQUIRE_MESSAGE(at_cap.ok(), (at_cap.ok() ? "" : at_cap.error()));
  CHECK(at_cap->header.plain_size == body);

  auto over = build_bundle(net.a->replica(), {}, std::nullopt, body - 1);
  REQUIRE_FALSE(over.ok());
  const std::string& why = over.error();
  CHECK_MESSAGE(why.rfind("this bundle would be too large for any device to take (", 0) == 0, why);
  CHECK_MESSAGE(why.find("unpacked, over ") != std::string::npos, why);
  CHECK_MESSAGE(why.find("nothing was written") != std::string::npos, why);
  CHECK_MESSAGE(why.find("mutua restore") != std::string::npos, why);

  // A delta for a device that lacks little is built under the same lowered cap.
  REQUIRE(import_bundle(net.b->replica(), whole->bytes, "stick").ok());
  REQUIRE(net.a->entries().add(sample_need("beans")).ok());
  auto delta = build_bundle(net.a->replica(), net.b->replica().version_vector(),
                            net.b->replica().device_id(), body - 1);
  REQUIRE_MESSAGE(delta.ok(), (delta.ok() ? "" : delta.error()));
  CHECK(delta->header.plain_size < body);
  CHECK(import_bundle(net.b->replica(), delta->bytes, "stick").ok());
}

TEST_CASE("building a bundle leaves the page cache at the size it found, built or refused") {
  // build_bundle reads with a small page cache (its peak is the bundle's columns, not pages read
  // again), then puts back the size it found: a bulk import's, or the usual one.
  InsiderNet net("ab");
  for (int i = 0; i < 5; ++i)
    REQUIRE(net.a->entries().add(sample_need("soap " + std::to_string(i))).ok());
  Replica& a = net.a->replica();
  a.set_page_cache_kib(30000);
  REQUIRE(a.page_cache_kib() == 30000);
  auto built = build_bundle(a);
  REQUIRE_MESSAGE(built.ok(), (built.ok() ? "" : built.error()));
  CHECK(a.page_cache_kib() == 30000);
  a.set_page_cache_kib(16000);
  CHECK_FALSE(build_bundle(a, {}, std::nullopt, 10).ok());  // too large for a 10-byte cap
  CHECK(a.page_cache_kib() == 16000);
}
