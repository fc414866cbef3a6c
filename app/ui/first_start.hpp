#pragma once
// First start on a fresh device (no network, no volunteer yet), all by touch: the language, then
// "Start a new network" (a name on the on-screen keyboard; then, with a USB stick in, a join file
// and the short code that opens it, for the next tablet) or "Join a network" (the short code
// from the other tablet, which opens the join file on the stick; a long join code works too).
// sync/join_stick.hpp; docs/join-codes.md.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/screens.hpp"

#include "app/widgets/drag_scroll.hpp"
#include "core/result.hpp"

namespace mutua {

class Store;
struct UiContext;
struct UiState;
template <class T>
class Task;  // app/ui/task.hpp

struct FirstStartState {
  enum class Step { language, choose, create, join, done } step = Step::language;
  std::string name;  // the new network's name, as typed
  std::string code;  // the join code, as typed
  std::string message;
  bool message_is_error = false;
  // "Make a join file on a USB stick" (here once a network is made, and in Settings): the
  // sealing (Argon2id) off the UI thread, then the short code that opens the file, and where.
  std::shared_ptr<Task<Result<std::string>>> sealing;
  std::string short_code;
  std::string stick;
  std::string stick_message;
  // Opening the join file (Argon2id, about half a second) off the UI thread: the long code.
  std::shared_ptr<Task<Result<std::string>>> opening;
  DragScroll scroll;
};

// A fresh device: not in a network, no volunteer, no entry, and first start not finished or
// skipped.
bool wants_first_start(const Store& store);
// Marks first start as finished on this device (local state), so it is not shown again.
void finish_first_start(Store& store);

// "Network: NAME".
std::string format_join_network_line(const std::string& name);
// The button that writes a join file to the first USB stick found, then the short code that
// opens it, drawn large. In the done step and in Settings, Join code.
void draw_join_stick(UiContext& ctx);

void enter_first_start(UiContext& ctx);

// --screen presets (app/ui/screen_presets.hpp): each step with example answers, and the console's
// Language page for a signed-in volunteer.
std::vector<std::string> first_start_preset_names();
std::optional<Screen> apply_first_start_preset(std::string_view name, UiState& state);
void draw_first_start(UiContext& ctx);

}  // namespace mutua
