#pragma once
// Entry point of the graphical UI, called by main() when no subcommand is given.
#include <optional>
#include <string>

namespace mutua {

struct UiOptions {
  std::string db_path;
  std::optional<std::string> screenshot;  // render one frame to this PNG and exit
  std::string screen = "home";            // which screen to show first / render
  int width = 1280;
  int height = 800;
  float scale = 1.0f;
  std::string lang = "en";
  bool kiosk = false;
  bool volunteer = false;     // --volunteer: a volunteer device (starts at the PIN pad)
  bool screen_given = false;  // --screen was given (else the device mode picks the first screen)
};

// Returns the process exit code.
int run_ui(const UiOptions& options);

}  // namespace mutua
