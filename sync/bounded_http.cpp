// The bounded cpp-httplib server (sync/bounded_http.hpp) of the LAN sync server and the phone
// pages: a deadline stream, a fixed set of workers behind a bounded queue, connections per address
// capped, and (the phone pages) kept-alive connections parked without a worker between requests.
#include "sync/bounded_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <string_view>
#include <thread>
#include <vector>

#include "sync/deadline_stream.hpp"

namespace mutua {
namespace {

using http_detail::address_of;
using http_detail::DeadlineStream;
using http_detail::port_of;

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

thread_local bool tl_reject = false;
thread_local Clock::time_point tl_enqueued_at{};

// One accepted connection: its socket, its stream and its place in the count per address. Closed
// and uncounted when its last holder (a worker, the queue or the parking) lets it go.
struct Connection {
  Connection(int s, std::string a, int port, HttpBounds& b)
      : sock(s),
        address(std::move(a)),
        bounds(b),
        strm(s, Clock::now() + milliseconds(b.limits.connection_ms), b.limits, b.stopping) {
    strm.know_remote(address, port);
  }
  ~Connection() {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    std::lock_guard lock(bounds.mutex);
    if (auto it = bounds.connections.find(address);
        it != bounds.connections.end() && --it->second == 0)
      bounds.connections.erase(it);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const int sock;
  const std::string address;
  HttpBounds& bounds;
  DeadlineStream strm;
  size_t served = 0;      // requests answered
  bool in_epoll = false;  // in the parking's epoll set (Parking's, under its lock)
  // While a request's head comes in parked: it must be all here by then (its worker's).
  Clock::time_point head_due{};
};
using ConnectionPtr = std::shared_ptr<Connection>;

// Kept-alive connections between two requests, without a worker: one thread waits on all of
// them (epoll) and hands each to `ready` when its next request's first bytes arrive; it closes
// one idle for keep_alive_ms (or at its connection's deadline), and all of them at stop().
class Parking {
 public:
  Parking(size_t capacity, int idle_ms, std::function<void(ConnectionPtr)> ready)
      : capacity_(capacity), idle_ms_(idle_ms), ready_(std::move(ready)) {
    if (capacity_ == 0) return;
    ep_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    if (ep_ < 0 || wake_ < 0 || ::epoll_ctl(ep_, EPOLL_CTL_ADD, wake_, &ev) != 0) {
      capacity_ = 0;  // no parking: a worker waits on its connection, as the sync server does
      return;
    }
    thread_ = std::thread([this] { run(); });
  }
  ~Parking() {
    stop();
    if (ep_ >= 0) ::close(ep_);
    if (wake_ >= 0) ::close(wake_);
  }
  Parking(const Parking&) = delete;
  Parking& operator=(const Parking&) = delete;

  // Takes `c` (true) until its next bytes come, at most until `until` (none: keep_alive_ms), or
  // leaves it to the caller when full or stopped (false).
  bool park(ConnectionPtr& c, Clock::time_point until = {}) {
    std::lock_guard lock(mutex_);
    if (stopped_ || parked_.size() >= capacity_) return false;
    // One shot: after its event the socket stays in the set, unwatched, and is watched again
    // by a modification (one epoll_ctl a parking, not two); closing it takes it out.
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.fd = c->sock;
    if (::epoll_ctl(ep_, c->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->sock, &ev) != 0)
      return false;
    c->in_epoll = true;
    if (until == Clock::time_point{}) until = Clock::now() + milliseconds(idle_ms_);
    until = std::min(until, c->strm.deadline());
    const int fd = c->sock;
    parked_.emplace(fd, Parked{std::move(c), until});
    count_ = parked_.size();
    return true;
  }
  bool full() const { return count_.load() >= capacity_; }

  // Closes every parked connection; parks nothing more.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      if (wake_ >= 0) {
        const uint64_t one = 1;
        (void)!::write(wake_, &one, sizeof one);
      }
    }
    if (thread_.joinable()) thread_.join();
    std::map<int, Parked> closing;
    {
      std::lock_guard lock(mutex_);
      closing.swap(parked_);
      count_ = 0;
    }
  }

 private:
  struct Parked {
    ConnectionPtr c;
    Clock::time_point until;
  };

  void run() {
    epoll_event events[64];
    auto next_sweep = Clock::now();
    for (;;) {
      const int n = ::epoll_wait(ep_, events, 64, 50);
      std::vector<ConnectionPtr> ready, idle;
      {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        for (int i = 0; i < n; ++i) {
          auto it = parked_.find(events[i].data.fd);
          if (it == parked_.end()) continue;  // the wake-up
          ready.push_back(std::move(it->second.c));
          parked_.erase(it);
        }
        const auto now = Clock::now();
        if (now >= next_sweep) {
          next_sweep = now + milliseconds(50);
          for (auto it = parked_.begin(); it != parked_.end();) {
            if (it->second.until > now) {
              ++it;
              continue;
            }
            ::epoll_ctl(ep_, EPOLL_CTL_DEL, it->first, nullptr);
            idle.push_back(std::move(it->second.c));
            it = parked_.erase(it);
          }
        }
        count_ = parked_.size();
      }
      for (auto& c : ready) ready_(std::move(c));
      idle.clear();  // closed outside the lock: a connection's end takes HttpBounds::mutex
    }
  }

  size_t capacity_;
  const int idle_ms_;
  const std::function<void(ConnectionPtr)> ready_;
  int ep_ = -1, wake_ = -1;
  std::mutex mutex_;
  std::map<int, Parked> parked_;  // by socket
  std::atomic<size_t> count_{0};
  bool stopped_ = false;
  std::thread thread_;
};

// The queue of connections waiting for a worker: a fixed set of workers; past the cap, a newly
// accepted connection is closed at once (on the accepting thread) instead of waiting. A parked
// connection whose next request came joins the same queue at its back.
class BoundedQueue : public httplib::TaskQueue {
 public:
  BoundedQueue(const HttpBounds& bounds, std::function<void(ConnectionPtr)> serve)
      : limits_(bounds.limits),
        serve_(std::move(serve)),
        parking_(bounds.park_idle, bounds.limits.keep_alive_ms,
                 [this](ConnectionPtr c) { resume(std::move(c)); }) {
    for (size_t i = 0; i < std::max<size_t>(1, limits_.workers); ++i)
      threads_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    bool queued = false;
    {
      std::lock_guard lock(mutex_);
      if (!shutdown_ && jobs_.size() < limits_.queued) {
        jobs_.push_back({std::move(fn), nullptr, Clock::now()});
        waiting_ = jobs_.size();
        queued = true;
      }
    }
    // Woken after the unlock: a worker woken under the lock blocks on it at once (two more
    // futex calls and a context switch a connection).
    if (queued) return cond_.notify_one();
    tl_reject = true;  // process_and_close_socket closes it without reading
    fn();
    tl_reject = false;
  }
  // A kept-alive connection with a request to read: served after those already waiting. Never
  // refused (its client sent a request on it); there are at most park_idle + workers of them.
  void resume(ConnectionPtr c) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({nullptr, std::move(c), Clock::now()});
      waiting_ = jobs_.size();
    }
    cond_.notify_one();
  }
  // Takes `c` until its next request comes (true), or leaves it to the caller (false).
  bool park(ConnectionPtr& c, Clock::time_point until = {}) { return parking_.park(c, until); }
  bool parking_full() const { return parking_.full(); }
  void shutdown() override {
    parking_.stop();
    {
      std::lock_guard lock(mutex_);
      shutdown_ = true;
    }
    cond_.notify_all();
    for (auto& t : threads_) t.join();
  }
  // Connections waiting for a worker.
  size_t waiting() const { return waiting_.load(); }

 private:
  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        cond_.wait(lock, [&] { return shutdown_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
        waiting_ = jobs_.size();
      }
      tl_enqueued_at = job.at;
      tl_reject = shutdown_requested();
      try {
        if (job.fn)
          job.fn();
        else
          serve_(std::move(job.resumed));
      } catch (...) {
      }
      tl_reject = false;
    }
  }
  bool shutdown_requested() {
    std::lock_guard lock(mutex_);
    return shutdown_;
  }
  struct Job {
    std::function<void()> fn;  // a newly accepted connection (httplib's)
    ConnectionPtr resumed;     // else a kept-alive one
    Clock::time_point at;
  };
  const LanLimits& limits_;
  const std::function<void(ConnectionPtr)> serve_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<Job> jobs_;
  std::atomic<size_t> waiting_{0};
  std::vector<std::thread> threads_;
  bool shutdown_ = false;
  Parking parking_;  // last: stopped (by shutdown) and destroyed before the rest
};

class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(HttpBounds& bounds) : bounds_(bounds) {
    new_task_queue = [this] {
      queue_ = new BoundedQueue(bounds_, [this](ConnectionPtr c) { serve(std::move(c)); });
      return queue_;
    };
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    auto close_it = [sock] {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    };
    const auto& limits = bounds_.limits;
    if (tl_reject || bounds_.stopping ||
        Clock::now() - tl_enqueued_at > milliseconds(limits.queue_wait_ms)) {
      close_it();
      return false;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    std::string address;
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&ss), &len) == 0) address = address_of(ss);
    {
      std::lock_guard lock(bounds_.mutex);
      auto& open = bounds_.connections[address];
      if (open >= limits.per_address) {
        close_it();
        return false;
      }
      ++open;
    }
    // TCP_NODELAY comes from the listening socket (make_bounded_http): one setsockopt fewer.
    ConnectionPtr c;
    try {
      c = std::make_shared<Connection>(sock, address, port_of(ss), bounds_);
    } catch (...) {
      std::lock_guard lock(bounds_.mutex);
      if (auto it = bounds_.connections.find(address);
          it != bounds_.connections.end() && --it->second == 0)
        bounds_.connections.erase(it);
      close_it();
      return false;
    }
    serve(std::move(c));
    return true;
  }

  // Answers `c`'s requests up to keep_alive_requests. Between two, a parking server gives the
  // worker up: the connection is parked until its next request comes, or queued again at once
  // (behind the others) when that request is already here and other connections wait. So an
  // idle connection holds no worker, and the server never closes one its client may be sending
  // a request on: a connection ends after an answer that says `Connection: close`, or when idle
  // for keep_alive_ms. (Closing idle connections when others waited, after a 2 ms grace, crossed
  // requests just sent: bench_phone, keep-alive without a pause, 0 to 4 failed in 6,000.)
  void serve(ConnectionPtr c) {
    const auto& limits = bounds_.limits;
    const bool parks = bounds_.park_idle > 0;
    // When the request in hand began to wait for this worker: the connection's accept, or its
    // next request's first bytes seen while parked (the queue's time for it); then, after an
    // answer, when the next request is seen here.
    Clock::time_point ready = tl_enqueued_at;
    try {
      // True after an answer on this worker: only then may the next request go behind the
      // waiting connections (one just taken from the queue has had its turn).
      for (bool answered = false; c->served < limits.keep_alive_requests; answered = true) {
        if (parks && c->strm.readable_now()) {
          if (answered && queue_->waiting() > 0) return queue_->resume(std::move(c));
        } else if (parks && queue_->waiting() == 0 && c->strm.wait(POLLIN, kGraceMs)) {
          // Nobody waits for a worker: a request on its way (a new connection's first, the next
          // page of a quick client, the page a 303 points to) is served here, not parked then
          // queued (two thread hand-offs). bench_phone, one client, the server's CPU a page:
          // kept alive, 113 us parked, 76 us with this and the one send an answer; a new
          // connection a page, 236 and 203 us parked, 129 and 115 us with this.
        } else if (parks && park(c)) {
          return;
        } else if (!c->strm.wait(POLLIN, limits.keep_alive_ms)) {
          return;
        }
        // A request whose head is not all here waits parked, not on a worker: a slow client (a
        // byte at a time) holds no worker while its line and headers trickle in, and is closed
        // header_ms after they began. With 8 workers, 12 such connections from two addresses
        // held every worker for those 5 s (test_phone_keepalive.cpp, "slow clients...").
        if (parks && !c->strm.head_ready()) {
          const auto now = Clock::now();
          if (c->head_due == Clock::time_point{})
            c->head_due = now + milliseconds(limits.header_ms);
          if (now >= c->head_due) return;  // too slow: closed
          if (park(c, c->head_due)) return;
          // No parking place: served here, the worker waiting for the rest (header_ms).
        }
        c->head_due = {};
        // The answer ends the connection (and says so) when it is the last one allowed, when
        // the connection's deadline would fall before another request could come, and, with every
        // parking place taken, so that no worker waits on it.
        const bool last = ++c->served >= limits.keep_alive_requests ||
                          Clock::now() + milliseconds(limits.keep_alive_ms) >= c->strm.deadline() ||
                          (parks && queue_->parking_full());
        bool closed = false;
        const auto begun = Clock::now();
        if (answered) ready = begun;
        c->strm.begin_request();
        const bool ok = process_request(c->strm, last, closed, nullptr) && c->strm.end_request();
        if (bounds_.timings) record(ready, begun);
        if (!ok || closed || last) return;
      }
    } catch (...) {
    }
  }

  // Parks `c` until its next request (or more of it), without its buffers' memory.
  bool park(ConnectionPtr& c, Clock::time_point until = {}) {
    c->strm.release_buffers();
    return queue_->park(c, until);
  }

  void record(Clock::time_point ready, Clock::time_point begun) {
    using us = std::chrono::duration<float, std::micro>;
    const HttpTimings::Request r{us(begun - ready).count(), us(Clock::now() - begun).count()};
    std::lock_guard lock(bounds_.timings->mutex);
    bounds_.timings->requests.push_back(r);
  }

  static constexpr int kGraceMs = 1;
  HttpBounds& bounds_;
  BoundedQueue* queue_ = nullptr;  // owned by httplib::Server::listen_internal while listening
};

}  // namespace

std::unique_ptr<httplib::Server> make_bounded_http(HttpBounds& bounds) {
  auto svr = std::make_unique<BoundedServer>(bounds);
  // The listening socket's options, which its accepted connections inherit: TCP_NODELAY (an
  // answer leaves at once), and for the phone pages TCP_DEFER_ACCEPT: a connection is accepted
  // when its first request's bytes are here, so the worker that takes it reads at once instead of
  // waiting for them (a new connection a page, `mutua lan serve`: fewer syscalls and context
  // switches a page, docs/phone-pages.md). One that sends nothing is accepted after about a
  // second all the same (the kernel's own) and then waits keep_alive_ms as before.
  HttpBounds* b = &bounds;
  svr->set_socket_options([b](socket_t sock) {
    httplib::default_socket_options(sock);
    const int one = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (b->park_idle > 0) setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &one, sizeof one);
    b->listen_fd = sock;
  });
  svr->set_payload_max_length(bounds.limits.max_body);
  // The Keep-Alive header of an answer tells the client these limits (cpp-httplib's own are 5
  // requests and 5 s).
  svr->set_keep_alive_max_count(bounds.limits.keep_alive_requests);
  svr->set_keep_alive_timeout(std::max(1, bounds.limits.keep_alive_ms / 1000));
  return svr;
}

}  // namespace mutua
