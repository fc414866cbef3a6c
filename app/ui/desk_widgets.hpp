#pragma once
// Pieces the desk screens share: the back bar, label/value lines, and the words for statuses,
// urgencies and match reasons (through tr()).
#include <imgui.h>

#include <map>
#include <string>
#include <string_view>

#include "app/ui/screens.hpp"
#include "core/matching.hpp"
#include "core/model.hpp"

namespace mutua {

struct UiContext;
class Store;

// Units of an entry not yet handed over. Only partly met needs and partly taken offers have
// handovers, so only those cost a query, once per list refresh (kept in `given`).
int64_t units_left(const Store& store, const Entry& e, std::map<Id, int64_t>& given);

// A back button to `back` with the screen's title beside it. Returns true when Back was tapped.
bool desk_top_bar(UiContext& ctx, Screen back, std::string_view title);
// Puts the next item, `width` wide, beside the last one when it fits there, else on the next
// line (a stepper and its button side by side in landscape, stacked in portrait).
void same_line_if_fits(float width, float spacing);
// "Label    value" on one line (value wrapped); returns the height used.
float desk_fact(ImDrawList* dl, ImFont* label_font, ImFont* value_font, ImVec2 at, float label_w,
                float width, std::string_view label, std::string_view value, ImU32 colour);
const char* status_label(Status s);
const char* urgency_label(Urgency u);
const char* match_status_label(MatchStatus s);
// A match reason in the interface language.
std::string reason_text(const MatchReason& r);
// "%s" filled from a translated format; kept here so the screens stay readable. The numbers of
// format_tr and format_tr_ns are written in the language's digits (٣ in Arabic); the texts of
// the _s forms are left as they are (ticket codes, names).
std::string format_tr(const char* translated_format, long long a = 0, long long b = 0);
std::string format_tr_s(const char* translated_format, std::string_view s);
std::string format_tr_ns(const char* translated_format, long long n, std::string_view s);
std::string format_tr_ss(const char* translated_format, std::string_view a, std::string_view b);

}  // namespace mutua
