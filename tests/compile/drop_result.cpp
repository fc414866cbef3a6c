// Must NOT compile: a Result dropped on the floor. ctest runs the compiler on this file with
// -Werror=unused-result and expects it to fail (tests/CMakeLists.txt, result_is_nodiscard), so
// removing [[nodiscard]] from Result (core/result.hpp) turns that test red.
#include "core/result.hpp"

mutua::Result<int> save() {
  return mutua::fail("the disk is full");
}

void caller() {
  save();
}
