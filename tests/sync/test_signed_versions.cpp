// Issue 10, signed versions: a version's stamp (hlc, origin, seq) was its writer's word, so an
// insider could write content stamped as another device. Each device now signs its own writes
// (core/version_sig.hpp); the signatures travel in a column older Mutuas carry through unread, and
// a receiver takes out a version of a device known to sign whose signature is missing or does not
// fit (sync/version_sigs.hpp).
#include <doctest/doctest.h>
#include <sodium.h>

#include "core/version_sig.hpp"

#include "insider.hpp"
#include "sync_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

struct Net : InsiderNet {
  // a: the device posed as; b: the receiver; c: an honest relay; d: a relay playing an older
  // Mutua (it merges rows with no signature rule); m: a member turned insider.
  Net() : InsiderNet("abcdm") {}
  Id a_id() const { return a->replica().device_id(); }
};

std::string item_of(const Store& s, const Id& entry) {
  auto row = s.replica().read_row(TableId::entries, entry);
  REQUIRE(row);
  return std::get<std::string>(row->fields[entry_field::item]);
}

// The rows of a bundle as `reader` decodes them (columns it does not know in row.extras).
std::vector<Row> rows_of(Store& reader, const std::string& bundle) {
  auto o = open_bundle(reader.replica(), bundle);
  REQUIRE(o.ok());
  auto dec = BodyDecoder::parse(o->plain);
  REQUIRE(dec.ok());
  std::vector<Row> rows;
  Row row;
  while (true) {
    auto more = (*dec)->next(row);
    REQUIRE(more.ok());
    if (!*more) break;
    rows.push_back(row);
  }
  return rows;
}

// What a Mutua without the signature rule does with a bundle: every row merged as it came,
// columns it does not know kept with their versions (core/extras.cpp).
void merge_as_older_mutua(Store& relay, const std::string& bundle) {
  auto rows = rows_of(relay, bundle);
  auto tx = relay.replica().transaction();
  for (const auto& r : rows) relay.replica().merge(r);
  tx.commit();
}

// A device as the import summary of `reader` names it: its name, or its short id when the
// name has not reached `reader`.
std::string word(const Store& reader, const Store& device) {
  const Id& id = device.replica().device_id();
  auto d = reader.replica().device(id);
  return d && !d->name.empty() ? d->name : id.hex().substr(0, 8);
}

bool mentions(const ImportSummary& s, const std::string& who) {
  for (const auto& a : s.set_aside)
    if (a.from == who && a.reason == "a version its device did not sign") return true;
  return false;
}

// The need's row as the insider holds it, its item changed "as device A".
Row item_as(Store& m, const Id& need, const Id& a, uint64_t seq, const std::string& item) {
  auto row = m.replica().read_row(TableId::entries, need);
  REQUIRE(row);
  Row r = *row;
  Stamp& s = r.stamps[entry_field::item];
  s = Stamp{s.hlc + 1000, a, seq, s.hlc};
  r.fields[entry_field::item] = item;
  for (size_t f = 0; f < r.stamps.size(); ++f)
    if (f != entry_field::item) r.stamps[f] = Stamp{};
  return r;
}

bool verifies(const Store& s, const Id& network, const Row& row, const Replica::VersionSig& sig) {
  auto key = public_key_from_hex(s.replica().device(sig.origin)->public_key);
  REQUIRE(key);
  auto m = version_message(network, sig.origin, sig.seq, row.table, row.id, fixed_digest(row.fixed),
                           merged_digests(held_digests(row, sig.origin, sig.seq),
                                          decode_digests(sig.gone)));
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.sig.data()),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                     key->data()) == 0;
}

}  // namespace

TEST_CASE("each local write keeps its signature, and an edit keeps the digest of what it replaced") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  auto row = n.a->replica().read_row(TableId::entries, need.id);
  REQUIRE(row);
  auto sigs = n.a->replica().version_sigs(TableId::entries, need.id);
  REQUIRE(sigs.size() == 1);
  CHECK(sigs[0].origin == n.a_id());
  CHECK(sigs[0].seq == row->stamps[entry_field::item].seq);
  CHECK(verifies(*n.a, n.net.id, *row, sigs[0]));

  // The status changes: the first write's status is gone from the row, its digest kept.
  REQUIRE(n.a->entries().set_status(need.id, Status::cancelled).ok());
  row = n.a->replica().read_row(TableId::entries, need.id);
  sigs = n.a->replica().version_sigs(TableId::entries, need.id);
  REQUIRE(sigs.size() == 2);
  for (const auto& s : sigs) CHECK(verifies(*n.a, n.net.id, *row, s));
  // A signature does not fit another value.
  Row changed = *row;
  changed.fields[entry_field::item] = std::string("vodka");
  const auto& first = sigs[0].seq < sigs[1].seq ? sigs[0] : sigs[1];
  CHECK_FALSE(verifies(*n.a, n.net.id, changed, first));
}

TEST_CASE("a need's item changed by an insider 'as device A' is not taken as A's") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  for (auto* s : {n.b.get(), n.c.get(), n.d.get(), n.m.get()}) import_ok(*s, bundle_of(*n.a));
  const uint64_t a_seq = n.a->replica().version_vector()[n.a_id()];
  const std::string m_name = word(*n.b, *n.m);

  SUBCASE("with a new sequence number, directly and through an honest relay") {
    auto lie = insider_bundle(*n.m, {item_as(*n.m, need.id, n.a_id(), a_seq + 1, "vodka")});
    auto summary = import_ok(*n.b, lie);
    CHECK(item_of(*n.b, need.id) == "rice");
    CHECK(mentions(summary, m_name));
    import_ok(*n.c, lie);
    CHECK(item_of(*n.c, need.id) == "rice");
    import_ok(*n.b, bundle_of(*n.c));
    CHECK(item_of(*n.b, need.id) == "rice");
  }
  SUBCASE("with one of A's old sequence numbers") {
    auto lie = insider_bundle(*n.m, {item_as(*n.m, need.id, n.a_id(), 1, "vodka")});
    import_ok(*n.b, lie);
    CHECK(item_of(*n.b, need.id) == "rice");
  }
  SUBCASE("relayed by a Mutua that does not check signatures") {
    auto lie = insider_bundle(*n.m, {item_as(*n.m, need.id, n.a_id(), a_seq + 1, "vodka")});
    merge_as_older_mutua(*n.d, lie);
    REQUIRE(item_of(*n.d, need.id) == "vodka");
    auto summary = import_ok(*n.b, bundle_of(*n.d));
    const std::string d_name = word(*n.b, *n.d);  // its record came with its bundle
    CHECK(item_of(*n.b, need.id) == "rice");
    CHECK(mentions(summary, d_name));
  }
  // A's own later change still arrives.
  auto edited = need;
  edited.item = "brown rice";
  REQUIRE(n.a->entries().update(edited).ok());
  import_ok(*n.b, bundle_of(*n.a));
  CHECK(item_of(*n.b, need.id) == "brown rice");
}

TEST_CASE("a genuine signed version relayed by others is taken, and its signature passed on") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  for (auto* s : {n.b.get(), n.c.get(), n.d.get()}) import_ok(*s, bundle_of(*n.a));
  auto edited = need;
  edited.item = "brown rice";
  REQUIRE(n.a->entries().update(edited).ok());

  SUBCASE("through an honest relay, in full and in a delta") {
    import_ok(*n.c, bundle_of(*n.a));
    auto delta = build_bundle(n.c->replica(), n.b->replica().version_vector());
    REQUIRE(delta.ok());
    import_ok(*n.b, delta->bytes);
    CHECK(item_of(*n.b, need.id) == "brown rice");
  }
  SUBCASE("through a Mutua that carries the signature column unread") {
    merge_as_older_mutua(*n.d, bundle_of(*n.a));
    REQUIRE(item_of(*n.d, need.id) == "brown rice");
    auto summary = import_ok(*n.b, bundle_of(*n.d));
    CHECK(summary.set_aside.empty());
    CHECK(item_of(*n.b, need.id) == "brown rice");
  }
  // B checked A's signature and keeps it, to pass on.
  const uint64_t edit_seq =
      n.a->replica().read_row(TableId::entries, need.id)->stamps[entry_field::item].seq;
  bool kept = false;
  for (const auto& s : n.b->replica().version_sigs(TableId::entries, need.id))
    kept = kept || (s.origin == n.a_id() && s.seq == edit_seq);
  CHECK(kept);
}

TEST_CASE("a signature moved onto another value is refused") {
  Net n;
  auto need = add(*n.a, sample_need("rice"));
  for (auto* s : {n.b.get(), n.m.get()}) import_ok(*s, bundle_of(*n.a));
  auto edited = need;
  edited.item = "brown rice";
  REQUIRE(n.a->entries().update(edited).ok());
  // The insider has A's genuine bundle, signature and all, and changes the value it signs.
  auto rows = rows_of(*n.m, bundle_of(*n.a));
  bool changed = false;
  for (auto& r : rows)
    if (r.table == TableId::entries && r.id == need.id) {
      r.fields[entry_field::item] = std::string("vodka");
      changed = true;
    }
  REQUIRE(changed);
  const std::string m_name = word(*n.b, *n.m);
  auto summary = import_ok(*n.b, insider_bundle(*n.m, rows));
  CHECK(item_of(*n.b, need.id) == "rice");
    CHECK(mentions(summary, m_name));
  // A's genuine bundle still brings the real change.
  import_ok(*n.b, bundle_of(*n.a));
  CHECK(item_of(*n.b, need.id) == "brown rice");
}
