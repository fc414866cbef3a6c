#include "core/volunteer_language.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/hlc.hpp"
#include "core/store.hpp"
#include "core/utf8.hpp"
#include "core/volunteers.hpp"

namespace mutua {

std::optional<ExtraValue> volunteer_language_value(const Store& store, const Id& volunteer) {
  const auto all = store.replica().extras_of(TableId::volunteers);  // a few volunteers' at most
  const auto it = all.find(volunteer);
  if (it == all.end()) return std::nullopt;
  for (const ExtraValue& e : it->second)
    if (e.column == kVolunteerLanguageColumn) return e;
  return std::nullopt;
}

bool language_tag_shaped(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > limits::language_chars) return false;
  if (!std::isalpha(static_cast<unsigned char>(tag.front()))) return false;
  return std::all_of(tag.begin(), tag.end(),
                     [](unsigned char c) { return c < 0x80 && (std::isalnum(c) || c == '-'); });
}

std::string volunteer_language(const Store& store, const Id& volunteer) {
  const auto v = volunteer_language_value(store, volunteer);
  if (!v || v->fixed || v->type != FieldType::text) return {};
  const auto& tag = std::get<std::string>(v->value);
  return language_tag_shaped(tag) ? tag : std::string();
}

Result<Ok> write_volunteer_language_unchecked(Store& store, const Id& volunteer,
                                              const std::string& value) {
  if (value.size() > limits::short_chars * 4 || !utf8::valid(value))
    return fail("the value is too long or not UTF-8");
  Replica& r = store.replica();
  try {
    auto tx = r.transaction();
    if (!find_volunteer(store, volunteer)) return fail("no such volunteer");
    const auto mine = volunteer_language_value(store, volunteer);
    if (mine && (mine->fixed || mine->type != FieldType::text))
      return fail("another device gave this volunteer's language another meaning");
    if (mine && std::get<std::string>(mine->value) == value) return Ok{};
    const Stamp current = mine ? mine->stamp : Stamp{};
    if (mine && !r.can_supersede(current)) return r.refusal_past_year_9999("the language", current);
    // As Replica::write stamps a field: greater than its current version, even one from a clock
    // far ahead, with this device's next sequence number.
    Stamp stamp{r.clock().now(), r.device_id(), 0, current.hlc};
    stamp.hlc = std::max(stamp.hlc, hlc_next(current.hlc));
    stamp.seq = r.next_seq();
    // Stored as an import stores a version from this device: the row as it is, carrying none of
    // the schema's fields (no version: hlc 0), and the language as its one extra.
    auto row = r.read_row(TableId::volunteers, volunteer);
    if (!row) return fail("no such volunteer");
    for (Stamp& s : row->stamps) s = Stamp{};
    row->extras = {
        {kVolunteerLanguageColumn, false, FieldType::text, IntCoding::plain, value, stamp}};
    r.merge(*row);
    r.local_set("hlc", std::to_string(r.clock().last()));
    tx.commit();
  } catch (const std::exception& e) {
    r.reload_caches();
    return fail(std::string("could not save the volunteer: ") + e.what());
  }
  return Ok{};
}

Result<Ok> set_volunteer_language(Store& store, const Id& volunteer, std::string_view tag) {
  if (!language_tag_shaped(tag)) return fail("not a language tag");
  return write_volunteer_language_unchecked(store, volunteer, std::string(tag));
}

}  // namespace mutua
