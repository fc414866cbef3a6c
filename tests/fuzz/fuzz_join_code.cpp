// libFuzzer target on the join code a volunteer types (sync/network.hpp decode_join_code).
// Any text gives a Result, never a crash. A code that decodes re-encodes to a code that decodes
// to the same network (name, key, id and creation day), and that re-encoding is canonical: encoding
// it again gives the same text.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_network.hpp"
#include "sync/network.hpp"

using namespace mutua;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto n = decode_join_code(text);
  if (!n) {
    if (n.error().empty()) fuzz::die("a join code was refused without a reason");
    return 0;
  }
  const std::string code = encode_join_code(*n);
  auto back = decode_join_code(code);
  if (!back)
    fuzz::die("a decoded join code re-encodes to one that does not decode: " + back.error());
  if (back->name != n->name || back->key != n->key || back->id != n->id ||
      back->created_day != n->created_day)
    fuzz::die("a decoded join code re-encodes to another network");
  if (encode_join_code(*back) != code) fuzz::die("encoding a join code is not canonical");
  return 0;
}
