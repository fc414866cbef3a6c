#include "app/ui_main.hpp"

#include <SDL.h>
#include <imgui.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

#include "app/ui/device_mode.hpp"
#include "app/ui/first_start.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/idle.hpp"
#include "app/ui/lan_screen.hpp"
#include "app/ui/lan_sync_loop.hpp"
#include "app/ui/phone_host.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/screens.hpp"
#include "app/ui/site_display.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/palette.hpp"
#include "core/store.hpp"
#include "platform/fonts.hpp"
#include "platform/paths.hpp"
#include "platform/scale.hpp"
#include "platform/tap_pacing.hpp"
#include "platform/window.hpp"

namespace mutua {

namespace {

// Frames drawn after any input, so hover/active states and layout settle before going idle.
constexpr int kSettleFrames = 3;
// With nothing happening, redraw this often anyway so "3 min ago" labels stay true.
constexpr int kIdleRedrawMs = 30'000;
// While animating (glide, loading pages) aim for about 60 frames per second.
constexpr int kAnimationFrameMs = 16;

// LAN sync in the background (app/ui/lan_sync_loop.hpp) for a window that runs: off until a
// coordinator turns it on in Settings (never for a screenshot). Its workers and server wake the
// event loop with an SDL event; once the window is going away they no longer do.
struct LanWake {
  std::shared_ptr<std::atomic<bool>> alive = std::make_shared<std::atomic<bool>>(true);
  ~LanWake() { alive->store(false); }
  std::function<void()> function() const {
    return [alive = alive] {
      if (!alive->load()) return;
      SDL_Event ev{};
      ev.type = SDL_USEREVENT;
      SDL_PushEvent(&ev);  // thread-safe; a full queue only drops this wake-up
    };
  }
};

std::shared_ptr<LanSyncLoop> start_lan_loop(Store& store, const LanWake& wake) {
  auto loop = std::make_shared<LanSyncLoop>(real_lan_seams());
  loop->wake = wake.function();
  loop->apply_settings(store, store.replica().now_ms());
  return loop;
}

struct ImGuiContextGuard {
  ImGuiContextGuard() { ImGui::CreateContext(); }
  ~ImGuiContextGuard() { ImGui::DestroyContext(); }
};

void draw_one_frame(GlWindow& window, UiContext& ctx) {
  window.new_frame();
  begin_frame_mirror();  // languages read right to left: the frame is mirrored
                         // (app/widgets/mirror.hpp)
  ImGui::NewFrame();
  ctx.now_ms = ctx.store.replica().now_ms();
  draw_ui(ctx);
  ImGui::Render();
  end_frame_mirror();
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette().background);
  window.render(ImGui::GetDrawData(), bg.x, bg.y, bg.z);
}

int take_screenshot(GlWindow& window, UiContext& ctx, const std::string& path) {
  // Several frames: ImGui sizes windows and clippers from the previous frame.
  for (int i = 0; i < kSettleFrames || ctx.state.wants_frame; ++i) {
    draw_one_frame(window, ctx);
    if (i > 20) break;  // a screen that never settles must not hang the screenshot
  }
  std::string error;
  if (!window.save_png(path, &error)) {
    std::fprintf(stderr, "mutua: %s\n", error.c_str());
    return 1;
  }
  return 0;
}

// Text scale changes rebuild the font atlas between frames (ImGui cannot swap it mid-frame).
void apply_text_scale(GlWindow& window, UiContext& ctx, FontSet& fonts) {
  const float wanted = ctx.state.prefs.text_scale;
  if (wanted == ui_scale()) return;
  set_ui_scale(wanted);
  fonts = load_fonts(*ImGui::GetIO().Fonts, ui_scale(), glyph_texts());
  window.reload_font_texture();
  apply_theme();
  ctx.fonts = UiFonts{fonts.body, fonts.strong, fonts.heading, fonts.code};
  ctx.state.wants_frame = true;
}

int event_loop(GlWindow& window, UiContext& ctx, FontSet& fonts) {
  int frames_due = kSettleFrames;
  bool running = true;
  TapPacing pacing;
  std::optional<SDL_Event> held;
  while (running) {
    int timeout = frames_due > 0 ? 0 : (ctx.state.wants_frame ? kAnimationFrameMs : kIdleRedrawMs);
    // Wake for the idle timeout and its countdown even when nobody touches the screen.
    const int64_t idle_wake = idle_next_wake_ms(ctx.state.idle, ctx.store.replica().now_ms());
    if (idle_wake > 0 && idle_wake < timeout) timeout = int(idle_wake);
    if (ctx.state.redraw_in_ms > 0 && ctx.state.redraw_in_ms < timeout)
      timeout = ctx.state.redraw_in_ms;  // e.g. the Sync screen looking for a new drive
    SDL_Event ev;
    pacing.begin_frame();
    // Blocks while idle: no input, no animation, no timer means no CPU. A press kept back from
    // the last frame (platform/tap_pacing.hpp) is read first.
    bool got = false;
    if (held) {
      ev = *held, held.reset(), got = true;
    } else {
      got = SDL_WaitEventTimeout(&ev, timeout) != 0;
    }
    if (got) {
      do {
        if (!pacing.take(ev)) {
          held = ev;  // the rest stays in SDL's queue, in order, for the frames after
          break;
        }
        window.process_event(ev);
        if (ev.type == SDL_QUIT) running = false;
        if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE &&
            ev.window.windowID == SDL_GetWindowID(window.sdl()))
          running = false;
      } while (SDL_PollEvent(&ev));
      frames_due = kSettleFrames;
    } else if (frames_due == 0) {
      frames_due = 1;  // timer tick or animation step
    }
    if (!running) break;
    draw_one_frame(window, ctx);
    --frames_due;
    if (ctx.state.kiosk_exit.exit_requested) running = false;
    apply_text_scale(window, ctx, fonts);
  }
  return 0;
}

}  // namespace

int run_ui(const UiOptions& options) {
  const std::optional<Screen> first = find_screen(options.screen);
  if (!first && !is_screen_preset(options.screen)) {
    std::fprintf(stderr, "mutua: unknown screen '%s' (known:", options.screen.c_str());
    for (const auto& s : all_screens()) std::fprintf(stderr, " %s", s.name);
    for (const auto& n : screen_preset_names()) std::fprintf(stderr, " %s", n.c_str());
    std::fprintf(stderr, ")\n");
    return 2;
  }
  if (options.width < 320 || options.height < 320 || options.width > 8192 ||
      options.height > 8192) {
    std::fprintf(stderr, "mutua: window size %dx%d is out of range (320 to 8192)\n", options.width,
                 options.height);
    return 2;
  }
  const std::string db_path = options.db_path.empty() ? default_db_path() : options.db_path;
  auto store = Store::open(db_path);
  if (!store) {
    std::fprintf(stderr, "mutua: cannot open %s: %s\n", db_path.c_str(), store.error().c_str());
    return 1;
  }

  set_ui_scale(options.scale);
  set_language(options.lang);
  WindowOptions wo;
  wo.width = options.width;
  wo.height = options.height;
  wo.fullscreen = options.kiosk;
  wo.offscreen = options.screenshot.has_value();
  if (wo.offscreen) prefer_offscreen_driver_if_headless();
  // Declared before the window, so the window (and the ImGui backends it shuts down) goes first
  // and the context last, on every path out of here, a throw included.
  ImGuiContextGuard imgui;
  std::string error;
  auto window = GlWindow::create(wo, &error);
  if (!window) {
    std::fprintf(stderr, "mutua: %s\n", error.c_str());
    return 1;
  }

  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is fixed; nothing to remember between runs
  FontSet fonts = load_fonts(*io.Fonts, ui_scale(), glyph_texts());
  apply_theme();
  window->init_imgui();

  UiState state;
  state.screen = first.value_or(Screen::home);
  apply_screen_preset(options.screen, state, **store);  // wizard steps with example answers
  state.prefs.text_scale = ui_scale();
  site_display().text_scale = ui_scale();  // what the idle timeout returns to
  state.prefs.home_language = language();
  state.keyboard.layout = default_layout(language());
  state.kiosk_exit.enabled = options.kiosk;
  apply_device_mode(state, **store, options.kiosk, options.volunteer, options.screen_given);
  // A fresh device sets itself up from the touchscreen (app/ui/first_start.hpp).
  if (!options.screen_given && !options.screenshot && wants_first_start(**store))
    state.screen = Screen::first_start;
  LanWake lan_wake;  // after the window: goes before it, so no wake-up reaches a closed SDL
  if (!options.screenshot && !state.sync.lan) state.sync.lan = start_lan_loop(**store, lan_wake);
  if (!options.screenshot) {  // the phone pages, while this device's setting is on (off at first)
    state.phone = std::make_shared<PhoneHost>();
    state.phone->follow(**store, phone_pages_on(**store));
  }
  // Read-aloud: through the sound card when there is one (looked for on the first kiosk frame);
  // a screenshot shows the button as such a kiosk does, and makes no sound.
  state.read_aloud = options.screenshot ? ReadAloud::silent() : ReadAloud::with_audio();
  UiContext ctx{**store, state, UiFonts{fonts.body, fonts.strong, fonts.heading, fonts.code}, 0};
  // Teardown, in reverse: the UI state (its tasks cancelled and joined, bounded), the window and
  // its backends, the ImGui context, then the store. Nothing here outlives what it uses.
  return options.screenshot ? take_screenshot(*window, ctx, *options.screenshot)
                            : event_loop(*window, ctx, fonts);
}

}  // namespace mutua
