#pragma once
// Whole files in and out, bytes as they are (no newline translation), for tests.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace mutua::test {

// The file's bytes; empty when it cannot be read (a test checks what it expected to find).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `bytes` as the whole file, replacing it.
inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace mutua::test
