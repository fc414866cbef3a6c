// "Import from USB": a spreadsheet from a drive into this device (app/ui/csv_import_screen.hpp).
#include "app/ui/csv_import_screen.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app/ui/csv_import_text.hpp"
#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/progress_bar.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// While counting or importing, redraw often enough for the bar to move.
constexpr int kImportRedrawMs = 100;
// Notes shown after an import; the rest are counted.
constexpr size_t kNotesShown = 5;

const char* middle_dot() {
  return "  \xC2\xB7  ";
}

// "85 KB", "12.5 MB".
std::string size_words(uint64_t bytes) {
  char buf[32];
  if (bytes < 1000 * 1000) {
    const long long kb = static_cast<long long>((bytes + 999) / 1000);
    return format_counts(tr("%s KB"), kb);
  }
  std::snprintf(buf, sizeof buf, "%.1f", double(bytes) / 1e6);
  return format_tr_s(tr("%s MB"), buf);
}

// How import_csv says it read the file ("read as Windows-1251 (Cyrillic), separated by ';'", or
// nothing for UTF-8 with commas), in the active language.
std::string read_as_words(const std::string& read_as) {
  std::string enc = "UTF-8";
  std::string sep = ",";
  const std::string_view head = "read as ", mid = ", separated by ";
  if (read_as.rfind(head, 0) == 0) {
    const size_t m = read_as.find(mid);
    if (m != std::string::npos) {
      enc = read_as.substr(head.size(), m - head.size());
      sep = read_as.substr(m + mid.size());
    }
  }
  const char* enc_words = enc.c_str();
  if (enc == "Windows-1252 (Western European)")
    enc_words = tr("Windows-1252 (Western European)");
  else if (enc == "Windows-1251 (Cyrillic)")
    enc_words = tr("Windows-1251 (Cyrillic)");
  const char* sep_words = tr("commas");
  if (sep == "';'")
    sep_words = tr("semicolons");
  else if (sep == "tabs")
    sep_words = tr("tabs");
  return format_tr_ss(tr("Read as %s, separated by %s."), enc_words, sep_words);
}

void list_files(CsvImportState& s) {
  s.files = s.drive ? list_csv_files(s.drive->path) : std::vector<CsvFileInfo>{};
}

void choose_drive(CsvImportState& s, const Drive& d) {
  s.drive = d;
  list_files(s);
}

void forget_choice(CsvImportState& s) {
  s.chosen.reset();
  s.counting.reset();  // ~Task cancels a count still running
  s.rows.reset();
  s.count_error.clear();
}

void choose_file(CsvImportState& s, const CsvFileInfo& f) {
  forget_choice(s);
  s.last.reset();
  s.chosen = f;
  s.counting = start_row_count(f.path);
}

// A drive plugged in or pulled out: keep the one chosen while it is there; the only one is
// chosen at once.
void follow_drives(CsvImportState& s) {
  const bool changed = refresh_drives(s.drives);
  if (s.drive) {
    const bool still = std::any_of(s.drives.drives.begin(), s.drives.drives.end(),
                                   [&](const Drive& d) { return d.path == s.drive->path; });
    if (!still) {
      s.drive.reset();
      s.files.clear();
      if (!s.job) forget_choice(s);
    }
  }
  if (!s.drive && s.drives.drives.size() == 1) choose_drive(s, s.drives.drives.front());
  (void)changed;
}

void poll_count(CsvImportState& s) {
  if (!s.counting || !s.counting->finished()) return;
  if (s.counting->has_value())
    s.rows = s.counting->take();
  else if (s.counting->failed())
    s.count_error = s.counting->error();
  s.counting.reset();
}

void poll_job(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  if (!s.job || !s.job->finished()) return;
  s.last = s.job->take();
  s.job.reset();
  forget_choice(s);
  // What the other screens counted is out of date.
  ctx.state.reports.stale = true;
  ctx.state.board.filter_changed = true;
}

void draw_drive_choice(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  const Palette& p = palette();
  if (s.drives.drives.empty()) {
    ui_text_wrapped(tr("No USB drive found. Plug one in: it appears here within a few seconds."),
                    ctx.fonts.strong, p.muted);
    return;
  }
  ui_text(tr("Import from which drive?"), ctx.fonts.strong);
  for (size_t i = 0; i < s.drives.drives.size(); ++i) {
    const Drive& d = s.drives.drives[i];
    const std::string id = "##import-drive-" + std::to_string(i);
    if (touch_button(id.c_str(), d.label, 0.0f, ButtonLook::plain, p.need, ctx.fonts.strong))
      choose_drive(s, d);
    same_line_if_fits(px(160), px(8));
  }
  ImGui::NewLine();
}

// One file as a tappable row: its name, and under it size, age and folder.
bool file_row(UiContext& ctx, const CsvFileInfo& f, size_t i, float w) {
  const Palette& p = palette();
  ImFont* strong = or_current_font(ctx.fonts.strong);
  ImFont* body = ImGui::GetFont();
  const float pad = px(10);
  const float h = std::max(touch_target(), 2 * pad + strong->FontSize + px(2) + body->FontSize);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const std::string id = "##import-file-" + std::to_string(i);
  const bool tapped = ImGui::InvisibleButton(id.c_str(), ImVec2(w, h)) && is_tap();
  probe_touch(f.name, min, ImVec2(min.x + w, min.y + h));
  const bool held = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + w, min.y + h);
  dl->AddRectFilled(min, max, held ? shade(p.surface, 0.95f) : p.surface, px(10));
  dl->AddRect(min, max, p.need, px(10), 0, px(held ? 3 : 1.5f));
  draw_text(dl, strong, ImVec2(min.x + pad, min.y + pad), p.text, f.name, w - 2 * pad);
  std::string facts = size_words(f.bytes) + middle_dot() + format_age(f.modified_ms, ctx.now_ms);
  if (!f.folder.empty()) facts += middle_dot() + format_tr_s(tr("in the %s folder"), f.folder);
  draw_text(dl, body, ImVec2(min.x + pad, min.y + pad + strong->FontSize + px(2)), p.muted, facts,
            w - 2 * pad);
  ImGui::Dummy(ImVec2(w, px(6)));
  return tapped;
}

void draw_file_list(UiContext& ctx, float width) {
  CsvImportState& s = ctx.state.csv_import;
  const Palette& p = palette();
  if (s.drives.drives.size() > 1) {
    if (touch_button("##import-other-drive", tr("Another drive"), 0.0f, ButtonLook::plain,
                     p.available, ctx.fonts.strong)) {
      s.drive.reset();
      s.files.clear();
      return;
    }
  }
  if (s.files.empty()) {
    ui_text_wrapped(
        format_tr_s(tr("No .csv file on %s. Files are looked for at the top of the drive and "
                       "in its MUTUA and exports folders."),
                    s.drive->label),
        nullptr, p.muted);
    return;
  }
  ui_text_wrapped(format_tr_s(tr("Tap a file on %s to import it."), s.drive->label),
                  ctx.fonts.strong);
  for (size_t i = 0; i < s.files.size(); ++i)
    if (file_row(ctx, s.files[i], i, width)) choose_file(s, s.files[i]);
}

void draw_question(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  const Palette& p = palette();
  const CsvFileInfo& f = *s.chosen;
  if (s.counting) {
    ui_text_wrapped(format_tr_s(tr("Counting the rows of %s\xE2\x80\xA6"), f.name),
                    ctx.fonts.strong);
  } else if (!s.count_error.empty()) {
    ui_text_wrapped(format_tr_ss(tr("Could not read %s: %s"), f.name, s.count_error),
                    ctx.fonts.strong, p.urgent);
  } else if (s.rows) {
    const long long n = static_cast<long long>(*s.rows);
    ui_text_wrapped(format_tr_ss(trn("Import %s row from %s?", "Import %s rows from %s?", n),
                                 group_digits(*s.rows), f.name),
                    ctx.fonts.strong);
    ui_text_wrapped(tr("All or nothing: if the file has a mistake, or you cancel, nothing is "
                       "changed. Rows already here are matched by their id."),
                    nullptr, p.muted);
    if (touch_button("##import-go", tr("Import"), 0.0f, ButtonLook::selected, p.need,
                     ctx.fonts.strong)) {
      s.last.reset();
      s.job = CsvImportJob::start(ctx.store, f, *s.rows);
      return;
    }
    ImGui::SameLine(0, px(12));
  }
  if (touch_button("##import-back", tr("Cancel"), 0.0f, ButtonLook::plain, p.available,
                   ctx.fonts.strong))
    forget_choice(s);
}

void draw_running(UiContext& ctx, float width) {
  CsvImportState& s = ctx.state.csv_import;
  const Palette& p = palette();
  CsvImportJob& job = *s.job;
  ui_text(fit_text(or_current_font(ctx.fonts.strong),
                   format_tr_s(tr("Importing %s\xE2\x80\xA6"), job.file().name), width),
          ctx.fonts.strong, p.need);
  // Rows read and the bar on the left, Cancel on their right: all of it in view at 800x480 with
  // 200 % text.
  const bool stopping = job.cancel_requested();
  ImFont* strong = or_current_font(ctx.fonts.strong);
  const float cancel_w = stopping ? 0.0f : text_width(strong, tr("Cancel")) + px(48);
  const float gap = px(16);
  // Cancel beside the rows where both fit, else under them (portrait at 150/200 %).
  const bool beside = width - cancel_w - gap >= px(160);
  const float left = beside ? width - (stopping ? 0.0f : cancel_w + gap) : width;
  ImGui::BeginGroup();
  const size_t done = job.rows_read(), total = job.total_rows();
  const long long n = static_cast<long long>(done);
  const std::string rows =
      total > 0 ? format_tr_ss(trn("%s row read of %s", "%s rows read of %s", n),
                               group_digits(done), group_digits(std::max(done, total)))
                : format_tr_s(trn("%s row read", "%s rows read", n), group_digits(done));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float h = draw_text_wrapped(ImGui::GetWindowDrawList(), nullptr, at, p.text, rows, left);
  ImGui::Dummy(ImVec2(left, h));
  progress_bar(static_cast<float>(job.fraction()), std::min(left, px(560)), palette().need);
  ImGui::EndGroup();
  if (!stopping) {
    if (beside) ImGui::SameLine(0, gap);
    if (touch_button("##import-cancel", tr("Cancel"), cancel_w, ButtonLook::plain, p.available,
                     ctx.fonts.strong))
      job.cancel();
  }
  ui_text_wrapped(stopping ? tr("Stopping\xE2\x80\xA6 Nothing will be changed.")
                           : tr("Cancel leaves everything as it was."),
                  nullptr, p.muted);
}

void draw_outcome(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  const Palette& p = palette();
  const CsvImportOutcome& o = *s.last;
  using End = CsvImportOutcome::End;
  switch (o.end) {
    case End::done: {
      ui_text_wrapped(format_tr_s(tr("Imported %s"), o.file_name), ctx.fonts.strong, p.offer);
      ui_text_wrapped(csv_import_summary_text(o.report.counts), ctx.fonts.strong);
      ui_text_wrapped(read_as_words(o.report.read_as), nullptr, p.muted);
      if (!o.report.warnings.empty()) {
        ui_text(tr("Notes"), ctx.fonts.strong);
        const size_t shown = std::min(kNotesShown, o.report.warnings.size());
        for (size_t i = 0; i < shown; ++i) ui_text_wrapped(o.report.warnings[i]);
        if (o.report.warnings.size() > shown) {
          const long long more = static_cast<long long>(o.report.warnings.size() - shown);
          ui_text(format_tr(trn("and %lld more note", "and %lld more notes", more), more), nullptr,
                  p.muted);
        }
      }
      break;
    }
    case End::cancelled:
      ui_text_wrapped(format_tr_s(tr("Import of %s cancelled. Nothing was changed."), o.file_name),
                      ctx.fonts.strong);
      break;
    case End::failed:
      ui_text_wrapped(format_tr_s(tr("Nothing was imported from %s."), o.file_name),
                      ctx.fonts.strong, p.urgent);
      if (o.disk_full)
        ui_text_wrapped(tr("The disk of this device is full: nothing was changed. Free some "
                           "space and try again."),
                        nullptr, p.urgent);
      else
        ui_text_wrapped(o.error, nullptr, p.urgent);
      break;
  }
  ImGui::Dummy(ImVec2(1, px(6)));
  const char* another = tr("Import another file");
  const float another_w = std::min(text_width(or_current_font(ctx.fonts.strong), another) + px(36),
                                   ImGui::GetContentRegionAvail().x);  // two lines if need be
  if (touch_button("##import-another", another, another_w, ButtonLook::plain, p.need,
                   ctx.fonts.strong)) {
    s.last.reset();
    list_files(s);
  }
}

SignedIn demo_coordinator() {
  SignedIn s;
  s.name = "Amira";
  s.role = Role::coordinator;
  return s;
}

std::vector<CsvFileInfo> example_files(int64_t now_ms) {
  auto file = [&](const char* name, const char* folder, uint64_t bytes, int64_t ago_min) {
    CsvFileInfo f;
    f.name = name;
    f.folder = folder;
    f.path = std::string("/media/KINGSTON/") + (*folder ? std::string(folder) + "/" : "") + name;
    f.bytes = bytes;
    f.modified_ms = now_ms - ago_min * 60'000;
    return f;
  };
  return {file("donations-corrected.csv", "", 412'000, 12),
          file("mutua-export-2026-11-26.csv", "", 1'350'000, 60 * 26),
          file("stock-hill-camp.csv", "exports", 86'000, 60 * 24 * 4),
          file("volunteers-list-from-the-town-hall-2026.csv", "MUTUA", 9'000, 60 * 24 * 12)};
}

}  // namespace

std::string group_digits(size_t n) {
  const std::string& lang = language();
  const char* sep = lang == "es" ? "." : (lang == "fr" || lang == "uk") ? "\xC2\xA0" : ",";
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

void enter_csv_import(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  if (s.job) return;  // an import still running: show it
  s.last.reset();
  forget_choice(s);
  s.drive.reset();
  s.files.clear();
  refresh_drives(s.drives, true);
  if (s.drives.drives.size() == 1) choose_drive(s, s.drives.drives.front());
}

void draw_csv_import(UiContext& ctx) {
  CsvImportState& s = ctx.state.csv_import;
  poll_job(ctx);
  poll_count(s);
  follow_drives(s);
  ctx.state.redraw_in_ms = (s.job || s.counting) ? kImportRedrawMs : kDrivePollMs;
  desk_top_bar(ctx, Screen::reports, tr("Import CSV"));
  if (!can(ctx.state, Permission::import_csv)) {
    ui_text_wrapped(tr("Only a coordinator can import spreadsheets."), ctx.fonts.strong);
    return;
  }
  // Everything below the top bar scrolls (by dragging), so a long list, notes or 200 % text
  // stay reachable on a 800x480 screen.
  ImGui::BeginChild("##import-scroll", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  const float width = ImGui::GetContentRegionAvail().x;
  if (s.job)
    draw_running(ctx, width);
  else if (s.last)
    draw_outcome(ctx);
  else if (s.chosen)
    draw_question(ctx);
  else if (!s.drive)
    draw_drive_choice(ctx);
  else
    draw_file_list(ctx, width);
  if (update_drag_scroll(s.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
  // Started or tapped this frame: the next frame must come soon, to poll it.
  if (s.job || s.counting) ctx.state.redraw_in_ms = kImportRedrawMs;
}

bool csv_import_button(UiContext& ctx) {
  if (!can(ctx.state, Permission::import_csv)) return false;
  const char* label = tr("Import from USB");
  // No wider than the window: a longer label goes on two lines (fr, uk at 200 % in portrait).
  const float w = std::min(text_width(or_current_font(ctx.fonts.strong), label) + px(48),
                           ImGui::GetContentRegionMax().x - ImGui::GetCursorStartPos().x);
  same_line_if_fits(w, px(12));  // beside Export to USB when there is room, else under it
  if (!touch_button("##import-csv", label, w, ButtonLook::plain, palette().need, ctx.fonts.strong))
    return false;
  go_to(ctx.state, Screen::csv_import);
  return true;
}

std::vector<std::string> csv_import_preset_names() {
  return {"csv-import-choose", "csv-import-running", "csv-import-done"};
}

std::optional<Screen> apply_csv_import_preset(std::string_view name, UiState& state,
                                              const Store& store) {
  const int64_t now = store.replica().now_ms();
  CsvImportState& s = state.csv_import;
  Drive drive;
  drive.label = "KINGSTON";
  drive.path = "/media/KINGSTON";
  if (name == "csv-import-choose") {
    s.drive = drive;
    s.files = example_files(now);
  } else if (name == "csv-import-running") {
    s.drive = drive;
    s.job = CsvImportJob::example(example_files(now)[0], 938, 2345);
  } else if (name == "csv-import-done") {
    s.drive = drive;
    CsvImportOutcome o;
    o.file_name = "donations-corrected.csv";
    o.report.counts.added = 12;
    o.report.counts.corrected = 3;
    o.report.counts.unchanged = 2330;
    o.report.read_as = "read as Windows-1252 (Western European), separated by ';'";
    o.report.warnings.push_back(
        "line 41: kind cannot be corrected (it is fixed when an entry is made); RIV-0041 stays "
        "offer");
    s.last = o;
  } else {
    return std::nullopt;
  }
  s.drives.drives = {drive};
  s.drives.listed = true;
  s.drives.checked = std::chrono::steady_clock::now() + std::chrono::hours(1);
  state.signed_in = demo_coordinator();
  state.screen = Screen::csv_import;
  state.entered = Screen::csv_import;  // the preset is the state; enter() must not reset it
  return Screen::csv_import;
}

}  // namespace mutua
