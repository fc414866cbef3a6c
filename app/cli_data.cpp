// import-csv, export-csv, demo.
#include <unistd.h>

#include <iostream>

#include "app/cli_progress.hpp"
#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "core/csv.hpp"
#include "core/demo.hpp"

namespace mutua::cli {

namespace {

int import_csv(Context& ctx) {
  const auto& path = ctx.args.positional()[0];
  auto r = mutua::import_csv(ctx.store(), path,
                             csv_progress_printer(std::cerr, isatty(STDERR_FILENO) != 0));
  if (!r) throw UserError{path + ": " + r.error()};
  if (!r->read_as.empty()) std::cerr << "mutua: " << path << ": " << r->read_as << "\n";
  for (const auto& w : r->warnings) std::cerr << "mutua: " << path << ": " << w << "\n";
  ctx.out << import_summary(r->counts) << "\n";
  return 0;
}

int export_csv(Context& ctx) {
  CsvExportOptions o;
  o.hxl = ctx.args.has("hxl");
  o.with_contacts = ctx.args.has("with-contacts");
  const auto& path = ctx.args.positional()[0];
  auto r = export_csv_file(ctx.store(), path, o);
  if (!r) throw UserError{path + ": " + r.error()};
  std::cerr << "wrote " << counted(*r, "entry", "entries") << " to " << path << "\n";
  return 0;
}

int demo(Context& ctx) {
  DemoOptions o;
  o.entries = static_cast<size_t>(ctx.args.get_int("entries", 1, 10'000'000).value_or(500));
  o.seed = static_cast<uint64_t>(ctx.args.get_int("seed", 0, INT64_MAX).value_or(1));
  auto r = generate_demo(ctx.store(), o);
  if (!r) throw UserError{r.error()};
  std::cerr << "added " << counted(*r, "demo entry", "demo entries") << " to " << ctx.db_path
            << "\n";
  return 0;
}

}  // namespace

std::vector<Command> data_commands() {
  return {
      {{"import-csv"}, "FILE", "import entries from CSV, all or nothing", {}, 1, 1, import_csv},
      {{"export-csv"},
       "FILE",
       "export entries to CSV",
       {{"hxl", false, "add a row of HXL hashtags under the header"},
        {"with-contacts", false, "include contact names and phones"}},
       1,
       1,
       export_csv},
      {{"demo"},
       "",
       "add realistic demo entries",
       {{"entries", true, "how many (default 500)"}, {"seed", true, "random seed (default 1)"}},
       0,
       0,
       demo},
  };
}

}  // namespace mutua::cli
