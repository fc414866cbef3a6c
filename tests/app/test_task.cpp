// The one background task type (app/ui/task.hpp): a throw becomes an error, cancel stops a task
// with nothing half-written, and destroying a running task returns within its bound.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "app/ui/task.hpp"
#include "core/store.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using namespace std::chrono_literals;

namespace {

template <class T>
bool wait_task_finished(const Task<T>& task, std::chrono::milliseconds bound = 10s) {
  const auto until = std::chrono::steady_clock::now() + bound;
  while (!task.finished() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(1ms);
  return task.finished();
}

Entry need(const std::string& item) {
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = item;
  e.quantity = 1;
  return e;
}

}  // namespace

TEST_CASE("a task that throws reports the error and the caller carries on") {
  auto task = Task<int>::run(
      "throws", [](TaskControl&) -> int { throw std::runtime_error("database or disk is full"); });
  REQUIRE(wait_task_finished(*task));
  CHECK(task->failed());
  CHECK_FALSE(task->has_value());
  CHECK_FALSE(task->was_cancelled());
  CHECK(task->error() == "database or disk is full");

  // Not a std::exception either: still caught, still an error with words.
  auto odd = Task<int>::run("throws an int", [](TaskControl&) -> int { throw 42; });
  REQUIRE(wait_task_finished(*odd));
  CHECK(odd->failed());
  CHECK(odd->error() == "unknown error");

  // And on the calling thread (an in-memory store's way) the same.
  auto here = Task<int>::run_here("throws here",
                                  [](TaskControl&) -> int { throw std::logic_error("bad"); });
  REQUIRE(here->finished());
  CHECK(here->error() == "bad");
}

TEST_CASE("a task hands its value and its progress back") {
  std::atomic<bool> go{false};
  auto task = Task<std::string>::run("counts", [&go](TaskControl& c) {
    c.steps(1, 4, "first file");
    for (int i = 0; i < 5000 && !go.load(); ++i) std::this_thread::sleep_for(1ms);
    return std::string("done");
  });
  for (int i = 0; i < 5000 && task->progress().done == 0; ++i) std::this_thread::sleep_for(1ms);
  const TaskProgress p = task->progress();
  CHECK(p.done == 1);
  CHECK(p.total == 4);
  CHECK(p.fraction == doctest::Approx(0.25));
  CHECK(p.status == "first file");
  go = true;
  REQUIRE(wait_task_finished(*task));
  REQUIRE(task->has_value());
  CHECK(task->take() == "done");
}

TEST_CASE("cancel stops a task before its commit, and nothing is half-written") {
  test::TempDir dir;
  auto opened = Store::open(dir.file("a.db"));
  REQUIRE(opened.ok());
  Store& ui_store = **opened;
  std::atomic<int> written{0};
  auto task = run_with_own_store<int>("bulk write", ui_store, [&written](Store& s, TaskControl& c) {
    auto tx = s.replica().transaction();
    int n = 0;
    // Bounded: 20,000 rows at most, and cancelled long before.
    for (; n < 20000; ++n) {
      if (!s.entries().add(need("rice " + std::to_string(n))).ok()) break;
      written.store(n + 1);
      c.steps(size_t(n), 20000);  // the cancellation point: before the commit
    }
    tx.commit();
    return n;
  });
  for (int i = 0; i < 10000 && written.load() < 20; ++i) std::this_thread::sleep_for(1ms);
  REQUIRE(written.load() >= 20);
  task->cancel();
  REQUIRE(wait_task_finished(*task));
  CHECK(task->was_cancelled());
  CHECK_FALSE(task->has_value());
  // The writes made before the cancel were rolled back with their transaction.
  ui_store.replica().reload_caches();
  EntryQuery q;
  q.kind = Kind::need;
  CHECK(ui_store.entries().count(q) == 0);
}

TEST_CASE("destroying a running task returns within its bound") {
  // A cooperative task stops at its next check and is joined at once.
  {
    auto task = Task<int>::run("loops", [](TaskControl& c) {
      for (int i = 0; i < 100000; ++i) {
        c.check();
        std::this_thread::sleep_for(1ms);
      }
      return 0;
    });
    const auto t0 = std::chrono::steady_clock::now();
    task.reset();
    CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  }
  // One that ignores the cancel (a step that cannot be cut short) is left to finish on its own
  // shared state; the destructor still returns after the bound.
  auto released = std::make_shared<std::atomic<bool>>(false);
  auto started = std::make_shared<std::atomic<bool>>(false);
  auto ended = std::make_shared<std::atomic<bool>>(false);
  auto stubborn = Task<int>::run(
      "stubborn",
      [released, started, ended](TaskControl&) {
        started->store(true);
        for (int i = 0; i < 20000 && !released->load(); ++i) std::this_thread::sleep_for(1ms);
        ended->store(true);
        return 1;
      },
      100ms);
  for (int i = 0; i < 5000 && !started->load(); ++i) std::this_thread::sleep_for(1ms);
  REQUIRE(started->load());
  const auto t0 = std::chrono::steady_clock::now();
  stubborn.reset();
  const auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took >= 100ms);
  CHECK(took < 2s);
  CHECK_FALSE(ended->load());
  released->store(true);  // let it end before the test does
  for (int i = 0; i < 5000 && !ended->load(); ++i) std::this_thread::sleep_for(1ms);
  CHECK(ended->load());
  std::this_thread::sleep_for(20ms);  // its last few instructions after the flag
}

TEST_CASE("a task's progress hook reports, and says stop once cancelled") {
  std::atomic<bool> seen{false};
  std::atomic<bool> stopped{false};
  auto task = Task<int>::run("hooked", [&](TaskControl& c) {
    auto hook = c.hook();
    int calls = 0;
    // Bounded: 10 s of calls at most; an API taking the hook stops when it returns false.
    for (; calls < 10000; ++calls) {
      if (!hook(0.5, "half")) {
        stopped = true;
        break;
      }
      seen = true;
      std::this_thread::sleep_for(1ms);
    }
    return calls;
  });
  for (int i = 0; i < 5000 && !seen.load(); ++i) std::this_thread::sleep_for(1ms);
  REQUIRE(seen.load());
  CHECK(task->progress().status == "half");
  CHECK(task->progress().fraction == doctest::Approx(0.5));
  task->cancel();
  REQUIRE(wait_task_finished(*task));
  CHECK(stopped.load());
  CHECK(task->has_value());  // the function chose how to end; here it returned
}
