#pragma once
// The list of headless subcommands, each declared once with its options and help.
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "app/args.hpp"
#include "core/store.hpp"

namespace mutua::cli {

// A user error: one line on stderr, exit 1.
struct UserError {
  std::string message;
};

struct Context {
  const Args& args;
  std::string db_path;
  std::ostream& out;
  // Opens the store on first use.
  Store& store();
  std::unique_ptr<Store> store_;
};

struct Command {
  std::vector<std::string> path;  // e.g. {"need", "add"}
  std::string operands;           // e.g. "TICKET STATUS"
  std::string summary;
  std::vector<OptionSpec> options;
  size_t min_operands = 0;
  size_t max_operands = 0;
  std::function<int(Context&)> run;
};

std::vector<Command> entry_commands();
// mutua edit TICKET (app/cli_edit.cpp), listed with the entry commands.
Command edit_command();
std::vector<Command> data_commands();
// mutua backup, mutua restore (app/cli_backup.cpp).
std::vector<Command> backup_commands();
std::vector<Command> sync_commands();
std::vector<Command> match_commands();
std::vector<Command> volunteer_commands();
// mutua lan serve / lan sync (app/cli_lan.cpp).
std::vector<Command> lan_commands();
// mutua lan peers, mutua lan config (app/cli_lan_peers.cpp).
std::vector<Command> lan_discovery_commands();
// mutua check-layout (app/cli_layout.cpp).
std::vector<Command> layout_commands();
// mutua ticket print, mutua ticket place (app/cli_ticket.cpp).
std::vector<Command> ticket_commands();

// Looks up an entry by ticket, or throws UserError with a helpful message.
Entry require_entry(Store& store, const std::string& ticket);

}  // namespace mutua::cli
