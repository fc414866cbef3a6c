#pragma once
// Runs the UI headless: an ImGui context with a fake display and no renderer, driven frame by
// frame with a simulated finger, recording every string the screens draw.
#include <imgui.h>
#include <imgui_internal.h>  // the log buffer

#include <memory>
#include <string>
#include <vector>

#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/icons.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/text.hpp"
#include "core/store.hpp"
#include "platform/fonts.hpp"
#include "platform/scale.hpp"

namespace mutua::test {

class UiHarness {
 public:
  // `scale`: the text scale (200 % is 2), as a person chose it.
  UiHarness(Store& store, float width, float height, float scale = 1.0f) : store_(store) {
    ImGui::CreateContext();
    forget_disabled_reason();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    set_ui_scale(scale);
    state.prefs.text_scale = scale;
    fonts_ = load_fonts(*io.Fonts, scale, glyph_texts());
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // no renderer: the atlas is just built
    apply_theme();
    set_text_capture(&drawn_);
    set_pictogram_capture(&pictograms_);
  }
  ~UiHarness() {
    set_text_capture(nullptr);
    set_pictogram_capture(nullptr);
    ImGui::DestroyContext();
    set_ui_scale(1.0f);
  }

  UiState state;
  // ImGui's log is a second witness of drawn text, but while logging ImGuiListClipper draws
  // every row; tests of paging turn it off.
  bool log_text = true;

  // One frame; what it drew replaces the previous frame's record.
  void frame() {
    drawn_.clear();
    pictograms_.clear();
    begin_frame_mirror();  // mirrored when the language reads right to left, as in the app
    ImGui::NewFrame();
    if (log_text) ImGui::LogToBuffer();
    UiContext ctx{store_, state, UiFonts{fonts_.body, fonts_.strong, fonts_.heading, fonts_.code},
                  store_.replica().now_ms()};
    draw_ui(ctx);
    logged_.clear();
    if (log_text) {
      logged_ = GImGui->LogBuffer.c_str();
      ImGui::LogFinish();
    }
    ImGui::Render();
    end_frame_mirror();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }

  // Press and release at p, the way a finger taps.
  void tap(ImVec2 p) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = p;
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frames(2);
  }
  // Press at from, move to `to` in `steps` frames, release.
  void drag(ImVec2 from, ImVec2 to, int steps) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    frame();
    io.MouseDown[0] = true;
    frame();
    for (int i = 1; i <= steps; ++i) {
      io.MousePos =
          ImVec2(from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps);
      frame();
    }
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frames(2);
  }

  // Everything drawn last frame, through the screens' text hook and ImGui's log.
  std::string all_text() const {
    std::string s = logged_;
    for (const auto& t : drawn_) s += "\n" + t.text;
    return s;
  }
  bool shows(const std::string& needle) const {
    return all_text().find(needle) != std::string::npos;
  }
  // Every string the screens drew last frame, with where it was drawn.
  const std::vector<CapturedText>& drawn_texts() const { return drawn_; }
  // Every pictogram drawn last frame: its id ("tile.contrast") and square.
  const std::vector<CapturedText>& drawn_pictograms() const { return pictograms_; }
  // The first drawn string starting with `prefix`, or null.
  const CapturedText* find(const std::string& prefix) const {
    for (const auto& t : drawn_)
      if (t.text.rfind(prefix, 0) == 0) return &t;
    return nullptr;
  }
  static ImVec2 centre(const CapturedText& t) {
    return ImVec2((t.min.x + t.max.x) * 0.5f, (t.min.y + t.max.y) * 0.5f);
  }

 private:
  Store& store_;
  FontSet fonts_;
  std::vector<CapturedText> drawn_;
  std::vector<CapturedText> pictograms_;
  std::string logged_;
};

}  // namespace mutua::test
