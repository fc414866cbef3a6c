#include "app/ui/lan_sync_loop.hpp"

#include <algorithm>
#include <utility>

#include "core/store.hpp"

namespace mutua {

namespace {

uint64_t vector_sum(const Store& store) {
  uint64_t sum = 0;
  for (const auto& [origin, seq] : store.replica().version_vector()) sum += seq;
  return sum;
}

bool same_service(const LanSettings& a, const LanSettings& b) {
  return a.bind == b.bind && a.port == b.port && a.announce_address == b.announce_address &&
         a.announce_port == b.announce_port && a.dns_sd == b.dns_sd;
}

}  // namespace

LanSyncLoop::LanSyncLoop(LanSeams seams, LanLoopTiming timing, ChangeMarker marker)
    : seams_(std::move(seams)), timing_(timing), marker_(std::move(marker)) {
  if (!marker_) marker_ = vector_sum;
}

LanSyncLoop::~LanSyncLoop() {
  try {
    stop();
  } catch (...) {  // a destructor never throws; the seams' stop functions should not either
  }
}

LanTarget* LanSyncLoop::find(const LanAddress& a) {
  for (auto& t : targets_)
    if (t.address == a) return &t;
  return nullptr;
}

void LanSyncLoop::start_services(Store& ui_store) {
  port_ = 0;
  serve_error_.clear();
  const std::string path = store_file(ui_store);
  if (seams_.start_serving) {
    if (path.empty()) {
      serve_error_ = "an in-memory database cannot be served";
    } else {
      auto served = seams_.start_serving(path, settings_, [flag = served_import_, wake = wake] {
        flag->store(true, std::memory_order_release);
        if (wake) wake();
      });
      if (served) {
        port_ = *served;
        serving_ = true;
      } else {
        serve_error_ = served.error();
      }
    }
  }
  if (seams_.start_discovery) {
    seams_.start_discovery(ui_store, settings_, port_);
    discovering_ = true;
  }
}

void LanSyncLoop::stop_services() {
  if (discovering_ && seams_.stop_discovery) seams_.stop_discovery();
  discovering_ = false;
  if (serving_ && seams_.stop_serving) seams_.stop_serving();
  serving_ = false;
  port_ = 0;
}

void LanSyncLoop::stop() {
  if (task_) {
    task_->cancel();
    task_.reset();  // ~Task waits at most stop_bound, then leaves the thread to end alone
  }
  stop_services();
}

void LanSyncLoop::apply_settings(Store& ui_store, int64_t now_ms) {
  const LanSettings old = settings_;
  const bool was = enabled_;
  settings_ = load_lan_settings(ui_store.replica());
  self_ = ui_store.replica().device_id();
  enabled_ = settings_.enabled;
  if (!enabled_) {
    if (was) stop();
    targets_.clear();
    round_at_ = last_round_ = 0;
    last_marker_.reset();
    ++generation_;
    return;
  }
  if (!was || !same_service(old, settings_)) {
    if (was) stop_services();
    start_services(ui_store);
  }
  // Typed peers: new ones are synced with at once; removed ones are forgotten.
  std::vector<LanAddress> typed;
  for (const auto& text : settings_.manual_peers)
    if (auto a = parse_lan_address(text)) typed.push_back(*a);
  std::erase_if(targets_, [&](const LanTarget& t) {
    return t.typed && std::find(typed.begin(), typed.end(), t.address) == typed.end();
  });
  for (const auto& a : typed) {
    if (LanTarget* t = find(a)) {
      t->typed = true;
      continue;
    }
    LanTarget t;
    t.address = a;
    t.typed = true;
    t.next_due = now_ms;
    targets_.push_back(std::move(t));
  }
  if (!was) {
    plan_round(now_ms);  // on start: everyone known so far
    last_marker_.reset();
    last_check_ = 0;
  }
  ++generation_;
}

void LanSyncLoop::show_example(const LanSettings& settings, std::vector<LanTarget> targets) {
  settings_ = settings;
  enabled_ = settings.enabled;
  targets_ = std::move(targets);
  for (auto& t : targets_) t.next_due = 0;
  last_round_ = 0;
  ++generation_;
}

void LanSyncLoop::plan_round(int64_t now_ms) {
  last_round_ = now_ms;
  // A peer that failed keeps its pause (next_due is its retry time): no hammering.
  for (auto& t : targets_)
    if (t.failures == 0 || t.next_due == 0) t.next_due = now_ms;
}

void LanSyncLoop::sync_now(int64_t now_ms) {
  if (!enabled_) return;
  for (auto& t : targets_) t.next_due = now_ms;
  round_at_ = 0;
  last_round_ = now_ms;
}

void LanSyncLoop::refresh_targets(int64_t now_ms) {
  if (!seams_.discovered_peers) return;
  const std::vector<DiscoveredPeer> found = seams_.discovered_peers();
  for (auto& t : targets_)
    if (!t.typed) t.seen = false;
  for (const auto& p : found) {
    if (p.device && *p.device == self_) continue;  // our own announce
    LanTarget* t = find(p.address);
    if (!t && p.device)
      for (auto& other : targets_)
        if (!other.typed && other.device == p.device) {
          other.address = p.address;  // the same device at a new address
          t = &other;
          break;
        }
    if (!t) {
      LanTarget fresh;
      fresh.address = p.address;
      fresh.device = p.device;
      fresh.next_due = now_ms;  // a newly found peer: sync with it at once
      targets_.push_back(std::move(fresh));
      ++generation_;
      continue;
    }
    t->seen = true;
    if (p.device && !t->device) t->device = p.device;
  }
  // A found peer that discovery no longer lists and that kept failing is forgotten.
  const size_t before = targets_.size();
  std::erase_if(targets_, [&](const LanTarget& t) {
    return !t.typed && !t.seen && t.failures >= timing_.max_failures_unseen &&
           !(task_ && t.address == running_);
  });
  if (targets_.size() != before) ++generation_;
}

void LanSyncLoop::take_finished(int64_t now_ms, bool& changed) {
  if (!task_ || !task_->finished()) return;
  Outcome o;
  if (task_->has_value()) {
    o = task_->take();
  } else {
    o.address = running_;
    o.error = task_->was_cancelled() ? std::string("stopped") : task_->error();
  }
  task_.reset();
  ++generation_;
  if (o.ok) keys_stale_ = true;  // even with no records counted: a key grant may have come
  LanTarget* t = find(o.address);
  if (!t) return;
  t->last_attempt = now_ms;
  if (o.ok) {
    t->failures = 0;
    t->last_failure = {};
    t->last_error.clear();
    if (!o.exchange.peer.is_zero()) t->device = o.exchange.peer;
    if (o.exchange.received.added + o.exchange.received.updated > 0) changed = true;
    t->last_exchange = std::move(o.exchange);
    return;
  }
  ++t->failures;
  int64_t pause = timing_.first_retry_ms;
  for (int i = 1; i < t->failures && pause < timing_.max_retry_ms; ++i) pause *= 2;
  pause = std::min(pause, timing_.max_retry_ms);
  t->next_due = now_ms + pause;
  t->last_failure = o.failure;
  t->last_error = o.error.empty() ? std::string("failed") : o.error;
}

void LanSyncLoop::start_next(Store& ui_store, int64_t now_ms) {
  if (task_ || !seams_.sync) return;
  LanTarget* next = nullptr;
  for (auto& t : targets_)
    if (t.next_due > 0 && t.next_due <= now_ms && (!next || t.next_due < next->next_due)) next = &t;
  if (!next) return;
  next->next_due = 0;
  running_ = next->address;
  ++exchanges_started_;
  task_ = run_with_own_store<Outcome>(
      "LAN sync with " + running_.text(), ui_store,
      [sync = seams_.sync, wake = wake, address = running_](Store& own, TaskControl& control) {
        control.check();
        Outcome o;
        o.address = address;
        auto r = sync(own, address, &o.failure);
        if (r) {
          o.ok = true;
          o.exchange = std::move(*r);
        } else {
          o.error = r.error();
        }
        if (wake) wake();
        return o;
      },
      timing_.stop_bound);
}

bool LanSyncLoop::tick(Store& ui_store, int64_t now_ms) {
  if (!enabled_) return false;
  bool changed = false;
  if (served_import_->exchange(false, std::memory_order_acq_rel)) {
    changed = true;
    keys_stale_ = true;
    ++generation_;
  }
  take_finished(now_ms, changed);
  if (last_check_ == 0 || now_ms - last_check_ >= timing_.check_ms) {
    last_check_ = now_ms;
    const uint64_t marker = marker_(ui_store);
    // A change (ours, or one an exchange brought for the others): one round once it settles.
    if (last_marker_ && marker != *last_marker_) {
      round_at_ = now_ms + timing_.debounce_ms;
      keys_stale_ = true;
    }
    last_marker_ = marker;
    refresh_targets(now_ms);
  }
  if (keys_stale_) {
    keys_stale_ = false;
    if (discovering_ && seams_.refresh_discovery) seams_.refresh_discovery(ui_store);
  }
  if (round_at_ != 0 && now_ms >= round_at_) {
    round_at_ = 0;
    plan_round(now_ms);
  } else if (last_round_ != 0 && now_ms - last_round_ >= timing_.periodic_ms) {
    plan_round(now_ms);
  }
  start_next(ui_store, now_ms);
  return changed;
}

std::vector<LanPeerState> LanSyncLoop::peer_states(const Store& ui_store) const {
  return seams_.peer_states ? seams_.peer_states(ui_store) : std::vector<LanPeerState>{};
}

std::vector<std::string> LanSyncLoop::local_addresses() const {
  return seams_.local_addresses ? seams_.local_addresses() : std::vector<std::string>{};
}

int64_t LanSyncLoop::next_wake_ms(int64_t now_ms) const {
  if (!enabled_) return 0;
  if (task_) return 100;
  int64_t at = last_round_ != 0 ? last_round_ + timing_.periodic_ms : 0;
  auto consider = [&](int64_t t) {
    if (t > 0 && (at == 0 || t < at)) at = t;
  };
  consider(round_at_);
  for (const auto& t : targets_) consider(t.next_due);
  if (at == 0) return 0;
  return std::max<int64_t>(1, at - now_ms);
}

}  // namespace mutua
