// network, sync, drives, conflicts, device, purge.
#include "app/command.hpp"

namespace mutua::cli {

std::vector<Command> sync_commands() { return {}; }

}  // namespace mutua::cli
