// Property: whatever text a person types on device A (Cyrillic, Arabic, emoji, combining marks,
// at and just past each field's limit), what A accepts, B imports. A refuses some edits; B
// refuses none of A's bundles, and ends with A's values.
#include <doctest/doctest.h>
#include <sodium.h>

#include <random>

#include "core/settings.hpp"
#include "core/utf8.hpp"
#include "core/volunteers.hpp"
#include "support/network_fixture.hpp"

using namespace mutua;
using namespace mutua::test;

namespace {

// Characters and clusters a person may type, all well-formed UTF-8.
// clang-format off
const char* const kFragments[] = {
    "Ї", "ж", "а", "Д", "р", "в", "ґ", "є", "щ",           // Cyrillic (2 bytes)
    "م", "ا", "ء", "ب", "خ", "ز", "\u064E", "\u0651",      // Arabic letters and harakat
    "ש", "米", "—", "«", "»", "\u200F", "\u200D", "\uFEFF",  // Hebrew, CJK, RTL mark, lone ZWJ, BOM
    "e\u0301", "\u0301", "\u0308", "a\u0308\u0301",         // combining marks, one alone
    "🍚", "👪", "🇺🇦", "👍🏽", "👨‍👩‍👧",                             // 4-byte emoji, flag, modifier, ZWJ family
    "a", "Z", "7", " ", ",", "'", "\"", "|", "=", ";", ": ", " → ",
};
// clang-format on
// Now and then: what a pasted file or a broken keyboard brings (A must refuse what it cannot
// send, never store it).
const char* const kRare[] = {"\n", "\t", "\x01", "\x7F", "\xD0", "\xF0\x9F\x8D"};

struct Gen {
  std::mt19937 rng{20261201};
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  bool chance(int percent) { return pick(100) < size_t(percent); }

  // A length in characters that favours the edges: empty, one, the limit and just past it.
  size_t length(size_t limit) {
    switch (pick(6)) {
      case 0:
        return pick(2);
      case 1:
        return limit - 1;
      case 2:
        return limit;
      case 3:
        return limit + 1 + pick(2);
      default:
        return 1 + pick(limit);
    }
  }
  std::string text(size_t limit, bool rare_ok = true) {
    const size_t n = length(limit);
    std::string s;
    while (utf8::valid(s) ? utf8::length(s) < n : s.size() < n * 4) {
      if (rare_ok && chance(1))
        s += kRare[pick(std::size(kRare))];
      else
        s += kFragments[pick(std::size(kFragments))];
    }
    // Cut to exactly n characters, which may split a cluster but never a character.
    while (utf8::valid(s) && utf8::length(s) > n) utf8::pop_back(s);
    return s;
  }
  std::string phone() {
    static const char* const kPhone[] = {"0", "1", "3", "6", "7", "9",
                                         " ", "+", "-", "(", ")", "."};
    const size_t n = length(limits::phone_chars);
    std::string s;
    for (size_t i = 0; i < n; ++i) s += chance(3) ? "٣" : kPhone[pick(std::size(kPhone))];
    return s;
  }
};

struct Tally {
  size_t accepted = 0, refused = 0;
  void count(bool ok) { ok ? ++accepted : ++refused; }
};

// Every record A holds is on B with the same values and versions.
void require_b_holds_a(const Store& a, const Store& b) {
  for (const auto* t : all_tables()) {
    a.replica().for_each_row(t->id, [&](const Row& ra) {
      auto rb = b.replica().read_row(t->id, ra.id);
      REQUIRE_MESSAGE(rb, std::string(t->name) << " row missing on B");
      CHECK_MESSAGE(rb->fixed == ra.fixed, t->name);
      CHECK_MESSAGE(rb->fields == ra.fields, t->name);
      CHECK_MESSAGE(rb->stamps == ra.stamps, t->name);
      return true;
    });
  }
}

}  // namespace

TEST_CASE(
    "random multilingual edits accepted on device A always import on device B, with A's values") {
  REQUIRE(sodium_init() >= 0);
  auto net = make_network(2);
  auto& a = *net[0]->store;
  auto& b = *net[1]->store;
  Gen g;
  Tally entries, others;

  std::vector<Id> ids;
  for (int i = 0; i < 4; ++i) {
    auto e = make_entry(i % 2 ? Kind::offer : Kind::need, "rice", "food", 3);
    auto added = a.entries().add(e);
    REQUIRE(added.ok());
    ids.push_back(added->id);
  }
  const auto categories = a.settings().category_ids();
  char hash[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(hash, "1234", 4, crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);

  constexpr int kEdits = 400;
  for (int step = 1; step <= kEdits; ++step) {
    net[0]->wall += 1000;
    const size_t what = g.pick(20);
    if (what < 16) {
      // One entry, one to three of its fields.
      Entry e = *a.entries().get(ids[g.pick(ids.size())]);
      for (size_t k = 0, n = 1 + g.pick(3); k < n; ++k) {
        switch (g.pick(10)) {
          case 0:
            e.item = g.text(limits::item_chars);
            break;
          case 1:
            e.details = g.text(limits::details_chars);
            break;
          case 2:
            e.unit = g.text(limits::short_chars);
            break;
          case 3:
            e.site = g.text(limits::short_chars);
            break;
          case 4:
            e.area = g.text(limits::short_chars);
            break;
          case 5:
            e.contact_name = g.text(limits::short_chars);
            break;
          case 6:
            e.contact_phone = g.phone();
            break;
          case 7:
            e.language = g.text(limits::language_chars);
            break;
          case 8:
            e.category = categories[g.pick(categories.size())];
            break;
          default:
            e.quantity = 1 + int64_t(g.pick(limits::max_quantity));
            break;
        }
      }
      entries.count(a.entries().update(e).ok());
    } else if (what == 16) {
      auto d = *a.devices().get(a.replica().device_id());
      d.name = g.text(limits::short_chars);
      others.count(a.devices().put(d).ok());
    } else if (what == 17) {
      others.count(set_device_site(a, g.text(limits::short_chars), SiteKind::other).ok());
    } else if (what == 18) {
      others.count(set_category_label(a, categories[g.pick(categories.size())], "uk",
                                      g.text(limits::short_chars))
                       .ok());
    } else {
      // A volunteer's name through the app's own rules; a cheap PIN hash keeps it fast.
      const PinChange change = begin_add_volunteer(a, g.text(limits::short_chars), Role::volunteer,
                                                   std::to_string(100000 + step));
      if (change.refused) {
        ++others.refused;
      } else {
        others.count(finish_pin_change(a, change, NewPinHash{std::nullopt, hash, 0}).ok());
      }
    }
    if (step % 50 == 0) send(a, b);  // REQUIREs the import to succeed
  }
  send(a, b);
  require_b_holds_a(a, b);
  for (const auto& id : ids) CHECK(b.history().of(id).size() == a.history().of(id).size());
  MESSAGE("entry edits accepted " << entries.accepted << ", refused " << entries.refused
                                  << "; other edits accepted " << others.accepted << ", refused "
                                  << others.refused);
  // The property means something only if both kinds of outcome happened.
  CHECK(entries.accepted > 50);
  CHECK(entries.refused > 50);
  CHECK(others.accepted > 10);
}
