#pragma once
// Helpers shared by the sync test files: stores that share a network, and entries to put in them.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/store.hpp"
#include "support/store_access.hpp"
#include "support/temp_dir.hpp"
#include "sync/bundle.hpp"
#include "sync/network.hpp"

namespace mutua::test {

inline std::unique_ptr<Store> open_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

// A device that founds the network, and more devices that join it with its join code.
inline Network found(Store& store, const std::string& name = "Riverside Relief") {
  auto n = create_network(store.replica(), name);
  REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error()));
  return *n;
}
inline void join(Store& store, const Network& n) {
  auto j = join_network(store.replica(), encode_join_code(n));
  REQUIRE_MESSAGE(j.ok(), (j.ok() ? "" : j.error()));
  REQUIRE(j->id == n.id);
}

// Whether `s` holds an entry whose item is `item` (every entry held, whatever its status).
inline bool holds_item(Store& s, const std::string& item) {
  bool found = false;
  s.replica().for_each_row(TableId::entries, [&](const Row& r) {
    const auto* v = std::get_if<std::string>(&r.fields[entry_field::item]);
    found = found || (v && *v == item);
    return !found;
  });
  return found;
}

// How far `s` knows `origin`'s changes: its vector's entry for it (0: nothing yet).
inline uint64_t known_of(const Store& s, const Id& origin) {
  auto v = s.replica().version_vector();
  auto it = v.find(origin);
  return it == v.end() ? 0 : it->second;
}

// The insider tests' network: a founds it, then the others named join it, in that order
// (InsiderNet("acdm"): a, c, d and m). Stores are opened first, all of them, in that order too.
// Names not given stay null. m is, by convention, the member turned insider. Those named in
// `older` have databases an older Mutua made (as_made_by_older_mutua): their chains start where
// they first sign, not at 0.
struct InsiderNet {
  TempDir dir;
  std::unique_ptr<Store> a, b, c, d, m;
  Network net;
  explicit InsiderNet(std::string_view names, std::string_view older = "") {
    for (char n : names) {
      store(n) = open_store(dir.file(std::string(1, n) + ".db"));
      if (older.find(n) != std::string_view::npos) as_made_by_older_mutua(*store(n));
    }
    net = found(*a);
    for (char n : names)
      if (n != 'a') join(*store(n), net);
  }

 private:
  std::unique_ptr<Store>& store(char n) {
    switch (n) {
      case 'a':
        return a;
      case 'b':
        return b;
      case 'c':
        return c;
      case 'd':
        return d;
      default:
        REQUIRE(n == 'm');
        return m;
    }
  }
};

inline Entry sample_need(const std::string& item, const std::string& phone = "+380 67 123 4567") {
  Entry e;
  e.kind = Kind::need;
  e.category = "food";
  e.item = item;
  e.quantity = 3;
  e.site = "Riverside School";
  e.contact_name = "Olena";
  e.contact_phone = phone;
  e.contact_consent = true;
  return e;
}
inline Entry sample_offer(const std::string& item) {
  Entry e;
  e.kind = Kind::offer;
  e.category = "water";
  e.item = item;
  e.quantity = 12;
  return e;
}
inline Entry add(Store& store, const Entry& draft) {
  auto e = store.entries().add(draft);
  REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error()));
  return *e;
}

// Changes the entry's item on `s`, as a volunteer would.
inline void edit_item(Store& s, const Id& id, const std::string& item) {
  Entry e = *s.entries().get(id);
  e.item = item;
  auto r = s.entries().update(e);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
}

inline std::string bundle_of(Store& store, const VersionVector& base = {}) {
  auto b = build_bundle(store.replica(), base);
  REQUIRE_MESSAGE(b.ok(), (b.ok() ? "" : b.error()));
  return std::move(b->bytes);
}
// How many records an import set aside: all of them, or those for `reason` only.
inline size_t aside_records(const ImportSummary& s, std::string_view reason = {}) {
  size_t n = 0;
  for (const auto& a : s.set_aside)
    if (reason.empty() || a.reason == reason) n += a.count;
  return n;
}

inline ImportSummary import_ok(Store& store, std::string_view bytes) {
  auto r = import_bundle(store.replica(), bytes);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  return *r;
}

// Everyone hears from everyone first: keys pinned, peers recorded.
inline void introduce(const std::vector<Store*>& all) {
  for (Store* to : all)
    for (Store* from : all)
      if (to != from) import_ok(*to, bundle_of(*from));
}

// The newest line of `entry`'s history as `s` holds it, as a row.
inline Row newest_line(const Store& s, const Id& entry) {
  std::optional<Row> last;
  s.replica().for_each_row(TableId::events, [&](const Row& r) {
    if (id_from_value(r.fixed[event_fixed::entry]) == entry &&
        (!last || std::get<int64_t>(r.fixed[event_fixed::at]) >
                      std::get<int64_t>(last->fixed[event_fixed::at])))
      last = r;
    return true;
  });
  REQUIRE(last);
  return *last;
}

inline int64_t entry_count(const Store& store) {
  return store.entries().count(EntryQuery{});
}

}  // namespace mutua::test
