#include "app/ui/reports_screen.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "app/ui/csv_import_screen.hpp"
#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/chart.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/csv.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

std::string printf_tr(const char* format, long long a, long long b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b);
  return ui_number_text(buf);  // "٥ س ٢٠ د" in Arabic
}
std::string printf_tr_s(const char* format, const std::string& a, const std::string& b = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a.c_str(), b.c_str());
  return buf;
}

// Urgency colours, most urgent darkest red; calm blues for the rest.
std::array<ImU32, 4> urgency_colours() {
  const Palette& p = palette();
  return {p.urgent, p.ticket, p.need, shade(p.need, 1.6f)};
}

const char* urgency_word(int u) {
  switch (u) {
    case 0:
      return tr("Critical");
    case 1:
      return tr("High");
    case 2:
      return tr("Normal");
    default:
      return tr("Low");
  }
}

// "45 min", "5 h 20 min", "2 days 3 h".
std::string format_duration(int64_t ms) {
  const long long minutes = ms / 60'000;
  if (minutes < 60) return printf_tr(tr("%lld min"), minutes);
  if (minutes < 48 * 60) return printf_tr(tr("%lld h %lld min"), minutes / 60, minutes % 60);
  return printf_tr(tr("%lld days %lld h"), minutes / 1440, (minutes % 1440) / 60);
}

// A white card with a heading; the caller draws its contents between begin and end.
struct Card {
  ImVec2 min;
  float width;
};
Card begin_card(UiContext& ctx, const char* heading, float width) {
  Card c{ImGui::GetCursorScreenPos(), width};
  ImGui::GetWindowDrawList()->ChannelsSplit(2);
  ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(c.min.x + px(16), c.min.y + px(14)));
  // Headings wrap inside the card on narrow screens.
  ImGui::PushTextWrapPos(c.min.x + width - px(16) - ImGui::GetWindowPos().x);
  ImGui::BeginGroup();
  ui_text(heading, ctx.fonts.strong, palette().text);
  return c;
}
void end_card(const Card& c) {
  ImGui::EndGroup();
  ImGui::PopTextWrapPos();
  const float bottom = ImGui::GetItemRectMax().y + px(14);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(c.min, ImVec2(c.min.x + c.width, bottom), palette().surface, px(12));
  dl->AddRect(c.min, ImVec2(c.min.x + c.width, bottom), palette().border, px(12), 0, px(1));
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(c.min);
  ImGui::Dummy(ImVec2(c.width, bottom - c.min.y));
}
float card_inner(float width) {
  return width - px(32);
}

// A big figure with its caption, for the row of key numbers.
void big_number(UiContext& ctx, const char* caption, const std::string& value,
                const std::string& note, float width) {
  const Card c = begin_card(ctx, caption, width);
  ImFont* big = or_current_font(ctx.fonts.heading);
  const float size = big->FontSize * (width > px(300) ? 1.5f : 1.2f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float w = big->CalcTextSizeA(size, FLT_MAX, 0, value.c_str()).x;
  draw_text_line(ImGui::GetWindowDrawList(), big, size, at, palette().text, value);
  capture_text(value, at, ImVec2(at.x + w, at.y + size));
  ImGui::Dummy(ImVec2(card_inner(width), size));
  if (!note.empty())
    ui_text(fit_text(ImGui::GetFont(), note, card_inner(width)), nullptr, palette().muted);
  end_card(c);
}

void by_category_card(UiContext& ctx, const ReportFigures& f, float width) {
  const Card c = begin_card(ctx, tr("Open needs by category and urgency"), width);
  const auto colours = urgency_colours();
  std::vector<std::pair<std::string, ImU32>> legend;
  for (int u = 0; u < 4; ++u) legend.emplace_back(urgency_word(u), colours[size_t(u)]);
  chart_legend(legend, card_inner(width));
  if (f.open_by_category.empty()) {
    ui_text(tr("No open needs."), nullptr, palette().muted);
  } else {
    std::vector<BarRow> rows;
    for (const auto& cat : f.open_by_category)
      rows.push_back(
          {category_label(cat.category), {cat.by_urgency.begin(), cat.by_urgency.end()}});
    bar_rows(rows, colours, card_inner(width));
  }
  end_card(c);
}

void met_per_day_card(UiContext& ctx, const ReportFigures& f, float width) {
  const Card c = begin_card(ctx, tr("Needs met per day, last 14 days"), width);
  std::vector<int64_t> values;
  std::vector<std::string> labels;
  for (size_t i = 0; i < f.met_per_day.size(); ++i) {
    values.push_back(f.met_per_day[i].count);
    const std::time_t t = std::time_t(f.met_per_day[i].day_start_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);  // report days are UTC days
    labels.push_back(i + 1 == f.met_per_day.size() ? tr("today")
                                                   : ui_number_text(std::to_string(tm.tm_mday)));
  }
  const float h = std::max(px(180), ImGui::GetFontSize() * 8.0f);
  column_chart(values, labels, shade(palette().offer, 1.35f), palette().offer,
               int(values.size()) - 1, ImVec2(card_inner(width), h));
  end_card(c);
}

void per_site_card(UiContext& ctx, const ReportFigures& f, float width) {
  const Card c = begin_card(ctx, tr("Open needs per site"), width);
  if (f.open_by_site.empty()) {
    ui_text(tr("No open needs."), nullptr, palette().muted);
  } else {
    std::vector<BarRow> rows;
    for (const auto& s : f.open_by_site)
      rows.push_back({s.site.empty() ? std::string(tr("No site given")) : s.site, {s.count}});
    const ImU32 colour[] = {palette().need};
    bar_rows(rows, colour, card_inner(width));
  }
  end_card(c);
}

// While an export runs, redraw often enough for the bar to move and the result to show promptly.
constexpr int kExportRedrawMs = 100;

void do_export(UiContext& ctx, const Drive& drive) {
  ReportsState& r = ctx.state.reports;
  r.picking_drive = false;
  if (r.export_job) return;  // one at a time
  r.export_message.clear();
  r.export_failed = false;
  // Whether contact columns go in is decided here, by who is signed in when they tap.
  const bool contacts = can(ctx.state, Permission::export_contacts);
  r.export_job = CsvExportJob::start(ctx.store, drive, contacts, ctx.now_ms);
}

// Takes a finished export's outcome and puts it into words.
void poll_export(UiContext& ctx) {
  ReportsState& r = ctx.state.reports;
  if (!r.export_job || !r.export_job->finished()) return;
  const Drive drive = r.export_job->drive();
  const bool contacts = r.export_job->with_contacts();
  const CsvExportOutcome out = r.export_job->take();
  r.export_job.reset();
  r.export_failed = !out.error.empty();
  if (r.export_failed) {
    r.export_message = printf_tr_s(tr("Could not export to %s: %s"), drive.label, out.error);
    return;
  }
  const std::string name = std::filesystem::path(out.path).filename().string();
  r.export_message = printf_tr_s(contacts ? tr("Saved %s on %s, with contact details.")
                                          : tr("Saved %s on %s, without contact details."),
                                 name, drive.label);
}

// A bar with a block sliding along it: the export's length is not known until it is written.
void busy_bar(float width) {
  const Palette& p = palette();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const float h = px(12);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + h), p.placeholder, h * 0.5f);
  const float block = width * 0.25f;
  const float phase = float(std::fmod(ImGui::GetTime() * 0.8, 1.0));
  const float x = min.x + (width - block) * phase;
  dl->AddRectFilled(ImVec2(x, min.y), ImVec2(x + block, min.y + h), p.need, h * 0.5f);
  ImGui::Dummy(ImVec2(width, h));
}

void draw_export_running(UiContext& ctx, const CsvExportJob& job, float width) {
  ui_text(printf_tr_s(tr("Writing %s on %s\xE2\x80\xA6"), job.file_name(), job.drive().label),
          ctx.fonts.strong, palette().need);
  busy_bar(std::min(width, px(480)));
}

// "Export to USB": straight to the only drive, or a choice when there are several. Returns the
// note on what the file holds when it did not fit beside the buttons (drawn by the caller).
const char* export_bar(UiContext& ctx, float width) {
  ReportsState& r = ctx.state.reports;
  const Palette& p = palette();
  if (r.export_job) {
    draw_export_running(ctx, *r.export_job, width);
    return nullptr;
  }
  if (r.picking_drive && r.drives.drives.size() > 1) {
    ui_text(tr("Export to which drive?"), ctx.fonts.strong);
    for (size_t i = 0; i < r.drives.drives.size(); ++i) {
      const Drive& d = r.drives.drives[i];
      const std::string id = "##export-drive-" + std::to_string(i);
      if (touch_button(id.c_str(), d.label, 0.0f, ButtonLook::plain, p.need, ctx.fonts.strong))
        do_export(ctx, d);
      ImGui::SameLine();
    }
    if (touch_button("##export-cancel", tr("Cancel"), 0.0f, ButtonLook::plain, p.available,
                     ctx.fonts.strong))
      r.picking_drive = false;
    return nullptr;
  }
  if (touch_button("##export", tr("Export to USB"), 0.0f, ButtonLook::selected, p.need,
                   ctx.fonts.strong)) {
    refresh_drives(r.drives, true);
    if (r.drives.drives.empty()) {
      r.export_failed = true;
      r.export_message = tr("No USB drive found. Plug one in and try again.");
    } else if (r.drives.drives.size() == 1) {
      do_export(ctx, r.drives.drives.front());
    } else {
      r.picking_drive = true;
    }
  }
  // Coordinators: the way back in for a spreadsheet, beside the way out.
  if (csv_import_button(ctx)) return nullptr;
  const char* who = can(ctx.state, Permission::export_contacts)
                        ? tr("CSV with HXL tags, including contact details (coordinator).")
                        : tr("CSV with HXL tags. Contact details are left out.");
  // Beside the buttons where it fits on one line, else wrapped at the top of the scrolling part.
  ImGui::SameLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float avail = std::max(0.0f, width - (at.x - ImGui::GetWindowPos().x));
  if (text_width(ImGui::GetFont(), who) <= avail) {
    draw_text(ImGui::GetWindowDrawList(), nullptr,
              ImVec2(at.x, at.y + (touch_target() - ImGui::GetFontSize()) * 0.5f), p.muted, who,
              avail);
    ImGui::Dummy(ImVec2(avail, touch_target()));
    return nullptr;
  }
  ImGui::NewLine();
  return who;  // for the top of the scrolling part: on a short display it would be cut off
}

}  // namespace

std::string export_file_name(int64_t now_ms) {
  const std::time_t t = std::time_t(now_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "mutua-export-%Y-%m-%d.csv", &tm);
  return buf;
}

CsvExportOutcome export_csv_to_drive(const Store& store, const std::string& drive_path,
                                     bool with_contacts, int64_t now_ms) {
  CsvExportOutcome out;
  const std::string path = (std::filesystem::path(drive_path) / export_file_name(now_ms)).string();
  CsvExportOptions options;
  options.hxl = true;
  options.with_contacts = with_contacts;
  auto r = export_csv_file(store, path, options);
  if (!r) {
    out.error = r.error();
    return out;
  }
  out.path = path;
  out.rows = *r;
  return out;
}

CsvExportJob::CsvExportJob(Drive drive, bool with_contacts, int64_t now_ms)
    : drive_(std::move(drive)),
      with_contacts_(with_contacts),
      now_ms_(now_ms),
      file_name_(export_file_name(now_ms)) {}

std::shared_ptr<CsvExportJob> CsvExportJob::start(Store& ui_store, const Drive& drive,
                                                  bool with_contacts, int64_t now_ms) {
  std::shared_ptr<CsvExportJob> job(new CsvExportJob(drive, with_contacts, now_ms));
  const std::string drive_path = drive.path;
  job->task_ = run_with_own_store<CsvExportOutcome>(
      "CSV export", ui_store, [drive_path, with_contacts, now_ms](Store& store, TaskControl&) {
        return export_csv_to_drive(store, drive_path, with_contacts, now_ms);
      });
  return job;
}

CsvExportOutcome CsvExportJob::take() {
  if (task_->has_value()) return task_->take();
  CsvExportOutcome out;  // thrown (a full disk, say): the reason, as it came
  out.error = task_->was_cancelled() ? std::string("cancelled") : task_->error();
  return out;
}

void enter_reports(UiContext& ctx) {
  ReportsState& r = ctx.state.reports;
  r.stale = true;
  r.picking_drive = false;
  r.export_message.clear();
  refresh_drives(r.drives, true);
}

void draw_reports(UiContext& ctx) {
  ReportsState& r = ctx.state.reports;
  const Palette& p = palette();
  poll_export(ctx);
  if (r.stale || !r.figures) {
    r.figures = ctx.store.reports().compute(ctx.now_ms);
    r.stale = false;
  }
  refresh_drives(r.drives);
  ctx.state.redraw_in_ms = r.export_job ? kExportRedrawMs : kDrivePollMs;
  desk_top_bar(ctx, Screen::console, tr("Reports"));
  const float width = ImGui::GetContentRegionAvail().x;
  const char* note = export_bar(ctx, width);
  // Started this frame: the next one must come soon, to poll it.
  if (r.export_job) ctx.state.redraw_in_ms = kExportRedrawMs;
  if (!r.export_message.empty())
    ui_text_wrapped(r.export_message, ctx.fonts.strong, r.export_failed ? p.urgent : p.offer);

  ImGui::BeginChild("##reports-scroll", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  if (note) ui_text_wrapped(note, nullptr, palette().muted);
  const ReportFigures& f = *r.figures;
  const float gap = px(16);
  const float w = ImGui::GetContentRegionAvail().x;
  // The key numbers in one row when there is room, stacked on narrow (portrait) screens; the
  // charts side by side only on wide ones.
  const bool wide = w > px(900);
  const bool numbers_in_row = w > px(680);
  const float third = numbers_in_row ? (w - 2 * gap) / 3.0f : w;
  int64_t met_14 = 0;
  for (const auto& d : f.met_per_day) met_14 += d.count;
  int64_t critical = 0;
  for (const auto& c : f.open_by_category) critical += c.by_urgency[0];
  big_number(ctx, tr("Open needs"), format_count(f.open_needs),
             format_counts(tr("%s of them critical"), critical), third);
  if (numbers_in_row) ImGui::SameLine(0, gap);
  big_number(ctx, tr("Needs met, last 14 days"), format_count(met_14),
             format_counts(tr("%s today"), f.met_per_day.empty() ? 0 : f.met_per_day.back().count),
             third);
  if (numbers_in_row) ImGui::SameLine(0, gap);
  big_number(
      ctx, tr("Median time from need to met"),
      f.median_ms_to_met ? format_duration(*f.median_ms_to_met) : std::string("\xE2\x80\x94"),
      f.met_needs > 0 ? format_counts(tr("over %s met needs"), f.met_needs)
                      : std::string(tr("No need has been met yet.")),
      third);

  const float half = wide ? (w - gap) / 2.0f : w;
  ImGui::BeginGroup();
  by_category_card(ctx, f, half);
  ImGui::EndGroup();
  if (wide) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  met_per_day_card(ctx, f, half);
  per_site_card(ctx, f, half);
  ImGui::EndGroup();
  ImGui::Dummy(ImVec2(w, px(8)));
  if (update_drag_scroll(r.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
