// network, sync, drives, conflicts, device revoke and reinstate, purge.
#include <iostream>

#include "app/cli_words.hpp"
#include "app/command.hpp"
#include "app/json.hpp"
#include "app/ui/history_text.hpp"
#include "core/csv.hpp"
#include "core/fixed_fields.hpp"
#include "core/revocation.hpp"
#include "platform/drives.hpp"
#include "sync/bundle.hpp"
#include "sync/join_stick.hpp"
#include "sync/key_ring.hpp"
#include "sync/key_status.hpp"
#include "sync/mailbox.hpp"
#include "sync/network.hpp"
#include "sync/network_created.hpp"
#include "sync/revocation_filter.hpp"

namespace mutua::cli {

namespace {

Network require_network(Store& store) {
  auto n = load_network(store.replica());
  if (!n)
    throw UserError{
        "this device is not in a network yet; run 'mutua network create NAME' or 'mutua network "
        "join CODE'"};
  return *n;
}

// A device by full id or by a unique prefix of it.
Device find_device(Store& store, const std::string& word) {
  std::vector<Device> hits;
  for (const auto& d : store.devices().all())
    if (word.size() >= 4 && d.id.hex().rfind(word, 0) == 0) hits.push_back(d);
  if (hits.empty())
    throw UserError{"no device " + word + " is known here (see mutua network show)"};
  if (hits.size() > 1)
    throw UserError{"more than one device starts with " + word + "; give more of its id"};
  return hits[0];
}

int network_create(Context& ctx) {
  auto& store = ctx.store();
  auto n = create_network(store.replica(), ctx.args.positional()[0]);
  if (!n) throw UserError{n.error()};
  std::cerr << "This device now belongs to network '" << n->name << "'.\n"
            << "Give this join code to each device that should share its data:\n";
  ctx.out << encode_join_code(*n) << "\n";
  return 0;
}

int network_join(Context& ctx) {
  std::string code;
  for (const auto& w : ctx.args.positional()) code += w;
  Result<Network> n = fail("");
  if (looks_like_short_code(code)) {
    // A short code (sync/join_stick.hpp) opens the join file on a stick: --from, else the first
    // drive that holds one.
    std::vector<std::string> where;
    if (auto from = ctx.args.get("from"))
      where.push_back(*from);
    else
      for (const auto& d : list_drives()) where.push_back(d.path);
    auto path = find_join_file(where);
    if (!path)
      throw UserError{"this is a short join code: it opens the join file (" +
                      std::string(kJoinFileName) +
                      ") on a USB stick. Plug in the stick, or give --from FILE_OR_FOLDER"};
    n = join_with_short_code(ctx.store().replica(), code, *path);
  } else {
    n = join_network(ctx.store().replica(), code);
  }
  if (!n) throw UserError{n.error()};
  ctx.out << "joined network '" << n->name << "' (" << n->id.hex() << ")\n";
  return 0;
}

// Writes a join file onto a stick and prints the short code that opens it.
int network_invite(Context& ctx) {
  auto n = require_network(ctx.store());
  auto code = write_join_file(n, ctx.args.positional()[0]);
  if (!code) throw UserError{code.error()};
  std::cerr << "Wrote " << kJoinFileName << " for network '" << n.name << "'.\n"
            << "On the new tablet, plug in this stick, choose Join a network and type:\n";
  ctx.out << *code << "\n";
  return 0;
}

int network_show(Context& ctx) {
  auto& store = ctx.store();
  auto n = require_network(store);
  auto self = store.devices().get(store.replica().device_id());
  auto peers = store.replica().peers();
  auto last_heard = [&](const Id& id) -> int64_t {
    for (const auto& p : peers)
      if (p.device == id) return p.last_heard;
    return 0;
  };
  auto devices = store.devices().all();
  const KeyStatus key = key_status(store.replica());
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_object();
    w.field("network_name", n.name);
    w.field("network_id", n.id.hex());
    w.key("network_created");  // "YYYY-MM-DD" (UTC), or null when this device does not know it
    n.created_day ? w.str(day_iso(*n.created_day)) : w.null();
    w.field("key_generation", static_cast<int64_t>(n.generation));
    // Devices whose latest bundle here uses a key this device was not given yet.
    w.key("key_waiting_for");
    w.begin_array();
    for (const auto& who : key.waiting_on) w.str(who);
    w.end_array();
    w.field("device_id", store.replica().device_id().hex());
    w.field("device_name", self ? self->name : "");
    w.field("ticket_prefix", store.replica().ticket_prefix());
    w.key("devices");
    w.begin_array();
    for (const auto& d : devices) {
      w.begin_object();
      w.field("id", d.id.hex());
      w.field("name", d.name);
      w.field("ticket_prefix", d.ticket_prefix);
      w.field_bool("revoked", d.revoked);
      if (auto until = accepted_until(d)) w.field("accepted_until_seq", std::to_string(*until));
      w.field_bool("this_device", d.id == store.replica().device_id());
      w.key("last_heard");
      auto t = last_heard(d.id);
      t ? w.str(format_timestamp(t)) : w.null();
      w.end_object();
    }
    w.end_array();
    w.end_object();
    ctx.out << w.take() << "\n";
    return 0;
  }
  ctx.out << "network        " << n.name << "\n"
          << "network id     " << n.id.hex() << "\n"
          << "created        "
          << (n.created_day ? day_english(*n.created_day)
                            : std::string("not known here yet (learned from the network's next "
                                          "bundle)"))
          << "\n"
          << "network key    generation " << n.generation
          << (n.generation ? " (changed since the network was made; join codes made before then no "
                             "longer read new data)"
                           : "")
          << "\n"
          << "key status     " << key_status_line(key) << "\n"
          << "this device    " << store.replica().device_id().hex() << " ("
          << (self ? self->name : "") << ")\n"
          << "ticket prefix  " << store.replica().ticket_prefix() << "\n"
          << "devices:\n";
  for (const auto& d : devices) {
    auto t = last_heard(d.id);
    ctx.out << "  " << d.id.hex() << "  " << d.ticket_prefix << "  " << d.name
            << (d.id == store.replica().device_id() ? "  (this device)" : "")
            << (d.revoked ? "  REVOKED" : "") << (t ? "  last heard " + format_timestamp(t) : "")
            << "\n";
    if (d.revoked)
      if (auto f = revocation_facts(store, d.id)) {
        auto by = store.devices().get(f->by);
        ctx.out << "      revoked by "
                << (by && !by->name.empty() ? by->name : f->by.hex().substr(0, 8)) << " at "
                << format_timestamp(f->at_ms);
        if (auto until = accepted_until(d))
          ctx.out << "; its records after #" << *until << " are refused";
        ctx.out << "\n";
      }
  }
  return 0;
}

int sync_export(Context& ctx) {
  auto& store = ctx.store();
  require_network(store);
  std::optional<Id> for_device;
  if (auto f = ctx.args.get("for")) for_device = find_device(store, *f).id;
  const auto& path = ctx.args.positional()[0];
  auto r = export_bundle_file(store.replica(), path, for_device);
  if (!r) throw UserError{r.error()};
  ctx.out << "wrote " << counted(r->records, "record", "records") << " ("
          << counted(r->bytes.size(), "byte", "bytes") << ") to " << path << "\n";
  return 0;
}

int sync_import(Context& ctx) {
  auto& store = ctx.store();
  int code = 0;
  for (const auto& path : ctx.args.positional()) {
    auto r = import_bundle_file(store.replica(), path);
    if (r) {
      ctx.out << path << ": " << r->line() << "\n";
      for (const auto& skew : r->clock_skews)
        ctx.out << path << ": " << clock_skew_line(store.replica(), skew) << "\n";
    } else {
      std::cerr << "mutua: " << path << ": " << r.error() << "\n";
      code = 1;
    }
  }
  return code;
}

int sync_mailbox_cmd(Context& ctx) {
  auto& store = ctx.store();
  require_network(store);
  const std::string& dir = ctx.args.positional()[0];
  auto r =
      sync_mailbox(store.replica(), dir, nullptr, nullptr,
                   mounted_read_only(dir) ? MailboxAccess::read_only : MailboxAccess::read_write);
  if (!r) throw UserError{r.error()};
  for (const auto& f : r->files) {
    if (f.ok)
      ctx.out << f.file << ": " << f.message << "\n";
    else
      ctx.out << f.file << ": skipped: " << f.message << "\n";
    for (const auto& skew : f.summary.clock_skews)
      ctx.out << f.file << ": " << clock_skew_line(store.replica(), skew) << "\n";
  }
  if (r->read_only)
    ctx.out << "wrote nothing: the drive is read-only\n";
  else
    ctx.out << "wrote " << r->written << " (" << counted(r->written_records, "record", "records")
            << ")\n";
  ctx.out << format_count(static_cast<long long>(r->new_entries)) << " new, "
          << format_count(static_cast<long long>(r->updated_entries))
          << " updated (needs and offers), " << counted(r->conflicts, "conflict", "conflicts")
          << ", from " << counted(r->devices, "device", "devices") << "\n";
  // The reads count, but the others never get this device's news from here: say so, and fail.
  if (r->read_only)
    throw UserError{dir +
                    " is read-only: this device's file was not left there; use another "
                    "drive to pass its news on"};
  return 0;
}

int drives(Context& ctx) {
  auto list = list_drives();
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& d : list) {
      w.begin_object();
      w.field("label", d.label);
      w.field("path", d.path);
      w.field_bool("has_mailbox", d.has_mailbox);
      w.field_bool("read_only", d.read_only);
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (list.empty()) ctx.out << "no removable drives or shared folders found\n";
  for (const auto& d : list)
    ctx.out << d.label << "  " << d.path << (d.has_mailbox ? "  (has a Mutua mailbox)" : "")
            << (d.read_only ? "  (read-only: can be read, not written)" : "") << "\n";
  return 0;
}

int conflicts(Context& ctx) {
  auto& store = ctx.store();
  auto list = store.replica().conflicts();
  auto label = [&](const Conflict& c) -> std::string {
    if (c.table == TableId::entries)
      if (auto e = store.entries().get(c.row)) return e->ticket;
    return std::string(table_def(c.table).name) + " " + c.row.hex().substr(0, 8);
  };
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& c : list) {
      w.begin_object();
      w.field("record", label(c));
      w.field("table", table_def(c.table).name);
      w.field("id", c.row.hex());
      w.field("field", c.field);
      w.field("kept_value", c.winning_value);
      w.field("losing_value", c.losing_value);
      w.field("kept_from", c.winning_origin.hex());
      w.field("losing_from", c.losing_origin.hex());
      w.field("recorded_at", format_timestamp(c.recorded_at));
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (list.empty()) ctx.out << "no conflicts\n";
  // Statuses, urgencies, consent and categories are stored as codes: in words, as the entry
  // screen shows them (app/ui/history_text.hpp, the one mapping).
  const int64_t now = store.replica().now_ms();
  auto words = [&](const Conflict& c, const std::string& v) {
    return c.table == TableId::entries ? field_value(c.field, v, now) : v;
  };
  // A value set when the entry was created: two creations of one record (a sheet imported at
  // two sites), one kept on every device. Said as the entry's screen says it, not as an edit.
  for (const auto& c : list) {
    ctx.out << label(c) << "  " << c.field << ": ";
    if (c.table != TableId::entries || !is_fixed_field(c.table, c.field))
      ctx.out << "kept '" << words(c, c.winning_value) << "', other device wrote '"
              << words(c, c.losing_value) << "'\n";
    else if (c.field == "ticket")
      ctx.out << "also recorded on another device, which gave it ticket '" << c.losing_value
              << "'; that ticket still finds it\n";
    else if (c.field == "kind")
      ctx.out << "another device recorded it as "
              << (c.losing_value == "offer" ? "an offer" : "a need") << "; it stays "
              << (c.winning_value == "offer" ? "an offer" : "a need") << " on every device\n";
    else
      ctx.out << "also recorded on another device; this one is kept on every device\n";
  }
  return 0;
}

int device_revoke(Context& ctx) {
  auto& store = ctx.store();
  auto d = find_device(store, ctx.args.positional()[0]);
  const bool force = ctx.args.has("force");
  if (auto why = revoke_refusal(store, d.id, false)) {
    if (!force || d.id == store.replica().device_id())
      throw UserError{*why + (force ? "" : " (add --force to revoke it anyway)")};
    std::cerr << "warning: " << *why << "\n";
  }
  const uint64_t past_clock = store.replica().first_seq_past_clock(d.id);
  if (d.revoked) {
    ctx.out << "device " << d.name << " was already revoked\n";
    // Its cut-off was set before this rule, or before that version reached this device.
    if (past_clock != 0 && d.revoked_cutoff > past_clock)
      ctx.out << "its records from #" << past_clock
              << " on carry a clock past the year 9999 and are still accepted: reinstate it and"
                 " revoke it again to take them back\n";
    return 0;
  }
  Replica::RetractResult taken;
  auto r = revoke_device(store, d.id, force, rekey_after_revocation, &taken);
  if (!r) throw UserError{r.error()};
  const uint64_t until = r->revoked_cutoff - 1;
  ctx.out << "revoked device " << d.name << " (" << d.id.hex()
          << "); its bundles, and its records after #" << until
          << " whoever relays them, will be refused once this change reaches each device\n";
  if (past_clock != 0 && past_clock == r->revoked_cutoff)
    ctx.out << "its records from #" << past_clock
            << " on carry a clock past the year 9999, which no device's own reaches: they are"
               " taken back too\n";
  // What that took back here, and what it set aside, in the words of a sync's summary.
  const auto here = revocation_here(store.replica(), d.id, taken);
  if (const auto lines = here.refused_revoked_lines() + here.set_aside_lines(); !lines.empty())
    ctx.out << "on this device: " << lines.substr(2) << "\n";
  return 0;
}

int device_reinstate(Context& ctx) {
  auto& store = ctx.store();
  auto d = find_device(store, ctx.args.positional()[0]);
  if (!d.revoked) {
    ctx.out << "device " << d.name << " is not revoked\n";
    return 0;
  }
  auto r = reinstate_device(store, d.id, rekey_after_revocation);
  if (!r) throw UserError{r.error()};
  ctx.out
      << "reinstated device " << d.name << " (" << d.id.hex()
      << "); its bundles and records will be accepted again once this change reaches each device\n";
  return 0;
}

int purge(Context& ctx) {
  auto days = ctx.args.get_int("contacts-older-than", 0, 3650);
  if (!days) throw UsageError{"--contacts-older-than DAYS is required"};
  auto r = ctx.store().entries().purge_contacts(*days);
  if (!r) throw UserError{r.error()};
  ctx.out << "blanked contact details of " << counted(*r, "finished entry", "finished entries")
          << "\n";
  return 0;
}

}  // namespace

std::vector<Command> sync_commands() {
  const OptionSpec json{"json", false, "machine-readable output"};
  return {
      {{"network", "create"},
       "NAME",
       "create a network on this device; prints its join code",
       {},
       1,
       1,
       network_create},
      {{"network", "join"},
       "CODE",
       "join a network with the code from another device (a short code needs its join file)",
       {{"from", true, "the join file, or the folder (a stick) holding it, for a short code"}},
       1,
       32,
       network_join},
      {{"network", "invite"},
       "DIR",
       "write a join file to DIR (a USB stick) and print the short code that opens it",
       {},
       1,
       1,
       network_invite},
      {{"network", "show"},
       "",
       "this network, this device and the devices known",
       {json},
       0,
       0,
       network_show},
      {{"sync", "export"},
       "FILE",
       "write a bundle of this device's data",
       {{"for", true, "only what this device id is known to lack"}},
       1,
       1,
       sync_export},
      {{"sync", "import"}, "FILE...", "verify and apply bundles", {}, 1, 1000, sync_import},
      {{"sync", "mailbox"},
       "DIR",
       "sync through DIR/MUTUA/<network-id>/ on a drive",
       {},
       1,
       1,
       sync_mailbox_cmd},
      {{"drives"}, "", "list removable drives and shared folders", {json}, 0, 0, drives},
      {{"conflicts"}, "", "values that lost to a concurrent edit", {json}, 0, 0, conflicts},
      {{"device", "revoke"},
       "DEVICE_ID",
       "refuse bundles and later records from a lost or stolen device",
       {{"force", false, "revoke even the last device of a coordinator"}},
       1,
       1,
       device_revoke},
      {{"device", "reinstate"},
       "DEVICE_ID",
       "accept a revoked device's bundles and records again",
       {},
       1,
       1,
       device_reinstate},
      {{"purge"},
       "",
       "blank contact details of finished entries",
       {{"contacts-older-than", true, "days since the entry last changed"}},
       0,
       0,
       purge},
  };
}

}  // namespace mutua::cli
