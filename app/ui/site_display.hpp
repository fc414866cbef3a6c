#pragma once
// The site's text size and contrast (from the command line), which the idle timeout returns to:
// the next person does not inherit the last one's 200 % text or high contrast. One per process,
// like the window.
namespace mutua {

struct SiteDisplay {
  float text_scale = 1.0f;
  bool high_contrast = false;
};

SiteDisplay& site_display();

}  // namespace mutua
