#include "app/ui/console_language.hpp"

#include <imgui.h>

#include "app/ui/desk_widgets.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/roles.hpp"
#include "app/ui/settings_bar.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "core/volunteer_language.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {
std::string key_for(const Id& volunteer) {
  return "console_lang." + volunteer.hex();
}
bool known_language(const std::string& lang) {
  for (const auto& l : ui_languages())
    if (lang == l.code) return true;
  return false;
}
}  // namespace

std::optional<std::string> console_language(const Store& store, const Id& volunteer) {
  const std::string shared = volunteer_language(store, volunteer);
  if (known_language(shared)) return shared;
  // Chosen on this device before the language travelled with the volunteer, or a language this
  // Mutua does not have (a newer one's): this device's own choice, if any.
  auto lang = store.replica().local_get(key_for(volunteer));
  if (!lang || !known_language(*lang)) return std::nullopt;
  return lang;
}

void remember_console_language(Store& store, const Id& volunteer, const std::string& lang) {
  if (!known_language(lang)) return;
  store.replica().local_set(key_for(volunteer), lang);
  (void)set_volunteer_language(store, volunteer, lang);  // the local value stands if this fails
}

void share_local_console_language(Store& store, const Id& volunteer) {
  // Set anywhere already, even to a language this Mutua does not have: that choice stands.
  if (volunteer_language_value(store, volunteer)) return;
  const auto lang = store.replica().local_get(key_for(volunteer));
  if (lang && known_language(*lang)) (void)set_volunteer_language(store, volunteer, *lang);
}

void apply_console_language(UiContext& ctx) {
  if (!ctx.state.signed_in) return;
  share_local_console_language(ctx.store, ctx.state.signed_in->id);
  const std::string lang =
      console_language(ctx.store, ctx.state.signed_in->id).value_or(ctx.state.prefs.home_language);
  if (language() == lang) return;
  set_language(lang);
  ctx.state.keyboard.layout = default_layout(lang);
  ctx.state.entered.reset();  // screens refetch their translated labels
}

void draw_console_language(UiContext& ctx) {
  UiState& state = ctx.state;
  desk_top_bar(ctx, Screen::console, tr("Language"));
  if (!can(state, Permission::open_console)) {
    go_to(state, state.console.volunteer_device ? Screen::pin : Screen::home);
    return;
  }
  // One scrolling column: at large text on a small display the languages go below the fold.
  ImGui::BeginChild("##console_language", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  ui_text_wrapped(tr("The console opens in this language each time you sign in. The kiosk keeps "
                     "its own."),
                  ctx.fonts.body, palette().muted);
  ImGui::Dummy(ImVec2(0, px(8)));
  const std::string before = language();
  draw_language_picker(ctx);
  if (language() != before) remember_console_language(ctx.store, state.signed_in->id, language());
  ImGui::Dummy(ImVec2(0, px(16)));
  static DragScroll drag;  // only carries a flick's glide, as on the console home
  if (update_drag_scroll(drag)) state.wants_frame = true;
  ImGui::EndChild();
}

}  // namespace mutua
