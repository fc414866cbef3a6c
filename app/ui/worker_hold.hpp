#pragma once
// Tests only: while a WorkersHeldForTest lives, the UI's worker threads (PIN checks, new PINs
// being hashed, syncs and exports) wait before their work, so a test can look at a screen
// mid-work without depending on how fast the machine is. Nothing in the app creates one.
#include <atomic>

namespace mutua {

struct WorkersHeldForTest {
  WorkersHeldForTest();
  ~WorkersHeldForTest();
  WorkersHeldForTest(const WorkersHeldForTest&) = delete;
  WorkersHeldForTest& operator=(const WorkersHeldForTest&) = delete;
};

// A worker's wait: returns once no WorkersHeldForTest lives, or at once when `cancelled` is set.
void wait_while_workers_held(const std::atomic<bool>& cancelled);

}  // namespace mutua
