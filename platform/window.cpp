#include "platform/window.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <imgui.h>
#include <stb_image_write.h>  // implementation provided by libstb

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "platform/window_place.hpp"

namespace mutua {

namespace {

// The few GL entry points the window uses itself (ImGui's backend loads its own). Loaded through
// SDL so they resolve against whichever GL library (GLX or EGL) SDL picked for this context.
struct GlFunctions {
  PFNGLGENFRAMEBUFFERSPROC GenFramebuffers = nullptr;
  PFNGLBINDFRAMEBUFFERPROC BindFramebuffer = nullptr;
  PFNGLDELETEFRAMEBUFFERSPROC DeleteFramebuffers = nullptr;
  PFNGLGENRENDERBUFFERSPROC GenRenderbuffers = nullptr;
  PFNGLBINDRENDERBUFFERPROC BindRenderbuffer = nullptr;
  PFNGLDELETERENDERBUFFERSPROC DeleteRenderbuffers = nullptr;
  PFNGLRENDERBUFFERSTORAGEPROC RenderbufferStorage = nullptr;
  PFNGLFRAMEBUFFERRENDERBUFFERPROC FramebufferRenderbuffer = nullptr;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC CheckFramebufferStatus = nullptr;
  void(APIENTRY* Viewport)(GLint, GLint, GLsizei, GLsizei) = nullptr;
  void(APIENTRY* ClearColor)(GLfloat, GLfloat, GLfloat, GLfloat) = nullptr;
  void(APIENTRY* Clear)(GLbitfield) = nullptr;
  void(APIENTRY* PixelStorei)(GLenum, GLint) = nullptr;
  void(APIENTRY* ReadPixels)(GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void*) = nullptr;

  bool load() {
    bool ok = true;
    auto get = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(SDL_GL_GetProcAddress(name));
      ok = ok && fn;
    };
    get(GenFramebuffers, "glGenFramebuffers");
    get(BindFramebuffer, "glBindFramebuffer");
    get(DeleteFramebuffers, "glDeleteFramebuffers");
    get(GenRenderbuffers, "glGenRenderbuffers");
    get(BindRenderbuffer, "glBindRenderbuffer");
    get(DeleteRenderbuffers, "glDeleteRenderbuffers");
    get(RenderbufferStorage, "glRenderbufferStorage");
    get(FramebufferRenderbuffer, "glFramebufferRenderbuffer");
    get(CheckFramebufferStatus, "glCheckFramebufferStatus");
    get(Viewport, "glViewport");
    get(ClearColor, "glClearColor");
    get(Clear, "glClear");
    get(PixelStorei, "glPixelStorei");
    get(ReadPixels, "glReadPixels");
    return ok;
  }
};

GlFunctions gl;

bool has_display() {
  auto set = [](const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
  };
  return set("DISPLAY") || set("WAYLAND_DISPLAY");
}

}  // namespace

void prefer_offscreen_driver_if_headless() {
  // An explicit SDL_VIDEODRIVER from the user wins (e.g. to test under Xvfb).
  if (has_display() || std::getenv("SDL_VIDEODRIVER")) return;
  SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
}

std::unique_ptr<GlWindow> GlWindow::create(const WindowOptions& options, std::string* error) {
  auto fail = [&](const std::string& what) {
    *error = what + ": " + SDL_GetError();
    if (!has_display())
      *error += " (no display found; try SDL_VIDEODRIVER=offscreen or run under xvfb-run -a)";
    return nullptr;
  };
  // A kiosk must not blank its screen while people read it.
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0)
    return fail("cannot start video");

  std::unique_ptr<GlWindow> w(new GlWindow(options));
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);

  Uint32 flags = SDL_WINDOW_OPENGL;
  if (options.offscreen)
    flags |= SDL_WINDOW_HIDDEN;
  else if (options.fullscreen)  // the kiosk: whole screen, no decorations, above other windows
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS | SDL_WINDOW_ALWAYS_ON_TOP;
  else
    flags |= SDL_WINDOW_RESIZABLE;
  WindowRect display;
  SDL_Rect bounds{};
  if (options.fullscreen && !options.offscreen && SDL_GetDisplayBounds(0, &bounds) == 0)
    display = WindowRect{bounds.x, bounds.y, bounds.w, bounds.h};
  const WindowRect at = place_window(options.fullscreen && !options.offscreen, options.width,
                                     options.height, display);
  w->window_ =
      SDL_CreateWindow(options.title.c_str(), at.centred ? int(SDL_WINDOWPOS_CENTERED) : at.x,
                       at.centred ? int(SDL_WINDOWPOS_CENTERED) : at.y, at.w, at.h, flags);
  if (!w->window_) return fail("cannot create a window");
  w->gl_ = SDL_GL_CreateContext(w->window_);
  if (!w->gl_) return fail("cannot create an OpenGL 3.2 context");
  SDL_GL_MakeCurrent(w->window_, w->gl_);
  if (!gl.load()) return fail("OpenGL driver lacks framebuffer objects");
  // Vsync keeps animations from burning CPU; when idle the loop waits for events anyway.
  SDL_GL_SetSwapInterval(options.offscreen ? 0 : 1);

  if (options.offscreen) {
    gl.GenFramebuffers(1, &w->fbo_);
    gl.GenRenderbuffers(1, &w->color_rb_);
    gl.BindRenderbuffer(GL_RENDERBUFFER, w->color_rb_);
    gl.RenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, options.width, options.height);
    gl.BindFramebuffer(GL_FRAMEBUFFER, w->fbo_);
    gl.FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, w->color_rb_);
    if (gl.CheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
      return fail("cannot create an offscreen framebuffer");
  }
  return w;
}

GlWindow::~GlWindow() {
  if (imgui_bound_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
  }
  if (gl_) {
    if (fbo_) gl.DeleteFramebuffers(1, &fbo_);
    if (color_rb_) gl.DeleteRenderbuffers(1, &color_rb_);
    SDL_GL_DeleteContext(gl_);
  }
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

void GlWindow::init_imgui() {
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init("#version 150");
  imgui_bound_ = true;
}

void GlWindow::reload_font_texture() {
  if (!imgui_bound_) return;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlWindow::process_event(const SDL_Event& event) {
  ImGui_ImplSDL2_ProcessEvent(&event);
  // A finger has no hover: once it lifts, no highlight may stay where it was. Touch arrives as
  // SDL_FINGERUP and as a mouse release marked SDL_TOUCH_MOUSEID; a kiosk treats every release
  // as a touch (its "mouse" is the touchscreen, possibly emulated as a pointer by X11).
  if (event.type == SDL_FINGERUP ||
      (event.type == SDL_MOUSEBUTTONUP &&
       (event.button.which == SDL_TOUCH_MOUSEID || options_.fullscreen)))
    lift_frames_ = 2;
  else if (event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN)
    lift_frames_ = 0;
  if (event.type == SDL_MOUSEMOTION) {
    pointer_known_ = true, pointer_x_ = float(event.motion.x), pointer_y_ = float(event.motion.y);
  } else if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP) {
    pointer_known_ = true, pointer_x_ = float(event.button.x), pointer_y_ = float(event.button.y);
  } else if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_LEAVE &&
             !(SDL_GetMouseState(nullptr, nullptr) & SDL_BUTTON_LMASK)) {
    pointer_known_ = false;  // left the window (a drag that leaves it keeps tracking)
  }
}

void GlWindow::new_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // ImGui 1.86's SDL backend polls the global pointer, which on X11 can lag behind synthetic
  // and touch input (seen under Xvfb: drags did not move); the events' own positions are exact.
  if (lift_frames_ > 0 && --lift_frames_ == 0) pointer_known_ = false;
  ImGui::GetIO().MousePos =
      pointer_known_ ? ImVec2(pointer_x_, pointer_y_) : ImVec2(-FLT_MAX, -FLT_MAX);
  if (options_.offscreen) {
    // The framebuffer, not the (hidden, maybe resized by a window manager) window, is the
    // canvas; and a stray pointer must not leave hover marks in a screenshot.
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(options_.width), float(options_.height));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }
}

void GlWindow::render(ImDrawData* draw_data, float r, float g, float b) {
  ImGuiIO& io = ImGui::GetIO();
  gl.Viewport(0, 0, int(io.DisplaySize.x * io.DisplayFramebufferScale.x),
              int(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  gl.ClearColor(r, g, b, 1.0f);
  gl.Clear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(draw_data);
  if (!options_.offscreen) SDL_GL_SwapWindow(window_);
}

bool GlWindow::save_png(const std::string& path, std::string* error) const {
  const int w = options_.width, h = options_.height;
  std::vector<unsigned char> pixels(size_t(w) * size_t(h) * 4);
  gl.PixelStorei(GL_PACK_ALIGNMENT, 1);
  gl.ReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's first row is the bottom one; PNG's is the top one.
  const size_t stride = size_t(w) * 4;
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.data() + size_t(h - 1 - y) * stride, stride,
                flipped.data() + size_t(y) * stride);
  // Alpha from the framebuffer is meaningless for a screenshot; make it opaque.
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  if (!stbi_write_png(path.c_str(), w, h, 4, flipped.data(), int(stride))) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace mutua
