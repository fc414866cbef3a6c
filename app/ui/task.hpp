#pragma once
// One background task type for the UI (issue 11), modelled on ImHex's TaskManager: a task runs a
// function on its own thread, catches everything it throws, reports progress (a fraction or
// "indeterminate", plus a short status text), can be cancelled cooperatively, and hands its
// value or its error back to the frame loop, which polls finished() once a frame.
//
// Lifetime rules, so that no task outlives what it uses:
// - the function owns or copies everything it touches; it never captures the UI's Store (a task
//   that needs the database opens its own connection: run_with_own_store below);
// - the task's state is shared between the Task and its thread, so the Task may go first;
// - ~Task cancels, then waits at most join_bound() for the thread. A thread still running after
//   that (one step that cannot be cut short) is left to finish on its own state; the app's exit
//   never hangs on it.
// No ImGui here: the screens draw progress themselves (the Sync screen: bar, status, Cancel).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace mutua {

class Store;

// Thrown by TaskControl::check() (and progress()) once the task is cancelled; the task then
// ends as cancelled, not as failed. Throw it only where stopping leaves nothing half-written.
struct TaskCancelled {};

// What a task's progress looks like from the frame loop.
struct TaskProgress {
  double fraction = -1.0;      // 0..1, or < 0 when the length is not known
  std::string status;          // a short status text (plain facts; the screen words them)
  size_t done = 0, total = 0;  // steps, when the task counts them (total 0: it does not)
};

namespace detail {
// Shared by a Task and its thread.
struct TaskState {
  std::string name;
  std::chrono::milliseconds join_bound{0};
  std::atomic<bool> cancel{false};
  std::atomic<bool> done{false};
  mutable std::mutex mutex;
  std::condition_variable finished_cv;
  TaskProgress progress;                                                    // under mutex
  enum class End { running, value, failed, cancelled } end = End::running;  // set before done
  std::string error;                                                        // End::failed
};
}  // namespace detail

// Handed to a task's function: cancellation and progress.
class TaskControl {
 public:
  explicit TaskControl(detail::TaskState& state) : state_(state) {}
  bool cancelled() const { return state_.cancel.load(std::memory_order_acquire); }
  // For APIs that poll a flag themselves (match_pin, hash_new_pin).
  const std::atomic<bool>& cancel_flag() const { return state_.cancel; }
  // Throws TaskCancelled once the task is cancelled.
  void check() const {
    if (cancelled()) throw TaskCancelled{};
  }
  // Records progress (fraction < 0: indeterminate), then check(): a cancelled task stops here.
  void progress(double fraction, std::string status = {});
  // Records progress in steps (fraction done/total), then check().
  void steps(size_t done, size_t total, std::string status = {});
  // Records progress without stopping: for a point past which cancelling is no longer safe.
  void report(TaskProgress progress);
  // A hook for APIs that take `bool(double fraction, const std::string& status)` and stop when
  // it returns false (CSV import's progress): records progress, false once cancelled.
  std::function<bool(double, const std::string&)> hook() {
    return [this](double fraction, const std::string& status) {
      report(TaskProgress{fraction, status});
      return !cancelled();
    };
  }

 private:
  detail::TaskState& state_;
};

// How long ~Task waits for a cancelled task's thread before leaving it to finish alone.
inline constexpr std::chrono::milliseconds kTaskJoinBound{3000};

// Runs `body`, catching everything: records the end (value/failed/cancelled) and sets done.
// `on_thread`: first waits while a test holds the workers (app/ui/worker_hold.hpp).
void run_task_body(detail::TaskState& state, const std::function<void(TaskControl&)>& body,
                   bool on_thread);
// ~Task's work: cancel, wait up to the bound, then join or leave the thread to end alone.
void end_task_thread(detail::TaskState& state, std::thread& thread);

template <class T>
class Task {
 public:
  using Function = std::function<T(TaskControl&)>;

  // Starts `fn` on its own thread.
  static std::shared_ptr<Task> run(std::string name, Function fn,
                                   std::chrono::milliseconds join_bound = kTaskJoinBound) {
    std::shared_ptr<Task> task(new Task(std::move(name), join_bound));
    auto shared = task->shared_;
    task->thread_ = std::thread([shared, fn = std::move(fn)] {
      run_task_body(
          *shared, [&](TaskControl& c) { shared->value.emplace(fn(c)); }, true);
    });
    return task;
  }
  // Runs `fn` on the calling thread, before returning (an in-memory store has no second
  // connection); the same catching and the same outcome as run().
  static std::shared_ptr<Task> run_here(std::string name, const Function& fn) {
    std::shared_ptr<Task> task(new Task(std::move(name), kTaskJoinBound));
    auto& shared = *task->shared_;
    run_task_body(
        shared, [&](TaskControl& c) { shared.value.emplace(fn(c)); }, false);
    return task;
  }

  ~Task() { end_task_thread(*shared_, thread_); }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  const std::string& name() const { return shared_->name; }
  void cancel() { shared_->cancel.store(true, std::memory_order_release); }
  bool cancel_requested() const { return shared_->cancel.load(std::memory_order_acquire); }
  bool finished() const { return shared_->done.load(std::memory_order_acquire); }
  TaskProgress progress() const {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->progress;
  }

  // Once finished(): how it ended. Exactly one of these is true.
  bool has_value() const { return finished() && shared_->value.has_value(); }
  bool failed() const { return finished() && shared_->end == detail::TaskState::End::failed; }
  bool was_cancelled() const {
    return finished() && shared_->end == detail::TaskState::End::cancelled;
  }
  // Once failed(): what was thrown, in words (e.what(), or "unknown error").
  const std::string& error() const { return shared_->error; }
  // Once has_value(): the value, left in place.
  const T& peek() const { return *shared_->value; }
  // Once has_value(): the value, moved out (once).
  T take() {
    if (thread_.joinable()) thread_.join();  // finished: returns at once
    T v = std::move(*shared_->value);
    shared_->value.reset();
    return v;
  }

 private:
  struct State : detail::TaskState {
    std::optional<T> value;  // written by the thread before done
  };
  Task(std::string name, std::chrono::milliseconds join_bound)
      : shared_(std::make_shared<State>()) {
    shared_->name = std::move(name);
    shared_->join_bound = join_bound;
  }

  std::shared_ptr<State> shared_;
  std::thread thread_;
};

// Runs `fn` with a Store of its own, opened on the UI store's file (SQLite's WAL lets the UI
// keep reading meanwhile). An in-memory database has no second connection: `fn` then runs on
// the UI store itself, before this returns. A store that cannot be opened fails the task with
// the reason.
// The UI store's file ("" for an in-memory database), and a second connection to it (throws
// std::runtime_error with the reason when it cannot be opened). In task.cpp, so that this header
// needs no Store definition.
std::string store_file(const Store& store);
std::shared_ptr<Store> open_own_store(const std::string& path);

template <class T>
std::shared_ptr<Task<T>> run_with_own_store(std::string name, Store& ui_store,
                                            std::function<T(Store&, TaskControl&)> fn,
                                            std::chrono::milliseconds join_bound = kTaskJoinBound) {
  const std::string path = store_file(ui_store);
  if (path.empty())
    return Task<T>::run_here(std::move(name), [&](TaskControl& c) { return fn(ui_store, c); });
  return Task<T>::run(
      std::move(name),
      [path, fn = std::move(fn)](TaskControl& c) {
        const std::shared_ptr<Store> own = open_own_store(path);
        return fn(*own, c);
      },
      join_bound);
}

}  // namespace mutua
