#pragma once
// Small checks the CLI tests share: run mutua and require success, trim its output, find a part.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/run_process.hpp"

namespace mutua::test {

// The text without trailing newlines and spaces (a command's one-line answer).
inline std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Runs `mutua ARGS` and requires exit 0, naming the command and its output when it fails.
inline ProcessResult ok(const std::vector<std::string>& args,
                        const std::vector<std::string>& env = {}) {
  auto r = run_mutua(args, env);
  std::string cmd = "mutua";
  for (const auto& a : args) cmd += " " + a;
  REQUIRE_MESSAGE(r.code == 0, cmd << " -> exit " << r.code << ": " << r.err << r.out);
  return r;
}

}  // namespace mutua::test
