#pragma once
// Progress of a long CLI job: a bar redrawn in place on a terminal, plain lines (at most one
// per 10 %) when stderr is a file or a pipe.
#include <ostream>

#include "core/csv.hpp"

namespace mutua::cli {

CsvProgress csv_progress_printer(std::ostream& out, bool terminal);

}  // namespace mutua::cli
