#pragma once
// Points MUTUA_DRIVES (the drives the app lists, instead of scanning mounts) at test folders for
// as long as it lives.
#include <cstdlib>
#include <string>

namespace mutua::test {

struct DrivesEnv {
  explicit DrivesEnv(const std::string& value) { ::setenv("MUTUA_DRIVES", value.c_str(), 1); }
  ~DrivesEnv() { ::unsetenv("MUTUA_DRIVES"); }
  DrivesEnv(const DrivesEnv&) = delete;
  DrivesEnv& operator=(const DrivesEnv&) = delete;
};

}  // namespace mutua::test
