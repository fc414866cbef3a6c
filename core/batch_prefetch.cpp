// A bulk import's next batch, read ahead on a second thread (core/batch_prefetch.hpp).
#include "core/batch_prefetch.hpp"

#include <system_error>
#include <utility>

namespace mutua {

BatchPrefetch::BatchPrefetch(const ImportSource& source, Check check)
    : source_(source), check_(std::move(check)) {}

BatchPrefetch::Read BatchPrefetch::read(std::vector<Entry> into) {
  Read r;
  into.clear();
  r.batch = std::move(into);
  r.got = source_(r.batch);
  if (r.got && check_) r.refused = check_(r.batch);
  return r;
}

void BatchPrefetch::ask(std::vector<Entry> into) {
  try {
    ahead_ = std::async(std::launch::async,
                        [this, into = std::move(into)]() mutable { return read(std::move(into)); });
  } catch (const std::system_error&) {
    // No thread to be had (a process at its limit): the batch is read when it is wanted, on
    // this thread.
    ahead_ = std::async(std::launch::deferred, [this] { return read({}); });
  }
}

Result<Ok> BatchPrefetch::next(std::vector<Entry>& batch, std::optional<Refusal>& refused) {
  batch.clear();
  refused.reset();
  if (ended_) return Ok{};  // the end, said again
  if (!ahead_.valid()) ask({});
  Read r;
  try {
    r = ahead_.get();
  } catch (...) {
    ended_ = true;
    throw;
  }
  // The caller's last batch, emptied, is the next one's room: its entries' room is kept.
  std::swap(batch, r.batch);
  // A refusal ends the import too: nothing after it is wanted.
  if (!r.got || batch.empty() || r.refused)
    ended_ = true;
  else
    ask(std::move(r.batch));
  refused = std::move(r.refused);
  return r.got;
}

}  // namespace mutua
