#pragma once
// Naming a device whose clock is far off, from the stamps of an incoming bundle, so that a
// coordinator can set its date: "Tablet 7's clock is 14 years ahead; set its date."
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/replica.hpp"

namespace mutua {

// How a screen words an offset: "14 years", "3 days", "5 hours".
struct SkewSpan {
  enum class Unit { hours, days, years } unit = Unit::hours;
  int64_t count = 0;
};
SkewSpan skew_span(int64_t offset_ms);

// "Tablet 7's clock is 14 years ahead; set its date." (English; the device's name from the
// devices table, else its short id).
std::string clock_skew_line(const Replica& store, const ClockSkew& skew);

// Watches the rows of one bundle as they are merged.
//
// Ahead: a stamp of origin O lies beyond this device's wall clock + max_clock_lead_ms. Only
// stamps new here count (seq beyond what we held), so an old mistake is named once, not on
// every sync; and a stamp that only took the next value after the version it replaced
// (hlc == prev + 1, the local-edit rule in Replica::write) says nothing about its writer's
// clock, so it is skipped.
//
// Behind: the sender's clock when it wrote the bundle (header.created, never below its wall
// clock) lies more than max_clock_lead_ms before a stamp the sender already held and passed on
// (the newest one not itself ahead of us). That stamp was made before the export, so the
// sender's wall clock was behind at least by the difference, however long the bundle then sat
// on a stick. (created_at against a row's creation version, the other signal one might use,
// stays within the bound now that a remote stamp no longer drags the creator's clock.)
class ClockSkewWatch {
 public:
  ClockSkewWatch(const Replica& store, VersionVector held_before);
  void see(const Row& row);
  // Every device found off, ahead ones first, each once with its largest offset.
  std::vector<ClockSkew> finish(const Id& sender, HlcValue sender_clock) const;

 private:
  Id self_;
  int64_t wall_ms_;
  int64_t lead_ms_;
  HlcValue limit_;
  VersionVector held_;
  std::map<Id, int64_t> ahead_;
  HlcValue newest_sane_ = 0;
};

}  // namespace mutua
