#pragma once
// One SDL2 window with an OpenGL 3 core context, and the ImGui SDL2/OpenGL3 backends bound to it.
#include <memory>
#include <string>

struct SDL_Window;
union SDL_Event;
struct ImDrawData;

namespace mutua {

struct WindowOptions {
  std::string title = "Mutua";
  int width = 1280;
  int height = 800;
  bool fullscreen = false;
  // Render into an offscreen framebuffer of exactly width x height (for screenshots), so the
  // result does not depend on the window manager or on the window being visible.
  bool offscreen = false;
};

// With no X11 or Wayland display, asks SDL for its "offscreen" video driver (EGL pbuffers via
// Mesa), so screenshots work on a headless machine. Call before GlWindow::create.
void prefer_offscreen_driver_if_headless();

class GlWindow {
 public:
  // On failure returns null and sets *error to one line a person can act on.
  static std::unique_ptr<GlWindow> create(const WindowOptions& options, std::string* error);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  // Binds the ImGui backends; call after the ImGui context exists and its fonts are loaded.
  void init_imgui();
  // Uploads the font atlas again after it was rebuilt (e.g. for a new text scale).
  void reload_font_texture();
  // Passes an event to ImGui's SDL backend.
  void process_event(const SDL_Event& event);
  // Backend halves of a frame; ImGui::NewFrame/Render go in between.
  void new_frame();
  void render(ImDrawData* draw_data, float clear_r, float clear_g, float clear_b);
  // Reads the last rendered frame and writes it as a PNG.
  bool save_png(const std::string& path, std::string* error) const;

  SDL_Window* sdl() const { return window_; }
  int width() const { return options_.width; }
  int height() const { return options_.height; }

 private:
  explicit GlWindow(const WindowOptions& options) : options_(options) {}

  WindowOptions options_;
  SDL_Window* window_ = nullptr;
  void* gl_ = nullptr;  // SDL_GLContext
  bool imgui_bound_ = false;
  // Pointer position from the latest mouse/touch event; off-window after it left (see new_frame).
  bool pointer_known_ = false;
  float pointer_x_ = 0, pointer_y_ = 0;
  // After a finger lifts, frames until the pointer is moved off-screen (the release must first
  // reach ImGui at the lift position, or the tap would be lost).
  int lift_frames_ = 0;
  unsigned fbo_ = 0, color_rb_ = 0;  // offscreen target, 0 when drawing to the window
};

}  // namespace mutua
