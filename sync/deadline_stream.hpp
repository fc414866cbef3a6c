#pragma once
// The socket stream of the bounded cpp-httplib server (sync/bounded_http.cpp): a deadline for
// the whole connection and tighter ones per request, a read buffer a parked connection gives
// back, and answers sent in one piece. Internal to sync/bounded_http.cpp.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "sync/lan_server.hpp"

namespace mutua::http_detail {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline std::string address_of(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof buf);
  else if (ss.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, buf, sizeof buf);
  return buf;
}

inline int port_of(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(ss).sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(ss).sin6_port);
  return 0;
}

// A socket stream with a deadline for the whole connection, and tighter ones per request: the
// request line and headers must arrive within LanLimits::header_ms, and the body at
// LanLimits::min_body_rate bytes a second on average after a short grace. So a client that sends
// one byte now and then (slowloris) holds a worker for seconds, not for the connection's minute.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, Clock::time_point deadline, const LanLimits& limits,
                 const std::atomic<bool>& stopping)
      : sock_(sock), deadline_(deadline), limits_(limits), stopping_(stopping) {}

  // A request's first byte is here: its headers are due within header_ms.
  void begin_request() {
    phase_ = Phase::headers;
    blank_line_ = 0;
    headers_due_ = Clock::now() + milliseconds(limits_.header_ms);
    if (have_ > pos_) track(buf_.get() + pos_, have_ - pos_);  // read ahead by readable_now()
  }
  // The answer is written (and sent: false if that failed); waiting for the next request is
  // bounded by keep_alive_ms only.
  bool end_request() {
    phase_ = Phase::idle;
    return flush();
  }
  // Some of the next request is here (or the client's close): read ahead into the buffer by
  // one recv that does not wait, instead of a poll then a recv (one syscall fewer a request).
  bool readable_now() {
    if (have_ > pos_ || eof_) return true;
    if (!buf_) buf_ = std::make_unique<char[]>(kInBuffer);
    const ssize_t got = recv_some(buf_.get(), kInBuffer, MSG_DONTWAIT);
    if (got > 0) {
      pos_ = 0;
      have_ = static_cast<size_t>(got);
      return true;
    }
    eof_ = got == 0;
    return got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);  // an error: the read fails
  }
  Clock::time_point deadline() const { return deadline_; }
  // The next request's head (its line and headers, to the blank line) is all in the buffer, or
  // never will be (the buffer is full, the client closed, the read failed): a worker can take it
  // without waiting on the client. Reads what has come, without waiting, only when the head is
  // not there yet (a whole request came in one read: no syscall).
  bool head_ready() {
    if (eof_) return true;
    if (!buf_) {
      buf_ = std::make_unique<char[]>(kInBuffer);
      pos_ = have_ = 0;
    }
    if (has_head()) return true;
    if (pos_ > 0) {  // what is unread goes to the front, to make room after it
      std::memmove(buf_.get(), buf_.get() + pos_, have_ - pos_);
      have_ -= pos_;
      pos_ = 0;
    }
    if (have_ >= kInBuffer) return true;
    const ssize_t got = recv_some(buf_.get() + have_, kInBuffer - have_, MSG_DONTWAIT);
    if (got > 0) {
      have_ += static_cast<size_t>(got);
    } else {
      eof_ = got == 0;
      if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return true;
    }
    return has_head() || have_ >= kInBuffer;
  }
  // Gives the buffers' memory back while the connection waits for its next request: the send
  // buffer (it grows to the largest answer, up to kOutBuffer) and the receive buffer when it
  // holds nothing unread. bench_phone, 512 connections parked after a 27 KB page: the heap in
  // use grew by 15.3 MB with them, 2.2 MB with the send buffer released, 0.2 MB with both.
  void release_buffers() {
    std::string().swap(out_);
    if (pos_ >= have_) {
      buf_.reset();
      pos_ = have_ = 0;
    }
  }

  bool is_readable() const override {
    return have_ > pos_ || wait(POLLIN, limits_.read_timeout_ms);
  }
  bool is_writable() const override { return wait(POLLOUT, limits_.write_timeout_ms); }

  ssize_t read(char* ptr, size_t size) override {
    if (!out_.empty() && !flush()) return -1;  // an interim answer (100 Continue) goes first
    if (pos_ < have_) {
      const size_t n = std::min(size, have_ - pos_);
      std::memcpy(ptr, buf_.get() + pos_, n);
      pos_ += n;
      return static_cast<ssize_t>(n);
    }
    if (eof_) return 0;
    // What is here already is read without a poll first (one syscall fewer a request); the
    // deadlines still hold: past them nothing more is read, and a wait is bounded by them.
    if (stopping_ || Clock::now() >= until(POLLIN, limits_.read_timeout_ms)) return -1;
    if (size < kInBuffer && !buf_) buf_ = std::make_unique<char[]>(kInBuffer);
    char* into = size >= kInBuffer ? ptr : buf_.get();
    const size_t room = size >= kInBuffer ? size : kInBuffer;
    ssize_t got = recv_some(into, room, MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait(POLLIN, limits_.read_timeout_ms)) return -1;
      got = recv_some(into, room, 0);
    }
    if (got <= 0) return got;
    if (into == ptr) {
      track(ptr, static_cast<size_t>(got));
      return got;
    }
    have_ = static_cast<size_t>(got);
    track(buf_.get(), have_);
    pos_ = std::min(size, have_);
    std::memcpy(ptr, buf_.get(), pos_);
    return static_cast<ssize_t>(pos_);
  }

  // cpp-httplib writes an answer's status line and headers, then its body: both leave in one
  // send when they fit in kOutBuffer (one syscall and one TCP segment fewer a page). Sent by
  // end_request(), before a read, or when the next write would not fit.
  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() + size > kOutBuffer && !flush()) return -1;
    if (size > kOutBuffer) return send_some(ptr, size);
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }

  // The client's address, as the accept's getpeername found it (one lookup a connection).
  void know_remote(std::string ip, int port) { remote_ = {true, std::move(ip), port}; }
  // Asked for each request (cpp-httplib): looked up on the connection's first, then kept.
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (!remote_.known) remote_ = lookup(getpeername);
    ip = remote_.ip;
    port = remote_.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (!local_.known) local_ = lookup(getsockname);
    ip = local_.ip;
    port = local_.port;
  }
  socket_t socket() const override { return sock_; }

  // Until when a wait for `events` may last: `timeout_ms` from now, the connection's deadline,
  // and for a request's bytes its headers' and body's.
  Clock::time_point until(short events, int timeout_ms) const {
    auto until = std::min(deadline_, Clock::now() + milliseconds(timeout_ms));
    if (events == POLLIN && phase_ == Phase::headers) until = std::min(until, headers_due_);
    if (events == POLLIN && phase_ == Phase::body && limits_.min_body_rate > 0)
      until = std::min(until, body_from_ + milliseconds(limits_.body_grace_ms) +
                                  milliseconds(body_bytes_ * 1000 / limits_.min_body_rate));
    return until;
  }

  // Waits for `events` at most `timeout_ms`, the connection's deadline and a stop, in slices.
  bool wait(short events, int timeout_ms) const {
    const auto until = this->until(events, timeout_ms);
    for (;;) {
      if (stopping_) return false;
      const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{sock_, events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 100)));
      if (r > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
      if (r < 0 && errno != EINTR) return false;
    }
  }

 private:
  // Sends what the socket takes now (no poll first: an answer's socket is nearly always
  // writable), else waits until it takes some.
  ssize_t send_some(const char* ptr, size_t size) {
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
    if (stopping_ || !wait(POLLOUT, limits_.write_timeout_ms)) return -1;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }
  bool flush() {
    size_t sent = 0;
    while (sent < out_.size()) {
      const ssize_t n = send_some(out_.data() + sent, out_.size() - sent);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    const bool ok = sent == out_.size();
    out_.clear();
    return ok;
  }

  ssize_t recv_some(char* p, size_t n, int flags) {
    ssize_t got;
    do got = ::recv(sock_, p, n, flags);
    while (got < 0 && errno == EINTR);
    return got;
  }

  struct Endpoint {
    bool known = false;
    std::string ip;
    int port = 0;
  };
  template <class Name>
  Endpoint lookup(Name name) const {
    Endpoint e;
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (name(sock_, reinterpret_cast<sockaddr*>(&ss), &len) == 0)
      e = {true, address_of(ss), port_of(ss)};
    return e;
  }

  bool has_head() const {
    return have_ > pos_ && std::string_view(buf_.get() + pos_, have_ - pos_).find("\r\n\r\n") !=
                               std::string_view::npos;
  }

  // Follows the bytes received: the blank line that ends the headers, then the body's bytes.
  void track(const char* p, size_t n) {
    if (phase_ == Phase::body) {
      body_bytes_ += n;
      return;
    }
    if (phase_ != Phase::headers) return;
    for (size_t i = 0; i < n; ++i) {
      const char c = p[i];
      if (c == '\r')
        blank_line_ = blank_line_ == 2 ? 3 : 1;
      else if (c == '\n' && (blank_line_ == 1 || blank_line_ == 3))
        ++blank_line_;
      else
        blank_line_ = 0;
      if (blank_line_ == 4) {
        phase_ = Phase::body;
        body_from_ = Clock::now();
        body_bytes_ = n - i - 1;
        return;
      }
    }
  }

  enum class Phase { idle, headers, body };
  Phase phase_ = Phase::idle;
  int blank_line_ = 0;  // of "\r\n\r\n", how much has been seen
  Clock::time_point headers_due_{}, body_from_{};
  size_t body_bytes_ = 0;

  int sock_;
  Clock::time_point deadline_;
  const LanLimits& limits_;
  const std::atomic<bool>& stopping_;
  static constexpr size_t kInBuffer = 4096;
  std::unique_ptr<char[]> buf_;  // made by the first read that needs it
  size_t have_ = 0, pos_ = 0;
  bool eof_ = false;  // readable_now() saw the client's close
  mutable Endpoint remote_, local_;
  // The phone pages' largest (30 KB) with its headers.
  static constexpr size_t kOutBuffer = 40 * 1024;
  std::string out_;
};

}  // namespace mutua::http_detail
