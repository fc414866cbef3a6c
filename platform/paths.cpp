#include "platform/paths.hpp"

#include <SDL.h>

#include <cstdlib>

namespace mutua {

std::string default_db_path() {
  if (const char* env = std::getenv("MUTUA_DB"); env && *env) return env;
  // SDL_GetPrefPath needs no video subsystem, so the headless CLI can call it too.
  char* dir = SDL_GetPrefPath("mutua", "mutua");
  if (!dir) return "mutua.db";
  std::string path = std::string(dir) + "mutua.db";
  SDL_free(dir);
  return path;
}

}  // namespace mutua
