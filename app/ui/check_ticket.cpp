#include "app/ui/check_ticket.hpp"

#include <cctype>
#include <cstdio>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/ticket_status.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/big_code.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keypad.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "core/ticket_giver.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// The code typed so far in large slots: "K7Q-0__".
void draw_code(UiContext& ctx, const std::string& code, float width, float height) {
  const Palette& p = palette();
  ImFont* font = ctx.fonts.code ? ctx.fonts.code : or_current_font(ctx.fonts.heading);
  std::string shown = code;
  const std::string pattern = "___-___";
  if (shown.size() < pattern.size()) shown += pattern.substr(shown.size());
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + height), p.surface, px(12));
  dl->AddRect(min, ImVec2(min.x + width, min.y + height), p.ticket, px(12), 0, px(3));
  draw_big_code(dl, font, min, width, height, p.text, shown);
}

// The entry's ticket when `code` (as typed, in any case) is not it: one given before.
std::string ticket_now(const Entry& e, std::string_view code) {
  std::string typed(code);
  for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return typed == e.ticket ? std::string() : e.ticket;
}

}  // namespace

TicketAnswer look_up_ticket(const Store& store, std::string_view code, std::string* site,
                            std::string* now_ticket) {
  if (now_ticket) now_ticket->clear();
  const auto e = store.entries().by_ticket(code);
  if (!e) return revoked_giver(store, code) ? TicketAnswer::not_accepted : TicketAnswer::unknown;
  if (now_ticket) *now_ticket = ticket_now(*e, code);
  switch (e->status) {
    case Status::met:
    case Status::taken:
      return TicketAnswer::met;
    case Status::cancelled:
    case Status::withdrawn:
    case Status::expired:
      return TicketAnswer::closed;
    default:
      break;
  }
  bool proposed = false;
  for (const Match& m : store.matches().for_entry(e->id)) {
    if (m.status == MatchStatus::confirmed) {
      // A need's pickup is where the offer is; an offer's giver just hears it is matched.
      if (e->kind == Kind::need) {
        const auto offer = store.entries().get(m.offer);
        if (offer && !offer->site.empty()) {
          if (site) *site = offer->site;
          return TicketAnswer::ready;
        }
      }
      proposed = true;
    }
    if (m.status == MatchStatus::proposed) proposed = true;
  }
  if (proposed) return TicketAnswer::matched;
  if (e->status == Status::partly_met) return TicketAnswer::partly_met;
  if (e->kind == Kind::offer) return TicketAnswer::available;
  return TicketAnswer::open;
}

std::string ticket_now_text(const std::string& now_ticket) {
  return format_tr_s(tr("Your ticket number is now %s. The old one still works."), now_ticket);
}

const char* answer_pictogram_id(TicketAnswer answer) {
  switch (answer) {
    case TicketAnswer::open:
    case TicketAnswer::available:
      return "status.open";
    case TicketAnswer::partly_met:
      return "status.partly_met";
    case TicketAnswer::matched:
      return "status.matched";
    case TicketAnswer::ready:
      return "status.ready";
    case TicketAnswer::met:
      return "status.met";
    case TicketAnswer::closed:
      return "status.closed";
    case TicketAnswer::none:
    case TicketAnswer::unknown:
    case TicketAnswer::not_accepted:
      break;
  }
  return "status.unknown";
}

std::string ticket_answer_text(TicketAnswer answer, const std::string& site) {
  switch (answer) {
    case TicketAnswer::none:
      return {};
    case TicketAnswer::unknown:
      return tr(
          "No ticket with this code on this device yet. It may not have synced: try again "
          "later, or ask a volunteer.");
    case TicketAnswer::not_accepted:
      return tr(
          "This ticket was given on a device that has been taken out of the network. Its record "
          "did not reach here and will not come: please ask a volunteer to record it again.");
    case TicketAnswer::open:
      return tr("Open: waiting for a match. Volunteers are looking.");
    case TicketAnswer::partly_met:
      return tr("Partly met: some of it has been given. The rest is still open.");
    case TicketAnswer::matched:
      return tr("Matched: someone can help. A volunteer is arranging it.");
    case TicketAnswer::ready: {
      char buf[256];
      std::snprintf(buf, sizeof buf, tr("Ready for pickup at %s."), site.c_str());
      return buf;
    }
    case TicketAnswer::met:
      return tr("Met: it has been handed over. Thank you.");
    case TicketAnswer::available:
      return tr("Open: waiting for someone who needs it.");
    case TicketAnswer::closed:
      return tr("Closed: this ticket was cancelled or has expired.");
  }
  return {};
}

std::vector<std::string> check_ticket_speech(UiContext& ctx) {
  const TicketCheckState& t = ctx.state.ticket_check;
  std::vector<std::string> words;
  if (t.answer == TicketAnswer::none) {
    words.emplace_back(tr("Check my ticket"));
    words.emplace_back(tr("Type the code on your ticket."));
    if (!t.code.empty()) words.push_back(spelled_code(t.code));
    return words;
  }
  words.push_back(spelled_code(t.code));
  words.push_back(ticket_answer_text(t.status.answer, t.status.site));
  for (std::string& line : ticket_detail_lines(t.status)) words.push_back(std::move(line));
  words.emplace_back(tr("Check another ticket"));
  return words;
}

void enter_check_ticket(UiContext& ctx) {
  ctx.state.ticket_check = TicketCheckState{};
}

void draw_check_ticket(UiContext& ctx) {
  TicketCheckState& t = ctx.state.ticket_check;
  const Palette& p = palette();
  draw_top_bar(ctx, tr("Check my ticket"));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = px(16);
  const bool side = avail.x > avail.y * 1.3f;  // landscape: code and answer left, keypad right
  // Once answered the keypad is gone: the answer takes the width it needs.
  const float left_w = t.answer != TicketAnswer::none ? std::min(avail.x, px(760))
                       : side                         ? std::min(avail.x * 0.4f, px(520))
                                                      : avail.x;
  const float code_h = std::min(px(96), avail.y * 0.22f);

  if (t.answer != TicketAnswer::none) {
    // The answer (code, status card, Check another ticket) scrolls under a finger where it is
    // taller than the display (800x480 at 200 %, or an address and opening hours).
    ImGui::BeginChild("##answer", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    const float w = std::min(left_w, ImGui::GetContentRegionAvail().x);
    draw_code(ctx, t.code, w, std::max(code_h, touch_target()));
    draw_ticket_status(ctx, t.status, w);
    const bool again = touch_button("##again", tr("Check another ticket"), w, ButtonLook::plain,
                                    p.ticket, ctx.fonts.strong, touch_target() * 1.1f) &&
                       is_tap();
    if (update_drag_scroll(t.scroll)) ctx.state.wants_frame = true;
    ImGui::EndChild();
    if (again) t = TicketCheckState{};
    return;
  }
  ImGui::BeginGroup();
  {
    // Wrapped at the left column, not the window's edge: a full-width group would leave the
    // keypad beside it no room at all.
    ImFont* strong = ctx.fonts.strong ? ctx.fonts.strong : ImGui::GetFont();
    const float h =
        draw_text_wrapped(ImGui::GetWindowDrawList(), strong, ImGui::GetCursorScreenPos(), p.text,
                          tr("Type the code on your ticket."), left_w);
    ImGui::Dummy(ImVec2(left_w, h));
  }
  draw_code(ctx, t.code, left_w, std::max(code_h, touch_target()));
  ImGui::EndGroup();
  if (side) ImGui::SameLine(0, gap);
  const ImVec2 left = ImGui::GetContentRegionAvail();
  const ImVec2 pad_size(side ? left.x : avail.x, side ? avail.y : left.y);
  TicketPadLabels labels{tr("Delete"), tr("Check")};
  if (ticket_keypad("##pad", &t.code, pad_size, p.ticket, labels, ctx.fonts.heading)) {
    t.status = ticket_status(ctx.store, t.code);
    t.answer = t.status.answer;
    t.site = t.status.site;
  }
}

}  // namespace mutua
