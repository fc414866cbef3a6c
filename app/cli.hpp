#pragma once
namespace mutua {
// Parses the command line; runs a headless subcommand, or the UI when none is given.
// Exit codes: 0 ok, 1 user error (one-line message), 2 bad usage.
int run_cli(int argc, char** argv);
}  // namespace mutua
