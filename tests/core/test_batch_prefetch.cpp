// A bulk import reads its next batch on a second thread while it stores one
// (core/batch_prefetch.hpp). The batches must come whole and in order, the source must not be
// asked again once it ended, a failure or a refusal must come back where it happened, and the
// import must keep all or nothing as before. Starts threads: in scripts/tsan's list.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/batch_prefetch.hpp"
#include "core/store.hpp"

using namespace mutua;

namespace {

Entry prefetched_need(const std::string& item) {
  Entry e;
  e.id = Id::random();
  e.kind = Kind::need;
  e.category = "food";
  e.item = item;
  e.quantity = 3;
  return e;
}

// Batch b (from 1) of `size` entries named "b-i"; empty after `batches`.
struct NumberedBatches {
  size_t batches = 0;
  size_t size = 0;
  std::atomic<size_t> calls{0};
  Result<Ok> operator()(std::vector<Entry>& batch) {
    const size_t b = ++calls;
    CHECK(batch.empty());
    if (b <= batches)
      for (size_t i = 0; i < size; ++i)
        batch.push_back(prefetched_need(std::to_string(b) + "-" + std::to_string(i)));
    return Ok{};
  }
};

// A prefetcher with the caller's side of it: the batch in hand and what was refused in it.
struct PrefetchReader {
  BatchPrefetch ahead;
  std::vector<Entry> batch;
  std::optional<BatchPrefetch::Refusal> refused;
  PrefetchReader(const ImportSource& source, BatchPrefetch::Check check)
      : ahead(source, std::move(check)) {}
  Result<Ok> next() { return ahead.next(batch, refused); }
};

std::unique_ptr<Store> prefetch_store() {
  auto s = Store::open(":memory:");
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

// `file` in one batch, its ids promised unique.
Result<ImportCounts> import_promised_unique(Store& store, const std::vector<Entry>& file) {
  bool given = false;
  return store.entries().import(
      [&](std::vector<Entry>& batch) -> Result<Ok> {
        if (!given) batch = file;
        given = true;
        return Ok{};
      },
      ImportIds::unique);
}

}  // namespace

TEST_CASE("batches come whole and in order, and the source is not asked again after its end") {
  NumberedBatches numbered{.batches = 4, .size = 3};
  const ImportSource source = [&](std::vector<Entry>& b) { return numbered(b); };
  PrefetchReader r(source, nullptr);
  for (size_t b = 1; b <= 4; ++b) {
    REQUIRE(r.next().ok());
    CHECK_FALSE(r.refused);
    REQUIRE(r.batch.size() == 3);
    for (size_t i = 0; i < 3; ++i)
      CHECK(r.batch[i].item == std::to_string(b) + "-" + std::to_string(i));
  }
  REQUIRE(r.next().ok());
  CHECK(r.batch.empty());
  CHECK(numbered.calls == 5);
  // Asked again, it says the end again without calling the source.
  REQUIRE(r.next().ok());
  CHECK(r.batch.empty());
  CHECK(numbered.calls == 5);
}

TEST_CASE("the next batch is read on another thread while the caller holds this one") {
  std::mutex m;
  std::condition_variable cv;
  bool second_read = false;
  std::thread::id reader;
  size_t calls = 0;
  const ImportSource source = [&](std::vector<Entry>& batch) -> Result<Ok> {
    if (++calls > 2) return Ok{};
    batch.push_back(prefetched_need("call " + std::to_string(calls)));
    if (calls == 2) {
      std::lock_guard lock(m);
      second_read = true;
      reader = std::this_thread::get_id();
      cv.notify_all();
    }
    return Ok{};
  };
  PrefetchReader r(source, nullptr);
  REQUIRE(r.next().ok());
  REQUIRE(r.batch.size() == 1);
  {
    // Without another call of next: the second batch is read meanwhile (bounded wait).
    std::unique_lock lock(m);
    CHECK(cv.wait_for(lock, std::chrono::seconds(10), [&] { return second_read; }));
    CHECK(reader != std::this_thread::get_id());
  }
  REQUIRE(r.next().ok());
  REQUIRE(r.batch.size() == 1);
  CHECK(r.batch[0].item == "call 2");
}

TEST_CASE("a failure of the source comes back at its batch, and the source is not asked again") {
  std::atomic<int> calls{0};
  const ImportSource source = [&](std::vector<Entry>& batch) -> Result<Ok> {
    if (++calls == 3) return fail("line 9: the drive was pulled out");
    batch.push_back(prefetched_need("ok"));
    return Ok{};
  };
  PrefetchReader r(source, nullptr);
  REQUIRE(r.next().ok());
  REQUIRE(r.next().ok());
  CHECK(r.batch.size() == 1);
  auto third = r.next();
  REQUIRE_FALSE(third.ok());
  CHECK(third.error() == "line 9: the drive was pulled out");
  REQUIRE(r.next().ok());
  CHECK(r.batch.empty());
  CHECK(calls == 3);
}

TEST_CASE("the check's refusal names the first entry it refused, and reading stops there") {
  NumberedBatches numbered{.batches = 5, .size = 4};
  const ImportSource source = [&](std::vector<Entry>& b) { return numbered(b); };
  const BatchPrefetch::Check check =
      [](std::vector<Entry>& batch) -> std::optional<BatchPrefetch::Refusal> {
    for (size_t k = 0; k < batch.size(); ++k) {
      batch[k].details = "checked";  // what the check changes, the caller sees
      if (batch[k].item == "2-1" || batch[k].item == "2-3")
        return BatchPrefetch::Refusal{k, "bad " + batch[k].item};
    }
    return std::nullopt;
  };
  PrefetchReader r(source, check);
  REQUIRE(r.next().ok());
  CHECK_FALSE(r.refused);
  CHECK(r.batch.back().details == "checked");
  REQUIRE(r.next().ok());
  REQUIRE(r.refused);
  CHECK(r.refused->index == 1);
  CHECK(r.refused->why == "bad 2-1");
  CHECK(r.batch.size() == 4);
  REQUIRE(r.next().ok());
  CHECK(r.batch.empty());
  CHECK_FALSE(r.refused);
  CHECK(numbered.calls == 2);
}

TEST_CASE("what the source throws, next throws; a prefetcher dropped mid-read waits for it") {
  SUBCASE("thrown") {
    int calls = 0;
    const ImportSource source = [&](std::vector<Entry>& batch) -> Result<Ok> {
      if (++calls == 2) throw std::runtime_error("out of memory, say");
      batch.push_back(prefetched_need("first"));
      return Ok{};
    };
    PrefetchReader r(source, nullptr);
    REQUIRE(r.next().ok());
    CHECK_THROWS_WITH_AS(r.next(), "out of memory, say", std::runtime_error);
    REQUIRE(r.next().ok());
    CHECK(r.batch.empty());
    CHECK(calls == 2);
  }
  SUBCASE("dropped") {
    // The second call is still running when the prefetcher goes: its destructor must wait for
    // it, since the source's state (here, the flag) may end with the prefetcher's owner.
    std::atomic<int> calls{0};
    std::atomic<bool> second_done{false};
    const ImportSource slow = [&](std::vector<Entry>& batch) -> Result<Ok> {
      if (++calls == 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        second_done = true;
        return Ok{};
      }
      batch.push_back(prefetched_need("first"));
      return Ok{};
    };
    {
      PrefetchReader r(slow, nullptr);
      REQUIRE(r.next().ok());
      CHECK(r.batch.size() == 1);
    }
    CHECK(second_done);
    CHECK(calls == 2);
  }
}

TEST_CASE("an import refused in a later batch stores nothing and names its entry") {
  auto store = prefetch_store();
  const auto before = store->replica().content_hash();
  size_t calls = 0;
  const ImportSource source = [&](std::vector<Entry>& batch) -> Result<Ok> {
    if (++calls > 3) return Ok{};
    for (int i = 0; i < 50; ++i) batch.push_back(prefetched_need("rice"));
    if (calls == 3) batch[7].category = "no such category";
    return Ok{};
  };
  auto r = store->entries().import(source, ImportIds::unique);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "entry 108: unknown category 'no such category'");
  CHECK(store->entries().count(EntryQuery{}) == 0);
  CHECK(store->replica().content_hash() == before);
}

TEST_CASE(
    "ids promised unique skip no entry already held, and a broken promise fails the import "
    "whole") {
  auto store = prefetch_store();
  std::vector<Entry> held{prefetched_need("held")};
  REQUIRE(store->entries().import(held).ok());

  SUBCASE("into a store that holds entries, a held id is still found and updated") {
    Entry again = held[0];
    again.item = "held, corrected";
    again.updated_at = store->replica().now_ms() + 1000;
    std::vector<Entry> file{again, prefetched_need("new")};
    auto r = import_promised_unique(*store, file);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
    CHECK(r->updated == 1);
    CHECK(r->added == 1);
    CHECK(store->entries().get(held[0].id)->item == "held, corrected");
  }
  SUBCASE("into an empty store, an id that comes twice is refused, not taken as a correction") {
    auto empty = prefetch_store();
    const auto before = empty->replica().content_hash();
    Entry twice = prefetched_need("twice");
    twice.created_at = twice.updated_at = empty->replica().now_ms() - 60'000;
    std::vector<Entry> file{twice, prefetched_need("between"), twice};
    auto r = import_promised_unique(*empty, file);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "entry 3: its id " + twice.id.hex() + " came earlier in the same import");
    CHECK(empty->entries().count(EntryQuery{}) == 0);
    CHECK(empty->replica().content_hash() == before);
    // The same rows from a source that makes no promise: the repeat is looked up, and is the
    // same row again.
    auto plain = empty->entries().import(file);
    REQUIRE_MESSAGE(plain.ok(), (plain.ok() ? "" : plain.error()));
    CHECK(plain->added == 2);
    CHECK(plain->unchanged == 1);
  }
}
