// libFuzzer target on the whole bundle file, as it comes off a stick: bytes go to import_bundle
// on a device that is in the fuzz network (tests/fuzz/fuzz_network.hpp). The seed corpus
// (tests/fuzz/corpus-bundle, written by fuzz_corpus) holds genuine bundles of that network,
// each checked to import when it was written.
//
// Any input must give a Result (imported, or refused with a reason), never a crash, a hang or a
// sanitizer report. What a device accepts it can re-export, and a fresh device accepts that (the
// invariant of fuzz_body, here through the whole file: header, signature, decryption, zstd).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_network.hpp"
#include "sync/bundle.hpp"

using namespace mutua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto x = fuzz::device();
  SyncFailure why;
  auto r = import_bundle(x->replica(), std::string_view(reinterpret_cast<const char*>(data), size),
                         "fuzz", &why);
  if (!r) {
    if (r.error().empty()) fuzz::die("a bundle was refused without a reason");
    return 0;
  }
  auto out = build_bundle(x->replica(), {});
  if (!out) fuzz::die("a device cannot export what it imported: " + out.error());
  auto y = fuzz::device();
  auto again = import_bundle(y->replica(), out->bytes);
  if (!again) fuzz::die("a device refuses the export of what another imported: " + again.error());
  return 0;
}
