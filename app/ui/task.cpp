#include "app/ui/task.hpp"

#include <cstdio>
#include <exception>
#include <stdexcept>

#include "app/ui/worker_hold.hpp"
#include "core/store.hpp"

namespace mutua {

void TaskControl::report(TaskProgress progress) {
  if (progress.fraction > 1.0) progress.fraction = 1.0;
  std::lock_guard<std::mutex> lock(state_.mutex);
  state_.progress = std::move(progress);
}

void TaskControl::progress(double fraction, std::string status) {
  report(TaskProgress{fraction, std::move(status)});
  check();
}

void TaskControl::steps(size_t done, size_t total, std::string status) {
  report(TaskProgress{total > 0 ? double(done) / double(total) : -1.0, std::move(status), done,
                      total});
  check();
}

void run_task_body(detail::TaskState& state, const std::function<void(TaskControl&)>& body,
                   bool on_thread) {
  using End = detail::TaskState::End;
  TaskControl control(state);
  End end = End::failed;
  std::string error;
  try {
    if (on_thread) wait_while_workers_held(state.cancel);
    control.check();
    body(control);
    end = End::value;
  } catch (const TaskCancelled&) {
    end = End::cancelled;
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown error";
  }
  if (end == End::failed) {
    if (error.empty()) error = "unknown error";
    // The app's log is its standard error; the screen words the failure itself.
    std::fprintf(stderr, "mutua: task '%s' failed: %s\n", state.name.c_str(), error.c_str());
  }
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.end = end;
    state.error = std::move(error);
    state.done.store(true, std::memory_order_release);
  }
  state.finished_cv.notify_all();
}

void end_task_thread(detail::TaskState& state, std::thread& thread) {
  if (!thread.joinable()) return;
  state.cancel.store(true, std::memory_order_release);
  bool done = false;
  {
    std::unique_lock<std::mutex> lock(state.mutex);
    done = state.finished_cv.wait_for(lock, state.join_bound,
                                      [&] { return state.done.load(std::memory_order_acquire); });
  }
  if (done) {
    thread.join();  // its function has returned; only its captures are left to destroy
    return;
  }
  // One step that cannot be cut short (an Argon2 hash, one bundle's transaction). The thread
  // holds the shared state and everything its function uses, so it may finish alone.
  std::fprintf(stderr, "mutua: task '%s' did not stop within %lld ms; leaving it to finish\n",
               state.name.c_str(), static_cast<long long>(state.join_bound.count()));
  thread.detach();
}

std::string store_file(const Store& store) {
  return store.path();
}

std::shared_ptr<Store> open_own_store(const std::string& path) {
  auto store = Store::open(path);
  if (!store) throw std::runtime_error(store.error());
  return std::shared_ptr<Store>(std::move(*store));
}

}  // namespace mutua
