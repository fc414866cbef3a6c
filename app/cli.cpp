// main()'s dispatcher: finds the subcommand, parses its options, opens the store and runs it.
#include "app/cli.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "app/command.hpp"
#include "app/ui/layout_check.hpp"
#include "app/ui_main.hpp"
#include "core/migrations.hpp"
#include "core/save_failure.hpp"
#include "core/ticket_giver.hpp"
#include "platform/paths.hpp"
#include "sync/bundle.hpp"
#include "sync/lan_protocol.hpp"
#include "sync/sync_words.hpp"

namespace mutua {
namespace cli {

Store& Context::store() {
  if (!store_) {
    auto s = Store::open(db_path);
    if (!s) throw UserError{s.error()};
    store_ = std::move(*s);
  }
  return *store_;
}

Entry require_entry(Store& store, const std::string& ticket) {
  auto e = store.entries().by_ticket(ticket);
  if (!e) {
    // One a revoked device gave past its cut-off never comes (core/ticket_giver.hpp).
    if (auto giver = revoked_giver(store, ticket))
      throw UserError{"no entry with ticket " + ticket + " on this device: it was given on " +
                      "device " + sync_words::device_label(store.replica(), giver->id) +
                      ", which is revoked, and its records after its last sync before the " +
                      "revocation are not accepted; record the entry again"};
    throw UserError{"no entry with ticket " + ticket + " on this device"};
  }
  // A ticket given with a creation that lost (the same spreadsheet row imported on two devices):
  // say which ticket the entry has now, so the volunteer can tell the resident.
  std::string typed = ticket;
  for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (typed != e->ticket)
    std::cerr << "mutua: " << typed << " was given on another device to this same record; its "
              << "ticket is now " << e->ticket << "\n";
  return *e;
}

namespace {

const std::vector<OptionSpec> kUiOptions{
    {"db", true, "database file (default: $MUTUA_DB, else the per-user data folder)"},
    {"screenshot", true, "render one frame to this PNG file and exit"},
    {"screen", true,
     "screen to show or render: home, board, need-1..6, offer-1..6, ticket-check, queue, match, "
     "sync, reports, settings, pin, ..."},
    {"size", true, "window size WxH, e.g. 800x480"},
    {"scale", true, "text scale: 1, 1.25, 1.5 or 2"},
    {"lang", true, "interface language: a catalogue in assets/i18n (en, ar, es, fa, fr, uk...)"},
    {"kiosk", false, "fullscreen kiosk mode"},
    {"volunteer", false, "volunteer device: start at the PIN pad (remembered on this device)"},
    {"help", false, "show this help"},
    {"version", false, "print the version and the formats this build reads and writes"},
};

std::vector<Command> all_commands() {
  std::vector<Command> all;
  for (auto* group : {entry_commands, data_commands, backup_commands, sync_commands, match_commands,
                      volunteer_commands, lan_commands, lan_discovery_commands, layout_commands,
                      ticket_commands}) {
    auto cmds = group();
    all.insert(all.end(), cmds.begin(), cmds.end());
  }
  return all;
}

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

void print_main_help(const std::vector<Command>& commands) {
  std::cout << "mutua: an offline mutual-aid board for needs and offers.\n\n"
               "Usage:\n"
               "  mutua [--db PATH] [--screenshot FILE --screen NAME --size WxH]   open the UI\n"
               "  mutua [--db PATH] COMMAND [OPTIONS]                              run headless\n\n"
               "Commands:\n";
  for (const auto& c : commands) {
    std::string left = "  " + joined(c.path) + (c.operands.empty() ? "" : " " + c.operands);
    if (left.size() < 34)
      left.resize(34, ' ');
    else
      left += "  ";
    std::cout << left << c.summary << "\n";
  }
  std::cout << "\nEvery command takes --db PATH (or $MUTUA_DB) and --help.\n"
               "Exit status: 0 ok, 1 a problem with the data or files (one-line message), "
               "2 bad usage.\n\nUI options:\n"
            << format_options(kUiOptions);
}

void print_command_help(const Command& c) {
  std::cout << "Usage: mutua " << joined(c.path) << (c.operands.empty() ? "" : " " + c.operands)
            << " [OPTIONS]\n\n"
            << c.summary << "\n\nOptions:\n"
            << format_options(c.options)
            << format_options(
                   {{"db", true,
                     "database file (default: $MUTUA_DB, else the per-user data folder)"},
                    {"help", false, "show this help"}});
  // What the command reports, where it has a list of that: from the same table it uses.
  if (c.path == std::vector<std::string>{"check-layout"})
    std::cout << "\n" << layout_problem_kinds_help();
}

// Resolution order for the database: --db, then $MUTUA_DB, then the per-user data folder.
std::string resolve_db(const Args& args) {
  if (auto db = args.get("db")) return *db;
  return default_db_path();
}

int run_ui_from(const std::vector<std::string>& words) {
  Args args(words, kUiOptions);
  if (args.has("help")) {
    print_main_help(all_commands());
    return 0;
  }
  if (args.has("version")) {
    // What a device in the field needs to know before taking an upgrade: the formats it shares.
    std::cout << "mutua " << MUTUA_VERSION << "\n"
              << "database schema " << store_migrations().size() << "\n"
              << "bundle formats " << kBundleFormat << " to " << kBundleFormatNewest << "\n"
              << "LAN protocol " << lan::kProtocolVersion << "\n";
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError{"unknown command '" + args.positional()[0] + "'"};
  UiOptions ui;
  ui.db_path = resolve_db(args);
  ui.screenshot = args.get("screenshot");
  if (auto s = args.get("screen")) {
    ui.screen = *s;
    ui.screen_given = true;
  }
  if (auto s = args.get("size"); s && !parse_size(*s, ui.width, ui.height))
    throw UsageError{"--size must look like 800x480 (each side from 320)"};
  if (auto s = args.get("scale")) {
    try {
      ui.scale = std::stof(*s);
    } catch (...) {
      ui.scale = 0;
    }
    if (ui.scale < 1.0f || ui.scale > 2.0f) throw UsageError{"--scale must be from 1 to 2"};
  }
  if (auto s = args.get("lang")) ui.lang = *s;
  ui.kiosk = args.has("kiosk");
  ui.volunteer = args.has("volunteer");
  if (ui.kiosk && ui.volunteer) throw UsageError{"choose --kiosk or --volunteer, not both"};
  return run_ui(ui);
}

}  // namespace

int run(const std::vector<std::string>& words) {
  auto commands = all_commands();
  // The subcommand is the longest run of leading plain words that names a command.
  std::vector<std::string> plain;
  for (const auto& w : words) {
    if (w.rfind("--", 0) == 0) break;
    plain.push_back(w);
  }
  // Allow "--db PATH" before the command, as in "mutua --db x.db list".
  size_t skip = 0;
  if (plain.empty() && words.size() >= 3 && words[0] == "--db") {
    skip = 2;
    for (size_t i = 2; i < words.size() && words[i].rfind("--", 0) != 0; ++i)
      plain.push_back(words[i]);
  } else if (plain.empty() && !words.empty() && words[0].rfind("--db=", 0) == 0) {
    skip = 1;
    for (size_t i = 1; i < words.size() && words[i].rfind("--", 0) != 0; ++i)
      plain.push_back(words[i]);
  }
  const Command* found = nullptr;
  for (const auto& c : commands) {
    if (c.path.size() <= plain.size() && std::equal(c.path.begin(), c.path.end(), plain.begin()) &&
        (!found || c.path.size() > found->path.size()))
      found = &c;
  }
  if (!found) {
    if (!plain.empty() && plain[0] != "help") {
      // A group name alone ("mutua need") or an unknown word.
      std::string known;
      for (const auto& c : commands)
        if (c.path[0] == plain[0]) known += "\n  mutua " + joined(c.path) + " " + c.operands;
      if (!known.empty()) throw UsageError{"'" + plain[0] + "' needs a subcommand:" + known};
      throw UsageError{"unknown command '" + plain[0] + "'; see mutua --help"};
    }
    if (!plain.empty()) {
      print_main_help(commands);
      return 0;
    }
    return run_ui_from(words);
  }
  std::vector<std::string> rest(words.begin(), words.begin() + static_cast<long>(skip));
  rest.insert(rest.end(), words.begin() + static_cast<long>(skip + found->path.size()),
              words.end());
  auto specs = found->options;
  specs.push_back({"db", true, ""});
  specs.push_back({"help", false, ""});
  Args args(rest, specs);
  if (args.has("help")) {
    print_command_help(*found);
    return 0;
  }
  auto n = args.positional().size();
  if (n < found->min_operands || n > found->max_operands)
    throw UsageError{"usage: mutua " + joined(found->path) + " " + found->operands +
                     " (see mutua " + joined(found->path) + " --help)"};
  Context ctx{args, resolve_db(args), std::cout, nullptr};
  return found->run(ctx);
}

}  // namespace cli

int run_cli(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  try {
    return cli::run(words);
  } catch (const cli::UsageError& e) {
    std::cerr << "mutua: " << e.message << "\n";
    return 2;
  } catch (const cli::UserError& e) {
    std::cerr << "mutua: " << e.message << "\n";
    return 1;
  } catch (const DbError& e) {
    // A database failure no command caught: a full disk still gets its one line.
    std::cerr << "mutua: " << save_failed(e, "").message << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mutua: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace mutua
