#include "sync/mailbox.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/plural.hpp"
#include "sync/atomic_file.hpp"

namespace mutua {

Result<MailboxResult> sync_mailbox(Replica& store, const std::string& dir,
                                   const MailboxProgress& progress, SyncFailure* why,
                                   MailboxAccess access) {
  namespace fs = std::filesystem;
  const auto started = fs::file_time_type::clock::now();
  auto refuse = [why](SyncProblem problem, std::string message) {
    if (why) *why = SyncFailure{problem, {}};
    return fail(std::move(message));
  };
  auto network = load_network(store);
  if (!network)
    return refuse(SyncProblem::no_network,
                  "this device is not in a network yet; run 'mutua network join CODE'");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return refuse(SyncProblem::no_folder, dir + " is not a folder (is the drive plugged in?)");
  fs::path folder = fs::path(dir) / "MUTUA" / network->id.hex();
  const bool read_only = access == MailboxAccess::read_only;
  if (read_only) {
    if (!fs::is_directory(folder, ec))
      return refuse(SyncProblem::cannot_write,
                    dir +
                        " is read-only and holds no mailbox of this network: nothing to read, "
                        "and this device's file cannot be left there");
  } else {
    fs::create_directories(folder, ec);
    if (ec)
      return refuse(SyncProblem::cannot_write,
                    "cannot create " + folder.string() + ": " + ec.message());
  }

  MailboxResult result;
  result.folder = folder.string();
  std::string own = store.device_id().hex() + ".mutua";
  std::vector<std::string> names;
  for (const auto& f : fs::directory_iterator(folder, ec)) {
    std::string name = f.path().filename().string();
    // Skip our own file, half-written temporaries, and anything that is not a bundle.
    if (name == own || is_temporary_name(name) || f.path().extension() != ".mutua") continue;
    if (!f.is_regular_file(ec)) continue;
    names.push_back(name);
  }
  if (ec)
    return refuse(SyncProblem::cannot_read, "cannot read " + folder.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());

  size_t total = names.size() + 1, done = 0;
  std::set<Id> senders;  // a copy of a bundle under another name is the same device
  for (const auto& name : names) {
    MailboxFileReport report;
    report.file = name;
    auto r = import_bundle_file(store, (folder / name).string(), &report.failure);
    if (r) {
      report.ok = true;
      report.summary = *r;
      report.message = r->line();
      result.added += r->added;
      result.updated += r->updated;
      result.new_entries += r->new_entries;
      result.updated_entries += r->updated_entries;
      senders.insert(r->sender);
      result.conflicts += r->conflicts;
      result.known += r->known;
    } else {
      report.message = r.error();
      SyncLogEntry log;
      log.source = (folder / name).string();
      log.error = r.error();
      log.problem = static_cast<int>(report.failure.problem);
      log.detail = report.failure.detail;
      try {
        store.log_sync(log);
      } catch (const DbError&) {
      }
    }
    result.files.push_back(std::move(report));
    if (progress) progress(++done, total);
  }

  result.devices = senders.size();
  if (read_only) {
    result.read_only = true;
    if (progress) progress(++done, total);
    return result;
  }
  // A write of ours killed half way (power lost, stick pulled) left a temporary: not this one.
  result.stale_removed = remove_stale_temporaries(folder.string(), own, started);
  auto written = export_bundle_file(store, (folder / own).string());
  if (!written)
    return refuse(SyncProblem::cannot_write, "imported from " +
                                                 count_en(result.devices, "device", "devices") +
                                                 ", but " + written.error());
  result.written = own;
  result.written_records = written->records;
  if (progress) progress(++done, total);
  return result;
}

}  // namespace mutua
