// mutua backup FILE, mutua restore FILE (sync/backup.hpp, docs/backups.md).
#include <iostream>

#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "app/json.hpp"
#include "sync/backup.hpp"

namespace mutua::cli {

namespace {

std::string network_words(const BackupFacts& f) {
  return f.has_network ? "network '" + f.network_name + "'" : "no network";
}

int backup(Context& ctx) {
  const auto& path = ctx.args.positional()[0];
  auto r = backup_database(ctx.store(), path);
  if (!r) throw UserError{path + ": " + r.error()};
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_object();
    w.field("file", path);
    w.field("entries", r->entries);
    w.key("network_id");
    r->has_network ? w.str(r->network_id.hex()) : w.null();
    w.end_object();
    ctx.out << w.take() << "\n";
    return 0;
  }
  ctx.out << "backed up " << counted(r->entries, "entry", "entries") << " of " << network_words(*r)
          << " to " << path
          << "\nKeep it as safe as this device: it holds people's contact details and this "
             "network's keys.\n";
  return 0;
}

int restore(Context& ctx) {
  const auto& path = ctx.args.positional()[0];
  auto r = restore_database(ctx.db_path, path);
  if (!r) throw UserError{path + ": " + r.error()};
  if (ctx.args.has("json")) {
    auto text_or_null = [](JsonWriter& w, const std::string& v) {
      v.empty() ? w.null() : w.str(v);
    };
    JsonWriter w;
    w.begin_object();
    w.field("entries", r->backup.entries);
    w.key("network_id");
    r->backup.has_network ? w.str(r->backup.network_id.hex()) : w.null();
    w.field("device_id", r->new_device_id.hex());
    w.key("kept_aside");
    text_or_null(w, r->kept_aside);
    w.field_bool("carried_over", r->carried_over);
    w.key("not_carried");
    text_or_null(w, r->not_carried);
    w.end_object();
    ctx.out << w.take() << "\n";
    return 0;
  }
  ctx.out << "restored " << counted(r->backup.entries, "entry", "entries") << " of "
          << network_words(r->backup) << " from " << path << "\n"
          << "This device is now a new device of its network (id "
          << r->new_device_id.hex().substr(0, 8) << "): sync it with the others to catch up.\n";
  if (!r->kept_aside.empty())
    ctx.out << "The database it replaced is kept as " << r->kept_aside << "\n";
  if (r->carried_over) ctx.out << "Brought over from it: " << r->carried_line << "\n";
  if (!r->not_carried.empty())
    std::cerr << "mutua: its data was not brought over: " << r->not_carried << "\n";
  return 0;
}

}  // namespace

std::vector<Command> backup_commands() {
  return {
      {{"backup"},
       "FILE",
       "write a copy of this device's database to FILE (works while the app runs)",
       {{"json", false, "machine-readable output"}},
       1,
       1,
       backup},
      {{"restore"},
       "FILE",
       "replace this device's database with a backup; the old one is kept aside",
       {{"json", false, "machine-readable output"}},
       1,
       1,
       restore},
  };
}

}  // namespace mutua::cli
