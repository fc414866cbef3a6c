#include "app/ui/screens.hpp"

#include <array>

#include "app/ui/board.hpp"
#include "app/ui/check_ticket.hpp"
#include "app/ui/console_home.hpp"
#include "app/ui/console_language.hpp"
#include "app/ui/csv_import_screen.hpp"
#include "app/ui/entry_detail.hpp"
#include "app/ui/first_start.hpp"
#include "app/ui/handover.hpp"
#include "app/ui/home.hpp"
#include "app/ui/match_screen.hpp"
#include "app/ui/matched_list.hpp"
#include "app/ui/need_wizard.hpp"
#include "app/ui/offer_detail.hpp"
#include "app/ui/offer_wizard.hpp"
#include "app/ui/offers_stock.hpp"
#include "app/ui/pictogram_sheet.hpp"
#include "app/ui/pin_pad.hpp"
#include "app/ui/queue.hpp"
#include "app/ui/reports_screen.hpp"
#include "app/ui/settings_screen.hpp"
#include "app/ui/sync_screen.hpp"

namespace mutua {

namespace {
const std::array kScreens{std::to_array<ScreenInfo>({
    {Screen::home, "home", enter_home, draw_home},
    {Screen::board, "board", enter_board, draw_board},
    {Screen::need, "need", enter_need, draw_need},
    {Screen::offer, "offer", enter_offer, draw_offer},
    {Screen::ticket, "ticket", enter_check_ticket, draw_check_ticket},
    {Screen::offer_detail, "offer-detail", nullptr, draw_offer_detail},
    {Screen::pin, "pin", enter_pin_pad, draw_pin_pad},
    {Screen::console, "console", enter_console_home, draw_console_home},
    {Screen::queue, "queue", enter_queue, draw_queue},
    {Screen::offers_stock, "offers-stock", enter_offers_stock, draw_offers_stock},
    {Screen::entry_detail, "entry-detail", nullptr, draw_entry_detail},
    {Screen::match, "match", nullptr, draw_match},
    {Screen::handover, "handover", nullptr, draw_handover},
    {Screen::matched, "matched", enter_matched_list, draw_matched_list},
    {Screen::sync, "sync", enter_sync, draw_sync},
    {Screen::reports, "reports", enter_reports, draw_reports},
    {Screen::settings, "settings", enter_settings, draw_settings},
    {Screen::csv_import, "csv-import", enter_csv_import, draw_csv_import},
    {Screen::pictograms, "pictograms", nullptr, draw_pictogram_sheet},
    {Screen::first_start, "first-start", enter_first_start, draw_first_start},
    {Screen::console_language, "console-language", nullptr, draw_console_language},
})};
}  // namespace

std::span<const ScreenInfo> all_screens() {
  return kScreens;
}

const ScreenInfo& screen_info(Screen id) {
  for (const auto& s : kScreens)
    if (s.id == id) return s;
  return kScreens[0];
}

std::optional<Screen> find_screen(std::string_view name) {
  for (const auto& s : kScreens)
    if (name == s.name) return s.id;
  return std::nullopt;
}

}  // namespace mutua
