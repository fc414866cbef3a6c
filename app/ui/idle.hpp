#pragma once
// Kiosk idle timeout: after `timeout` without a touch, a 10 s warning with "I'm still here";
// when it runs out, the next person gets a fresh start (home screen, every field wiped).
// The clock is passed in (UiContext::now_ms, from the store's wall clock), so tests inject time.
#include <cstdint>
#include <string>

namespace mutua {

struct UiContext;
struct UiState;

inline constexpr int64_t kIdleWarningMs = 10'000;
inline constexpr int64_t kDefaultIdleTimeoutMs = 60'000;

struct IdleState {
  int64_t last_activity_ms = -1;  // -1: not started yet (the first frame starts the clock)
  int64_t warning_since_ms = -1;  // -1: no warning showing
  int64_t timeout_ms = 0;         // 0: read the kiosk_timeout_s setting on the next frame
};

enum class IdleStep {
  none,     // nothing to do
  warn,     // the warning is showing (or just appeared)
  restart,  // the warning ran out: wipe the session
};

// Pure timer logic. `activity`: a touch, key or pointer move this frame. `on_home`: nothing to
// warn about (the home screen holds no answers), so the timer restarts quietly there.
IdleStep update_idle(IdleState& idle, int64_t now_ms, bool activity, bool on_home);
// Seconds left on the warning, rounded up (10 .. 1).
int idle_seconds_left(const IdleState& idle, int64_t now_ms);
// "Starting over in 1 second" / "... 7 seconds": the plural form and the digits of the language.
std::string idle_countdown_text(int seconds);
// Milliseconds until update_idle could next change something without input, so an
// event-driven loop knows when to wake up.
int64_t idle_next_wake_ms(const IdleState& idle, int64_t now_ms);

// Whether ImGui saw any input this frame (call after NewFrame).
bool frame_had_input();

// Runs the timer for this frame and draws the warning on top of the screen. Call after the
// screen's window (draw_ui does).
void draw_idle(UiContext& ctx);

// Back to the home screen with every answer, keyboard target, ticket lookup and board selection
// forgotten; keeps only the device's display preferences and the kiosk's default language.
void wipe_session(UiState& state);

}  // namespace mutua
