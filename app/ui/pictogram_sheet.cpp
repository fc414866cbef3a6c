#include "app/ui/pictogram_sheet.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/ui/state.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/pictogram.hpp"
#include "platform/scale.hpp"

namespace mutua {

void draw_pictogram_sheet(UiContext& ctx) {
  const Palette& p = palette();
  const auto& all = all_pictograms();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // As many columns as keep the cells near square.
  const int n = int(all.size());
  int cols = std::max(1, int(std::ceil(std::sqrt(float(n) * avail.x / std::max(1.0f, avail.y)))));
  const int rows = (n + cols - 1) / cols;
  const float cw = avail.x / float(cols), ch = avail.y / float(rows);
  ImFont* font = ctx.fonts.body ? ctx.fonts.body : ImGui::GetFont();
  for (int i = 0; i < n; ++i) {
    const Pictogram& pic = all[size_t(i)];
    const ImVec2 min(at.x + cw * float(i % cols), at.y + ch * float(i / cols));
    // The id below the pictogram, small enough to fit the cell (a reference, not for kiosk use).
    const std::string_view id = pic.id;
    const float full = text_width(font, id);
    const float size = std::min(font->FontSize * 0.8f, font->FontSize * (cw - px(6)) / full);
    const float icon = std::max(px(8), std::min(cw, ch - size) * 0.62f);
    const ImU32 colour = pic.id.rfind("status.", 0) == 0    ? p.ticket
                         : pic.id.rfind("urgency.", 0) == 0 ? p.need
                         : pic.id.rfind("action.", 0) == 0  ? p.text
                         : pic.id.rfind("tile.", 0) == 0    ? p.offer
                                                            : p.available;
    draw_pictogram(dl, pic, ImVec2(min.x + cw * 0.5f, min.y + (ch - size) * 0.45f), icon, colour);
    const float w = full * size / font->FontSize;
    dl->AddText(font, size, ImVec2(min.x + (cw - w) * 0.5f, min.y + ch - size - px(4)), p.muted,
                id.data(), id.data() + id.size());
  }
  ImGui::Dummy(avail);
}

}  // namespace mutua
