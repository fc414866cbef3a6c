#pragma once
// Errors are values at boundaries: a Result holds either a value or one line a volunteer can act
// on.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mutua {

// What kind of failure a Result holds, for a screen that words some of them itself (the one
// line in `message` is the CLI's).
enum class ErrorKind {
  other,
  disk_full,       // nothing was changed; the person can free space and try again
                   // (core/save_failure.hpp)
  past_year_9999,  // another device (`subject`, its name) wrote the value with a clock past the
                   // year 9999: nothing was changed, and revoking that device frees it
                   // (Replica::can_supersede)
};

struct Error {
  explicit Error(std::string m, ErrorKind k = ErrorKind::other, std::string s = {})
      : message(std::move(m)), kind(k), subject(std::move(s)) {}
  std::string message;
  ErrorKind kind = ErrorKind::other;
  std::string subject;  // what a screen's own words name, where the kind has one
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const std::string& error() const { return std::get<Error>(v_).message; }
  ErrorKind error_kind() const { return std::get<Error>(v_).kind; }
  // The whole error, to pass on with its kind.
  const Error& error_value() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status_ = Result<Ok>;

inline Error fail(std::string message) {
  return Error{std::move(message)};
}

}  // namespace mutua
