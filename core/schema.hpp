#pragma once
// The replicated tables, described once, so that the store's write path, the merge and the
// bundle codec all walk the same list of fields.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/hlc.hpp"
#include "core/id.hpp"

namespace mutua {

enum class FieldType : uint8_t { integer, text, id };

// How an integer column is written in a bundle (the text and id encodings are chosen per bundle
// or fixed). The bundle names it explicitly, so nothing depends on a field's name.
enum class IntCoding : uint8_t {
  plain,           // the value itself
  before_version,  // fixed fields only: the row's version time minus the value (creation times)
  delta,           // the difference from the previous value down the column (times in fields)
};

struct FieldDef {
  // Stable within its table, shared by fixed and fields, and never renumbered or reused: bundles
  // name columns by it, so an id once released means this field, with this type, for good.
  uint16_t id = 0;
  std::string_view name;
  FieldType type = FieldType::integer;
  size_t max_bytes = 0;  // for text: the bound every decoder checks before allocating
  IntCoding coding = IntCoding::plain;
};

enum class TableId : uint8_t {
  entries = 0,
  matches,
  handovers,
  sites,
  devices,
  volunteers,
  settings,
  events
};
inline constexpr size_t kTableCount = 8;
// Tables a newer Mutua added reach this device with ids from kTableCount up (see
// docs/bundle-format.md): they are carried through, never read.
inline bool is_known_table(TableId t) {
  return static_cast<size_t>(t) < kTableCount;
}

struct TableDef {
  TableId id;
  std::string_view name;
  std::vector<FieldDef> fixed;   // written once at creation, never change
  std::vector<FieldDef> fields;  // last-writer-wins registers, each with its own version
  bool insert_only() const { return fields.empty(); }
};

const TableDef& table_def(TableId t);
const std::vector<const TableDef*>& all_tables();

// Field indexes into TableDef::fields / fixed, named so code reads as the domain.
namespace entry_fixed {
enum : uint16_t { ticket, kind, created_at, created_by };
}
namespace entry_field {
enum : uint16_t {
  category,
  item,
  details,
  quantity,
  unit,
  urgency,
  people,
  site,
  area,
  contact_name,
  contact_phone,
  contact_consent,
  language,
  status,
  expires_at,
  count
};
}
namespace match_fixed {
enum : uint16_t { need, offer, created_at, created_by };
}
namespace match_field {
enum : uint16_t { quantity, status };
}
namespace handover_fixed {
enum : uint16_t { match, quantity, created_at, created_by, undoes };
}
namespace site_field {
enum : uint16_t { name, kind, area };
}
namespace device_field {
enum : uint16_t { name, ticket_prefix, public_key, site, revoked, key_signature, revoked_cutoff };
}
namespace volunteer_field {
enum : uint16_t { name, role, pin_hash, site, removed };
}
namespace settings_field {
enum : uint16_t { retention_days, kiosk_timeout_s, categories };
}
namespace event_fixed {
enum : uint16_t {
  entry,
  at /* hybrid clock value */,
  device,
  actor,
  summary,
  what,
  field,
  ref,
  amount,
  before_number,
  after_number,
  before_text,
  after_text
};
}

using Value = std::variant<int64_t, std::string>;

// One field version: who wrote it, when, and which of their changes it was. Versions are
// ordered by (hlc, origin); the greater one wins everywhere, so every device agrees.
struct Stamp {
  HlcValue hlc = 0;
  Id origin;
  uint64_t seq = 0;
  HlcValue prev = 0;  // hlc of the version this write replaced, to tell overwrite from conflict
  bool newer_than(const Stamp& o) const { return hlc != o.hlc ? hlc > o.hlc : origin > o.origin; }
  bool operator==(const Stamp&) const = default;
};

// A column a newer Mutua added, which this device keeps and passes on without reading it. The
// bundle told its type and coding; its value merges last-writer-wins like any field.
struct ExtraValue {
  uint16_t column = 0;
  bool fixed = false;  // a fixed value travels with every copy of its row and has no version
  FieldType type = FieldType::integer;
  IntCoding coding = IntCoding::plain;
  Value value;
  Stamp stamp;  // empty for fixed values
  bool operator==(const ExtraValue&) const = default;
};

// A record as it replicates: fixed values plus every field with its version.
struct Row {
  TableId table = TableId::entries;  // an unknown table (is_known_table false) has only extras
  Id id;
  std::vector<Value> fixed;
  std::vector<Value> fields;
  std::vector<Stamp> stamps;       // one per field; insert-only tables keep one creation stamp
  std::vector<ExtraValue> extras;  // columns of a newer Mutua, ordered by column id
  bool insert_only = false;        // for rows of unknown tables only; known ones ask their TableDef
};

// The value a field holds before anything was written to it.
Value default_value(FieldType type);

// Ids travel inside rows as 16-byte strings.
std::string id_value(const Id& id);
Id id_from_value(const Value& v);

}  // namespace mutua
