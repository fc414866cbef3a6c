#include "app/ui/coming_soon.hpp"

#include <imgui.h>

#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/ui/top_bar.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

void draw_placeholder(UiContext& ctx, const char* title, const char* what) {
  draw_top_bar(ctx, title);
  ImGui::Dummy(ImVec2(0, px(8)));
  const Palette& p = palette();
  const float pad = px(24);
  const float width = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  // Text first on a split channel, so the panel behind it can be sized to what was drawn.
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImFont* strong = ctx.fonts.heading ? ctx.fonts.heading : ImGui::GetFont();
  ImFont* body = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  float y = min.y + pad;
  y += draw_text_wrapped(dl, strong, ImVec2(min.x + pad, y), p.text, tr("Coming soon"),
                         width - 2 * pad);
  y += px(12);
  y += draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), p.text, what, width - 2 * pad);
  y += px(12);
  y += draw_text_wrapped(dl, body, ImVec2(min.x + pad, y), p.muted,
                         tr("For now, please ask a volunteer at the desk."), width - 2 * pad);
  const ImVec2 max(min.x + width, y + pad);
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(min, max, p.notice, px(12));
  dl->ChannelsMerge();
  ImGui::Dummy(ImVec2(width, max.y - min.y));
}

}  // namespace

void draw_need_placeholder(UiContext& ctx) {
  draw_placeholder(ctx, tr("I need something"),
                   tr("Posting a need from this screen is not ready yet."));
}

void draw_offer_placeholder(UiContext& ctx) {
  draw_placeholder(ctx, tr("I can offer something"),
                   tr("Posting an offer from this screen is not ready yet."));
}

void draw_ticket_placeholder(UiContext& ctx) {
  draw_placeholder(ctx, tr("Check my ticket"),
                   tr("Looking up a ticket from this screen is not ready yet."));
}

}  // namespace mutua
