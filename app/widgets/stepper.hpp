#pragma once
// A big "−  12  +" stepper for counts (quantity, people).
//  - Holding − or + repeats, faster the longer it is held (held_value()), so 50 does not take 50
//    taps and 400 does not take a minute.
//  - Tapping the number opens a number pad (app/widgets/number_pad.hpp) to type it.
#include <imgui.h>

#include <cstdint>

namespace mutua {

// Draws the stepper at the cursor; `value` stays within [min, max]. The minus and plus buttons
// are ImGui items "<id>-" and "<id>+" (tests tap them through their captured labels "−" and "+");
// the number is the item "<id>=", captured as "number<id>" ("number##qty"). Returns true when the
// value changed.
bool stepper(const char* id, int64_t* value, int64_t min, int64_t max, ImU32 accent,
             ImFont* value_font = nullptr);

// While one lives, steppers are `side` tall (and their − and + that wide): a step short of room
// (wizard step 3 on a 480x800 screen at 200 %) keeps what follows the stepper above the fold.
// Give at least kTouchTargetPx.
class StepperSideScope {
 public:
  explicit StepperSideScope(float side);
  ~StepperSideScope();
  StepperSideScope(const StepperSideScope&) = delete;
  StepperSideScope& operator=(const StepperSideScope&) = delete;

 private:
  float before_;
};

// Width the stepper takes at the current scale and font, and its height.
float stepper_width(ImFont* value_font = nullptr);
float stepper_height();

// Whether a − or + was held down since the last call (once a frame, by app/ui/frame.cpp): the app
// then draws the next frame soon, so the repeat goes on while the finger stays still.
bool stepper_held();

// --- Hold to repeat ----------------------------------------------------------------------------
// The value of a stepper whose − (direction -1) or + (+1) has been held for `held_s` seconds,
// having shown `start` when it was pressed. A pure function of the hold time, so the curve is
// tested without a clock:
//   - the press itself steps once;
//   - after kHoldDelayS, one step every kHoldTickS: steps of 1 for the first 10, then of 5 for 15,
//     of 10 for 20, of 100 for 20, then of 1000;
//   - a step of 5 or more lands on its multiple (12, 15, 20, ...), as a person counts;
//   - it never goes past min or max, and stops there.
inline constexpr double kHoldDelayS = 0.5;
inline constexpr double kHoldTickS = 0.1;
int64_t held_value(int64_t start, int direction, double held_s, int64_t min, int64_t max);
// The size of the step made by the tick at `held_s` (1 before the ticks start).
int64_t hold_step_size(double held_s);

}  // namespace mutua
