#pragma once
// The USB mailbox: a folder MUTUA/<network-id>/ on any drive or shared folder. Each device
// writes only its own <device-id>.mutua (atomically) and reads every other file there.
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sync/bundle.hpp"

namespace mutua {

struct MailboxFileReport {
  std::string file;  // file name inside the mailbox folder
  bool ok = false;
  std::string message;  // the summary line, or why the file was skipped (English)
  SyncFailure failure;  // why it was skipped, as a fact a screen words in its language
  ImportSummary summary;
};

struct MailboxResult {
  std::string folder;
  std::vector<MailboxFileReport> files;
  std::string written;  // our own file
  size_t written_records = 0;
  size_t added = 0, updated = 0, conflicts = 0, known = 0;  // records of every kind
  size_t new_entries = 0, updated_entries = 0;              // needs and offers among them
  size_t devices = 0;        // how many other devices (by sender id) had a file import cleanly
  size_t stale_removed = 0;  // our own temporaries a killed write had left, removed
  // MailboxAccess::read_only: the others' files were read, and this device's was not left there
  // (`written` is empty).
  bool read_only = false;
};

// read_only: the drive is mounted read-only (a write-protected stick, a card with its switch
// locked). The others' files are read and nothing is written, not even the mailbox folder: the
// result says so rather than failing after the reads.
enum class MailboxAccess { read_write, read_only };

// progress(done, total) is called after each file (the export counts as the last step).
using MailboxProgress = std::function<void(size_t done, size_t total)>;

// With `why`, a failure also says what went wrong as a fact (for a screen to word).
Result<MailboxResult> sync_mailbox(Replica& store, const std::string& dir,
                                   const MailboxProgress& progress = nullptr,
                                   SyncFailure* why = nullptr,
                                   MailboxAccess access = MailboxAccess::read_write);

}  // namespace mutua
