#include "app/ui/lan_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/ui/format.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/qr.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

std::string fmt_n(const char* format, long long a, long long b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}
std::string fmt_s(const char* format, const std::string& a) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a.c_str());
  return buf;
}

bool row_failed(const LanPeerState& p) {
  return p.last_failure.problem != SyncProblem::none || p.last_attempt > p.last_exchange;
}

// How a typed address is kept: as typed people read it, the port only when it is not the usual.
std::string typed_text(const LanAddress& a) {
  return a.port == kLanPort ? a.host : a.text();
}

// This device's address as others type it, with the port when it is not the usual one.
std::string own_address_text(const std::string& ip, uint16_t port) {
  return port == 0 || port == kLanPort ? ip : ip + ":" + std::to_string(port);
}

}  // namespace

std::vector<LanPeerRow> lan_peer_rows(const std::vector<LanPeerState>& stored,
                                      const std::vector<LanTarget>& targets) {
  std::vector<LanPeerRow> rows;
  std::vector<std::optional<Id>> devices;  // per row, to match the loop's targets
  for (const auto& p : stored) {
    LanPeerRow r;
    r.name = p.name.empty() ? p.address.text() : p.name;
    r.address = p.address.text();
    r.last_exchange = p.last_exchange;
    r.behind = p.behind;
    r.last_attempt = p.last_attempt;
    r.failed = row_failed(p);
    r.failure = p.last_failure;
    rows.push_back(std::move(r));
    devices.push_back(p.device);
  }
  for (const auto& t : targets) {
    size_t i = 0;
    for (; i < rows.size(); ++i)
      if ((t.device && devices[i] == t.device) || rows[i].address == t.address.text()) break;
    if (i == rows.size()) {
      LanPeerRow r;
      r.name = t.address.text();
      r.address = t.address.text();
      rows.push_back(std::move(r));
      devices.push_back(t.device);
    }
    LanPeerRow& r = rows[i];
    if (t.last_attempt == 0 || t.last_attempt < r.last_attempt) continue;  // stored is newer
    r.last_attempt = t.last_attempt;
    r.failed = t.last_failure.problem != SyncProblem::none || !t.last_error.empty();
    r.failure = t.last_failure;
    r.error = t.last_error;
    if (t.last_exchange) {
      if (!t.last_exchange->peer_name.empty()) r.name = t.last_exchange->peer_name;
      r.last_exchange = std::max(r.last_exchange, t.last_exchange->finished_at);
      if (!r.failed) r.behind = t.last_exchange->peer_behind;
    }
  }
  // Problems first, then who is behind, then by name: what needs a look is on top.
  std::stable_sort(rows.begin(), rows.end(), [](const LanPeerRow& a, const LanPeerRow& b) {
    if (a.failed != b.failed) return a.failed;
    if ((a.behind > 0) != (b.behind > 0)) return a.behind > 0;
    return a.name < b.name;
  });
  return rows;
}

std::string lan_peer_state_words(const LanPeerRow& r) {
  if (r.failed) {
    if (r.failure.problem == SyncProblem::none)
      return tr("Could not reach it. Is it turned on and on this Wi-Fi?");
    return sync_problem_words(r.failure, r.error);
  }
  if (r.last_exchange == 0) return tr("Not synced yet");
  if (r.behind == 0) return tr("Up to date");
  const long long n = static_cast<long long>(r.behind);
  return format_counts(trn("Behind by %s change", "Behind by %s changes", n), n);
}

std::string lan_peer_time_words(const LanPeerRow& r, int64_t now_ms) {
  if (r.last_exchange == 0) return tr("Never synced");
  return fmt_s(tr("Last synced %s"), format_age(r.last_exchange, now_ms));
}

std::string lan_overall_words(const std::vector<LanPeerRow>& rows) {
  const long long n = static_cast<long long>(rows.size());
  if (n == 0) return tr("No other device found yet.");
  const long long up = std::count_if(rows.begin(), rows.end(), [](const LanPeerRow& r) {
    return !r.failed && r.last_exchange > 0 && r.behind == 0;
  });
  if (up == n)
    return fmt_n(trn("%lld device is up to date", "All %lld devices are up to date", n), n);
  return fmt_n(trn("%lld of %lld device is up to date", "%lld of %lld devices are up to date", n),
               up, n);
}

bool lan_add_typed_peer(Store& store, LanSyncLoop* loop, const std::string& text, int64_t now_ms,
                        std::string* message) {
  const auto address = parse_lan_address(text);
  if (!address) {
    *message =
        tr("That is not an address. Type it the way Settings shows it on the other device, "
           "like 192.168.43.1.");
    return false;
  }
  LanSettings s = load_lan_settings(store.replica());
  for (const auto& existing : s.manual_peers)
    if (parse_lan_address(existing) == address) {
      *message = tr("That address is already in the list.");
      return false;
    }
  s.manual_peers.push_back(typed_text(*address));
  save_lan_settings(store.replica(), s);
  if (loop) loop->apply_settings(store, now_ms);
  *message = tr("Saved.");
  return true;
}

void lan_remove_typed_peer(Store& store, LanSyncLoop* loop, const std::string& text,
                           int64_t now_ms) {
  LanSettings s = load_lan_settings(store.replica());
  std::erase(s.manual_peers, text);
  save_lan_settings(store.replica(), s);
  if (loop) loop->apply_settings(store, now_ms);
}

void lan_set_enabled(Store& store, LanSyncLoop* loop, bool on, int64_t now_ms) {
  LanSettings s = load_lan_settings(store.replica());
  s.enabled = on;
  save_lan_settings(store.replica(), s);
  if (loop) loop->apply_settings(store, now_ms);
}

void poll_lan(UiContext& ctx) {
  LanSyncLoop* loop = ctx.state.sync.lan.get();
  if (!loop) return;
  if (loop->tick(ctx.store, ctx.now_ms)) sync_data_changed(ctx);
  const int64_t wake = loop->next_wake_ms(ctx.now_ms);
  if (wake > 0) {
    const int ms = static_cast<int>(std::min<int64_t>(wake, 30'000));
    if (ctx.state.redraw_in_ms == 0 || ctx.state.redraw_in_ms > ms) ctx.state.redraw_in_ms = ms;
  }
}

void draw_lan_peers(UiContext& ctx, float width) {
  SyncScreenState& s = ctx.state.sync;
  const Palette& p = palette();
  LanSyncLoop* loop = s.lan.get();
  ImGui::Dummy(ImVec2(width, px(8)));
  ui_text(tr("Local Wi-Fi"), ctx.fonts.strong);
  if (!loop || !loop->enabled()) {
    ui_text(tr("Local Wi-Fi sync is off. A coordinator can turn it on in Settings."), nullptr,
            p.muted);
    return;
  }
  if (s.lan_generation != loop->generation() || s.stale) {
    s.lan_stored = loop->peer_states(ctx.store);
    s.lan_generation = loop->generation();
  }
  const std::vector<LanPeerRow> rows = lan_peer_rows(s.lan_stored, loop->targets());
  const bool all_up = !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const auto& r) {
    return !r.failed && r.last_exchange > 0 && r.behind == 0;
  });
  ui_text(lan_overall_words(rows), ctx.fonts.heading, all_up ? p.offer : p.text);
  if (rows.empty())
    ui_text(tr("Devices on this Wi-Fi with local sync turned on appear here by themselves."),
            nullptr, p.muted);
  for (size_t i = 0; i < rows.size(); ++i) {
    const LanPeerRow& r = rows[i];
    ImGui::PushID(static_cast<int>(i));
    ui_text(fit_text(ctx.fonts.strong, r.name, width), ctx.fonts.strong);
    const ImU32 colour = r.failed                                 ? p.urgent
                         : (r.behind > 0 || r.last_exchange == 0) ? p.text
                                                                  : p.offer;
    ui_text(lan_peer_state_words(r), nullptr, colour);
    ui_text(lan_peer_time_words(r, ctx.now_ms), nullptr, p.muted);
    ImGui::PopID();
  }
  if (!loop->serve_error().empty())
    ui_text(fmt_s(tr("Other devices cannot start a sync with this one: %s"), loop->serve_error()),
            nullptr, p.urgent);
  if (loop->busy()) {
    ui_text(tr("Syncing\xE2\x80\xA6"), nullptr, p.muted);
  } else if (touch_button("##lan-sync-now", tr("Sync now"),
                          std::min(text_width(ctx.fonts.strong, tr("Sync now")) + px(36), width),
                          ButtonLook::plain, p.offer, ctx.fonts.strong) &&
             is_tap()) {
    loop->sync_now(ctx.now_ms);
    ctx.state.wants_frame = true;
  }
}

void draw_lan_settings(UiContext& ctx) {
  SettingsScreenState& s = ctx.state.console.settings;
  const Palette& p = palette();
  LanSyncLoop* loop = ctx.state.sync.lan.get();
  // The loop follows the store (apply_settings after every change); presets show theirs.
  const LanSettings set = loop ? loop->settings() : load_lan_settings(ctx.store.replica());
  ui_text_wrapped(tr("Devices on the same Wi-Fi keep each other up to date by themselves, with no "
                     "USB stick."),
                  ctx.fonts.body, p.muted);
  if (chip("##lan_on", tr("On"), set.enabled, p.offer) && is_tap() && !set.enabled) {
    lan_set_enabled(ctx.store, loop, true, ctx.now_ms);
    s.lan_addresses_read = false;
  }
  same_line_if_fits(chip_width(tr("Off")));
  if (chip("##lan_off", tr("Off"), !set.enabled, p.available) && is_tap() && set.enabled)
    lan_set_enabled(ctx.store, loop, false, ctx.now_ms);
  if (!s.lan_addresses_read) {
    s.lan_addresses = loop ? loop->local_addresses() : std::vector<std::string>{};
    s.lan_addresses_read = true;
  }
  if (!set.enabled) {
    ui_text_wrapped(tr("Off: this device syncs only by USB stick."), ctx.fonts.body, p.muted);
  } else if (s.lan_addresses.empty()) {
    ui_text_wrapped(tr("This device is not on a Wi-Fi network right now."), ctx.fonts.body,
                    p.urgent);
  } else {
    const uint16_t port = loop && loop->serving_port() != 0 ? loop->serving_port() : set.port;
    const std::string address = own_address_text(s.lan_addresses.front(), port);
    ui_text_wrapped(fmt_s(tr("Other devices on this Wi-Fi can sync with this one at %s"), address),
                    ctx.fonts.strong, p.text);
    for (size_t i = 1; i < s.lan_addresses.size(); ++i)
      ui_text_wrapped(fmt_s(tr("or at %s"), own_address_text(s.lan_addresses[i], port)),
                      ctx.fonts.body, p.muted);
    const float side = std::min(ImGui::GetContentRegionAvail().x, px(220));
    draw_qr(ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), side, address);
    ImGui::Dummy(ImVec2(side, side));
  }
  if (loop && set.enabled && !loop->serve_error().empty())
    ui_text_wrapped(
        fmt_s(tr("Other devices cannot start a sync with this one: %s"), loop->serve_error()),
        ctx.fonts.body, p.urgent);

  ui_text_wrapped(tr("Devices to sync with by address"), ctx.fonts.strong, p.text);
  ui_text_wrapped(tr("A device that is not found by itself (on a phone's hotspot, say) can be "
                     "typed here."),
                  ctx.fonts.body, p.muted);
  const float w = ImGui::GetContentRegionAvail().x;
  const float button_w = std::max(px(130), w * 0.2f);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  for (const std::string& typed : set.manual_peers) {
    ImGui::PushID(typed.c_str());
    const float text_w = w - button_w - spacing;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw_text(ImGui::GetWindowDrawList(), ctx.fonts.body,
              ImVec2(at.x, at.y + (touch_target() - ImGui::GetFontSize()) * 0.5f), p.text,
              fit_text(ctx.fonts.body, typed, text_w), text_w);
    ImGui::Dummy(ImVec2(text_w, touch_target()));
    ImGui::SameLine();
    if (touch_button("##lan_remove", tr("Remove"), button_w, ButtonLook::plain, p.urgent,
                     ctx.fonts.body) &&
        is_tap()) {
      lan_remove_typed_peer(ctx.store, loop, typed, ctx.now_ms);
      s.message_is_error = false;
      s.message = tr("Removed.");
    }
    ImGui::PopID();
  }
  text_field_name(tr("Address, like 192.168.43.1"), w - button_w - spacing);
  ImGui::SetNextItemWidth(w - button_w - spacing);
  touch_text_field("##lan_new_peer", nullptr, &s.lan_new_peer, TextFieldKind::text, 64);
  ImGui::SameLine();
  if (touch_button("##lan_add", tr("Add"), button_w, ButtonLook::selected, p.offer,
                   ctx.fonts.body) &&
      is_tap()) {
    const bool added = lan_add_typed_peer(ctx.store, loop, s.lan_new_peer, ctx.now_ms, &s.message);
    s.message_is_error = !added;
    if (added) s.lan_new_peer.clear();
  }
}

}  // namespace mutua
