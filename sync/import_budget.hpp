#pragma once
// What one bundle may cost the device that imports it, checked before the transaction writes
// (docs/security.md, "Costs are bounded before they are paid").
//
// A genuine encoder gives every row a random 16-byte id (Id::random), and random bytes do not
// compress: each row costs about 16 bytes of the compressed body, and the sample data costs 46.
// Ids imported from a spreadsheet may be less random (UUIDv7, or a counter), so the bound is
// half that: rows beyond one per 8 bytes (ids chosen to compress, defaults everywhere else)
// are a bomb, not a bundle. Text may legitimately
// compress far better (a category or a site repeats down its column), so it is allowed many
// times its share of the compressed body, plus a floor for small bundles; a 38 KB bundle can no
// longer become a 177 MB database.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/schema.hpp"

namespace mutua {

namespace import_budget {
inline constexpr uint64_t min_compressed_bytes_per_row = 8;
inline constexpr uint64_t row_slack =
    1024;  // rows with well-known ids (the settings row) and margin
inline constexpr uint64_t text_per_compressed_byte = 128;
inline constexpr uint64_t text_slack = 4u << 20;  // bytes
}  // namespace import_budget

class ImportBudget {
 public:
  explicit ImportBudget(uint64_t compressed_bytes) : compressed_(compressed_bytes) {}

  uint64_t max_rows() const {
    return compressed_ / import_budget::min_compressed_bytes_per_row + import_budget::row_slack;
  }
  uint64_t max_text_bytes() const {
    return compressed_ * import_budget::text_per_compressed_byte + import_budget::text_slack;
  }

  // Checks the row count the body declares, before any row is decoded.
  std::optional<std::string> rows(uint64_t declared) const {
    if (declared <= max_rows()) return std::nullopt;
    return "it declares " + std::to_string(declared) + " records in " +
           std::to_string(compressed_) +
           " bytes, more than any genuine bundle of that size can hold";
  }

  // Adds one decoded row's text (fields it carries, fixed values and extras).
  std::optional<std::string> add(const Row& row) {
    auto text = [](const Value& v) -> uint64_t {
      const auto* s = std::get_if<std::string>(&v);
      return s ? s->size() : 0;
    };
    for (const auto& v : row.fixed) text_ += text(v);
    for (size_t i = 0; i < row.fields.size(); ++i)
      if (i >= row.stamps.size() || row.stamps[i].hlc != 0) text_ += text(row.fields[i]);
    for (const auto& e : row.extras) text_ += text(e.value);
    if (text_ <= max_text_bytes()) return std::nullopt;
    return "its text unpacks to more than " + std::to_string(max_text_bytes() >> 20) + " MB from " +
           std::to_string(compressed_) + " bytes, more than any genuine bundle of that size holds";
  }

  uint64_t text_bytes() const { return text_; }

 private:
  uint64_t compressed_ = 0;
  uint64_t text_ = 0;
};

}  // namespace mutua
