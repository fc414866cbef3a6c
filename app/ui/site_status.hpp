#pragma once
// What home's status line says: this site's name and how many needs were met today.
#include <cstdint>
#include <string>
#include <vector>

namespace mutua {

class Store;
struct UiContext;

// Needs with status "met" last changed since local midnight. Walks the met needs in pages
// (EntryService has no count by updated_at yet); called once per visit to home, not per frame.
int64_t count_needs_met_today(const Store& store, int64_t now_ms);
// store.replica().local_get("site_name"), else this device's site, else empty.
std::string this_site_name(const Store& store);
// The status line, "Riverside School · Needs met today: 3 · 12 open needs · 4 open offers",
// first, then shorter forms, longest first, for a display with room for one line only: without
// the site's name; the open counts; the needs met today. Where none fits the last is cut.
std::vector<std::string> status_line_forms(const UiContext& ctx);

}  // namespace mutua
