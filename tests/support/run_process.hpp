#pragma once
// Runs the mutua binary as a person would, capturing exit code, stdout and stderr.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/temp_dir.hpp"

namespace mutua::test {

struct ProcessResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// env: extra "NAME=value" words placed before the command.
inline ProcessResult run_mutua(const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {},
                               const std::string& stdin_text = "") {
  TempDir io;
  std::string cmd = "env ASAN_OPTIONS=detect_leaks=0";
  for (const auto& e : env) cmd += " " + shell_quote(e);
  cmd += " " + shell_quote(MUTUA_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  std::ofstream(io.file("in")) << stdin_text;
  cmd += " <" + shell_quote(io.file("in")) + " >" + shell_quote(io.file("out")) + " 2>" +
         shell_quote(io.file("err"));
  int status = std::system(cmd.c_str());
  ProcessResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(io.file("out"));
  r.err = read_file(io.file("err"));
  return r;
}

}  // namespace mutua::test
