#include "app/ui/screens.hpp"

#include <array>

#include "app/ui/board.hpp"
#include "app/ui/coming_soon.hpp"
#include "app/ui/home.hpp"

namespace mutua {

namespace {
const std::array<ScreenInfo, 5> kScreens{{
    {Screen::home, "home", enter_home, draw_home},
    {Screen::board, "board", enter_board, draw_board},
    {Screen::need, "need", nullptr, draw_need_placeholder},
    {Screen::offer, "offer", nullptr, draw_offer_placeholder},
    {Screen::ticket, "ticket", nullptr, draw_ticket_placeholder},
}};
}  // namespace

std::span<const ScreenInfo> all_screens() { return kScreens; }

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
