#include "app/widgets/text.hpp"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "app/widgets/layout_probe.hpp"

namespace mutua {

namespace {
std::vector<CapturedText>* g_capture = nullptr;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

ImFont* or_current(ImFont* f) {
  return f ? f : ImGui::GetFont();
}
}  // namespace

void set_text_capture(std::vector<CapturedText>* sink) {
  g_capture = sink;
}

void capture_text(std::string_view text, ImVec2 min, ImVec2 max) {
  if (g_capture && !text.empty()) g_capture->push_back({std::string(text), min, max});
}

float text_width(ImFont* font, std::string_view text) {
  font = or_current(font);
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size())
      .x;
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
  if (max_width <= 0 || text_width(font, text) <= max_width) return std::string(text);
  const float budget = max_width - text_width(font, kEllipsis);
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
  font = or_current(font);
  const std::string shown = fit_text(font, text, max_width);
  const float w = text_width(font, shown);
  capture_text(shown, pos, ImVec2(pos.x + w, pos.y + font->FontSize));
  probe_text_in_clip(shown, pos, ImVec2(pos.x + w, pos.y + font->FontSize));
  dl->AddText(font, font->FontSize, pos, colour, shown.data(), shown.data() + shown.size());
  return w;
}

float draw_text_wrapped(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 colour,
                        std::string_view text, float wrap_width) {
  font = or_current(font);
  const char* b = text.data();
  const char* e = b + text.size();
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap_width, b, e);
  capture_text(text, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  probe_text_in_clip(text, pos, ImVec2(pos.x + size.x, pos.y + size.y));
  dl->AddText(font, font->FontSize, pos, colour, b, e, wrap_width);
  return size.y;
}

void ui_text(std::string_view text, ImFont* font, ImU32 colour) {
  if (font) ImGui::PushFont(font);
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  const ImVec2 at = ImGui::GetCursorScreenPos();
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
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  capture_text(text, at, ImGui::GetItemRectMax());
  probe_text_in_clip(text, at, ImGui::GetItemRectMax());
  if (colour) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

}  // namespace mutua
