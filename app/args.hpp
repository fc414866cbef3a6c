#pragma once
// A small command-line parser: positional words plus --options, each declared up front, so an
// unknown option is a usage error (exit 2) rather than silently ignored.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mutua::cli {

struct OptionSpec {
  std::string name;  // without the leading dashes
  bool takes_value;
  std::string help;
};

struct UsageError {
  std::string message;
};

class Args {
 public:
  // Parses argv-style words; throws UsageError for unknown options or missing values.
  Args(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  // An integer option within [min, max]; throws UsageError naming the option otherwise.
  std::optional<int64_t> get_int(const std::string& name, int64_t min, int64_t max) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
};

std::string format_options(const std::vector<OptionSpec>& specs);

// "800x480" -> 800 and 480, each side from 320 to 7680x4320 (--size, for the UI and
// check-layout). False for anything else.
bool parse_size(const std::string& s, int& w, int& h);

}  // namespace mutua::cli
