#pragma once
// The layout check behind `mutua check-layout` and its CI test: renders screens headless (an
// ImGui context with a built font atlas and no renderer) and reports what a person would find
// wrong, from what the app's own widgets report drawing (app/widgets/layout_probe.hpp):
//   - text clipped: a label wider than its button or tile, cut with "…", or running text cut at
//     the edge of a window that cannot be scrolled;
//   - a touch target outside the window where nothing scrolls it into reach;
//   - a touch target under 48 px (44 px on an 800x480 display);
//   - two touch targets overlapping in the same window;
//   - a text field with no words naming it above or beside it (its grey hint goes once typed in);
//   - a label or a field's hint cut with "…";
//   - a touch target under the "more below" fade or its arrow's tap area;
//   - and, on the screens shown with their keyboard or number pad open, what is wrong with those.
// Each kind is named in layout_problem_kinds(), which `mutua check-layout --help` lists.
#include <memory>
#include <string>
#include <vector>

namespace mutua {

class Store;
struct LayoutProbe;  // app/widgets/layout_probe.hpp

struct LayoutCase {
  std::string screen;  // a screen name or a screen preset (app/ui/screen_presets.hpp)
  std::string lang;    // "en", "es", "fr", "uk"
  int width = 800;
  int height = 480;
  int scale_percent = 100;  // text scale, 100 to 200
};

// What kind of problem the check reports: one table for the check and its help.
enum class LayoutProblemKind {
  clipped_label,
  cut_short,
  cut_at_edge,
  out_of_reach,
  small_target,
  overlap,
  unnamed_field,
  under_more_below,
  not_drawn,
  pad_not_open,
  keyboard_not_shown,
  field_under_keyboard,
  question_out_of_view,
};

struct LayoutProblemKindInfo {
  LayoutProblemKind kind;
  const char* name;     // "unnamed-field", in the JSON output and the help
  const char* meaning;  // what it means, in words, for the help
};
// Every kind the check can report, in the order the help lists them.
const std::vector<LayoutProblemKindInfo>& layout_problem_kinds();
const char* layout_problem_kind_name(LayoutProblemKind kind);
// The kinds as `mutua check-layout --help` lists them: a heading, then a line each, name and
// meaning.
std::string layout_problem_kinds_help();

struct LayoutProblem {
  LayoutCase where;
  std::string widget;  // the label of the widget (or the text) concerned
  std::string what;    // what is wrong, in words
  LayoutProblemKind kind = LayoutProblemKind::not_drawn;
};

// The problems in what one frame's widgets reported drawing, appended to `out` (each widget and
// problem once).
void find_layout_problems(const LayoutProbe& probe, const LayoutCase& c,
                          std::vector<LayoutProblem>& out);

// The combinations the CI check covers.
std::vector<std::string> layout_screens();    // every screen and screen preset
std::vector<std::string> layout_languages();  // every catalogue in assets/i18n
std::vector<std::pair<int, int>> layout_sizes();
std::vector<int> layout_scales();

// Owns a headless ImGui font atlas per text scale; one fresh ImGui context per case. The store
// should hold some entries (lists are checked with rows in them); the screens may write to it
// (housekeeping), so give it a scratch copy.
class LayoutChecker {
 public:
  explicit LayoutChecker(Store& store);
  ~LayoutChecker();
  LayoutChecker(const LayoutChecker&) = delete;
  LayoutChecker& operator=(const LayoutChecker&) = delete;

  std::vector<LayoutProblem> check(const LayoutCase& c);
  // What the widgets of the last case checked reported drawing (for tests of where things are).
  const LayoutProbe& last_probe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "need-3 uk 800x480 200%: "Next": text clipped: 310 px wide in 190 px [clipped-label]".
std::string describe(const LayoutProblem& p);

}  // namespace mutua
