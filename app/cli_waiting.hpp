#pragma once
// mutua list --matched (app/cli_waiting.cpp).
#include <cstddef>
#include <string>

#include "app/command.hpp"

namespace mutua::cli {

// Prints the matches waiting for a handover, oldest first (--json: an array of objects).
int list_matched(Context& ctx, size_t limit, const std::string& search);

}  // namespace mutua::cli
