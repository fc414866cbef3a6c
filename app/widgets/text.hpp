#pragma once
// All text the screens draw passes through here, so tests can see exactly what reached the
// screen (e.g. that no phone number did) and where, to tap it.
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace mutua {

struct CapturedText {
  std::string text;
  ImVec2 min, max;  // screen rectangle of the text, or of the widget it labels
};

// While a capture is installed every drawn string is appended to it. Not thread-safe; the UI
// runs on one thread.
void set_text_capture(std::vector<CapturedText>* sink);
void capture_text(std::string_view text, ImVec2 min, ImVec2 max);

// ImGui::TextUnformatted in the given font (null = current), captured.
void ui_text(std::string_view text, ImFont* font = nullptr, ImU32 colour = 0);
// ui_text wrapped at the window's right edge.
void ui_text_wrapped(std::string_view text, ImFont* font = nullptr, ImU32 colour = 0);

// One line of text at pos and size (font->FontSize when <= 0), shaped and ordered when it holds
// right-to-left characters or the frame is mirrored (app/widgets/shaped_text.hpp), else
// ImDrawList::AddText as before. Widgets call this instead of AddText.
void draw_text_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                    std::string_view text);
// Draws text at pos, cut with "…" to fit max_width (<= 0: no limit). Returns the width used.
float draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text,
                float max_width = 0.0f);
// Draws text wrapped inside wrap_width. Returns the height used.
float draw_text_wrapped(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 colour,
                        std::string_view text, float wrap_width);
// The text, shortened with "…" so it fits max_width in font.
std::string fit_text(ImFont* font, std::string_view text, float max_width);
// The font given, or the current one when it is null (a screen drawn before its fonts load).
ImFont* or_current_font(ImFont* f);
float text_width(ImFont* font, std::string_view text);
// ImFont::CalcTextSizeA(size, FLT_MAX, wrap, text) as the text will be drawn: shaped and wrapped
// at spaces when it takes the shaped path (app/widgets/shaped_text.hpp).
ImVec2 calc_text_size(ImFont* font, float size, std::string_view text, float wrap = 0.0f);
// Whether each word of `text` fits in `width` on its own, so wrapping never breaks a word in two
// (Ukrainian and German words are long; "Налаштуванн/я" reads badly).
bool words_fit(ImFont* font, std::string_view text, float width);

}  // namespace mutua
