// Two quick taps on a slow frame (platform/tap_pacing.hpp): ImGui 1.86's own SDL backend is fed
// SDL events, one frame at a time, as the kiosk's event loop does (app/ui_main.cpp). Without
// pacing, a release and the next press in one frame's events merge the two taps into one; with
// it, each tap is a click.
#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <doctest/doctest.h>
#include <imgui.h>

#include <optional>
#include <vector>

#include "platform/tap_pacing.hpp"

using namespace mutua;

namespace {

SDL_Event button(Uint32 type, int x, int y) {
  SDL_Event ev{};
  ev.type = type;
  ev.button.button = SDL_BUTTON_LEFT;
  ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
  ev.button.x = x, ev.button.y = y;
  return ev;
}

// Each inner list is what reached SDL's queue before one frame was drawn. Returns the clicks a
// 100x100 button at the top left counted over those frames and 16 more (a paced tap takes two).
int clicks_over(const std::vector<std::vector<SDL_Event>>& arrivals, bool paced) {
  SDL_Window* window = SDL_CreateWindow("tap", 0, 0, 320, 240, SDL_WINDOW_HIDDEN);
  REQUIRE(window);
  ImGuiContext* ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  REQUIRE(ImGui_ImplSDL2_InitForOpenGL(window, nullptr));
  SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);

  TapPacing pacing;
  std::optional<SDL_Event> held;
  int clicks = 0;
  constexpr size_t kWarm = 2;  // ImGui knows a window (and so what is hovered) from its 2nd frame
  for (size_t frame = 0; frame < kWarm + arrivals.size() + 16; ++frame) {
    if (frame >= kWarm && frame - kWarm < arrivals.size())
      for (SDL_Event ev : arrivals[frame - kWarm]) REQUIRE(SDL_PushEvent(&ev) == 1);
    pacing.begin_frame();
    SDL_Event ev;
    bool got = false;
    if (held) {
      ev = *held, held.reset(), got = true;
    } else {
      got = SDL_PollEvent(&ev) != 0;
    }
    while (got) {
      if (paced && !pacing.take(ev)) {
        held = ev;
        break;
      }
      ImGui_ImplSDL2_ProcessEvent(&ev);
      got = SDL_PollEvent(&ev) != 0;
    }
    ImGui_ImplSDL2_NewFrame();
    io.DisplaySize = ImVec2(320, 240);
    io.MousePos = ImVec2(50, 50);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(320, 240));
    ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::Button("tap", ImVec2(100, 100))) ++clicks;
    ImGui::End();
    ImGui::EndFrame();
  }
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext(ctx);
  SDL_DestroyWindow(window);
  return clicks;
}

struct Video {
  Video() { REQUIRE(SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0); }
  ~Video() { SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS); }
};

}  // namespace

TEST_CASE("tap pacing: two taps that reach one slow frame are two clicks, not one") {
  Video video;
  const SDL_Event down = button(SDL_MOUSEBUTTONDOWN, 50, 50);
  const SDL_Event up = button(SDL_MOUSEBUTTONUP, 50, 50);
  // A tap per frame: both ways count two.
  CHECK(clicks_over({{down, up}, {}, {down, up}}, false) == 2);
  CHECK(clicks_over({{down, up}, {}, {down, up}}, true) == 2);
  // Two taps in one frame's events: ImGui alone sees the button held throughout.
  CHECK(clicks_over({{down, up, down, up}}, false) == 1);
  CHECK(clicks_over({{down, up, down, up}}, true) == 2);
  // A tap in the frame right after one: the press latched the frame before.
  CHECK(clicks_over({{down, up}, {down, up}}, false) == 1);
  CHECK(clicks_over({{down, up}, {down, up}}, true) == 2);
  // Five quick taps (a ticket code typed fast on a slow tablet) arriving two frames' worth.
  CHECK(clicks_over({{down, up, down, up, down, up}, {down, up, down, up}}, true) == 5);
}
