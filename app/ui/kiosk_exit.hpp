#pragma once
// Leaving kiosk mode: a hidden long-press (>= 2 s) in the top-left corner opens a PIN pad whose
// ✓ signs any volunteer into the console (Argon2id hashes in the replicated volunteers table,
// core/volunteers). There a coordinator has a "Leave kiosk" button, asked once, that closes the
// kiosk; nothing on the pad itself closes it.
#include <cstdint>
#include <memory>
#include <string>

namespace mutua {

class Store;
class PinCheck;  // app/ui/pin_check.hpp
struct UiContext;

inline constexpr int64_t kKioskExitPressMs = 2000;
inline constexpr float kKioskCornerPx = 72.0f;  // side of the hidden square, at scale 1
inline constexpr size_t kMaxPinDigits = 12;

// True when `pin` matches the PIN hash of a coordinator who has not been removed. One
// crypto_pwhash_str_verify per coordinator at most; never logs the PIN. No lockout bookkeeping:
// the pad itself goes through PinCheck (core/volunteers begin_sign_in).
bool verify_coordinator_pin(Store& store, const std::string& pin);
// Whether any coordinator with a PIN exists on this device.
bool has_coordinator_pin(Store& store);

struct KioskExitState {
  bool enabled = false;         // running with --kiosk
  int64_t corner_down_ms = -1;  // when the current press in the corner began
  bool pad_open = false;
  std::string pin;  // digits typed so far
  // The try being verified on a worker thread (the pad says "Checking…" and ignores keys), and
  // whether it was "Volunteer console" (anyone's PIN) rather than ✓ (a coordinator's only).
  std::shared_ptr<PinCheck> check;
  bool check_to_console = false;
  size_t checking_digits = 0;  // dots shown meanwhile
  enum class Notice { none, wrong_pin, no_coordinator, wait, shared_pin } notice = Notice::none;
  bool confirm_leave = false;   // "Leave kiosk" asked, not yet answered
  bool exit_requested = false;  // the window closes after this frame
};

// In the console, for a coordinator on a kiosk: the "Leave kiosk" button (`width` wide, 0 = fit).
// Returns false, drawing nothing, anywhere else.
bool draw_leave_kiosk_button(UiContext& ctx, float width);

// Watches for the long-press and draws the PIN pad over the screen when it is open. Call after
// the screen's window (draw_ui does). Does nothing unless kiosk mode is enabled.
void draw_kiosk_exit(UiContext& ctx);

}  // namespace mutua
