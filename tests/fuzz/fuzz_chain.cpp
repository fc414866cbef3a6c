// libFuzzer target aimed at the chain check on import (sync/relayed_chains.hpp; docs/security.md,
// "Built: step 3"). Issue 10, step 4.
//
// At start: two devices of the fuzz network, A and R, write (needs, a status A set that R set
// back, an edit, an offer); R relays A's news. Every version either wrote is noted with its
// value. Each input is a list of edits to R's genuine body, as an insider relaying it could make
// them: rows dropped, values changed under their versions, versions renumbered or stamped "as A"
// or "as R", forged digests of superseded fields beside the genuine ones, claims taken out, rows
// swapped. The body, edited, is applied (below the crypto layer) to a fresh device X that knows
// A and R from an earlier genuine bundle, as if a third device had relayed it. Then:
//   1. Nothing forged is taken: every version of A or R that X holds is one that device wrote,
//      with its value, at any number (see below).
//   2. Nothing is hidden: X then takes a delta from A and from R, each built from the vector X
//      states, and holds every field at the version A or R holds it, or a newer one.
//   3. X's vector never passes what A and R issued.
//   4. What X accepted it can re-export, and a fresh device accepts that (fuzz_body's invariant).
// Any crash, sanitizer report or broken invariant aborts; libFuzzer saves the input.
//
// A and R are devices whose databases this version made, so their chains start at 0 and cover
// every number they issued (docs/security.md, "A chain from the first write"). An input whose
// length is not a multiple of 4 gives the edited body to an X that knows nothing of A or R yet (a
// first contact through a relay); the others, to an X that took R's earlier genuine bundle. Before
// that, a version stamped as A or R numbered at or below that device's base (where its chain
// started) was unsigned, and this target found that hole at once (an event of R taken first "as R,
// number 0"), and again when insert-only records were first edited here; a device that knew A and R
// past their bases and never took versions back nor set a record aside refuses such versions
// (ChainCheck::low_cuts) of a device updated from an older Mutua, whose base is above 0. Such a
// device, met first through a relay or by a device that took versions back, still has its early
// versions taken on a record the receiver does not hold (docs/security.md, "Built: step 3", what
// it leaves): this target has no such device. An insert-only record's facts (its fixed values)
// count as its value. A and R carry the mark of a device that publishes a chain from its first
// write in their ids (core/device_identity.hpp): the first-contact mode found that a relay leaving
// out a device's claim made it look like an older Mutua (seeds first-contact-claim-left-out and
// first-contact-renumbered), and checks every invariant for both devices since the mark.
// It found on 2026-12-07 (seed revoked-as-itself) that a relay could change a device's revoked
// flag under that device's own version: the chain check, which leaves a revoked device to the
// revocation filter, then took its other versions unchecked. A device's record revoking itself
// is now set aside (sync/revocation_filter.hpp, revokes_itself).
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/seq_claim.hpp"
#include "core/superseded.hpp"
#include "core/version_sig.hpp"
#include "fuzz_network.hpp"
#include "sync/apply_body.hpp"
#include "sync/bundle.hpp"
#include "sync/codec.hpp"

using namespace mutua;

namespace {

// (origin, seq, hlc, table, row, field index) -> the value written. An insert-only record's
// creation: field index kCreation, the digest of its fixed values.
using VersionKey = std::tuple<Id, uint64_t, uint64_t, uint8_t, Id, size_t>;
constexpr size_t kCreation = 1000;

// What stands for an insert-only record's facts.
Value facts_of(const Row& row) {
  const Digest d = fixed_digest(row.fixed);
  return std::string(d.begin(), d.end());
}

bool insert_only_row(const Row& row) {
  return is_known_table(row.table) && table_def(row.table).insert_only();
}

struct World {
  std::unique_ptr<Store> a, r;
  Id aid, rid;
  std::string early;      // R's genuine bundle before the later writes: X starts from it
  std::vector<Row> body;  // R's genuine body after them, decoded
  BundleHeader header;    // its header, the sender an unknown relay
  std::map<VersionKey, Value> written;
};

// Notes every version of `origin` that `s` holds now.
void note_versions(World& w, const Store& s, const Id& origin) {
  for (const auto* t : all_tables())
    s.replica().for_each_row(t->id, [&](const Row& row) {
      for (size_t f = 0; f < row.stamps.size() && f < row.fields.size(); ++f) {
        const Stamp& st = row.stamps[f];
        if (st.hlc != 0 && st.origin == origin)
          w.written[{origin, st.seq, st.hlc, static_cast<uint8_t>(row.table), row.id, f}] =
              row.fields[f];
      }
      if (insert_only_row(row) && !row.stamps.empty() && row.stamps[0].origin == origin) {
        const Stamp& st = row.stamps[0];
        w.written[{origin, st.seq, st.hlc, static_cast<uint8_t>(row.table), row.id, kCreation}] =
            facts_of(row);
      }
      return true;
    });
}

std::string bundle_of(Store& s) {
  auto b = build_bundle(s.replica(), {});
  if (!b) fuzz::die("cannot build a genuine bundle: " + b.error());
  return b->bytes;
}

void import_into(Store& to, const std::string& bytes, const char* what) {
  auto r = import_bundle(to.replica(), bytes);
  if (!r) fuzz::die(std::string("a genuine bundle is refused (") + what + "): " + r.error());
}

// A genuine bundle's rows, as `reader` opens it; its header into `header` when given.
std::vector<Row> rows_in(const Store& reader, const std::string& bytes, BundleHeader* header) {
  auto opened = open_bundle(reader.replica(), bytes);
  if (!opened) fuzz::die("cannot open a genuine bundle: " + opened.error());
  if (header) *header = opened->header;
  auto decoder = BodyDecoder::parse(opened->plain);
  if (!decoder) fuzz::die("cannot decode a genuine body: " + decoder.error());
  std::vector<Row> rows;
  Row row;
  for (;;) {
    auto more = (*decoder)->next(row);
    if (!more) fuzz::die("cannot decode a genuine body: " + more.error());
    if (!*more) return rows;
    rows.push_back(row);
  }
}

Entry draft(Kind kind, const char* item) {
  Entry e;
  e.kind = kind;
  e.category = "food";
  e.item = item;
  e.quantity = 3;
  e.site = "Riverside School";
  return e;
}

Entry add(World& w, Store& s, Kind kind, const char* item) {
  auto e = s.entries().add(draft(kind, item));
  if (!e) fuzz::die("cannot add: " + e.error());
  note_versions(w, s, s.replica().device_id());
  return *e;
}

World make_world() {
  World w;
  w.a = fuzz::device();
  w.r = fuzz::device();
  Store& a = *w.a;
  Store& r = *w.r;
  w.aid = a.replica().device_id();
  w.rid = r.replica().device_id();
  note_versions(w, a, w.aid);
  note_versions(w, r, w.rid);
  auto first = add(w, a, Kind::need, "insulin");
  auto second = add(w, a, Kind::need, "rice");
  auto third = add(w, a, Kind::need, "blankets");
  import_into(r, bundle_of(a), "A to R");
  import_into(a, bundle_of(r), "R to A");
  w.early = bundle_of(r);
  // A's later news; R sets A's status back, so A's met write travels as a digest.
  if (!a.entries().set_status(first.id, Status::met)) fuzz::die("cannot set a status");
  note_versions(w, a, w.aid);
  second.item = "brown rice";
  if (!a.entries().update(second)) fuzz::die("cannot edit");
  note_versions(w, a, w.aid);
  add(w, a, Kind::offer, "soap");
  import_into(r, bundle_of(a), "A's news to R");
  if (!r.entries().set_status(first.id, Status::open)) fuzz::die("cannot set a status back");
  note_versions(w, r, w.rid);
  if (auto on_r = r.entries().get(third.id)) {
    on_r->quantity = 7;
    if (!r.entries().update(*on_r)) fuzz::die("cannot edit on R");
  }
  note_versions(w, r, w.rid);
  add(w, a, Kind::need, "candles");
  import_into(r, bundle_of(a), "A's last news to R");
  note_versions(w, a, w.aid);
  note_versions(w, r, w.rid);
  w.body = rows_in(r, bundle_of(r), &w.header);
  w.header.sender.bytes.fill(0x5E);  // a relay neither device knows
  auto ah = a.replica().chain_head(w.aid);
  auto rh = r.replica().chain_head(w.rid);
  if (!ah || !rh) fuzz::die("A or R keeps no chain: the check would have nothing to check");
  return w;
}

World& world() {
  static World w = make_world();
  return w;
}

// Applies the input's edits (4 bytes each) to a copy of R's body.
std::vector<Row> edited(const World& w, const uint8_t* data, size_t size) {
  std::vector<Row> rows = w.body;
  for (size_t at = 0; at + 4 <= size && at < 4 * 64; at += 4) {
    if (rows.empty()) break;
    const uint8_t op = data[at], i = data[at + 1], j = data[at + 2], k = data[at + 3];
    Row& row = rows[i % rows.size()];
    const size_t nf = row.stamps.size();
    switch (op % 8) {
      case 0:  // drop a row
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i % rows.size()));
        break;
      case 1:  // renumber a version
        if (nf) {
          Stamp& s = row.stamps[j % nf];
          s.seq = s.seq + static_cast<uint64_t>(k) - 128;
        }
        break;
      case 2:  // change a value under its version (an insert-only record's: one of its facts)
        if (insert_only_row(row) && !row.fixed.empty()) {
          Value& v = row.fixed[j % row.fixed.size()];
          if (auto* n = std::get_if<int64_t>(&v))
            *n += k + 1;
          else if (auto* s = std::get_if<std::string>(&v); s && s->size() != 16)
            s->push_back(static_cast<char>('a' + k % 26));
        } else if (nf && j % nf < row.fields.size()) {
          Value& v = row.fields[j % nf];
          if (auto* n = std::get_if<int64_t>(&v))
            *n += k + 1;
          else if (auto* s = std::get_if<std::string>(&v))
            s->push_back(static_cast<char>('a' + k % 26));
        }
        break;
      case 3:  // stamp a version as A or as R
        if (nf) {
          Stamp& s = row.stamps[j % nf];
          s.origin = k % 2 ? w.aid : w.rid;
          s.seq = k / 2;
          if (s.hlc == 0) s.hlc = (uint64_t{k} + 1) << 20;
        }
        break;
      case 4:  // a forged digest beside a genuine one (its id fits its values)
        if (auto g = gone_of(row)) {
          g->digest[j % g->digest.size()] ^= static_cast<uint8_t>(k | 1);
          rows.push_back(gone_row(*g));
        }
        break;
      case 5:  // the row's extras (claims among them) taken out
        row.extras.clear();
        break;
      case 6:  // a version made newer
        if (nf) row.stamps[j % nf].hlc += static_cast<uint64_t>(k + 1) << 16;
        break;
      default: {  // two rows' values of one field swapped
        Row& other = rows[k % rows.size()];
        if (nf && other.table == row.table && j % nf < row.fields.size() &&
            j % nf < other.fields.size())
          std::swap(row.fields[j % nf], other.fields[j % nf]);
        break;
      }
    }
  }
  return rows;
}

std::string body_of(const std::vector<Row>& rows) {
  BodyEncoder enc;
  for (const auto& row : rows) {
    uint64_t mask = 0;
    for (size_t f = 0; f < row.stamps.size() && f < 64 && !row.insert_only; ++f)
      if (row.stamps[f].hlc != 0) mask |= uint64_t{1} << f;
    enc.add(row, mask);
  }
  return enc.finish();
}

uint64_t vector_of(const Store& s, const Id& origin) {
  auto v = s.replica().version_vector();
  auto it = v.find(origin);
  return it == v.end() ? 0 : it->second;
}

void check_nothing_forged(const World& w, const Store& x) {
  for (const auto* t : all_tables())
    x.replica().for_each_row(t->id, [&](const Row& row) {
      for (size_t f = 0; f < row.stamps.size() && f < row.fields.size(); ++f) {
        const Stamp& s = row.stamps[f];
        if (s.hlc == 0) continue;
        // At any number: at or below a base too (ChainCheck::low_cuts).
        if (s.origin != w.aid && s.origin != w.rid) continue;
        auto it =
            w.written.find({s.origin, s.seq, s.hlc, static_cast<uint8_t>(row.table), row.id, f});
        if (it == w.written.end() || !(it->second == row.fields[f]))
          fuzz::die(std::string("a version as ") + (s.origin == w.aid ? "A" : "R") + " (" +
                    std::to_string(s.seq) + ") that it never wrote was taken, in " +
                    std::string(t->name) + " field " + std::to_string(f));
      }
      // An insert-only record's creation.
      if (insert_only_row(row) && !row.stamps.empty()) {
        const Stamp& s = row.stamps[0];
        if (s.hlc != 0 && (s.origin == w.aid || s.origin == w.rid)) {
          auto it = w.written.find(
              {s.origin, s.seq, s.hlc, static_cast<uint8_t>(row.table), row.id, kCreation});
          if (it == w.written.end() || !(it->second == facts_of(row)))
            fuzz::die(std::string("a record as ") + (s.origin == w.aid ? "A" : "R") + " (" +
                      std::to_string(s.seq) + ") that it never wrote was taken, in " +
                      std::string(t->name));
        }
      }
      return true;
    });
}

// Every field A or R holds is held by X at that version or a newer one.
void check_nothing_hidden(const Store& ref, const Store& x, const char* who) {
  for (const auto* t : all_tables())
    ref.replica().for_each_row(t->id, [&](const Row& want) {
      auto got = x.replica().read_row(t->id, want.id);
      if (!got) fuzz::die(std::string("a record ") + who + " holds is missing after its delta");
      for (size_t f = 0; f < want.stamps.size() && f < got->stamps.size(); ++f) {
        const Stamp& s = want.stamps[f];
        if (s.hlc == 0 || got->stamps[f] == s || got->stamps[f].newer_than(s)) continue;
        fuzz::die(std::string("a version ") + who + " holds is hidden from X: " +
                  std::string(t->name) + " field " + std::to_string(f));
      }
      return true;
    });
}

void delta_into(Store& from, Store& x, const char* who) {
  auto b = build_bundle(from.replica(), x.replica().version_vector());
  if (!b) fuzz::die(std::string("cannot build a delta from ") + who + ": " + b.error());
  auto in = import_bundle(x.replica(), b->bytes);
  if (!in) fuzz::die(std::string("X refuses a genuine delta from ") + who + ": " + in.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  auto x = fuzz::device();
  // An input whose length is not a whole number of edits: X meets A and R first through the
  // relay, knowing nothing of them (every number of theirs is in their chains, which start at 0).
  const bool first_contact = size % 4 != 0;
  if (!first_contact) import_into(*x, w.early, "R's early bundle to X");
  const auto rows = edited(w, data, size);
  const std::string plain = body_of(rows);
  SyncFailure why;
  auto r = apply_body(x->replica(), w.header, plain, "fuzz", why, uint64_t{plain.size()});
  if (r) {
    check_nothing_forged(w, *x);
    if (vector_of(*x, w.aid) > vector_of(*w.a, w.aid) ||
        vector_of(*x, w.rid) > vector_of(*w.r, w.rid))
      fuzz::die("X's vector passes what A or R issued");
    auto y = fuzz::device();
    auto out = build_bundle(x->replica(), {});
    if (!out) fuzz::die("X cannot export what it accepted: " + out.error());
    auto in = import_bundle(y->replica(), out->bytes);
    if (!in) fuzz::die("a fresh device refuses X's export: " + in.error());
  }
  delta_into(*w.a, *x, "A");
  delta_into(*w.r, *x, "R");
  check_nothing_forged(w, *x);
  check_nothing_hidden(*w.a, *x, "A");
  check_nothing_hidden(*w.r, *x, "R");
  return 0;
}
