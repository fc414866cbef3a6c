#pragma once
// Home's controls for the person in front of the kiosk: language (each named in its own script,
// no flags), text size (100 to 200%) and a high-contrast theme.
#include <string>
#include <vector>

struct ImFont;

namespace mutua {

struct UiContext;

// Choices that belong to the device, not to whoever used it last: they survive wipe_session().
struct DisplayPrefs {
  float text_scale = 1.0f;  // asked for; the window applies it between frames
  bool high_contrast = false;
  std::string home_language = "en";  // what the kiosk returns to after the idle timeout
};

inline constexpr float kTextScales[] = {1.0f, 1.25f, 1.5f, 2.0f};

// The language buttons, in a row that wraps to the width available.
void draw_language_picker(UiContext& ctx);
// "Text size" with 100/125/150/200% buttons and the high-contrast toggle, wrapping as needed.
void draw_display_controls(UiContext& ctx);
// Widths these need on one line at the current font.
float language_picker_width();
float display_controls_width(ImFont* label_font);

// Home's header (title, tagline, language picker) and footer (status line, text size, contrast).
// When they would take too much of a short screen (small display, large text), they fold into
// one button that opens a page of their own.
struct HomeChrome {
  bool compact = false;
  bool tagline = true;         // room for "Neighbours helping neighbours"
  bool picker_inline = true;   // language picker on the title's row
  bool footer_one_row = true;  // status line and display controls side by side
  bool chip_row = false;       // compact: the folded button under the title (narrow display)
  bool folded_words = false;   // compact: the button names text size and contrast in words too
  float header_h = 0, footer_h = 0;
};
HomeChrome plan_home_chrome(const UiContext& ctx, const std::string& status);
void draw_home_header(UiContext& ctx, const HomeChrome& chrome);
void draw_home_footer(UiContext& ctx, const HomeChrome& chrome,
                      const std::vector<std::string>& status_forms);
// The folded page: every language, text size and contrast, and a Done button back to home.
void draw_home_settings(UiContext& ctx);

// Switches the theme (palette and ImGui style) between normal and high contrast.
void set_high_contrast_theme(bool on);

}  // namespace mutua
