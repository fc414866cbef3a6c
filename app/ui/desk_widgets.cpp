#include "app/ui/desk_widgets.hpp"

#include <algorithm>
#include <cstdio>

#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/pointing.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

int64_t units_left(const Store& store, const Entry& e, std::map<Id, int64_t>& given) {
  if (e.status != Status::partly_met && e.status != Status::partly_taken) return e.quantity;
  auto it = given.find(e.id);
  if (it == given.end()) it = given.emplace(e.id, store.matches().handed_over(e.id)).first;
  return std::max<int64_t>(0, e.quantity - it->second);
}

bool desk_top_bar(UiContext& ctx, Screen back, std::string_view title) {
  // Typing where the keyboard leaves little room: no bar (the keyboard's Done brings it back),
  // so the field and what it asks for fit above the keyboard.
  if (typing_short_of_room()) return false;
  const float h = top_bar_height();
  const std::string label = back_label(tr("Back"));  // "‹  Back", turned in RTL
  const bool tapped = touch_button("##desk-back", label, 0.0f, ButtonLook::plain,
                                   palette().available, ctx.fonts.strong, h);
  if (tapped) go_to(ctx.state, back);
  ImGui::SameLine(0, px(20));
  draw_top_bar_title(ctx, title);
  return tapped;
}

void same_line_if_fits(float width, float spacing) {
  const float right = ImGui::GetItemRectMax().x + spacing + width;
  const float limit = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (right <= limit) ImGui::SameLine(0, spacing);
}

float desk_fact(ImDrawList* dl, ImFont* label_font, ImFont* value_font, ImVec2 at, float label_w,
                float width, std::string_view label, std::string_view value, ImU32 colour) {
  draw_text(dl, label_font, at, palette().muted, label, label_w - px(8));
  return draw_text_wrapped(dl, value_font, ImVec2(at.x + label_w, at.y), colour, value,
                           width - label_w);
}

const char* status_label(Status s) {
  switch (s) {
    case Status::open:
      return tr("Open");
    case Status::partly_met:
      return tr("Partly met");
    case Status::met:
      return tr("Met");
    case Status::cancelled:
      return tr("Cancelled");
    case Status::expired:
      return tr("Expired");
    case Status::available:
      return tr("Available");
    case Status::partly_taken:
      return tr("Partly taken");
    case Status::taken:
      return tr("Taken");
    case Status::withdrawn:
      return tr("Withdrawn");
  }
  return "";
}

const char* urgency_label(Urgency u) {
  switch (u) {
    case Urgency::critical:
      return tr("Critical");
    case Urgency::high:
      return tr("High");
    case Urgency::normal:
      return tr("Normal");
    case Urgency::low:
      return tr("Low");
  }
  return "";
}

const char* match_status_label(MatchStatus s) {
  switch (s) {
    case MatchStatus::proposed:
      return tr("Proposed");
    case MatchStatus::confirmed:
      return tr("Confirmed");
    case MatchStatus::handed_over:
      return tr("Handed over");
    case MatchStatus::cancelled:
      return tr("Cancelled");
  }
  return "";
}

std::string format_tr(const char* translated_format, long long a, long long b) {
  char buf[256];
  std::snprintf(buf, sizeof buf, translated_format, a, b);
  return ui_number_text(buf);  // only counts go in: ٣ in Arabic
}

std::string format_tr_s(const char* translated_format, std::string_view s) {
  char buf[512];
  const std::string arg(s);
  std::snprintf(buf, sizeof buf, translated_format, arg.c_str());
  return buf;
}

std::string format_tr_ns(const char* translated_format, long long n, std::string_view s) {
  // The count in the language's digits, the text (a ticket code, a name) as it is: the phrase is
  // made with a mark for the text, its digits localised, then the text put in place of the mark.
  char buf[512];
  std::snprintf(buf, sizeof buf, translated_format, n, "\x01");
  std::string out = ui_number_text(buf);
  if (const size_t at = out.find('\x01'); at != std::string::npos) out.replace(at, 1, s);
  return out;
}

std::string format_tr_ss(const char* translated_format, std::string_view a, std::string_view b) {
  char buf[1024];
  const std::string first(a), second(b);
  std::snprintf(buf, sizeof buf, translated_format, first.c_str(), second.c_str());
  return buf;
}

std::string reason_text(const MatchReason& r) {
  using K = MatchReason::Kind;
  switch (r.kind) {
    case K::same_category:
      return format_tr_s(tr("Same category: %s"), category_label(r.text));
    case K::shared_words: {
      std::string words;
      for (const auto& w : r.words) {
        if (!words.empty()) words += ", ";
        words += w.need_word;
        if (w.offer_word != w.need_word) words += " = " + w.offer_word;
      }
      return format_tr_s(tr("Item words in common: %s"), words);
    }
    case K::covers_all:
      return format_tr(tr("Has enough: %lld free for %lld still needed"), r.amount, r.of);
    case K::covers_part:
      return format_tr(tr("Covers part: %lld of %lld still needed"), r.amount, r.of);
    case K::same_site:
      return format_tr_s(tr("Same site: %s"), r.text);
    case K::same_area:
      return format_tr_s(tr("Same area: %s"), r.text);
    case K::urgent_nearby:
      return tr("Urgent need, and the offer is close at hand");
    case K::waiting:
      return format_tr(tr("Offered %lld days ago: older offers go first"), r.amount);
    case K::no_shared_words:
      return tr("No item words in common: probably something else");
  }
  return {};
}

}  // namespace mutua
