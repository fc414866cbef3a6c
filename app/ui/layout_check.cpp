#include "app/ui/layout_check.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the windows of a frame, to find those with a scrollbar

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "app/ui/device_mode.hpp"
#include "app/ui/frame.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/read_aloud.hpp"
#include "app/ui/screen_presets.hpp"
#include "app/ui/screens.hpp"
#include "app/ui/state.hpp"
#include "app/widgets/button.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/number_pad.hpp"
#include "app/widgets/text_field.hpp"
#include "core/store.hpp"
#include "platform/fonts.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

// Frames per case: ImGui sizes windows, scroll limits and clippers from the previous frame.
constexpr int kFrames = 3;
// ... and at most this many while the field typed in is being scrolled into view.
constexpr int kMaxFrames = 10;
// Rounding slack, in pixels.
constexpr float kSlack = 1.0f;

bool contains(const std::vector<unsigned>& v, unsigned id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

std::string px_text(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f px", double(v));
  return buf;
}

struct Rect {
  ImVec2 min, max;
  float w() const { return max.x - min.x; }
  float h() const { return max.y - min.y; }
  bool empty() const { return w() <= 0 || h() <= 0; }
};

Rect intersect(const Rect& a, const Rect& b) {
  return {ImVec2(std::max(a.min.x, b.min.x), std::max(a.min.y, b.min.y)),
          ImVec2(std::min(a.max.x, b.max.x), std::min(a.max.y, b.max.y))};
}

// Text fields in view with no words naming them: running text (not a button's label, nor the grey
// hint or value inside a field) ending at most `near` above the field over its width, or on its
// row at most `near` to its left or right (where it may be scrolled just out of view: a finger
// brings it back). A hint inside the field is no name: it goes the moment something is typed,
// and then nothing says what the field is for.
template <class Add>
void find_unnamed_fields(const LayoutProbe& probe, const Rect& display, float near, Add&& add) {
  std::vector<const ProbeItem*> fields;
  for (const ProbeItem& it : probe.items)
    if (it.kind == ProbeItem::Kind::touch && it.text_field) fields.push_back(&it);
  auto inside_a_field = [&](const ProbeItem& t) {
    const ImVec2 c((t.min.x + t.max.x) * 0.5f, (t.min.y + t.max.y) * 0.5f);
    for (const ProbeItem* f : fields)
      if (c.x >= f->min.x && c.x <= f->max.x && c.y >= f->min.y && c.y <= f->max.y) return true;
    return false;
  };
  for (const ProbeItem* f : fields) {
    if (intersect(intersect({f->min, f->max}, {f->clip_min, f->clip_max}), display).empty())
      continue;  // not in view
    bool named = false;
    for (const ProbeItem& t : probe.items) {
      if (named) break;
      if (t.kind != ProbeItem::Kind::text || !t.room_is_clip || inside_a_field(t)) continue;
      const bool over_x = t.min.x < f->max.x - kSlack && t.max.x > f->min.x + kSlack;
      const bool over_y = t.min.y < f->max.y - kSlack && t.max.y > f->min.y + kSlack;
      const bool above = over_x && t.max.y <= f->min.y + kSlack && t.max.y >= f->min.y - near;
      const bool left = t.max.x <= f->min.x + kSlack && t.max.x >= f->min.x - near;
      const bool right = t.min.x >= f->max.x - kSlack && t.min.x <= f->max.x + near;
      named = above || (over_y && (left || right));
    }
    if (!named)
      add(f->label, "text field with no visible name (only a hint inside it)",
          LayoutProblemKind::unnamed_field);
  }
}

// Touch targets seen under a "more below" cue (app/widgets/drag_scroll.hpp): where it is shown,
// a widget of its window (or of a window inside it) whose visible part reaches into the fade's
// band or the arrow's tap area is dimmed by the one and takes the other's taps, or loses its
// own to it.
template <class Add>
void find_under_more_below(const LayoutProbe& probe, Add&& add) {
  for (const LayoutProbe::MoreBelowCue& cue : probe.more_below_cues)
    for (const ProbeItem& it : probe.items) {
      if (it.kind != ProbeItem::Kind::touch) continue;
      if (it.window != cue.window && !contains(cue.inside, it.window)) continue;
      const Rect seen = intersect({it.min, it.max}, {it.clip_min, it.clip_max});
      if (seen.empty()) continue;
      const Rect band = intersect(seen, {cue.band_min, cue.band_max});
      const Rect tap = intersect(seen, {cue.tap_min, cue.tap_max});
      if (band.w() > kSlack && band.h() > kSlack)
        add(it.label, "touch target under the \"more below\" fade (" + px_text(band.h()) + ")",
            LayoutProblemKind::under_more_below);
      if (tap.w() > kSlack && tap.h() > kSlack)
        add(it.label, "touch target under the \"more below\" arrow's tap area",
            LayoutProblemKind::under_more_below);
    }
}

}  // namespace

const std::vector<LayoutProblemKindInfo>& layout_problem_kinds() {
  using K = LayoutProblemKind;
  static const std::vector<LayoutProblemKindInfo> kinds = {
      {K::clipped_label, "clipped-label", "a label wider or taller than its button or tile"},
      {K::cut_short, "cut-short",
       "a label, or a text field's grey hint, cut short with \"\xE2\x80\xA6\""},
      {K::cut_at_edge, "cut-at-edge",
       "running text cut at the edge of a window that cannot be scrolled"},
      {K::out_of_reach, "out-of-reach",
       "a touch target outside its window or the display, where nothing scrolls it into reach"},
      {K::small_target, "small-target", "a touch target under 48 px (44 px on an 800x480 display)"},
      {K::overlap, "overlap", "two touch targets overlapping in the same window"},
      {K::unnamed_field, "unnamed-field",
       "a text field with no words naming it above or beside it (its grey hint is no name: it "
       "goes with the first letter typed)"},
      {K::under_more_below, "under-more-below",
       "a touch target seen under the \"more below\" fade or its arrow's tap area"},
      {K::not_drawn, "not-drawn", "the screen failed to draw"},
      {K::pad_not_open, "pad-not-open",
       "a screen to check with its number pad open did not open it"},
      {K::keyboard_not_shown, "keyboard-not-shown",
       "a screen to check with its keyboard open did not open it, or does not show it"},
      {K::field_under_keyboard, "field-under-keyboard",
       "the field being typed in hidden under the keyboard, or out of view above it"},
      {K::question_out_of_view, "question-out-of-view",
       "the question of the field being typed in out of view while it is typed"},
  };
  return kinds;
}

std::string layout_problem_kinds_help() {
  std::string text = "Problems it names (each line of its report ends with the kind):\n";
  size_t width = 0;
  for (const auto& k : layout_problem_kinds()) width = std::max(width, std::strlen(k.name));
  for (const auto& k : layout_problem_kinds()) {
    std::string name = k.name;
    name.resize(width + 2, ' ');
    text += "  " + name + k.meaning + "\n";
  }
  return text;
}

const char* layout_problem_kind_name(LayoutProblemKind kind) {
  for (const auto& k : layout_problem_kinds())
    if (k.kind == kind) return k.name;
  return "?";
}

void find_layout_problems(const LayoutProbe& probe, const LayoutCase& c,
                          std::vector<LayoutProblem>& out) {
  const float min_target = c.width <= 800 && c.height <= 480 ? 44.0f : 48.0f;
  const Rect display{ImVec2(0, 0), ImVec2(float(c.width), float(c.height))};
  auto add = [&](const std::string& widget, std::string what, LayoutProblemKind kind) {
    for (const auto& p : out)
      if (p.widget == widget && p.what == what) return;  // once per case
    out.push_back({c, widget, std::move(what), kind});
  };
  std::vector<const ProbeItem*> touches;
  for (const ProbeItem& it : probe.items) {
    const bool sx = contains(probe.scroll_x, it.window);
    const Rect r{it.min, it.max};
    // Scrolled into reach by its own window, or by a parent where it is inside its own window.
    const bool sy = contains(probe.scroll_y, it.window) ||
                    (contains(probe.parent_scroll_y, it.window) &&
                     r.min.y >= it.window_min.y - kSlack && r.max.y <= it.window_max.y + kSlack);
    const Rect clip{it.clip_min, it.clip_max};
    if (it.kind == ProbeItem::Kind::touch) {
      if (std::min(r.w(), r.h()) < min_target - 0.5f)
        add(it.label,
            "touch target " + px_text(r.w()) + " x " + px_text(r.h()) + ", under " +
                px_text(min_target),
            LayoutProblemKind::small_target);
      // Out of the window or display, where nothing scrolls it into reach.
      const bool out_x = r.max.x > std::min(clip.max.x, display.max.x) + kSlack ||
                         r.min.x < std::max(clip.min.x, display.min.x) - kSlack;
      const bool out_y = r.max.y > std::min(clip.max.y, display.max.y) + kSlack ||
                         r.min.y < std::max(clip.min.y, display.min.y) - kSlack;
      if (out_x && !sx)
        add(it.label, "touch target outside the window (left or right)",
            LayoutProblemKind::out_of_reach);
      if (out_y && !sy)
        add(it.label, "touch target outside the window (above or below)",
            LayoutProblemKind::out_of_reach);
      if (!intersect(r, clip).empty()) touches.push_back(&it);
      continue;
    }
    if (it.shortened)
      add(it.label, "text cut short with \"\xE2\x80\xA6\"", LayoutProblemKind::cut_short);
    const Rect room{it.room_min, it.room_max};
    const bool over_x = r.max.x > room.max.x + kSlack || r.min.x < room.min.x - kSlack ||
                        (it.room_is_clip && r.max.x > c.width + kSlack);
    const bool over_y = r.max.y > room.max.y + kSlack || r.min.y < room.min.y - kSlack;
    if (it.room_is_clip) {
      // Running text: cut by its window's edge only matters where the window cannot scroll,
      // and text wholly scrolled out of view is not cut.
      if (intersect(r, room).empty() && (sx || sy)) continue;
      if (over_x && !sx)
        add(it.label,
            "text clipped at the side by " +
                px_text(
                    std::max(r.max.x - std::min(room.max.x, float(c.width)), room.min.x - r.min.x)),
            LayoutProblemKind::cut_at_edge);
      if (over_y && !sy)
        add(it.label, "text cut off at the top or bottom of its window",
            LayoutProblemKind::cut_at_edge);
    } else {
      if (over_x)
        add(it.label, "text clipped: " + px_text(r.w()) + " wide in " + px_text(room.w()),
            LayoutProblemKind::clipped_label);
      if (over_y)
        add(it.label, "text clipped: " + px_text(r.h()) + " tall in " + px_text(room.h()),
            LayoutProblemKind::clipped_label);
    }
  }
  // Words within a touch target at this text scale (an item spacing, a line's gap) name a field.
  find_unnamed_fields(probe, display, 48.0f * float(c.scale_percent) / 100.0f, add);
  find_under_more_below(probe, add);
  for (size_t i = 0; i < touches.size(); ++i)
    for (size_t j = i + 1; j < touches.size(); ++j) {
      if (touches[i]->window != touches[j]->window) continue;
      const Rect o =
          intersect({touches[i]->min, touches[i]->max}, {touches[j]->min, touches[j]->max});
      if (o.w() > kSlack && o.h() > kSlack)
        add(touches[i]->label, "touch target overlaps \"" + touches[j]->label + "\"",
            LayoutProblemKind::overlap);
    }
}

std::vector<std::string> layout_screens() {
  std::vector<std::string> names;
  for (const auto& s : all_screens()) names.emplace_back(s.name);
  for (auto& n : screen_preset_names()) names.push_back(std::move(n));
  return names;
}

std::vector<std::string> layout_languages() {
  std::vector<std::string> langs;
  for (const auto& l : ui_languages()) langs.emplace_back(l.code);
  const std::string dir = assets_dir();
  std::error_code ec;
  if (!dir.empty())
    for (const auto& f : std::filesystem::directory_iterator(dir + "/i18n", ec)) {
      if (f.path().extension() != ".po") continue;
      const std::string code = f.path().stem().string();
      if (std::find(langs.begin(), langs.end(), code) == langs.end()) langs.push_back(code);
    }
  return langs;
}

std::vector<std::pair<int, int>> layout_sizes() {
  return {{800, 480}, {480, 800}, {1024, 600}, {1280, 720}, {1280, 800}};
}

std::vector<int> layout_scales() {
  return {100, 150, 200};
}

struct LayoutChecker::Impl {
  Store& store;
  struct Atlas {
    std::unique_ptr<ImFontAtlas> atlas;
    FontSet fonts;
  };
  std::map<int, Atlas> atlases;  // by scale percent
  std::vector<std::string> texts = glyph_texts();
  LayoutProbe last;  // what the last case's widgets reported

  Atlas& atlas_for(int percent) {
    auto it = atlases.find(percent);
    if (it != atlases.end()) return it->second;
    Atlas a;
    a.atlas = std::make_unique<ImFontAtlas>();
    a.fonts = load_fonts(*a.atlas, float(percent) / 100.0f, texts);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    a.atlas->GetTexDataAsRGBA32(&pixels, &w, &h);  // built, never uploaded: no renderer
    return atlases.emplace(percent, std::move(a)).first->second;
  }
};

LayoutChecker::LayoutChecker(Store& store)
    : impl_(std::make_unique<Impl>(Impl{store, {}, {}, {}})) {}

LayoutChecker::~LayoutChecker() = default;

const LayoutProbe& LayoutChecker::last_probe() const {
  return impl_->last;
}

std::vector<LayoutProblem> LayoutChecker::check(const LayoutCase& c) {
  const std::string before_lang = language();
  const float before_scale = ui_scale();
  set_language(c.lang);
  const float scale = float(c.scale_percent) / 100.0f;
  Impl::Atlas& atlas = impl_->atlas_for(c.scale_percent);
  set_ui_scale(scale);

  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGuiContext* context = ImGui::CreateContext(atlas.atlas.get());
  ImGui::SetCurrentContext(context);
  forget_disabled_reason();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(float(c.width), float(c.height));
  io.DeltaTime = 1.0f / 60.0f;
  apply_theme();

  std::vector<LayoutProblem> problems;
  LayoutProbe probe;
  clear_keyboard_target();  // none from the last case: each case opens its own
  {
    UiState state;
    const auto first = find_screen(c.screen);
    state.screen = first.value_or(Screen::home);
    apply_screen_preset(c.screen, state, impl_->store);
    const bool shows_failure = state.failure.has_value();  // the failure screen's own preset
    state.prefs.text_scale = scale;
    state.prefs.home_language = c.lang;
    state.keyboard.layout = default_layout(c.lang);
    apply_device_mode(state, impl_->store, false, false, true);
    state.read_aloud = ReadAloud::silent();  // the kiosk steps as they are with a speaker button
    UiContext ctx{impl_->store, state,
                  UiFonts{atlas.fonts.body, atlas.fonts.strong, atlas.fonts.heading}, 0};
    for (int i = 0; i < kMaxFrames; ++i) {
      // Any frame from the third may be the last: the field typed in may still be on its way into
      // view (keyboard_target_settling), and the app draws on until it is.
      const bool last = i >= kFrames - 1;
      probe = LayoutProbe{};
      if (last) set_layout_probe(&probe);
      begin_frame_mirror();
      ImGui::NewFrame();
      ctx.now_ms = impl_->store.replica().now_ms();
      draw_ui(ctx);
      if (last) {
        set_layout_probe(nullptr);
        for (ImGuiWindow* w : GImGui->Windows) {
          if (!w->Active) continue;
          if (w->ScrollbarY) probe.scroll_y.push_back(w->ID);
          if (w->ScrollbarX) probe.scroll_x.push_back(w->ID);
        }
        for (ImGuiWindow* w : GImGui->Windows) {
          if (!w->Active) continue;
          for (ImGuiWindow* up = w; (up->Flags & ImGuiWindowFlags_ChildWindow) && up->ParentWindow;)
            if (up = up->ParentWindow; contains(probe.scroll_y, up->ID)) {
              probe.parent_scroll_y.push_back(w->ID);
              break;
            }
          // Inside a window that shows "more below": its widgets are under that cue too.
          for (ImGuiWindow* up = w;
               (up->Flags & ImGuiWindowFlags_ChildWindow) && up->ParentWindow;) {
            up = up->ParentWindow;
            for (auto& cue : probe.more_below_cues)
              if (cue.window == up->ID) cue.inside.push_back(w->ID);
          }
        }
      }
      ImGui::Render();
      end_frame_mirror();
      if (last && !keyboard_target_settling()) break;
    }
    if (state.failure && !shows_failure)
      problems.push_back({c, c.screen, "the screen failed to draw", LayoutProblemKind::not_drawn});
    auto ends_with = [&](std::string_view suffix) {
      return c.screen.size() > suffix.size() &&
             c.screen.compare(c.screen.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    // A screen shown with its number pad open (a "-pad" preset): a pad that did not open (its
    // stepper not drawn) would leave nothing of it checked.
    const NumberPadState& pad = number_pad();
    if (ends_with("-pad") && (pad.owner == 0 || pad.drawn_frame != ImGui::GetFrameCount()))
      problems.push_back(
          {c, c.screen, "the number pad did not open", LayoutProblemKind::pad_not_open});
    // A screen shown with its keyboard open (a "-keyboard" preset): the field being typed stays
    // in view above the keyboard.
    const bool wants_keyboard = ends_with("-keyboard");
    if (wants_keyboard && !keyboard_target().live())
      problems.push_back(
          {c, c.screen, "the keyboard did not open", LayoutProblemKind::keyboard_not_shown});
    // Wherever the keyboard is open, the field typed in is to be seen: inside its window's view,
    // and that window not under the keyboard (a frame where the screen had not yet made room
    // left the field under it), and the keyboard itself shown.
    const KeyboardTarget& typed = keyboard_target();
    if (typed.live()) {
      const ImGuiWindow* kb = ImGui::FindWindowByName("##keyboard");
      if (!kb || !kb->Active)
        problems.push_back({c, c.screen, "the keyboard is not shown under the field being typed",
                            LayoutProblemKind::keyboard_not_shown});
      else if (typed.max.y > kb->Pos.y + kSlack)
        problems.push_back({c, c.screen, "the field being typed is hidden under the keyboard",
                            LayoutProblemKind::field_under_keyboard});
      if (!typed.in_view)
        problems.push_back({c, c.screen, "the field being typed is out of view above the keyboard",
                            LayoutProblemKind::field_under_keyboard});
      // ... with what it asks (the words before it), or a person types not knowing what for.
      else if (!typed.question_in_view)
        problems.push_back({c, c.screen,
                            "the question of the field being typed is out of view while typing",
                            LayoutProblemKind::question_out_of_view});
    }
  }
  clear_keyboard_target();
  close_number_pad();
  find_layout_problems(probe, c, problems);
  impl_->last = probe;

  ImGui::DestroyContext(context);
  ImGui::SetCurrentContext(previous);
  set_ui_scale(before_scale);
  set_language(before_lang);
  return problems;
}

std::string describe(const LayoutProblem& p) {
  char where[160];
  std::snprintf(where, sizeof where, "%s %s %dx%d %d%%", p.where.screen.c_str(),
                p.where.lang.c_str(), p.where.width, p.where.height, p.where.scale_percent);
  return std::string(where) + ": \"" + p.widget + "\": " + p.what + " [" +
         layout_problem_kind_name(p.kind) + "]";
}

}  // namespace mutua
