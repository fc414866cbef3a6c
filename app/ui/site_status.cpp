#include "app/ui/site_status.hpp"

#include <cstdio>
#include <ctime>

#include "app/ui/format.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "core/store.hpp"

namespace mutua {

namespace {

int64_t local_midnight_ms(int64_t now_ms) {
  const std::time_t t = std::time_t(now_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return int64_t(std::mktime(&tm)) * 1000;
}

}  // namespace

int64_t count_needs_met_today(const Store& store, int64_t now_ms) {
  EntryQuery q;
  q.kind = Kind::need;
  q.status = Status::met;
  q.updated_since = local_midnight_ms(now_ms);
  return store.entries().count(q);
}

std::string this_site_name(const Store& store) {
  if (auto s = store.replica().local_get("site_name"); s && !s->empty()) return *s;
  if (auto d = store.devices().get(store.replica().device_id())) return d->site;
  return std::string();
}

std::vector<std::string> status_line_forms(const UiContext& ctx) {
  const HomeState& h = ctx.state.home;
  const char* sep = "  \xC2\xB7  ";
  const std::string met = format_counts(tr("Needs met today: %s"), h.met_today);
  const std::string counts =
      format_counts(tr("%s open needs  \xC2\xB7  %s open offers"), h.open_needs, h.open_offers);
  std::vector<std::string> forms;
  if (!h.site_name.empty()) forms.push_back(h.site_name + sep + met + sep + counts);
  forms.push_back(met + sep + counts);
  forms.push_back(counts);
  forms.push_back(met);
  return forms;
}

}  // namespace mutua
