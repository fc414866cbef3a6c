#include "app/widgets/text.hpp"

#include <imgui_internal.h>  // ImTextCharFromUtf8, ItemSize, ItemAdd

#include <algorithm>

#include "app/widgets/layout_probe.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/shaped_text.hpp"
#include "platform/shaper.hpp"

namespace mutua {

namespace {
std::vector<CapturedText>* g_capture = nullptr;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// The lines a shaped text is drawn as: wrapped at wrap_width (font units) when it is above 0,
// otherwise split at each '\n' only.
std::vector<std::string_view> text_lines(ImFont* font, std::string_view text, float wrap_width) {
  if (wrap_width > 0) return wrap_lines(font, text, wrap_width);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}
}  // namespace

ImFont* or_current_font(ImFont* f) {
  return f ? f : ImGui::GetFont();
}

void set_text_capture(std::vector<CapturedText>* sink) {
  g_capture = sink;
}

void capture_text(std::string_view text, ImVec2 min, ImVec2 max) {
  if (!g_capture || text.empty()) return;
  if (frame_mirrored()) {  // where it lands on screen, so a test taps what a finger would
    const float x0 = screen_x(max.x), x1 = screen_x(min.x);
    min.x = x0;
    max.x = x1;
  }
  g_capture->push_back({std::string(text), min, max});
}

void draw_text_line(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour,
                    std::string_view text) {
  font = or_current_font(font);
  if (size <= 0) size = font->FontSize;
  if (takes_shaped_path(text))
    draw_shaped_line(dl, font, size, pos, colour, text);
  else
    dl->AddText(font, size, pos, colour, text.data(), text.data() + text.size());
}

float text_width(ImFont* font, std::string_view text) {
  font = or_current_font(font);
  if (has_rtl(text)) return shaped_width(font, text);
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size())
      .x;
}

ImVec2 calc_text_size(ImFont* font, float size, std::string_view text, float wrap) {
  font = or_current_font(font);
  if (!takes_shaped_path(text))
    return font->CalcTextSizeA(size, FLT_MAX, wrap, text.data(), text.data() + text.size());
  const float k = size / font->FontSize;
  const std::vector<std::string_view> lines = text_lines(font, text, wrap > 0 ? wrap / k : 0);
  float w = 0;
  for (std::string_view l : lines) w = std::max(w, shaped_width(font, l, size));
  return ImVec2(w, size * float(lines.size()));
}

bool words_fit(ImFont* font, std::string_view text, float width) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (text_width(font, text.substr(start, end - start)) > width) return false;
    start = end + 1;
  }
  return true;
}

std::string fit_text(ImFont* font, std::string_view text, float max_width) {
  font = or_current_font(font);
  if (max_width <= 0 || text_width(font, text) <= max_width) return std::string(text);
  const float budget = max_width - text_width(font, kEllipsis);
  if (has_rtl(text)) {
    // Shaped: the longest logical prefix (whole characters) that fits, then the ellipsis at the
    // logical end (the left, read right to left). Binary search: each probe is shaped once.
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cuts.push_back(i);
    size_t lo = 0, hi = cuts.size();  // cuts[0, lo) fit
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (shaped_width(font, text.substr(0, cuts[mid])) <= budget)
        lo = mid + 1;
      else
        hi = mid;
    }
    std::string out(text.substr(0, lo > 0 ? cuts[lo - 1] : 0));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += kEllipsis;
    return out;
  }
  // One linear pass over UTF-8 characters: longest prefix that fits.
  size_t keep = 0;
  float w = 0.0f;
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end;) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    w += font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : IM_UNICODE_CODEPOINT_INVALID));
    if (w > budget) break;
    p += n;
    keep = size_t(p - begin);
  }
  std::string out(text.substr(0, keep));
  out += kEllipsis;
  return out;
}

float draw_text(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 colour, std::string_view text,
                float max_width) {
  font = or_current_font(font);
  const std::string shown = fit_text(font, text, max_width);
  const float w = text_width(font, shown);
  capture_text(shown, pos, ImVec2(pos.x + w, pos.y + font->FontSize));
  probe_text_in_clip(shown, pos, ImVec2(pos.x + w, pos.y + font->FontSize));
  draw_text_line(dl, font, font->FontSize, pos, colour, shown);
  return w;
}

float draw_text_wrapped(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 colour,
                        std::string_view text, float wrap_width) {
  font = or_current_font(font);
  if (takes_shaped_path(text)) {
    const std::vector<std::string_view> lines = wrap_lines(font, text, wrap_width);
    float w = 0;
    for (std::string_view l : lines) w = std::max(w, shaped_width(font, l));
    const float h = font->FontSize * float(lines.size());
    capture_text(text, pos, ImVec2(pos.x + w, pos.y + h));
    probe_text_in_clip(text, pos, ImVec2(pos.x + w, pos.y + h));
    // Lines start at the layout's left edge: on a mirrored frame that is the right, on screen.
    // Every line in the paragraph's direction: "School." ending an Arabic sentence on a line of
    // its own keeps its full stop at the left.
    const bool rtl = paragraph_rtl(text);
    float y = pos.y;
    for (std::string_view l : lines) {
      draw_shaped_line(dl, font, font->FontSize, ImVec2(pos.x, y), colour, l, rtl);
      y += font->FontSize;
    }
    return h;
  }
  const char* b = text.data();
  const char* e = b + text.size();
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap_width, b, e);
  capture_text(text, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  probe_text_in_clip(text, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  dl->AddText(font, font->FontSize, pos, colour, b, e, wrap_width);
  return size.y;
}

namespace {
// ui_text and ui_text_wrapped on the shaped path: an item of the lines' size at the cursor.
void shaped_item(std::string_view text, float wrap_width) {
  ImFont* font = ImGui::GetFont();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const std::vector<std::string_view> lines = text_lines(font, text, wrap_width);
  float w = 0;
  for (std::string_view l : lines) w = std::max(w, shaped_width(font, l));
  const ImVec2 size(w, font->FontSize * float(lines.size()));
  ImGui::ItemSize(size);
  const ImRect bb(at, ImVec2(at.x + size.x, at.y + size.y));
  if (!ImGui::ItemAdd(bb, 0)) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 colour = ImGui::GetColorU32(ImGuiCol_Text);
  const bool rtl = paragraph_rtl(text);
  float y = at.y;
  for (std::string_view l : lines) {
    draw_shaped_line(dl, font, font->FontSize, ImVec2(at.x, y), colour, l, rtl);
    y += font->FontSize;
  }
}
}  // namespace

void ui_text(std::string_view text, ImFont* font, ImU32 colour) {
  if (font) ImGui::PushFont(font);
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  if (takes_shaped_path(text)) {
    // A wrap position the caller pushed holds here too, as it does for ImGui's own text.
    const float wrap_pos_x = ImGui::GetCurrentWindow()->DC.TextWrapPos;
    shaped_item(text, wrap_pos_x >= 0.0f
                          ? std::max(1.0f, ImGui::CalcWrapWidthForPos(at, wrap_pos_x))
                          : 0.0f);
  } else
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
  capture_text(text, at, ImGui::GetItemRectMax());
  probe_text_in_clip(text, at, ImGui::GetItemRectMax());
  if (colour) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

void ui_text_wrapped(std::string_view text, ImFont* font, ImU32 colour) {
  if (font) ImGui::PushFont(font);
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  if (takes_shaped_path(text)) {
    // Where ImGui would wrap: the window's content edge.
    const float wrap = std::max(1.0f, ImGui::GetContentRegionMaxAbs().x - at.x);
    shaped_item(text, wrap);
  } else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
  }
  capture_text(text, at, ImGui::GetItemRectMax());
  probe_text_in_clip(text, at, ImGui::GetItemRectMax());
  if (colour) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

}  // namespace mutua
