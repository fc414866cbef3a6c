#pragma once
// Test-only: puts the UI back in English when a test that switched language ends (pass or fail),
// so the next test starts from the kiosk's default.
#include "app/ui/i18n.hpp"

namespace mutua::test {

struct LanguageGuard {
  LanguageGuard() = default;
  LanguageGuard(const LanguageGuard&) = delete;
  LanguageGuard& operator=(const LanguageGuard&) = delete;
  ~LanguageGuard() { set_language("en"); }
};

}  // namespace mutua::test
