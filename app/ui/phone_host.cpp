#include "app/ui/phone_host.hpp"

#include <imgui.h>

#include <stdexcept>

#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/web/phone_pages.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/flow.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/qr.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"
#include "sync/lan_discovery.hpp"

namespace mutua {

bool phone_pages_on(const Store& store) {
  return store.replica().local_get("phone_pages") == "on";
}

void set_phone_pages_on(Store& store, bool on) {
  store.replica().local_set("phone_pages", on ? "on" : "off");
}

PhoneHost::PhoneHost() = default;

PhoneHost::~PhoneHost() {
  if (pages_) pages_->stop();
  // A start still under way: ~Task cancels and waits (bounded); pages it made stop with it.
}

void PhoneHost::follow(const Store& store, bool on) {
  poll();
  if (!on) {
    if (pages_) pages_->stop();
    pages_.reset();
    error_.clear();
    wanted_ = false;  // a start under way is stopped when it ends (poll)
    return;
  }
  if (pages_ || wanted_) return;
  wanted_ = true;
  if (start_) return;  // the one under way (from before an off) is taken as this start
  const std::string db = store.path(), where = bind;
  const uint16_t at = port;
  start_ = Task<Started>::run("phone pages", [db, where, at](TaskControl& c) {
    auto started = PhonePages::start(db, where, at);
    if (!started) throw std::runtime_error(started.error());
    Started s;
    s.pages = std::shared_ptr<PhonePages>(std::move(*started));
    c.check();  // cancelled (the app closing): the pages stop as `s` goes
    s.addresses = where == "0.0.0.0" ? local_ipv4_addresses() : std::vector<std::string>{where};
    return s;
  });
}

void PhoneHost::poll() {
  if (!start_ || !start_->finished()) return;
  const auto task = std::move(start_);
  start_.reset();
  if (task->has_value()) {
    Started s = task->take();
    if (!wanted_) {  // turned off meanwhile
      s.pages->stop();
      return;
    }
    error_.clear();
    pages_ = std::move(s.pages);
    addresses_ = std::move(s.addresses);
  } else if (wanted_) {
    error_ = task->failed() ? task->error() : std::string();
  }
}

std::string PhoneHost::address() const {
  if (!pages_ || addresses_.empty()) return {};
  return "http://" + addresses_.front() + ":" + std::to_string(pages_->port());
}

void draw_phone_pages_setting(UiContext& ctx) {
  const Palette& p = palette();
  ui_text_wrapped(tr("Phone pages"), ctx.fonts.strong, p.text);
  if (ctx.state.phone) ctx.state.phone->poll();
  const bool on = phone_pages_on(ctx.store);
  if (chip("##phone_on", tr("On"), on, p.offer) && is_tap() && !on) {
    set_phone_pages_on(ctx.store, true);
    if (ctx.state.phone) ctx.state.phone->follow(ctx.store, true);
  }
  same_line_if_fits(chip_width(tr("Off")));  // below "On" where both do not fit
  if (chip("##phone_off", tr("Off"), !on, p.available) && is_tap() && on) {
    set_phone_pages_on(ctx.store, false);
    if (ctx.state.phone) ctx.state.phone->follow(ctx.store, false);
  }
  if (!ctx.state.phone) return;
  if (!ctx.state.phone->error().empty())
    ui_text_wrapped(ctx.state.phone->error(), ctx.fonts.body, p.urgent);
  else if (const std::string a = ctx.state.phone->address(); !a.empty())
    ui_text_wrapped(a, ctx.fonts.body, p.muted);
}

bool draw_phone_pages_strip(UiContext& ctx, float width, float height) {
  if (ctx.state.phone) ctx.state.phone->poll();
  if (!ctx.state.phone || !ctx.state.phone->running()) return false;
  const std::string address = ctx.state.phone->address();
  if (address.empty()) return false;
  const Palette& p = palette();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_qr(ImGui::GetWindowDrawList(), at, height, address);
  ImGui::Dummy(ImVec2(height, height));
  ImGui::SameLine(0, px(16));
  ImGui::BeginGroup();
  ui_text_wrapped(tr("Use your own phone: scan this"), ctx.fonts.strong, p.text);
  ui_text_wrapped(address, ctx.fonts.body, p.muted);
  ImGui::EndGroup();
  (void)width;
  return true;
}

}  // namespace mutua
