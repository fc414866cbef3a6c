// libFuzzer target below the crypto layer: bytes are taken as a decrypted, decompressed bundle
// body and go through the path every import takes after authenticating (sync/apply_body.hpp:
// decode, validate, check device keys, merge, raise the vector) into a fresh device.
//
// The invariant (issue 10): whatever a device accepts, it can re-export, and a second device
// accepts that export; after they exchange bundles both hold the same content (content_hash).
// No honest or hostile body may leave a device whose own bundles are refused. Any crash,
// sanitizer report or broken invariant aborts; libFuzzer saves the input and names its file.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_network.hpp"
#include "sync/apply_body.hpp"
#include "sync/bundle.hpp"

using namespace mutua;

namespace {

BundleHeader header_from_elsewhere() {
  BundleHeader h;
  h.network_name = fuzz::network().name;
  h.network_id = fuzz::network().id;
  h.sender.bytes.fill(0x5E);  // a device neither store is
  return h;
}

void exchange(Store& from, Store& to, const char* what) {
  auto out = build_bundle(from.replica(), {});
  if (!out)
    fuzz::die(std::string("a device cannot export what it accepted (") + what +
              "): " + out.error());
  auto in = import_bundle(to.replica(), out->bytes);
  if (!in)
    fuzz::die(std::string("a device refuses the export of what another accepted (") + what +
              "): " + in.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto x = fuzz::device();
  SyncFailure why;
  auto r =
      apply_body(x->replica(), header_from_elsewhere(),
                 std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", why,
                 uint64_t{size});  // the budget, as if the body travelled uncompressed (lenient)
  if (!r) return 0;                // refused: nothing to re-export
  auto y = fuzz::device();
  exchange(*x, *y, "first to second");
  exchange(*y, *x, "second to first");
  if (x->replica().content_hash() != y->replica().content_hash())
    fuzz::die("two devices that exchanged everything hold different content");
  return 0;
}
