#include "app/ui/ticket_settings.hpp"
#include "app/ui/error_text.hpp"

#include <imgui.h>

#include "app/ui/i18n.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "app/widgets/text_field.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "platform/scale.hpp"

namespace mutua {

void draw_ticket_settings(UiContext& ctx) {
  const Palette& p = palette();
  SettingsScreenState& s = ctx.state.console.settings;
  TicketPlaceForm& f = s.ticket_place;
  if (!f.loaded) {
    const PickupPlace place = pickup_place(ctx.store);
    f.address = place.address;
    f.hours = place.hours;
    f.printer = ticket_printer(ctx.store);
    f.loaded = true;
  }
  ImGui::Dummy(ImVec2(0, px(8)));
  // Wrapped, in the bold body face where a word is wider than the column in the heading face
  // (480x800 at 200 %), as Settings' other section titles are.
  ImFont* title_font = ctx.fonts.heading;
  if (title_font &&
      !words_fit(title_font, tr("Pickup and printing"), ImGui::GetContentRegionAvail().x))
    title_font = ctx.fonts.strong;
  ui_text_wrapped(tr("Pickup and printing"), title_font, p.text);
  ui_text_wrapped(tr("Shown with \"Ready for pickup\" and printed on ticket slips."),
                  ctx.fonts.body, p.muted);
  // Each field under its name, seen with it while typing.
  auto labelled = [&](const char* label, const char* id, const char* hint, std::string* value) {
    const float top = ImGui::GetCursorScreenPos().y;
    ui_text_wrapped(label, ctx.fonts.strong, p.text);
    next_field_question_from(top);
    touch_text_field(id, hint, value, TextFieldKind::text, 120);
  };
  labelled(tr("Address"), "##address", tr("e.g. 12 Harbor Road, by the blue door"), &f.address);
  labelled(tr("Opening hours"), "##hours", tr("e.g. Mon-Fri 9-17, Sat 10-13"), &f.hours);
  labelled(tr("Receipt printer"), "##printer", tr("e.g. /dev/usb/lp0, or empty for none"),
           &f.printer);
  if (touch_button("##save_pickup", tr("Save"), 0, ButtonLook::selected, p.offer, ctx.fonts.body) &&
      is_tap()) {
    auto r = set_pickup_place(ctx.store, f.address, f.hours);
    if (r) r = set_ticket_printer(ctx.store, f.printer);
    s.message_is_error = !r.ok();
    s.message = r.ok() ? tr("Saved.") : screen_error(r);
  }
}

}  // namespace mutua
