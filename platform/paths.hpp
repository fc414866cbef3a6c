#pragma once
#include <string>

namespace mutua {

// The database used when no --db is given: $MUTUA_DB if set, otherwise mutua.db in the per-user
// data folder (SDL_GetPrefPath("mutua", "mutua"); on Linux
// ${XDG_DATA_HOME:-~/.local/share}/mutua/mutua/). Creates the folder. Returns "mutua.db" in the
// current directory if the folder cannot be determined.
std::string default_db_path();

}  // namespace mutua
