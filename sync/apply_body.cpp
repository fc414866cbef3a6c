#include "sync/apply_body.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "core/gaps.hpp"
#include "core/gone_ahead.hpp"
#include "core/kept_claim.hpp"
#include "core/lost_creation.hpp"
#include "core/revocation_records.hpp"
#include "core/save_failure.hpp"
#include "core/superseded.hpp"
#include "core/ticket_notes.hpp"
#include "core/unjudged_records.hpp"
#include "core/validate.hpp"
#include "sync/codec.hpp"
#include "sync/earned_vector.hpp"
#include "sync/import_budget.hpp"
#include "sync/key_pins.hpp"
#include "sync/lan.hpp"  // changes_behind
#include "sync/record_gate.hpp"
#include "sync/relayed_chains.hpp"
#include "sync/revocation_filter.hpp"
#include "sync/seq_claims.hpp"
#include "sync/set_aside.hpp"
#include "sync/sync_words.hpp"

namespace mutua {

using sync_words::device_word;
using sync_words::refuse;

namespace {
// The first, one for the handovers over their limit, and some for chains not confirmed.
constexpr int kImportAttempts = 8;

// A record to set aside naming `who` (SetAside::note names an insert-only record's writer): a
// record made up "as" its writer is the sender's doing.
Row blamed_on(const Row& row, const Id& who) {
  Row r;
  r.table = kRevocationRecordsTable;
  r.id = row.id;
  r.insert_only = true;
  r.stamps = {Stamp{1, who, 0, 0}};
  return r;
}
}  // namespace

Result<ImportSummary> apply_body(Replica& store, const BundleHeader& h, std::string_view plain,
                                 const std::string& source, SyncFailure& why,
                                 std::optional<uint64_t> compressed_bytes) {
  using P = SyncProblem;
  ImportSummary summary;
  summary.sender = h.sender;
  // Tickets this device gave before it wrote such tickets down are written first (once), so
  // this import does not read again the aliases it adds. Best effort, as before a bundle: if it
  // cannot be saved, the import says so itself.
  try {
    write_down_earlier_tickets(store);
  } catch (const DbError&) {
  }
  const VersionVector mine = store.version_vector();
  // A revoked device's versions past its cut-off are taken out record by record, whoever
  // relays them (sync/revocation_filter.hpp).
  const RevokedCuts cuts_before = revoked_cuts(store);
  // Decode and validate every record before touching the database, and bound what it may add
  // to the database by what a genuine bundle of its size can hold.
  auto decoder = BodyDecoder::parse(plain);
  if (!decoder) return refuse(why, P::damaged, decoder.error());
  // The revocation records this bundle brings (table 12) may change who is revoked: a revoked
  // device's revocation of the one that revoked it, the earlier of the two, voids the later
  // (docs/revocation-records.md). Who is revoked once they are in is derived before the import:
  // a device revoked here that they leave standing, or accepted further, is lifted for this
  // import (its versions pass the filter, its claim and chain are checked as a standing
  // device's), and no longer refused as the sender.
  std::set<Id> lifted;
  RevokedCuts cuts_import = cuts_before;
  // Read only while some device is revoked here (0.06 s for 100,000 entries).
  if (!store.revoked_until().empty()) {
    std::vector<RevocationRecord> brought;
    Row scan;
    for (;;) {
      auto more = (*decoder)->next(scan);
      if (!more) return refuse(why, P::damaged, more.error());
      if (!*more) break;
      if (scan.table == kRevocationRecordsTable && !store.unknown_row(scan.table, scan.id) &&
          check_revocation_record(store, scan) == RecordCheck::valid)
        brought.push_back(revocation_record_fields(scan)->record);
    }
    (*decoder)->rewind();
    if (!brought.empty()) {
      const auto after = derive_held_revocations(store, brought).revoked;
      for (const auto& [device, until] : store.revoked_until()) {
        auto it = after.find(device);
        if (it == after.end() || it->second.until > until) lifted.insert(device);
      }
    }
    for (const auto& x : lifted) cuts_import.erase(x);
  }
  // A bundle made by a revoked device is refused whole, unless the revocation records it carries
  // leave that device standing (its writer may be the only one that holds them).
  if (auto d = store.device(h.sender); d && d->revoked && !lifted.count(h.sender))
    return sync_words::refuse_revoked_sender(store, h.sender, why);
  RevocationFilter revoked(cuts_import);
  std::optional<ImportBudget> budget;
  if (compressed_bytes) budget.emplace(*compressed_bytes);
  if (budget)
    if (auto costly = budget->rows((*decoder)->total_rows()))
      return refuse(why, P::too_large, "bundle was refused: " + *costly);
  Row row;
  // Records that break a rule are set aside, not the bundle (sync/set_aside.hpp).
  SetAside aside(static_cast<size_t>((*decoder)->total_rows()));
  std::vector<std::pair<size_t, Row>> handovers;  // checked once everything is merged
  // Whether the sender's own versions will be its own once merged: its key pinned here, or
  // introduced by its own record in this bundle (a device first met). The chain check leaves them.
  bool sender_own = sender_pinned(store, h);
  // The rows a superseded field's digest of this bundle names (table 9 comes after the rows): a
  // creation of one of them that loses here is held as its digests until those come (step 6).
  std::vector<std::pair<TableId, Id>> named;
  // Revocation records (table 12), checked by their own signatures (sync/record_gate.hpp).
  RevocationRecordGate records(store);
  for (size_t ordinal = 0;; ++ordinal) {
    auto more = (*decoder)->next(row);
    if (!more) return refuse(why, P::damaged, more.error());
    if (!*more) break;
    if (row.table == kSupersededTable)
      if (auto gone = gone_of(row)) named.emplace_back(gone->table, gone->row);
    Id blame;
    if (auto forged = records.see(ordinal, row, h.sender, blame)) {
      aside.note(ordinal, blamed_on(row, blame), *forged, h.sender);
      continue;
    }
    const bool signed_record = records.passes_filters(ordinal);
    const bool left = signed_record || revoked.pass(row, false);
    if (!left ||
        (!signed_record && revoked.refused_creation() && !store.read_row(row.table, row.id)))
      continue;
    auto invalid = validate_row(row);
    if (!invalid) invalid = revokes_itself(row);
    if (invalid) {
      aside.note(ordinal, row, *invalid, h.sender);
      continue;
    }
    if (auto forged = check_device_key(store, h.network_id, h, row))
      return refuse(why, P::forged_key, *forged, device_word(store, h.sender));
    if (budget)
      if (auto costly = budget->add(row))
        return refuse(why, P::too_large, "bundle was refused: " + *costly);
    if (row.table == TableId::handovers) handovers.emplace_back(ordinal, row);
    if (row.table == TableId::devices && row.id == h.sender &&
        row.stamps.size() > device_field::public_key &&
        row.stamps[device_field::public_key].hlc != 0)
      if (const auto* key = std::get_if<std::string>(&row.fields[device_field::public_key]))
        sender_own = sender_own || *key == public_key_hex(h.sender_key);
  }
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  for (const auto& [ordinal, writer] : records.over_bounds())
    aside.note(ordinal, blamed_on(Row{}, writer),
               "more revocation records of one device than a device keeps", h.sender);

  // 6. Apply in one transaction. A handover over its limit (known only once the bundle is
  // merged) is set aside too: the transaction is rolled back and applied once more without it.
  // The limit does not depend on other handovers, so a second refusal is not expected; if it
  // comes, the bundle is refused. So are the versions of a relayed device its chain does not
  // confirm (sync/relayed_chains.hpp): once more without those past where it was checked.
  const bool chain_on = chain_check_on(store);
  ChainCuts chain_cuts, chain_low_cuts;
  std::set<Id> chain_unsigned_yet;  // cut only for want of a claim that verifies
  bool handovers_again = false;
  // Lost writes held before this import: a record it adds whole may carry one (its creation's
  // winner was taken back or refused here), which then goes (core/lost_creation.hpp).
  const bool lost_held = store.has_unknown_rows(kLostTable);
  bool done = false;
  for (int attempt = 0; attempt < kImportAttempts && !done; ++attempt) {
    try {
      summary = ImportSummary{};
      summary.sender = h.sender;
      RevocationFilter revoked_now(cuts_import);
      ChainFilter unconfirmed(store, chain_cuts, chain_low_cuts, chain_unsigned_yet);
      auto tx = store.transaction();
      (*decoder)->rewind();
      ClockSkewWatch skew(store, mine);
      EarnedVector earned;
      SeqClaims claims(store, lifted);
      ChainCheck chain(store, h.network_id, h.sender, sender_own, mine, chain_on);
      chain.lift(lifted);
      chain.left_out(h.base, h.covers);
      GapNotes gaps;  // records set aside that replaced a version (core/gaps.hpp)
      std::vector<std::pair<TableId, Id>> aside_keys;  // kept (sync/set_aside.hpp)
      // Rows of this bundle whose creation lost here: their writes are kept as lost writes
      // (core/lost_creation.hpp) once every row is read. Those of a row no digest names, made
      // at once; a row a digest names, as its digests, with those of its superseded fields.
      // Both wait in TEMP tables, not in memory (later a row's copy that lost again replaces the
      // one before). The digests naming a row whose creation lost (named_lost: by its place in
      // `named`) are not taken.
      NamedLosers losers(store);
      // This device's changes on a creation that lost here, written again once every row is in.
      struct OwnChanges {
        TableId table;
        Id id;
        std::vector<std::pair<uint16_t, Value>> changes;
      };
      std::vector<OwnChanges> own_lost;
      std::vector<TicketNote> tickets_given;  // tickets this device gave creations that lost
      std::vector<bool> named_lost(named.size());
      std::vector<GoneDigest> ahead;  // the sender's own digests kept ahead of their field
      // Relayed digests that would fit ahead of their field, standing in for it in the chain
      // check: kept ahead too where that check proves them (ChainCheck::proven).
      std::vector<std::pair<Row, GoneDigest>> ahead_if_proven;
      std::set<std::pair<TableId, Id>> may_carry_lost;  // records that took something
      const auto named_at = [&](TableId table, const Id& id) {
        auto it = std::lower_bound(named.begin(), named.end(), std::make_pair(table, id));
        return it != named.end() && it->first == table && it->second == id
                   ? std::optional<size_t>(static_cast<size_t>(it - named.begin()))
                   : std::nullopt;
      };
      for (size_t ordinal = 0;; ++ordinal) {
        auto more = (*decoder)->next(row);
        if (!more || !*more) break;
        chain.see_device_record(row);
        // A revocation record its writer signed, made past the cut-off of its revoked writer:
        // kept whole, past the filter and the chain check (core/revocation_records.hpp). It
        // raises no vector.
        if (records.passes_filters(ordinal) && !aside.skipped(ordinal) &&
            revoked_now.refuses(row.stamps[0])) {
          const auto m = store.merge(row);
          ++(m.outcome == MergeOutcome::added ? summary.added : summary.known);
          continue;
        }
        const bool left = revoked_now.pass(row, true);
        if (revoked_now.refused_creation() && !store.read_row(row.table, row.id)) {
          // A record whose creation is refused (a revoked device's, past its cut-off) and that
          // is not held here is not taken: the other devices' writes on it are kept as lost
          // writes, as a take-back keeps them (core/lost_creation.hpp), and so are the digests
          // of this bundle naming it.
          if (unconfirmed.pass(row)) {
            skew.see(row);
            earned.see(row);
            chain.see(row, MergeResult{});
            if (const auto at = named_at(row.table, row.id)) {
              named_lost[*at] = true;
              losers.hold(loser_digests(row));
            } else {
              losers.hold_made(row.table, row.id, lost_writes(h.network_id, row, {}));
            }
          }
          continue;
        }
        if (!left || !unconfirmed.pass(row)) continue;
        if (aside.skipped(ordinal)) {
          // Not asked for again: its versions count as seen (every device with these rules
          // sets it aside the same way).
          earned.see(row);
          gaps.set_aside(store, row);
          aside_keys.emplace_back(row.table, row.id);
          continue;
        }
        // The same check again, now against what this bundle already merged (a second copy of
        // a device's record in one bundle); it also takes out keys the device did not sign.
        if (auto forged = check_device_key(store, h.network_id, h, row))
          return refuse(why, P::forged_key, *forged, device_word(store, h.sender));
        // A superseded version's digest (core/superseded.hpp): taken only where the row here,
        // this bundle's rows merged (they come first), holds its field at a newer version.
        if (row.table == kSupersededTable) {
          auto gone = gone_of(row);
          const auto at = gone ? named_at(gone->table, gone->row) : std::nullopt;
          if (at && named_lost[*at]) {
            losers.add_gone(gone->table, gone->row, {gone->field, gone->version, gone->digest});
            ++summary.digests_dropped;
            continue;
          }
          const bool fits = gone && gone_fits(store, *gone);
          // One of the sender's own writes, on a record whose field here is older (the delta
          // left the field out): kept ahead of it (core/gone_ahead.hpp).
          if (gone && !fits && sender_own && gone->version.origin == h.sender &&
              fits_ahead(store, *gone)) {
            earned.see(row);
            chain.see(row, store.merge(row));
            ahead.push_back(*gone);
            continue;
          }
          if (!fits) {
            // Not kept; it may still stand for its field in a relayed chain's rebuild.
            if (gone && chain_on && chain.stand_in(*gone) && fits_ahead(store, *gone))
              ahead_if_proven.emplace_back(row, *gone);
            ++summary.digests_dropped;
            continue;
          }
          earned.see(row);
          chain.see(row, store.merge(row));
          continue;
        }
        // A lost creation's write: taken only where the row here carries that write nowhere.
        if (row.table == kLostTable) {
          auto lost = lost_of(row);
          if (!lost || !lost_fits(store, *lost)) {
            ++summary.lost_dropped;
            continue;
          }
          earned.see(row);
          chain.see(row, store.merge(row));
          continue;
        }
        claims.check(store, h.network_id, row);
        for (const auto& [kept, until] : claims.take_kept()) keep_claim(store, kept, until);
        skew.see(row);
        earned.see(row);
        auto m = store.merge(row);
        chain.see(row, m);
        if (m.creation_lost) {
          if (const auto at = named_at(row.table, row.id)) {
            named_lost[*at] = true;
            losers.hold(loser_digests(row));
          } else {
            losers.hold_made(row.table, row.id, lost_writes(h.network_id, row, {}));
          }
        }
        // The row held here lost to this one: its writes are kept as lost writes (those the
        // winner carries too are not lost: a copy of a record's versions under other fixed
        // values makes none).
        if (m.replaced_creation)
          for (const auto& w : lost_writes(h.network_id, *m.replaced_creation, m.replaced_gone))
            if (lost_fits(store, w)) keep_lost(store, w);
        // A record added whole, or whose creation another replaced, or that took a version, may
        // carry a write kept as lost here before (core/lost_creation.hpp): that goes once every
        // row is in, as it would not have been kept had the record carried it then (seed 4323 of
        // the long property test with revocations: a creation taken back, then given back by a
        // reinstatement at an older version of a field, then that field's version kept as lost
        // came).
        if (m.replaced_creation || (lost_held && m.outcome != MergeOutcome::known))
          may_carry_lost.insert({row.table, row.id});
        if (!m.own_changes_lost.empty())
          own_lost.push_back({row.table, row.id, std::move(m.own_changes_lost)});
        if (!m.own_ticket_lost.empty())
          tickets_given.push_back({store.device_id(), row.id, std::move(m.own_ticket_lost)});
        const bool entry = row.table == TableId::entries;
        summary.conflicts += static_cast<size_t>(m.conflicts);
        if (m.outcome == MergeOutcome::added) {
          ++summary.added;
          summary.new_entries += entry;
        } else if (m.outcome == MergeOutcome::updated) {
          ++summary.updated;
          summary.updated_entries += entry;
        } else {
          ++summary.known;
        }
      }
      // Kept once every row is merged: whether one fits depends on the rows of this bundle too.
      const auto keep_fitting = [&](const std::vector<LostWrite>& made) {
        for (const auto& w : made)
          if (lost_fits(store, w)) keep_lost(store, w);
      };
      forget_lost_carried(store, may_carry_lost);
      losers.drain_made(keep_fitting);
      losers.drain([&](const LoserDigests& loser, const std::vector<GoneField>& gone) {
        keep_fitting(lost_writes(h.network_id, loser, gone));
      });
      // Each relayed device's chain, over what is here now (sync/relayed_chains.hpp).
      if (chain_on) {
        bool again = false;
        for (const auto& [origin, at] : chain.check(store, sender_pinned(store, h))) {
          // Once cut for a mismatch, counted so, whatever a later attempt finds.
          if (chain.unsigned_yet().count(origin) && !chain_cuts.count(origin))
            chain_unsigned_yet.insert(origin);
          else if (!chain.unsigned_yet().count(origin))
            chain_unsigned_yet.erase(origin);
          auto [it, fresh] = chain_cuts.emplace(origin, at);
          if (fresh || at < it->second) {
            it->second = std::min(it->second, at);
            again = true;
          }
        }
        // A version "as" a device with an old number (sync/relayed_chains.hpp, low_cuts).
        for (const auto& [origin, at] : chain.low_cuts())
          if (chain_low_cuts.emplace(origin, at).second) again = true;
        if (again) continue;  // rolled back; once more without them
        // A digest of a relayed device's write that its confirmed chain proves, on a record
        // whose field here is older: kept ahead of it, so that this device can rebuild that
        // chain and relay what proves it (core/gone_ahead.hpp).
        for (auto& [digest_row, g] : ahead_if_proven) {
          if (!chain.proven(g)) continue;
          (void)store.merge(digest_row);
          ahead.push_back(g);
          --summary.digests_dropped;
        }
      }
      // Handovers are checked against what they hand over once their match is here.
      // Those nothing here can judge (no match, or neither of its entries) are taken, and judged
      // when what they are judged against comes (core/unjudged_records.hpp).
      bool over_limit = false;
      std::vector<std::pair<TableId, Id>> unjudged;
      for (const auto& [ordinal, handover] : handovers) {
        if (aside.skipped(ordinal)) continue;
        bool later = false;
        auto invalid = store.refuse_incoming(handover, &later);
        if (later) unjudged.emplace_back(handover.table, handover.id);
        if (invalid) {
          if (handovers_again)
            return refuse(why, P::invalid_record, "bundle holds an invalid record: " + *invalid);
          aside.note(ordinal, handover, *invalid, h.sender);
          over_limit = true;
        }
      }
      handovers_again = handovers_again || over_limit;
      if (over_limit) continue;  // rolled back; once more without them
      note_unjudged(store, unjudged);
      // A revocation this bundle brought takes back what is here of the device past its cut-off;
      // so does one of a device lifted for this import that the rule still finds revoked once
      // everything is in (the clock check can void a record the bundle brought, once the
      // versions it carries of that record's writer are here).
      std::vector<Replica::RetractResult::Refused> refused_after;
      for (const auto& [device, n] : apply_learned_revocations(store, cuts_import, &refused_after))
        summary.taken_back.emplace_back(device_word(store, device), n);
      // A handover the take-back left over its limit (its need's, offer's or match's quantity
      // that allowed it was the revoked device's) is set aside, as if it had come now; so is one
      // taken before its match that this bundle brought, and that is over its limit.
      auto judged_now = judge_unjudged(store);
      refused_after.insert(refused_after.end(), judged_now.begin(), judged_now.end());
      for (const auto& r : refused_after)
        summary.add_set_aside(device_word(store, r.writer), r.reason);
      // Digests kept ahead of their field: those of this bundle noted, and gone where this
      // bundle brought the version (core/gone_ahead.hpp).
      keep_gone_ahead(store, ahead);
      settle_gone_ahead(store);
      // Changes made here on a creation that lost (the same spreadsheet row imported on two
      // devices, then a status set here): made again on the creation kept, as new local writes,
      // so every device that keeps it gets them. One that cannot be written now (the kept row
      // refuses it) is left: the other device's version stands.
      for (auto& c : own_lost) {
        if (store.write(c.table, c.id, nullptr, c.changes)) continue;
        for (auto& change : c.changes) (void)store.write(c.table, c.id, nullptr, {change});
      }
      // The tickets this device gave those creations, written down for every device (core/
      // ticket_notes.hpp): a slip printed here then finds the entry on devices that never held
      // the creation that lost.
      write_ticket_notes(store, tickets_given);
      // Gaps this import opened, and those of this device it answered (core/gaps.hpp).
      if (aside.total() || records_set_aside(store)) gaps.finish(store);
      summary.clock_skews = skew.finish(h.sender, h.created);
      summary.made_for_another = changes_behind(mine, h.base) != 0;
      // Raise our vector only by what the bundle earned (sync/earned_vector.hpp): a claim in its
      // header cannot hide anyone's data.
      const bool pinned = sender_pinned(store, h);
      auto raise = earned.raise(h, mine, pinned, claims.attested());
      // A relayed device that publishes a chain: only up to where it was checked.
      if (chain_on) chain.finish(store, raise, pinned);
      // Never past a revoked device's cut-off: after a reinstatement its later versions must not
      // look already known.
      RevocationFilter(revoked_cuts(store)).clamp(raise);
      store.raise_vector(raise);
      store.raise_attested(claims.raised());
      for (const auto& [device, n] : revoked_now.refused())
        summary.refused_revoked.emplace_back(device_word(store, device), n);
      for (const auto& o : aside.origins())
        summary.set_aside.push_back({device_word(store, o.origin), o.count, o.reason});
      if (unconfirmed.records())
        summary.set_aside.push_back(
            {device_word(store, h.sender), unconfirmed.records(), std::string(kChainNotConfirmed)});
      if (unconfirmed.records_unsigned_yet())
        summary.set_aside.push_back({device_word(store, h.sender),
                                     unconfirmed.records_unsigned_yet(),
                                     std::string(kChainNotSignedYet)});
      if (claims.refused())
        summary.set_aside.push_back({device_word(store, h.sender), claims.refused(),
                                     "a sequence claim its device did not sign"});
      if (aside.total()) note_records_set_aside(store, aside_keys);
      if (!revoked_now.earlier_unknown_rows().empty())
        note_taken_back(store, revoked_now.earlier_unknown_rows(), store.took_back());
      store.record_peer(h.sender, peer_claim(store, h));
      store.ensure_unique_ticket_prefix();
      SyncLogEntry log;
      log.source = source;
      log.sender = h.sender;
      log.added = static_cast<int64_t>(summary.added);
      log.updated = static_cast<int64_t>(summary.updated);
      log.conflicts = static_cast<int64_t>(summary.conflicts);
      log.known = static_cast<int64_t>(summary.known);
      log.new_entries = static_cast<int64_t>(summary.new_entries);
      log.updated_entries = static_cast<int64_t>(summary.updated_entries);
      log.clock_skews = summary.clock_skews;
      log.refused_revoked = static_cast<int64_t>(revoked_now.refused_total());
      for (const auto& [name, n] : summary.refused_revoked)
        log.refused_from += (log.refused_from.empty() ? "" : ", ") + name;
      for (const auto& [name, n] : summary.taken_back) {
        log.taken_back += static_cast<int64_t>(n);
        log.taken_back_from += (log.taken_back_from.empty() ? "" : ", ") + name;
      }
      log.set_aside =
          static_cast<int64_t>(aside.total() + unconfirmed.records() + refused_after.size());
      for (const auto& s : summary.set_aside)
        log.set_aside_from += (log.set_aside_from.empty() ? "" : ", ") + s.from;
      if (!summary.set_aside.empty()) log.set_aside_why = summary.set_aside[0].reason;
      store.log_sync(log);
      tx.commit();
      done = true;
    } catch (const DbError& e) {
      // A full disk: one line of its own, ErrorKind::disk_full for the screen, the log emptied.
      why = SyncFailure{P::cannot_save, {}};
      return save_failed(store, e, "could not save the bundle: ");
    }
  }
  // Each attempt past the first cuts one more device or sets handovers aside: never expected
  // this often.
  if (!done)
    return refuse(why, P::invalid_record,
                  "bundle could not be imported: too many records set aside");
  return summary;
}

}  // namespace mutua
