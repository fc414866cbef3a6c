// CSV export of entries (PRODUCT.md section 8; docs/csv.md): the columns in the order of
// kExportOrder, a UTF-8 BOM, CRLF line ends, an optional second row of HXL hashtags, and a
// leading apostrophe before a text value a spreadsheet would run as a formula (= + - @), which
// import removes again (core/csv.cpp).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "core/csv_columns.hpp"
#include "core/model.hpp"
#include "core/services.hpp"
#include "core/store.hpp"

namespace mutua {
using namespace csv_detail;
namespace {

// IASC cluster names for the cluster codes of the default categories (core/model.cpp).
std::string_view cluster_name(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kClusters[] = {
      {"FSC", "Food Security"},
      {"WSH", "WASH"},
      {"SHL", "Shelter"},
      {"HEA", "Health"},
      {"PRO-CPN", "Child Protection"},
      {"LOG", "Logistics"},
      {"ETC", "Emergency Telecommunications"},
      {"ERY", "Early Recovery"},
      {"PRO", "Protection"},
      {"AGR", "Agriculture"},
      {"CCCM", "Camp Coordination and Camp Management"}};
  for (auto [c, name] : kClusters)
    if (c == code) return name;
  return {};
}

// The #sector of an entry: the cluster of its category; empty for "other" (its code in the
// category list is a placeholder, not a claim about the row) and for a network's own categories.
std::string_view sector_of(std::string_view category) {
  if (category == "other") return {};
  const Category* c = find_default_category(category);
  return c ? cluster_name(c->cluster) : std::string_view{};
}

bool needs_guard(std::string_view s) {
  return !s.empty() && std::strchr("=+-@", s[0]);
}

// --- Writing --------------------------------------------------------------------------------

void append_field(std::string& out, std::string_view s, bool guard) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (quote) out += '"';
  if (guard && needs_guard(s)) out += '\'';
  if (s.find('"') == std::string_view::npos) {
    out += s;
  } else {
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  if (quote) out += '"';
}

std::vector<int> export_columns(bool with_contacts) {
  std::vector<int> cols;
  for (int c : kExportOrder)
    if (with_contacts || !is_contact(c)) cols.push_back(c);
  return cols;
}

void append_entry(std::string& out, const Entry& e, const std::vector<int>& cols) {
  bool first = true;
  for (int c : cols) {
    if (!first) out += ',';
    first = false;
    switch (c) {
      case c_id:
        out += e.id.hex();
        break;
      case c_ticket:
        append_field(out, e.ticket, true);
        break;
      case c_kind:
        out += to_string(e.kind);
        break;
      case c_category:
        append_field(out, e.category, true);
        break;
      case c_item:
        append_field(out, e.item, true);
        break;
      case c_details:
        append_field(out, e.details, true);
        break;
      case c_quantity:
        out += std::to_string(e.quantity);
        break;
      case c_unit:
        append_field(out, e.unit, true);
        break;
      case c_urgency:
        if (e.kind == Kind::need) out += to_string(e.urgency);
        break;
      case c_people:
        if (e.kind == Kind::need && e.people > 0) out += std::to_string(e.people);
        break;
      case c_site:
        append_field(out, e.site, true);
        break;
      case c_area:
        append_field(out, e.area, true);
        break;
      case c_contact_name:
        append_field(out, e.contact_name, true);
        break;
      case c_contact_phone:
        append_field(out, e.contact_phone, true);
        break;
      case c_contact_consent:
        out += e.contact_consent ? "yes" : "no";
        break;
      case c_language:
        append_field(out, e.language, true);
        break;
      case c_status:
        out += to_string(e.status);
        break;
      case c_created_at:
        out += format_timestamp(e.created_at);
        break;
      case c_expires_at:
        if (e.expires_at > 0) out += format_timestamp(e.expires_at);
        break;
      case c_updated_at:
        out += format_timestamp(std::max(e.updated_at, e.created_at));
        break;
      case c_sector:
        append_field(out, sector_of(e.category), false);
        break;
    }
  }
  out += "\r\n";
}

}  // namespace

// --- Export ---------------------------------------------------------------------------------

static std::string csv_header(const CsvExportOptions& options) {
  auto cols = export_columns(options.with_contacts);
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    out += kColumns[cols[i]].name;
  }
  out += "\r\n";
  if (options.hxl) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      out += kColumns[cols[i]].hxl;
    }
    out += "\r\n";
  }
  return out;
}

std::string entries_to_csv(const std::vector<Entry>& entries, const CsvExportOptions& options) {
  auto cols = export_columns(options.with_contacts);
  std::string out = "\xEF\xBB\xBF" + csv_header(options);
  for (const auto& e : entries) append_entry(out, e, cols);
  return out;
}

Result<size_t> export_csv_file(const Store& store, const std::string& path,
                               const CsvExportOptions& options) {
  // Written beside the target and renamed, so a half-written file never has the final name.
  const std::string tmp = path + ".part";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return fail(std::string("cannot write the file: ") + std::strerror(errno));
  auto cols = export_columns(options.with_contacts);
  // The BOM tells spreadsheet programs the file is UTF-8 (names in any script stay readable).
  std::string buf = "\xEF\xBB\xBF" + csv_header(options);
  size_t rows = 0;
  bool ok = true;
  std::optional<PageCursor> cursor;
  do {
    EntryPage page = store.entries().list(EntryQuery{}, 2000, cursor);
    for (const auto& e : page.entries) {
      append_entry(buf, e, cols);
      ++rows;
    }
    if (buf.size() > (size_t{1} << 20)) {
      ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
      buf.clear();
    }
    cursor = page.next;
  } while (cursor);
  ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  ok = std::fflush(f) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) {
    std::filesystem::remove(tmp, ec);
    return fail("cannot write the file (is the drive full or read-only?)");
  }
  return rows;
}

}  // namespace mutua
