#include "app/ui/sync_screen.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lan_screen.hpp"
#include "app/ui/lan_sync_loop.hpp"
#include "app/ui/state.hpp"
#include "app/ui/sync_key_text.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/progress_bar.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"
#include "sync/lan_peers.hpp"
#include "sync/network.hpp"
#include "sync/network_created.hpp"

namespace mutua {

namespace {

// While a sync runs, redraw often enough for the bar to move, not at full frame rate.
constexpr int kProgressRedrawMs = 100;
constexpr size_t kHistoryRows = 20;

std::string fmt(const char* format, long long a, long long b = 0, long long c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}
std::string sync_fmt_s(const char* format, const std::string& a, const std::string& b = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a.c_str(), b.c_str());
  return buf;
}

std::string clock_time(int64_t ms) {
  const std::time_t t = std::time_t(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M", &tm);
  return ui_number_text(buf);
}

std::map<Id, std::string> device_names(const Store& store) {
  std::map<Id, std::string> names;
  for (const Device& d : store.devices().all()) names[d.id] = d.name;
  return names;
}

std::string name_of(const std::map<Id, std::string>& names, const Id& id) {
  if (auto it = names.find(id); it != names.end() && !it->second.empty()) return it->second;
  return sync_fmt_s(tr("device %s"), id.hex().substr(0, 6));
}

// Whose file a mailbox file is ("<device-id>.mutua", maybe with a folder), or the file name.
std::string file_owner(const std::map<Id, std::string>& names, const std::string& path) {
  const std::string file = path.substr(path.find_last_of('/') + 1);
  if (auto id = Id::from_hex(file.substr(0, file.find('.')))) return name_of(names, *id);
  return file;
}

// "Tablet 7's clock is 14 years ahead; set its date.", in the reader's language.
std::string clock_skew_words(const std::map<Id, std::string>& names, const ClockSkew& k) {
  const SkewSpan span = skew_span(k.offset_ms);
  const long long n = static_cast<long long>(span.count);
  const char* amount = span.unit == SkewSpan::Unit::years  ? trn("%lld year", "%lld years", n)
                       : span.unit == SkewSpan::Unit::days ? trn("%lld day", "%lld days", n)
                                                           : trn("%lld hour", "%lld hours", n);
  return sync_fmt_s(k.offset_ms > 0 ? tr("%s's clock is %s ahead; set its date.")
                                    : tr("%s's clock is %s behind; set its date."),
                    name_of(names, k.device), fmt(amount, n));
}

// "142 new, 17 updated, 2 conflicts": needs and offers, the way a person counts them.
std::string counts_line(long long new_entries, long long updated_entries, long long conflicts) {
  return format_counts(tr("%s new, %s updated, %s conflicts"), new_entries, updated_entries,
                       conflicts);
}

}  // namespace

void load_sync_lists(const Store& store, SyncScreenState& s) {
  s.history = store.replica().sync_log(kHistoryRows);
  const auto names = device_names(store);
  s.heard.clear();
  for (const auto& p : store.replica().peers())
    s.heard.push_back({name_of(names, p.device), p.last_heard});
  std::sort(s.heard.begin(), s.heard.end(),
            [](const HeardFrom& a, const HeardFrom& b) { return a.last_heard > b.last_heard; });
  const auto network = load_network(store.replica());
  s.network_name = network ? network->name : std::string();
  s.stale = false;
}

namespace {

void reload_lists(UiContext& ctx) {
  load_sync_lists(ctx.store, ctx.state.sync);
}

// After a sync another connection changed the database: everything this UI holds is old.
void data_changed(UiContext& ctx) {
  ctx.store.replica().reload_caches();
  ctx.state.board.filter_changed = true;
  ctx.state.reports.stale = true;
  ctx.state.sync.stale = true;
  ctx.state.console.settings.key_status.reset();  // a new key, or one waited for, may have come
}

// A rounded panel behind text drawn by `body` (which returns the height it used).
template <typename F>
void panel(ImU32 fill, ImU32 edge, float width, F&& body) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const float pad = px(16);
  ImGui::SetCursorScreenPos(ImVec2(min.x + pad, min.y + pad));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(min.x + width - pad - ImGui::GetWindowPos().x);
  body(width - 2 * pad);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + pad;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(min, ImVec2(min.x + width, bottom), fill, px(12));
  dl->AddRect(min, ImVec2(min.x + width, bottom), edge, px(12), 0, px(2));
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(min);
  ImGui::Dummy(ImVec2(width, bottom - min.y));
}

void draw_running(UiContext& ctx, SyncJob& job, float width) {
  const Palette& p = palette();
  panel(p.surface, p.offer, width, [&](float inner) {
    ui_text(sync_fmt_s(tr("Syncing with %s\xE2\x80\xA6"), job.drive().label), ctx.fonts.strong);
    const size_t done = job.done(), total = job.total();
    // The last step of a mailbox sync writes this device's own file.
    if (total > 0 && done + 1 >= total)
      ui_text(tr("Writing this device's file"));
    else
      ui_text(fmt(tr("Reading other devices' files: %lld of %lld"), (long long)done,
                  (long long)(total > 0 ? total - 1 : 0)));
    progress_bar(total > 0 ? float(done) / float(total) : 0.02f, inner, palette().offer);
    // Between two files stopping is safe; once this device's file is being written it is not.
    if (job.cancel_requested())
      ui_text(tr("Stopping after this file\xE2\x80\xA6"), nullptr, p.muted);
    else if (job.cancellable() && touch_button("##sync-cancel", tr("Cancel"), 0.0f,
                                               ButtonLook::plain, p.available, ctx.fonts.strong))
      job.cancel();
  });
}

void draw_outcome(UiContext& ctx, const SyncOutcome& o, float width) {
  const Palette& p = palette();
  using P = SyncOutcome::Problem;
  // A read-only drive was read, but nothing was left there: the panel asks for attention.
  const bool ok = o.problem == P::none && !o.result.read_only;
  panel(ok ? p.surface : p.notice, ok ? p.offer : p.urgent, width, [&](float) {
    switch (o.problem) {
      case P::none: {
        const std::string at = clock_time(o.finished_at);
        if (o.result.read_only)
          ui_text(sync_fmt_s(tr("Read the files on %s at %s"), o.drive_label, at),
                  ctx.fonts.strong);
        else
          ui_text(sync_fmt_s(tr("Synced with %s at %s"), o.drive_label, at), ctx.fonts.strong);
        // First, before the counts: at 200 % text on a small screen they fill the card.
        if (o.result.read_only)
          ui_text(tr("This device's file was not left there: the drive is read-only. Other "
                     "devices will not get this device's news from it. Use another stick."),
                  ctx.fonts.strong, p.urgent);
        if (o.result.files.empty()) {
          if (o.result.read_only)
            ui_text(tr("No other device has left a file on this drive."));
          else
            ui_text(
                tr("No other device has left a file on this drive yet. This device's "
                   "file is on it now, for the next one."));
        } else {
          ui_text(sync_summary_line(o.result), ctx.fonts.heading);
          ui_text(tr("New and updated needs and offers."), nullptr, p.muted);
          // Other records count apart, so a sync that brought only matches or handovers does
          // not read as if nothing came.
          const size_t others =
              o.result.added + o.result.updated - o.result.new_entries - o.result.updated_entries;
          if (o.result.added + o.result.updated >=
                  o.result.new_entries + o.result.updated_entries &&
              others > 0)
            ui_text(
                format_counts(tr("Also %s other records (matches, handovers, history, devices)."),
                              static_cast<long long>(others)),
                nullptr, p.muted);
        }
        const auto names = device_names(ctx.store);
        // A device whose clock is far off: the coordinator can set its date.
        for (const auto& f : o.result.files)
          for (const auto& k : f.summary.clock_skews)
            ui_text(clock_skew_words(names, k), nullptr, p.urgent);
        // A new network key, a key change, records set aside (app/ui/sync_key_text.hpp).
        for (const auto& line : sync_key_notes(o.result)) ui_text(line);
        for (const auto& f : o.result.files) {
          if (f.ok) continue;
          ui_text(sync_fmt_s(tr("Skipped the file from %s: %s"), file_owner(names, f.file),
                             sync_problem_words(f.failure, f.message)),
                  nullptr, p.urgent);
        }
        break;
      }
      case P::foreign_network:
        ui_text(sync_fmt_s(tr("Not synced with %s"), o.drive_label), ctx.fonts.strong);
        if (o.foreign_network.empty())
          ui_text(tr("This stick holds data from another network. Nothing was synced."),
                  ctx.fonts.heading);
        else
          ui_text(sync_fmt_s(tr("This stick holds data from network '%s'. Nothing was synced."),
                             o.foreign_network),
                  ctx.fonts.heading);
        if (!ctx.state.sync.network_name.empty())
          ui_text(sync_fmt_s(tr("This device is in network '%s'. Use a stick from that network, "
                                "or an empty one."),
                             ctx.state.sync.network_name));
        break;
      case P::no_network:
        ui_text(tr("This device has not joined a network yet. A coordinator can join it "
                   "in Settings."),
                ctx.fonts.heading);
        break;
      case P::failed:
        ui_text(sync_fmt_s(tr("Sync with %s failed"), o.drive_label), ctx.fonts.strong);
        ui_text(sync_problem_words(o.failure, o.error), ctx.fonts.heading);
        break;
      case P::cancelled:
        ui_text(sync_fmt_s(tr("Sync with %s stopped"), o.drive_label), ctx.fonts.strong);
        ui_text(
            tr("Files already read are kept. This device's file was not written: sync "
               "again to finish."));
        break;
    }
  });
}

void draw_drives(UiContext& ctx, float width) {
  SyncScreenState& s = ctx.state.sync;
  const Palette& p = palette();
  if (s.drives.drives.empty()) {
    ui_text(tr("No USB drive found. Plug one in: it appears here within a few seconds."),
            ctx.fonts.strong, p.muted);
    return;
  }
  for (size_t i = 0; i < s.drives.drives.size(); ++i) {
    const Drive& d = s.drives.drives[i];
    const std::string id = "##sync-drive-" + std::to_string(i);
    const bool busy = s.job != nullptr;
    // A read-only drive can only be read (sync_with_drive leaves nothing on it).
    const std::string label =
        sync_fmt_s(d.read_only ? tr("Read USB drive %s") : tr("Sync with USB drive %s"), d.label);
    // The heading face where the words fit it on two lines, else the bold body face (uk, es, fr
    // at 200 % in portrait).
    ImFont* font = or_current_font(ctx.fonts.heading);
    for (ImFont* smaller : {ctx.fonts.strong, ctx.fonts.body})
      if (smaller && text_width(font, label) > 1.4f * (width - px(8))) font = smaller;
    if (touch_button(id.c_str(), label, width, busy ? ButtonLook::plain : ButtonLook::selected,
                     p.offer, font, touch_target() * 1.5f) &&
        !busy) {
      s.last.reset();
      s.job = SyncJob::start(ctx.store, d);
    }
    if (d.has_mailbox)
      ui_text(tr("Has a Mutua mailbox."), nullptr, p.muted);
    else if (!d.read_only)
      ui_text(tr("No Mutua mailbox yet: syncing starts one."), nullptr, p.muted);
    // A write-protected stick: its button reads the others' files and leaves nothing
    // (MailboxAccess::read_only); the result card then says this device's file is not there.
    if (d.read_only)
      ui_text(tr("Read-only: other devices' files on it can be read, but this device's file "
                 "cannot be left there."),
              nullptr, p.urgent);
  }
}

void draw_lists(UiContext& ctx, float width) {
  SyncScreenState& s = ctx.state.sync;
  const Palette& p = palette();
  if (!s.network_name.empty()) {
    ui_text(sync_fmt_s(tr("Network: %s"), s.network_name), ctx.fonts.strong);
    ImGui::Dummy(ImVec2(width, px(4)));
  }
  ui_text(tr("Devices heard from"), ctx.fonts.strong);
  if (s.heard.empty()) ui_text(tr("None yet."), nullptr, p.muted);
  for (const auto& h : s.heard) {
    ui_text(fit_text(ImGui::GetFont(), h.device, width * 0.6f));
    ImGui::SameLine(width * 0.62f);
    ui_text(sync_fmt_s(tr("last heard %s"), format_age(h.last_heard, ctx.now_ms)), nullptr,
            p.muted);
  }
  ImGui::Dummy(ImVec2(width, px(8)));
  ui_text(tr("Past syncs"), ctx.fonts.strong);
  if (s.history.empty()) ui_text(tr("None yet."), nullptr, p.muted);
  const auto names = device_names(ctx.store);
  for (const auto& e : s.history) {
    const std::string from =
        e.sender.is_zero() ? file_owner(names, e.source) : name_of(names, e.sender);
    const bool failed = !e.error.empty() || e.problem != 0;
    std::string what;
    if (failed)
      what = sync_problem_words(is_lan_source(e.source)
                                    ? lan_stored_failure(e.problem, e.detail)
                                    : SyncFailure{SyncProblem(e.problem), e.detail},
                                e.error);
    else if (e.new_entries >= 0)
      what = counts_line(e.new_entries, e.updated_entries, e.conflicts);
    else  // logged before needs and offers were counted apart: every record
      what = counts_line(e.added, e.updated, e.conflicts);
    ui_text(format_age(e.at, ctx.now_ms) + "  \xC2\xB7  " +
                fit_text(ImGui::GetFont(), from, width * 0.5f),
            nullptr, p.muted);
    ui_text(what, nullptr, failed ? p.urgent : p.text);
    for (const auto& line : sync_log_revocation_notes(e)) ui_text(line, nullptr, p.urgent);
    for (const auto& k : e.clock_skews) ui_text(clock_skew_words(names, k), nullptr, p.urgent);
  }
}

}  // namespace

// "id 1a2b3c4d, created 12 Nov 2026" from a side of the other_network detail ("1a2b3c4d" or
// "1a2b3c4d 2026-11-12"); the day is left out when unknown or unreadable.
namespace {
std::string network_side_words(const std::string& side) {
  const size_t space = side.find(' ');
  const std::string id = side.substr(0, space);
  if (space != std::string::npos)
    if (auto day = parse_day_iso(side.substr(space + 1)))
      return sync_fmt_s(tr("id %s, created %s"), id, format_day(*day));
  return sync_fmt_s(tr("id %s"), id);
}
}  // namespace

std::string sync_problem_words(const SyncFailure& f, const std::string& english) {
  using P = SyncProblem;
  switch (f.problem) {
    case P::not_a_bundle:
      return tr("It is not a Mutua file.");
    case P::newer_format:
      return tr("It was made by a newer Mutua. Update this device.");
    case P::damaged:
      return tr("It is damaged or cut short. Sync that device again to replace it.");
    case P::other_network: {
      if (f.detail.empty()) return tr("It holds data from another network.");
      // "<name>\t<their side>\t<our side>" when both networks have one name, a side being a
      // short id and, when known, " YYYY-MM-DD" (the day the network was created); else the name.
      const size_t tab = f.detail.find('\t');
      if (tab == std::string::npos)
        return sync_fmt_s(tr("It holds data from network '%s'."), f.detail);
      const std::string name = f.detail.substr(0, tab), ids = f.detail.substr(tab + 1);
      const size_t tab2 = ids.find('\t');
      const std::string theirs = ids.substr(0, tab2);
      const std::string ours = tab2 == std::string::npos ? std::string("?") : ids.substr(tab2 + 1);
      char buf[768];
      std::snprintf(buf, sizeof buf,
                    tr("It holds data from another network also called '%s' (%s). This device is "
                       "in '%s' (%s)."),
                    name.c_str(), network_side_words(theirs).c_str(), name.c_str(),
                    network_side_words(ours).c_str());
      return buf;
    }
    case P::no_network:
      return tr("This device has not joined a network yet.");
    case P::revoked_device:
      return sync_fmt_s(tr("It comes from %s, a device removed from the network."), f.detail);
    case P::wrong_key:
      return sync_fmt_s(tr("It claims to come from %s but is not signed by that device."),
                        f.detail);
    case P::too_large:
      return tr("It is too large to read.");
    case P::invalid_record:
      return tr("It holds a record this device cannot accept.");
    case P::forged_key:
      return sync_fmt_s(
          tr("%s sent a record that would change another device's key. Nothing from it "
             "was imported."),
          f.detail);
    case P::missing_key:
      return tr(
          "It is locked with a network key this device does not have yet. Sync with another device "
          "first; a removed device is not given new keys.");
    case P::cannot_read:
      return tr("Could not read the drive.");
    case P::unreachable:
      return tr("Could not reach it. Is it turned on and on this Wi-Fi?");
    case P::cannot_save:
      return tr("This device could not save what arrived. Try again.");
    case P::no_folder:
      return tr("The drive is no longer there. Plug it in and try again.");
    case P::cannot_write:
      return tr("Could not write to the drive. Is it full or locked?");
    case P::none:
      break;
  }
  return english;  // a reason without a code: only the sync layer's English line
}

std::string sync_summary_line(const MailboxResult& r) {
  std::string line =
      counts_line((long long)r.new_entries, (long long)r.updated_entries, (long long)r.conflicts);
  line += ", ";
  line += r.devices == 1 ? std::string(tr("from 1 device"))
                         : fmt(tr("from %lld devices"), (long long)r.devices);
  return line;
}

void sync_data_changed(UiContext& ctx) {
  data_changed(ctx);
  ctx.state.wants_frame = true;
}

void enter_sync(UiContext& ctx) {
  ctx.state.sync.stale = true;
  refresh_drives(ctx.state.sync.drives, true);
}

void poll_sync(UiContext& ctx) {
  SyncScreenState& s = ctx.state.sync;
  if (!s.job) return;
  if (!s.job->finished()) {
    if (ctx.state.redraw_in_ms == 0 || ctx.state.redraw_in_ms > kProgressRedrawMs)
      ctx.state.redraw_in_ms = kProgressRedrawMs;
    return;
  }
  s.last = s.job->take();
  s.job.reset();
  data_changed(ctx);
}

void draw_sync(UiContext& ctx) {
  SyncScreenState& s = ctx.state.sync;
  poll_sync(ctx);
  if (s.stale) reload_lists(ctx);
  refresh_drives(s.drives);
  ctx.state.redraw_in_ms = s.job ? kProgressRedrawMs : kDrivePollMs;

  desk_top_bar(ctx, Screen::console, tr("Sync"));
  ImGui::BeginChild("##sync-scroll", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  const float w = ImGui::GetContentRegionAvail().x;
  const float gap = px(24);
  const bool wide = w > px(900);
  const float left = wide ? (w - gap) * 0.55f : w;
  const float right = wide ? w - gap - left : w;
  // Text wraps at each column's edge (ui_text follows the pushed wrap position).
  const float x0 = ImGui::GetCursorScreenPos().x - ImGui::GetWindowPos().x;
  ImGui::PushTextWrapPos(x0 + left);
  ImGui::BeginGroup();
  if (s.job)
    draw_running(ctx, *s.job, left);
  else if (s.last)
    draw_outcome(ctx, *s.last, left);
  // Where local Wi-Fi sync is on, its peers come first: they are this site's usual sync.
  const bool lan_first = s.lan && s.lan->enabled();
  if (lan_first) draw_lan_peers(ctx, left);
  draw_drives(ctx, left);
  if (!lan_first) draw_lan_peers(ctx, left);
  ImGui::EndGroup();
  ImGui::PopTextWrapPos();
  if (wide)
    ImGui::SameLine(0, gap);
  else
    ImGui::Dummy(ImVec2(w, px(8)));
  ImGui::PushTextWrapPos(wide ? x0 + w : x0 + right);
  ImGui::BeginGroup();
  draw_lists(ctx, right);
  ImGui::EndGroup();
  ImGui::PopTextWrapPos();
  if (update_drag_scroll(s.scroll)) ctx.state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
