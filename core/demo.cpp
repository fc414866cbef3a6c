// Demo data for trying the board, training volunteers and benchmarks.
//
// Reproducibility: the same seed gives the same entries (ids, items, quantities, sites,
// contacts, statuses, and times relative to the moment of generation). Times are anchored to the
// store's clock, rounded down to the minute, so the board looks lived-in ("2 h ago") whenever
// the demo is made; a fixed calendar date would make every demo look weeks old. Generating the
// same seed twice into one database adds nothing the second time (the ids repeat). Tickets are
// assigned by the store, from this device's prefix and counter.
#include "core/demo.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace mutua {
namespace {

// splitmix64: tiny, fast, and the same on every platform (std:: distributions are not).
class Prng {
 public:
  explicit Prng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  bool chance(double p) { return unit() < p; }
  template <typename T, size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }

 private:
  uint64_t s_;
};

struct Item {
  std::string_view name;
  std::string_view unit;
  int64_t max_quantity;
};

struct CategoryItems {
  std::string_view category;
  std::vector<Item> items;
};

const std::vector<CategoryItems>& catalogue() {
  static const std::vector<CategoryItems> c{
      {"food",
       {{"rice, 5 kg bags", "bag", 20},
        {"canned beans", "can", 48},
        {"bread", "loaf", 30},
        {"cooking oil", "liter", 20},
        {"hot meals", "meal", 120},
        {"fresh vegetables", "kg", 40},
        {"halal meals", "meal", 60},
        {"gluten-free food", "pack", 12}}},
      {"water",
       {{"bottled water 1.5 l", "bottle", 96},
        {"water jerrycans 20 l", "each", 10},
        {"water purification tablets", "pack", 30},
        {"drinking water refill", "liter", 200}}},
      {"hygiene",
       {{"soap bars", "bar", 40},
        {"toothbrush and toothpaste", "kit", 20},
        {"sanitary pads", "pack", 20},
        {"adult diapers", "pack", 12},
        {"hand sanitizer", "bottle", 24},
        {"toilet paper", "roll", 48}}},
      {"shelter",
       {{"blankets", "each", 30},
        {"sleeping bags", "each", 20},
        {"camp beds", "each", 12},
        {"tarpaulins", "each", 15},
        {"pillows", "each", 20},
        {"family tent for 4", "each", 3}}},
      {"clothing",
       {{"warm jackets", "each", 15},
        {"rain boots", "pair", 10},
        {"socks", "pair", 40},
        {"children's clothes, 4-6 years", "set", 10},
        {"underwear", "pack", 20},
        {"work gloves", "pair", 20}}},
      {"health",
       {{"paracetamol 500 mg", "box", 20},
        {"first aid kit", "kit", 10},
        {"insulin pen needles", "box", 5},
        {"reading glasses", "pair", 10},
        {"bandages", "roll", 30},
        {"oral rehydration salts", "sachet", 50},
        {"face masks", "box", 20}}},
      {"baby",
       {{"baby formula", "tin", 12},
        {"diapers size 4", "pack", 12},
        {"baby wipes", "pack", 20},
        {"stroller", "each", 2},
        {"baby food jars", "jar", 24},
        {"travel cot", "each", 3}}},
      {"mobility",
       {{"wheelchair", "each", 2},
        {"walking frame", "each", 3},
        {"crutches", "pair", 4},
        {"hearing aid batteries", "pack", 10},
        {"shower chair", "each", 2}}},
      {"transport",
       {{"ride to the hospital", "ride", 3},
        {"van to move furniture", "trip", 2},
        {"delivery of supplies to the shelter", "trip", 5},
        {"bicycle", "each", 3},
        {"school run", "ride", 10}}},
      {"power",
       {{"power bank", "each", 10},
        {"USB-C phone chargers", "each", 15},
        {"generator, 2 kW", "each", 1},
        {"extension cable", "each", 8},
        {"solar lantern", "each", 12},
        {"AA batteries", "pack", 20}}},
      {"skills",
       {{"translation Ukrainian-English", "hour", 8},
        {"childcare", "hour", 10},
        {"cooking for the shelter kitchen", "shift", 5},
        {"roof repair", "job", 2},
        {"plumbing repair", "job", 2},
        {"someone to talk to", "hour", 4},
        {"haircuts", "hour", 6}}},
      {"info",
       {{"help with an insurance claim", "session", 3},
        {"legal advice on tenancy", "session", 2},
        {"help filling in aid forms", "session", 3},
        {"printing documents", "page", 50},
        {"replacing lost ID papers", "session", 2}}},
      {"pets",
       {{"dog food", "kg", 20},
        {"cat litter", "bag", 6},
        {"pet carrier", "each", 3},
        {"temporary foster for a dog", "week", 4},
        {"vet check", "visit", 3}}},
      {"other",
       {{"SIM cards", "each", 20},
        {"umbrellas", "each", 15},
        {"board games", "each", 6},
        {"school backpacks", "each", 15},
        {"children's books", "box", 5}}},
  };
  return c;
}

struct SiteArea {
  std::string_view site;
  std::string_view area;
};
constexpr std::array<SiteArea, 7> kSites{{{"Riverside School", "Riverside"},
                                          {"St. Mary's Hall", "Old Town"},
                                          {"Harbor Hall", "Harborside"},
                                          {"East Clinic", "Eastfield"},
                                          {"Stadium Gate B", "Northgate"},
                                          {"Central Depot", "Millbrook"},
                                          {"Youth Center", "Willowdale"}}};

constexpr std::array<std::string_view, 16> kFirstNames{
    "Amina", "Olena", "Carlos", "Mei",   "Jonas", "Fatima", "Kwame", "Sofia",
    "Yusuf", "Maria", "Dmytro", "Aisha", "Luca",  "Priya",  "Tomás", "Grace"};
constexpr std::array<std::string_view, 16> kLastNames{
    "Haddad", "Kovalenko", "García",     "Chen", "Weber",  "Okafor", "Mensah", "Rossi",
    "Demir",  "Silva",     "Shevchenko", "Khan", "Moreau", "Patel",  "Nowak",  "O'Brien"};

constexpr std::array<std::string_view, 6> kNeedDetails{
    "",
    "For my family; we lost most things in the flood.",
    "Ground floor, room 12. Please knock.",
    "Any brand is fine.",
    "Needed before the weekend if possible.",
    "My mother uses a wheelchair, so delivery would help."};
constexpr std::array<std::string_view, 6> kOfferDetails{"",
                                                        "Can deliver within the area by car.",
                                                        "Pick up at the front desk, 9:00-17:00.",
                                                        "Unused, still in the packaging.",
                                                        "Available on weekday evenings.",
                                                        "Bring your ticket; we keep a list."};

constexpr std::array<std::string_view, 4> kLanguages{"en", "es", "fr", "uk"};

constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;

Entry make_entry(Prng& rng, size_t index, int64_t base,
                 const std::vector<const CategoryItems*>& cat) {
  Entry e;
  for (auto& b : e.id.bytes) b = static_cast<uint8_t>(rng.next());
  // The first entries walk through every category with both kinds, so even a small demo
  // shows the whole board.
  const CategoryItems& c = *(index < cat.size() ? cat[index] : cat[rng.below(cat.size())]);
  e.kind = index < cat.size() ? (index % 2 ? Kind::offer : Kind::need)
                              : (rng.chance(0.5) ? Kind::need : Kind::offer);
  const Item& item = c.items[rng.below(c.items.size())];
  e.category = c.category;
  e.item = item.name;
  e.unit = item.unit;
  e.quantity = rng.between(1, item.max_quantity);
  e.details = e.kind == Kind::need ? rng.pick(kNeedDetails) : rng.pick(kOfferDetails);
  const SiteArea& site = rng.pick(kSites);
  e.site = site.site;
  e.area = rng.chance(0.85) ? site.area : rng.pick(kSites).area;
  e.language = rng.chance(0.7) ? "en" : rng.pick(kLanguages);

  if (e.kind == Kind::need) {
    double u = rng.unit();
    e.urgency = u < 0.1    ? Urgency::critical
                : u < 0.35 ? Urgency::high
                : u < 0.8  ? Urgency::normal
                           : Urgency::low;
    e.people = rng.chance(0.8) ? rng.between(1, 7) : 0;
    double s = rng.unit();
    e.status = s < 0.72 ? Status::open : s < 0.92 ? Status::met : Status::cancelled;
  } else {
    double s = rng.unit();
    e.status = s < 0.72 ? Status::available : s < 0.9 ? Status::taken : Status::withdrawn;
  }

  // Most needs and some offers leave a way to reach them, with consent recorded.
  if (rng.chance(e.kind == Kind::need ? 0.6 : 0.35)) {
    e.contact_name = std::string(rng.pick(kFirstNames)) + " " + std::string(rng.pick(kLastNames));
    if (rng.chance(0.8)) e.contact_phone = "07700 900" + std::to_string(rng.between(100, 999));
    e.contact_consent = true;
  }

  // Recent entries are more common than old ones: age = 21 days * u^2.
  double a = rng.unit();
  int64_t age = static_cast<int64_t>(static_cast<double>(21 * kDay) * a * a);
  e.created_at = base - age;
  bool finished = !is_active(e.status);
  e.updated_at = e.created_at + static_cast<int64_t>(static_cast<double>(age) * rng.unit() *
                                                     (finished ? 0.9 : 0.3));
  if (rng.chance(0.3)) e.expires_at = e.created_at + rng.between(3, 14) * kDay;
  return e;
}

}  // namespace

Result<size_t> generate_demo(Store& store, const DemoOptions& options) {
  if (options.entries > 10'000'000) return fail("at most 10,000,000 demo entries at a time");
  const int64_t base = store.replica().now_ms() / kMinute * kMinute;
  // Only categories this network still uses (a group may have removed some defaults).
  auto ids = store.settings().category_ids();
  std::vector<const CategoryItems*> cat;
  for (const auto& c : catalogue())
    if (std::find(ids.begin(), ids.end(), c.category) != ids.end()) cat.push_back(&c);
  if (cat.empty()) return fail("this network has none of the default categories to fill");
  Prng rng(options.seed);
  std::vector<Entry> entries;
  entries.reserve(options.entries);
  for (size_t i = 0; i < options.entries; ++i) entries.push_back(make_entry(rng, i, base, cat));
  auto counts = store.entries().import(entries);
  if (!counts) return counts.error_value();
  return counts->added;
}

}  // namespace mutua
