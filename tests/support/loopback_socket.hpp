#pragma once
// Raw TCP on loopback for the tests that speak HTTP by hand: a connection from a chosen 127/8
// source address (as each phone or device has its own), bytes sent, one HTTP answer read. Every
// wait is bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace mutua::test {

// A TCP connection to 127.0.0.1:port from `source` (a 127/8 address such as "127.0.4.1"); -1 on
// failure.
inline int connect_from(const std::string& source, uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) != 1 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends all of `bytes`; false when the connection fails.
inline bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// A slow client (slowloris) on each of `fds`: sends `head` one byte at a time to every one of
// them, a byte every `every_ms`, then 'a's as if a header never ended, until `stop` is set or
// `for_ms` has passed. Blocks: run it on a thread of its own.
inline void drip(const std::vector<int>& fds, std::string_view head, int every_ms, int for_ms,
                 const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(for_ms);
  for (size_t i = 0; !stop && std::chrono::steady_clock::now() < until; ++i) {
    const char c = i < head.size() ? head[i] : 'a';
    for (int fd : fds) (void)::send(fd, &c, 1, MSG_NOSIGNAL);
    std::this_thread::sleep_for(std::chrono::milliseconds(every_ms));
  }
}

struct RawAnswer {
  int status = 0;
  std::string headers;  // the status line and the headers, as sent
  std::string body;
};

// One HTTP answer with a Content-Length body, read within `timeout_ms`; none when the connection
// ends, fails or is too slow before the answer is whole.
inline std::optional<RawAnswer> read_answer(int fd, int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string got;
  size_t header_end = std::string::npos, want = 0;
  for (int reads = 0; reads < 100000; ++reads) {
    if (header_end == std::string::npos) {
      header_end = got.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = got.substr(0, header_end);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = lower.find("\r\ncontent-length:");
        want = header_end + 4 +
               (at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 17, nullptr, 10));
      }
    }
    if (header_end != std::string::npos && got.size() >= want) {
      RawAnswer a;
      a.headers = got.substr(0, header_end);
      a.body = got.substr(header_end + 4, want - header_end - 4);
      if (a.headers.size() > 9) a.status = std::atoi(a.headers.c_str() + 9);
      return a;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          until - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    got.append(buf, static_cast<size_t>(n));
  }
  return std::nullopt;
}

}  // namespace mutua::test
