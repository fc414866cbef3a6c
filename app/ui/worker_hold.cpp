#include "app/ui/worker_hold.hpp"

#include <chrono>
#include <thread>

namespace mutua {

namespace {
std::atomic<bool> g_held{false};
}  // namespace

WorkersHeldForTest::WorkersHeldForTest() {
  g_held.store(true, std::memory_order_release);
}
WorkersHeldForTest::~WorkersHeldForTest() {
  g_held.store(false, std::memory_order_release);
}

void wait_while_workers_held(const std::atomic<bool>& cancelled) {
  while (g_held.load(std::memory_order_acquire) && !cancelled.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace mutua
