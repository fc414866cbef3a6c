#include "app/ui/board.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/offer_detail.hpp"
#include "app/ui/post_entry.hpp"
#include "app/ui/state.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/search.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

constexpr size_t kBoardSearchChars = 60;

float line_height() {
  return ImGui::GetFontSize() * 1.3f;
}

EntryQuery query_for(Kind kind, const std::string& category, const std::string& search) {
  EntryQuery q;
  q.kind = kind;
  q.active_only = true;
  if (!category.empty()) q.category = category;
  // The public board searches item words only: never tickets, names or details
  // (core/search.hpp, SearchScope::board).
  if (!search.empty()) q.search = search;
  return q;
}

// Counts and pages are fetched only when the filter changes, never per frame.
void refresh(UiContext& ctx) {
  BoardState& b = ctx.state.board;
  for (Kind k : {Kind::need, Kind::offer})
    b.counts[size_t(k)] = ctx.store.entries().count(query_for(k, b.category, b.search));
  b.pager.reset(query_for(b.kind, b.category, b.search));
  b.selected.reset();
  b.list_drag = DragScroll{};
  b.filter_changed = false;
}

void draw_kind_switch(UiContext& ctx) {
  BoardState& b = ctx.state.board;
  const Palette& p = palette();
  const float gap = px(12);
  const float w = (ImGui::GetContentRegionAvail().x - gap) * 0.5f;
  const float h = top_bar_height();
  char label[96];
  std::snprintf(label, sizeof label, "%s  (%s)", tr("Needs"),
                format_count(static_cast<long long>(b.counts[size_t(Kind::need)])).c_str());
  const bool needs = b.kind == Kind::need;
  if (touch_button("##needs", label, w, needs ? ButtonLook::selected : ButtonLook::plain, p.need,
                   ctx.fonts.strong, h) &&
      !needs) {
    b.kind = Kind::need;
    b.filter_changed = true;
  }
  ImGui::SameLine(0, gap);
  std::snprintf(label, sizeof label, "%s  (%s)", tr("Offers"),
                format_count(static_cast<long long>(b.counts[size_t(Kind::offer)])).c_str());
  if (touch_button("##offers", label, w, needs ? ButtonLook::plain : ButtonLook::selected, p.offer,
                   ctx.fonts.strong, h) &&
      needs) {
    b.kind = Kind::offer;
    b.filter_changed = true;
  }
}

void draw_category_chips(UiContext& ctx) {
  BoardState& b = ctx.state.board;
  const ImU32 accent = palette().available;
  // A thin scrollbar hints that more chips lie to the right; dragging is the main way to scroll.
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, px(6));
  ImGui::BeginChild("##chips", ImVec2(0, touch_target() + px(14)), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  if (chip("##all", tr("All"), b.category.empty(), accent) && is_tap() && !b.category.empty()) {
    b.category.clear();
    b.filter_changed = true;
  }
  for (const std::string& id : ctx.store.settings().category_ids()) {
    ImGui::SameLine(0, px(10));
    ImGui::PushID(id.c_str());
    if (chip("##chip", category_label(id), b.category == id, accent) && is_tap() &&
        b.category != id) {
      b.category = id;
      b.filter_changed = true;
    }
    ImGui::PopID();
  }
  if (update_drag_scroll(b.chip_drag, true)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void draw_row(UiContext& ctx, const Entry* e, ImVec2 min, ImVec2 max, bool held) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = px(16);
  const float radius = px(10);
  const bool selected = e && ctx.state.board.selected == e->id;
  dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, radius);
  dl->AddRect(min, max, selected ? p.text : p.border, radius, 0, selected ? px(3) : px(1));
  const ImU32 stripe = ctx.state.board.kind == Kind::need ? p.need : p.offer;
  dl->AddRectFilled(min, ImVec2(min.x + px(8), max.y), stripe, radius,
                    ImDrawFlags_RoundCornersLeft);
  const float left = min.x + px(8) + pad;
  const float right = max.x - pad;
  const float line = line_height();
  if (!e) {  // still loading: grey bars where the text will be
    for (int i = 0; i < 3; ++i) {
      const float y = min.y + pad + i * line;
      const float w = (right - left) * (i == 0 ? 0.6f : 0.4f);
      dl->AddRectFilled(ImVec2(left, y + 4), ImVec2(left + w, y + line - 8), p.placeholder, 4);
    }
    return;
  }
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImFont* body = or_current_font(ctx.fonts.body);
  const float gap = px(16);

  // Right column first so the left column can be cut to the space that is left.
  // Never drawn here: contact_name, contact_phone, details (may hold personal data), ticket.
  float y = min.y + pad;
  const std::string qty = entry_quantity_text(*e);
  float qw = text_width(strong, qty);
  draw_text(dl, strong, ImVec2(right - qw, y), p.text, qty);
  // An empty item: waiting for its value, as the quantity can be (entry_quantity_text).
  draw_text(dl, strong, ImVec2(left, y), p.text, e->item.empty() ? "?" : e->item,
            right - qw - gap - left);

  y += line;
  // The urgency's word (with its pictogram, as on the need wizard's buttons) on the right, the
  // category's pictogram and name on the left. Where the row is too narrow for all of it (480 px
  // at 200 %), the pictograms give way before the category's name does.
  const bool urgent =
      e->kind == Kind::need && (e->urgency == Urgency::critical || e->urgency == Urgency::high);
  const char* tag = urgent ? (e->urgency == Urgency::critical ? tr("Urgent") : tr("Soon")) : "";
  const float tag_text = urgent ? text_width(strong, tag) : 0.0f;
  const float side = strong->FontSize;
  const float icon = body->FontSize * 1.1f;
  bool urgency_pic = urgent, category_pic = true;
  auto meta_room = [&] {
    return right - left - (urgent ? tag_text + gap : 0.0f) - (urgency_pic ? side + px(6) : 0.0f) -
           (category_pic ? icon + px(8) : 0.0f);
  };
  if (meta_room() < px(80)) urgency_pic = false;
  if (meta_room() < px(80)) category_pic = false;
  if (urgent) {
    draw_text(dl, strong, ImVec2(right - tag_text, y), p.urgent, tag);
    if (urgency_pic)
      draw_pictogram(dl, urgency_pictogram_id(e->urgency),
                     ImVec2(right - tag_text - px(6) - side * 0.5f, y + strong->FontSize * 0.5f),
                     side, p.urgent);
  }
  // Never the ticket code: anyone reading the board could look up someone else's status.
  float meta_x = left;
  if (category_pic) {
    draw_category_icon(dl, e->category, ImVec2(left + icon * 0.5f, y + body->FontSize * 0.5f), icon,
                       p.muted);
    meta_x += icon + px(8);
  }
  draw_text(dl, body, ImVec2(meta_x, y), p.muted, category_label(e->category),
            std::max(1.0f, meta_room()));

  y += line;
  const std::string age = format_age(e->created_at, ctx.now_ms);
  const float aw = text_width(body, age);
  draw_text(dl, body, ImVec2(right - aw, y), p.muted, age);
  draw_text(dl, body, ImVec2(left, y), p.muted, format_place(e->site, e->area),
            right - aw - gap - left);
}

// Words of what is needed or offered, typed on the on-screen keyboard; the list follows each key.
// Named "Search" on its row, the field `width` wide (0: the rest of the row).
void draw_search(UiContext& ctx, float width = 0) {
  BoardState& b = ctx.state.board;
  // Beside the field where that leaves it most of the row, else above it (480x800 at 200 %).
  const float row = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  const float name_w = text_width(ImGui::GetFont(), tr("Search")) + px(12);
  if (width > 0 || name_w <= row * 0.35f)
    text_field_name_beside(tr("Search"));
  else
    text_field_name(tr("Search"));
  if (width > 0) ImGui::SetNextItemWidth(width);
  if (touch_text_field("##board-search", tr("e.g. blankets"), &b.search, TextFieldKind::text,
                       kBoardSearchChars))
    b.filter_changed = true;
}

void draw_list(UiContext& ctx) {
  BoardState& b = ctx.state.board;
  const int64_t count = b.counts[size_t(b.kind)];
  if (count == 0 && !search_is_blank(b.search)) {
    ImGui::Dummy(ImVec2(0, px(24)));
    ui_text_wrapped(format_tr_s(tr("Nothing found for \"%s\"."), b.search), ctx.fonts.strong);
    return;
  }
  if (count == 0) {
    ImGui::Dummy(ImVec2(0, px(24)));
    ui_text_wrapped(b.kind == Kind::need ? tr("No open needs here right now.")
                                         : tr("No open offers here right now."),
                    ctx.fonts.strong);
    if (!b.category.empty())
      ui_text_wrapped(tr("Try \"All\" to see every category."), nullptr, palette().muted);
    return;
  }
  ImGui::BeginChild("##list", ImVec2(0, 0), false, 0);
  if (b.pager.fetches() == 0) ImGui::SetScrollY(0.0f);  // new filter: start at the top
  b.pager.begin_frame();
  const float row_h = board_row_height();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float width = ImGui::GetContentRegionAvail().x;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count), row_h + spacing);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Entry* e = b.pager.at(ctx.store, size_t(i));
      ImGui::PushID(i);
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const bool clicked = ImGui::InvisibleButton("##row", ImVec2(width, row_h));
      probe_touch(e ? e->item : "row", min, ImVec2(min.x + width, min.y + row_h));
      const bool held = ImGui::IsItemActive() && is_tap() && !b.list_drag.dragging;
      if (clicked && is_tap() && e) {
        b.selected = e->id;
        // An offer opens its detail, where "I need this" asks for it.
        if (e->kind == Kind::offer) open_offer_detail(ctx.state, *e);
      }
      draw_row(ctx, e, min, ImVec2(min.x + width, min.y + row_h), held);
      ImGui::PopID();
    }
  }
  if (update_drag_scroll(b.list_drag) || b.pager.pending()) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace

float board_row_height() {
  return px(16) * 2 + ImGui::GetFontSize() * 1.3f * 3;
}

void enter_board(UiContext& ctx) {
  ctx.state.board.filter_changed = true;
}

void draw_board(UiContext& ctx) {
  BoardState& b = ctx.state.board;
  if (b.filter_changed) refresh(ctx);
  // On short displays (800x480) the title gives way so more rows fit.
  if (ImGui::GetIO().DisplaySize.y < px(600)) {
    draw_back_button(ctx);
    // Beside Back where both tabs' labels fit there, else under it (a narrow display).
    const float back_w = ImGui::GetItemRectSize().x;
    float need_w = 0;
    for (Kind k : {Kind::need, Kind::offer}) {
      char label[96];
      std::snprintf(label, sizeof label, "%s  (%s)", k == Kind::need ? tr("Needs") : tr("Offers"),
                    format_count(static_cast<long long>(b.counts[size_t(k)])).c_str());
      need_w = std::max(need_w, text_width(ctx.fonts.strong, label) + px(16));
    }
    const float row_w = ImGui::GetContentRegionAvail().x;
    if (row_w - back_w - px(12) >= 2 * need_w + px(12)) ImGui::SameLine(0, px(12));
  } else {
    draw_top_bar(ctx, tr("What's available"));
  }
  draw_kind_switch(ctx);
  // On short landscape displays the search shares the chips' row, so the chips and a row of the
  // list stay on the screen (800x480 at 200 %: on a row of its own it pushed the chips off the
  // bottom).
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  if (display.y < px(600) && display.x > display.y) {
    draw_search(ctx, std::min(ImGui::GetContentRegionAvail().x * 0.4f, px(360)));
    ImGui::SameLine(0, px(10));
  } else {
    draw_search(ctx);
  }
  draw_category_chips(ctx);
  // A tap above may have changed the filter; refetch before the list is drawn from it.
  if (b.filter_changed) refresh(ctx);
  draw_list(ctx);
}

}  // namespace mutua
