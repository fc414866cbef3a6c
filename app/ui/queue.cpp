#include "app/ui/queue.hpp"

#include <string>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/site_status.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/search.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

constexpr size_t kQueueSearchChars = 60;

EntryQuery queue_query(const QueueState& q, const std::string& site) {
  EntryQuery query;
  query.kind = Kind::need;
  query.active_only = true;  // open and partly met; the store orders by urgency, then age
  if (!q.category.empty()) query.category = q.category;
  // Without a site for this device there is no "this site" chip, so every site is listed.
  if (q.this_site_only && !site.empty()) query.site = site;
  // Volunteers find a need by its ticket (with or without the dash), item or details words, or
  // the contact's name; the rows still never show contact fields.
  if (!q.search.empty()) {
    query.search = q.search;
    query.search_people = true;
  }
  return query;
}

// Counts and pages are refetched only when a filter changes, never per frame.
void refresh_queue(UiContext& ctx) {
  QueueState& q = ctx.state.desk.queue;
  const EntryQuery query = queue_query(q, this_site_name(ctx.store));
  q.count = ctx.store.entries().count(query);
  q.pager.reset(query);
  q.ticket_note.clear();
  if (!search_is_blank(q.search))
    if (auto e = ctx.store.entries().by_ticket_given_elsewhere(q.search);
        e && e->kind == Kind::need)
      q.ticket_note = format_tr_s(
          tr("That ticket was given on another device to this need. Its ticket is now %s."),
          e->ticket);
  q.given.clear();
  q.list_drag = DragScroll{};
  q.filter_changed = false;
}

void draw_queue_search(UiContext& ctx) {
  QueueState& q = ctx.state.desk.queue;
  text_field_name(tr("Find: ticket, item or name"));
  if (touch_text_field("##queue-search", nullptr, &q.search, TextFieldKind::text,
                       kQueueSearchChars))
    q.filter_changed = true;
}

void draw_filters(UiContext& ctx) {
  QueueState& q = ctx.state.desk.queue;
  const ImU32 accent = palette().need;
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, px(6));
  ImGui::BeginChild("##queue-chips", ImVec2(0, touch_target() + px(14)), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  const std::string site = this_site_name(ctx.store);
  if (chip("##all-sites", tr("All sites"), !q.this_site_only, accent) && is_tap() &&
      q.this_site_only) {
    q.this_site_only = false;
    q.filter_changed = true;
  }
  if (!site.empty()) {
    ImGui::SameLine(0, px(10));
    if (chip("##this-site", site, q.this_site_only, accent) && is_tap() && !q.this_site_only) {
      q.this_site_only = true;
      q.filter_changed = true;
    }
  }
  ImGui::SameLine(0, px(24));
  if (chip("##all", tr("All"), q.category.empty(), accent) && is_tap() && !q.category.empty()) {
    q.category.clear();
    q.filter_changed = true;
  }
  for (const std::string& id : ctx.store.settings().category_ids()) {
    ImGui::SameLine(0, px(10));
    ImGui::PushID(id.c_str());
    if (chip("##chip", category_label(id), q.category == id, accent) && is_tap() &&
        q.category != id) {
      q.category = id;
      q.filter_changed = true;
    }
    ImGui::PopID();
  }
  if (update_drag_scroll(q.chip_drag, true)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void queue_draw_row(UiContext& ctx, const Entry* e, ImVec2 min, ImVec2 max, bool held) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = px(14);
  const float radius = px(10);
  dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, radius);
  dl->AddRect(min, max, p.border, radius, 0, px(1));
  const ImU32 stripe = e && e->urgency == Urgency::critical ? p.urgent
                       : e && e->urgency == Urgency::high   ? p.ticket
                                                            : p.need;
  dl->AddRectFilled(min, ImVec2(min.x + px(8), max.y), stripe, radius,
                    ImDrawFlags_RoundCornersLeft);
  const float left = min.x + px(8) + pad;
  const float right = max.x - pad;
  const float line = ImGui::GetFontSize() * 1.3f;
  if (!e) {
    for (int i = 0; i < 2; ++i) {
      const float y = min.y + pad + i * line;
      dl->AddRectFilled(ImVec2(left, y + 4), ImVec2(left + (right - left) * 0.5f, y + line - 8),
                        p.placeholder, 4);
    }
    return;
  }
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImFont* body = or_current_font(ctx.fonts.body);
  const float gap = px(16);
  float y = min.y + pad;
  // Line 1: ticket, item ...... still needed. Never contact fields here. In a narrow list the
  // item has a line of its own under the ticket and quantity.
  const bool stacked = queue_rows_stacked(max.x - min.x);
  const std::string need_qty =
      format_quantity(units_left(ctx.store, *e, ctx.state.desk.queue.given), e->unit);
  const float qw = text_width(strong, need_qty);
  draw_text(dl, strong, ImVec2(right - qw, y), p.text, need_qty);
  const float tw = draw_text(dl, strong, ImVec2(left, y), p.need, e->ticket);
  if (stacked) {
    y += line;
    draw_text(dl, strong, ImVec2(left, y), p.text, e->item, right - left);
  } else {
    draw_text(dl, strong, ImVec2(left + tw + gap, y), p.text, e->item,
              std::max(px(1), right - qw - gap - (left + tw + gap)));
  }
  y += line;
  // Line 2: urgency · category · place ...... age.
  const std::string age = format_age(e->created_at, ctx.now_ms);
  float aw = text_width(body, age);
  const bool urgent = e->urgency == Urgency::critical || e->urgency == Urgency::high;
  // In a narrow row the age gives way to the urgency rather than be drawn over it.
  if (urgent && left + text_width(strong, urgency_label(e->urgency)) + gap + aw > right) aw = 0;
  if (aw > 0) draw_text(dl, body, ImVec2(right - aw, y), p.muted, age);
  float x = left;
  if (urgent)
    x += draw_text(dl, strong, ImVec2(x, y), e->urgency == Urgency::critical ? p.urgent : p.ticket,
                   urgency_label(e->urgency), right - left) +
         px(10);
  std::string meta = category_label(e->category);
  if (e->status == Status::partly_met) meta += std::string("  \xC2\xB7  ") + tr("Partly met");
  const std::string place = format_place(e->site, e->area);
  if (!place.empty()) meta += "  \xC2\xB7  " + place;
  if (x < right - aw - gap) draw_text(dl, body, ImVec2(x, y), p.muted, meta, right - aw - gap - x);
}

}  // namespace

bool queue_rows_stacked(float width) {
  // Narrower than about 22 letters of the bold face beside the ticket and quantity.
  ImFont* f = ImGui::GetFont();
  return width > 0 && width - px(8) - 2 * px(14) < f->FontSize * 22;
}

float queue_row_height(float width) {
  const int lines = queue_rows_stacked(width) ? 3 : 2;
  return std::max(touch_target() * 1.5f, px(14) * 2 + ImGui::GetFontSize() * 1.3f * lines);
}

void enter_queue(UiContext& ctx) {
  ctx.state.desk.queue.filter_changed = true;
}

void draw_queue(UiContext& ctx) {
  QueueState& q = ctx.state.desk.queue;
  if (q.filter_changed) refresh_queue(ctx);
  desk_top_bar(ctx, Screen::console, tr("Queue: open needs"));
  // On a short display (800x480 at 150/200 %) the search field and the chips share one row:
  // one above the other they filled the screen and left no room for a single need.
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const bool one_row = ImGui::GetContentRegionAvail().y < px(380) && avail_w > px(360);
  if (one_row) ImGui::SetNextItemWidth(avail_w * 0.45f);
  draw_queue_search(ctx);
  if (one_row) ImGui::SameLine();
  draw_filters(ctx);
  if (q.filter_changed) refresh_queue(ctx);
  if (!q.ticket_note.empty()) ui_text_wrapped(q.ticket_note, nullptr, palette().muted);
  if (q.count == 0 && !search_is_blank(q.search)) {
    ImGui::Dummy(ImVec2(0, px(16)));
    ui_text_wrapped(format_tr_s(tr("No open need matches \"%s\"."), q.search), ctx.fonts.strong);
    return;
  }
  if (q.count == 0) {
    ImGui::Dummy(ImVec2(0, px(16)));
    ui_text_wrapped(tr("No open needs here right now."), ctx.fonts.strong);
    return;
  }
  ImGui::BeginChild("##queue", ImVec2(0, 0), false, 0);
  q.pager.begin_frame();
  const float row_h = queue_row_height(ImGui::GetContentRegionAvail().x);
  const float spacing = px(8);
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(px(8), spacing));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(q.count), row_h + spacing);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Entry* e = q.pager.at(ctx.store, size_t(i));
      ImGui::PushID(i);
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const bool clicked = ImGui::InvisibleButton("##row", ImVec2(width, row_h));
      probe_touch(e ? e->item : "row", min, ImVec2(min.x + width, min.y + row_h));
      const bool held = ImGui::IsItemActive() && is_tap() && !q.list_drag.dragging;
      if (clicked && is_tap() && e) open_entry_detail(ctx.state, e->id, Screen::queue);
      queue_draw_row(ctx, e, min, ImVec2(min.x + width, min.y + row_h), held);
      ImGui::PopID();
    }
  }
  ImGui::PopStyleVar();
  if (update_drag_scroll(q.list_drag) || q.pager.pending()) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
