#pragma once
// Helpers the PIN notes share (core/pin_length.cpp, core/pin_sharing.cpp): a PIN hash's short
// fingerprint, and a note's space-separated words.
#include <sodium.h>

#include <sstream>
#include <string>
#include <vector>

namespace mutua::pin_note {

// 8 bytes of BLAKE2b of one PIN hash, in hex: tells whether the PIN a note names is still the one
// set, without keeping the hash itself in the note.
inline std::string fingerprint(const std::string& hash) {
  unsigned char out[8];
  if (sodium_init() < 0) return {};
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(hash.data()),
                     hash.size(), nullptr, 0);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

inline std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(std::move(w));
  return out;
}

}  // namespace mutua::pin_note
