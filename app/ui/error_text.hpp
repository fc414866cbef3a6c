#pragma once
// The words a screen shows for a failed write, in the reader's language. Core's errors are one
// English line for the CLI; a screen words the kinds it knows itself (a full disk, a value
// another device wrote with a clock past the year 9999), and looks any other line up in the
// catalogues, where some (a join code's) are. A line none has is kept in English, after a
// sentence in the reader's language that says it failed and nothing was changed.
#include <string>

#include "core/result.hpp"

namespace mutua {

std::string screen_error(const Error& e);

template <typename T>
std::string screen_error(const Result<T>& r) {
  return screen_error(r.error_value());
}

}  // namespace mutua
