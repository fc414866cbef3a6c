#include "app/ui/units.hpp"

#include <cstdio>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

namespace {

std::string_view trim_unit_text(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '.')) s.remove_suffix(1);
  return s;
}

bool same_ascii_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The number inside a unit phrase, with the format's one %s.
std::string fill(const char* format, const std::string& number) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, number.c_str());
  return buf;
}

}  // namespace

const std::vector<UnitInfo>& known_units() {
  // The msgids are in every catalogue with msgctxt "unit" (tests/app/test_units.cpp checks).
  static const std::vector<UnitInfo> units{
      {"bag", "%s bag", "%s bags", {"bags", "sack", "sacks"}},
      {"bar", "%s bar", "%s bars", {"bars"}},
      {"bottle", "%s bottle", "%s bottles", {"bottles"}},
      {"box", "%s box", "%s boxes", {"boxes"}},
      {"can", "%s can", "%s cans", {"cans"}},
      {"day", "%s day", "%s days", {"days"}},
      {"each", "%s each", "%s each", {"pc", "pcs"}},
      {"hour", "%s hour", "%s hours", {"hours", "h", "hr", "hrs"}},
      {"item", "%s item", "%s items", {"items"}},
      {"jar", "%s jar", "%s jars", {"jars"}},
      {"job", "%s job", "%s jobs", {"jobs"}},
      {"kg",
       "%s kg",
       "%s kg",
       {"kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"}},
      {"kit", "%s kit", "%s kits", {"kits"}},
      {"liter", "%s liter", "%s liters", {"liters", "litre", "litres", "l"}},
      {"loaf", "%s loaf", "%s loaves", {"loaves"}},
      {"meal", "%s meal", "%s meals", {"meals"}},
      {"night", "%s night", "%s nights", {"nights"}},
      {"pack", "%s pack", "%s packs", {"packs", "packet", "packets"}},
      {"page", "%s page", "%s pages", {"pages"}},
      {"pair", "%s pair", "%s pairs", {"pairs"}},
      {"piece", "%s piece", "%s pieces", {"pieces"}},
      {"ride", "%s ride", "%s rides", {"rides"}},
      {"roll", "%s roll", "%s rolls", {"rolls"}},
      {"sachet", "%s sachet", "%s sachets", {"sachets"}},
      {"session", "%s session", "%s sessions", {"sessions"}},
      {"set", "%s set", "%s sets", {"sets"}},
      {"shift", "%s shift", "%s shifts", {"shifts"}},
      {"tin", "%s tin", "%s tins", {"tins"}},
      {"trip", "%s trip", "%s trips", {"trips"}},
      {"visit", "%s visit", "%s visits", {"visits"}},
      {"week", "%s week", "%s weeks", {"weeks"}},
  };
  return units;
}

const UnitInfo* find_unit(std::string_view stored) {
  stored = trim_unit_text(stored);
  if (stored.empty()) return nullptr;
  for (const UnitInfo& u : known_units()) {
    if (same_ascii_nocase(stored, u.key)) return &u;
    for (const char* a : u.aliases)
      if (same_ascii_nocase(stored, a)) return &u;
  }
  return nullptr;
}

std::string unit_quantity_text(int64_t n, std::string_view stored_unit) {
  const std::string number = ui_number_text(std::to_string(n));
  if (const UnitInfo* u = find_unit(stored_unit))
    return fill(trn_context("unit", u->singular, u->plural, n), number);
  if (stored_unit.empty()) return number;
  return number + " " + std::string(stored_unit);
}

std::vector<const char*> units_for_category(std::string_view category) {
  struct Choice {
    std::string_view category;
    std::vector<const char*> units;
  };
  // Four at most: each is a big button on the kiosk's step 3.
  static const std::vector<Choice> choices{
      {"food", {"pack", "kg", "can", "meal"}},
      {"water", {"bottle", "liter", "pack"}},
      {"hygiene", {"each", "pack", "bottle", "roll"}},
      {"shelter", {"each", "set", "pair"}},
      {"clothing", {"each", "pair", "set", "pack"}},
      {"health", {"box", "pack", "bottle", "each"}},
      {"baby", {"pack", "each", "box", "jar"}},
      {"mobility", {"each", "pair"}},
      {"transport", {"ride", "trip"}},
      {"power", {"each", "hour", "session"}},
      {"skills", {"hour", "session", "day"}},
      {"info", {"session", "visit", "hour"}},
      {"pets", {"bag", "kg", "can", "each"}},
  };
  for (const Choice& c : choices)
    if (c.category == category) return c.units;
  return {"each", "pack", "box", "kg"};
}

std::string unit_word(const UnitInfo& unit, int64_t n) {
  std::string s = fill(trn_context("unit", unit.singular, unit.plural, n), "\x01");
  const size_t at = s.find('\x01');
  if (at == std::string::npos) return s;
  s.erase(at, 1);
  // The space that stood between the number and the word.
  if (at < s.size() && s[at] == ' ')
    s.erase(at, 1);
  else if (at > 0 && s[at - 1] == ' ')
    s.erase(at - 1, 1);
  return s;
}

}  // namespace mutua
