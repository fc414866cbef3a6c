#include "app/ui/offers_stock.hpp"
#include "app/ui/error_text.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/queue.hpp"
#include "app/ui/site_status.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/stepper.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

EntryQuery stock_query(const StockState& s, const std::string& site) {
  EntryQuery q;
  q.kind = Kind::offer;
  q.active_only = true;
  // Without a site for this device, "this site" means every site.
  if (s.this_site_only && !site.empty()) q.site = site;
  return q;
}

// Counts and pages are refetched only when a filter changes or stock is added.
void refresh_stock(UiContext& ctx) {
  StockState& s = ctx.state.desk.stock;
  const EntryQuery query = stock_query(s, this_site_name(ctx.store));
  s.count = ctx.store.entries().count(query);
  s.pager.reset(query);
  s.given.clear();
  s.list_drag = DragScroll{};
  s.filter_changed = false;
}

void draw_add_form(UiContext& ctx) {
  StockState& s = ctx.state.desk.stock;
  const Palette& p = palette();
  // In a scrolling area of its own: at 800x480 and 200 % text the form is taller than the
  // screen (its fields and buttons were below the bottom edge, out of reach).
  ImGui::BeginChild("##stock-form", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  const float bar = ImGui::GetStyle().ScrollbarSize;
  ui_text_wrapped(tr("Stock from the supply van"), ctx.fonts.heading);
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, px(6));
  ImGui::BeginChild("##stock-cats", ImVec2(-bar, touch_target() + px(14)), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  bool first = true;
  for (const std::string& id : ctx.store.settings().category_ids()) {
    if (!first) ImGui::SameLine(0, px(10));
    first = false;
    ImGui::PushID(id.c_str());
    if (chip("##cat", category_label(id), s.category == id, p.offer) && is_tap()) s.category = id;
    ImGui::PopID();
  }
  if (update_drag_scroll(s.chip_drag, true)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  ImGui::PopStyleVar();
  const float row_w = ImGui::GetContentRegionAvail().x - bar;
  // Each field named above it: its grey hint would go with the first letter typed.
  text_field_name(tr("What arrived"), row_w);
  ImGui::SetNextItemWidth(row_w);
  touch_text_field("##stock-item", tr("e.g. bottled water"), &s.item, TextFieldKind::text,
                   limits::item_chars);
  stepper("##stock-qty", &s.quantity, 1, limits::max_quantity, p.offer, ctx.fonts.heading);
  // The unit beside the stepper where it has room, else under it.
  const float gap = px(16);
  const float unit_w = row_w - stepper_width(ctx.fonts.heading) - gap;
  const bool unit_beside = unit_w >= px(160);
  if (unit_beside) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  text_field_name(tr("Unit"), unit_beside ? unit_w : row_w);
  ImGui::SetNextItemWidth(unit_beside ? unit_w : row_w);
  touch_text_field("##stock-unit", tr("e.g. boxes"), &s.unit, TextFieldKind::text,
                   limits::short_chars);
  ImGui::EndGroup();
  // Close and Add side by side where both words fit (a button draws its words down to 3/4 of
  // their size), else one above the other, each the whole row.
  const float half = (row_w - px(10)) * 0.5f;
  ImFont* strong = or_current_font(ctx.fonts.strong);
  const bool side =
      std::max(text_width(strong, tr("Close")), text_width(strong, tr("Add to stock"))) * 0.75f <=
      half - px(8);
  const float w = side ? half : row_w;
  if (touch_button("##stock-close", tr("Close"), w, ButtonLook::plain, p.available,
                   ctx.fonts.strong)) {
    s.adding = false;
    clear_keyboard_target();
  }
  if (side) ImGui::SameLine(0, px(10));
  if (touch_button("##stock-add", tr("Add to stock"), w, ButtonLook::selected, p.offer,
                   ctx.fonts.strong)) {
    Entry e;
    e.kind = Kind::offer;
    e.category = s.category;
    e.item = s.item;
    e.quantity = s.quantity;
    e.unit = s.unit;
    e.site = this_site_name(ctx.store);
    auto r = ctx.store.entries().add(e);
    if (r) {
      s.message = format_tr_s(tr("Added to stock as %s."), r->ticket);
      s.item.clear();
      s.unit.clear();
      s.quantity = 1;
      s.adding = false;
      s.filter_changed = true;
      clear_keyboard_target();
    } else {
      s.message = screen_error(r);
    }
  }
  if (update_drag_scroll(s.form_drag)) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

// `row` is null while its page is still to be fetched: the row shows placeholder bars.
void stock_draw_row(UiContext& ctx, const Entry* row, ImVec2 min, ImVec2 max, bool held) {
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = px(14);
  dl->AddRectFilled(min, max, held ? p.surface_pressed : p.surface, px(10));
  dl->AddRect(min, max, p.border, px(10), 0, px(1));
  dl->AddRectFilled(min, ImVec2(min.x + px(8), max.y), p.offer, px(10),
                    ImDrawFlags_RoundCornersLeft);
  const float left = min.x + px(8) + pad, right = max.x - pad, gap = px(16);
  const float line = ImGui::GetFontSize() * 1.3f;
  float y = min.y + pad;
  if (!row) {
    for (int i = 0; i < 2; ++i, y += line)
      dl->AddRectFilled(ImVec2(left, y + 4), ImVec2(left + (right - left) * 0.5f, y + line - 8),
                        p.placeholder, 4);
    return;
  }
  const Entry& e = *row;
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImFont* body = or_current_font(ctx.fonts.body);
  const int64_t left_qty = units_left(ctx.store, e, ctx.state.desk.stock.given);
  const std::string qty =
      left_qty == e.quantity ? format_quantity(e.quantity, e.unit)
      : e.unit.empty()       ? format_tr(tr("%lld of %lld left"), left_qty, e.quantity)
                       : format_tr_ss(tr("%s of %s left"), ui_number_text(std::to_string(left_qty)),
                                      format_quantity(e.quantity, e.unit));
  const float qw = text_width(strong, qty);
  draw_text(dl, strong, ImVec2(right - qw, y), p.text, qty);
  const float tw = draw_text(dl, strong, ImVec2(left, y), p.offer, e.ticket);
  // In a narrow list (queue_rows_stacked) the item has a line of its own.
  if (queue_rows_stacked(max.x - min.x)) {
    y += line;
    draw_text(dl, strong, ImVec2(left, y), p.text, e.item, right - left);
  } else {
    draw_text(dl, strong, ImVec2(left + tw + gap, y), p.text, e.item,
              std::max(px(1), right - qw - 2 * gap - tw - left));
  }
  y += line;
  const std::string age = format_age(e.created_at, ctx.now_ms);
  const float aw = text_width(body, age);
  draw_text(dl, body, ImVec2(right - aw, y), p.muted, age);
  std::string meta = category_label(e.category);
  const std::string place = format_place(e.site, e.area);
  if (!place.empty()) meta += "  \xC2\xB7  " + place;
  draw_text(dl, body, ImVec2(left, y), p.muted, meta, std::max(px(1), right - aw - gap - left));
}

}  // namespace

void enter_offers_stock(UiContext& ctx) {
  ctx.state.desk.stock.filter_changed = true;
}

void draw_offers_stock(UiContext& ctx) {
  StockState& s = ctx.state.desk.stock;
  const Palette& p = palette();
  if (s.filter_changed) refresh_stock(ctx);
  desk_top_bar(ctx, Screen::console, tr("Offers and site stock"));
  if (s.adding) {
    draw_add_form(ctx);
    return;
  }
  const std::string site = this_site_name(ctx.store);
  if (!site.empty()) {
    if (chip("##this-site", site, s.this_site_only, p.offer) && !s.this_site_only) {
      s.this_site_only = true;
      s.filter_changed = true;
    }
    ImGui::SameLine(0, px(10));
  }
  if (chip("##all-sites", tr("All sites"), !s.this_site_only || site.empty(), p.offer) &&
      s.this_site_only) {
    s.this_site_only = false;
    s.filter_changed = true;
  }
  // The button beside the site chips where it fits, else on a row of its own under them, as
  // wide as the row at most (its label then on two lines).
  const float right = ImGui::GetWindowContentRegionMax().x;
  const float row_w = right - ImGui::GetWindowContentRegionMin().x;
  const float want =
      std::max(px(200), text_width(ctx.fonts.strong, tr("Add stock from the van")) + px(32));
  ImGui::SameLine(0, px(10));
  if (ImGui::GetCursorPosX() + std::min(want, row_w) > right + 0.5f) ImGui::NewLine();
  const float bw = std::min(want, row_w);
  const float bh = want > row_w ? 2 * ctx.fonts.strong->FontSize + px(16) : touch_target();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - bw));
  if (touch_button("##add-stock", tr("Add stock from the van"), bw, ButtonLook::selected, p.offer,
                   ctx.fonts.strong, bh)) {
    s.adding = true;
    s.message.clear();
  }
  if (s.filter_changed) refresh_stock(ctx);
  if (!s.message.empty()) ui_text_wrapped(s.message, ctx.fonts.strong, p.offer);
  if (s.count == 0) {
    ui_text_wrapped(tr("No open offers here right now."), ctx.fonts.strong);
    return;
  }
  ImGui::BeginChild("##stock", ImVec2(0, 0), false, 0);
  s.pager.begin_frame();
  const float width = ImGui::GetContentRegionAvail().x;
  const float row_h = queue_row_height(width);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(px(8), px(8)));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.count), row_h + px(8));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Entry* e = s.pager.at(ctx.store, size_t(i));
      ImGui::PushID(i);
      const ImVec2 min = ImGui::GetCursorScreenPos();
      const bool clicked = ImGui::InvisibleButton("##row", ImVec2(width, row_h));
      probe_touch(e ? e->item : "row", min, ImVec2(min.x + width, min.y + row_h));
      const bool held = ImGui::IsItemActive() && is_tap() && !s.list_drag.dragging;
      if (clicked && is_tap() && e) open_entry_detail(ctx.state, e->id, Screen::offers_stock);
      stock_draw_row(ctx, e, min, ImVec2(min.x + width, min.y + row_h), held);
      ImGui::PopID();
    }
  }
  ImGui::PopStyleVar();
  if (update_drag_scroll(s.list_drag) || s.pager.pending()) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
