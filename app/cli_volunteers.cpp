// volunteer add, list, remove, reset-pin, role. PINs come from stdin only: argv is visible to
// every user of the machine (ps, shell history).
#include <iomanip>
#include <iostream>
#include <string>

#include "app/command.hpp"
#include "app/json.hpp"
#include "core/digits.hpp"
#include "core/volunteers.hpp"

namespace mutua::cli {

namespace {

// One line from stdin, without its line ending. The PIN is never echoed or logged.
std::string read_pin(const Context& ctx) {
  if (!ctx.args.has("pin-stdin"))
    throw UsageError{"give the PIN on standard input with --pin-stdin (never as an argument)"};
  std::string pin;
  if (!std::getline(std::cin, pin)) throw UserError{"no PIN on standard input"};
  while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
  pin = normalize_digits(pin);  // a PIN typed in Arabic-Indic or Persian digits
  if (auto why = pin_problem(pin)) throw UserError{*why};
  return pin;
}

Role parse_role_option(const Context& ctx) {
  const auto text = ctx.args.get("role").value_or("volunteer");
  auto role = parse_role(text);
  if (!role) throw UsageError{"--role must be volunteer or coordinator"};
  return *role;
}

int add(Context& ctx) {
  const std::string name = ctx.args.positional()[0];
  const Role role = parse_role_option(ctx);
  const std::string pin = read_pin(ctx);
  auto v = add_volunteer(ctx.store(), name, role, pin, ctx.args.get("site").value_or(""));
  if (!v) throw UserError{v.error()};
  ctx.out << "added " << to_string(v->role) << " " << v->name << " (" << v->id.hex() << ")\n";
  return 0;
}

int list_volunteers(Context& ctx) {
  const auto volunteers = list_volunteers(ctx.store());
  if (ctx.args.has("json")) {
    JsonWriter w;
    w.begin_array();
    for (const auto& v : volunteers) {
      w.begin_object();
      w.field("id", v.id.hex());
      w.field("name", v.name);
      w.field("role", to_string(v.role));
      w.field("site", v.site);
      w.field_bool("has_pin", v.has_pin);
      // Found by a sign-in on this device (core/pin_sharing.hpp); [] for everyone else.
      w.key("shares_pin_with");
      w.begin_array();
      for (const Id& other : pin_shared_with(ctx.store(), v.id)) w.str(other.hex());
      w.end_array();
      w.end_object();
    }
    w.end_array();
    ctx.out << w.take() << "\n";
    return 0;
  }
  if (volunteers.empty()) {
    ctx.out << "no volunteers yet; add one with: mutua volunteer add NAME --role coordinator "
               "--pin-stdin\n";
    return 0;
  }
  for (const auto& v : volunteers) {
    ctx.out << v.id.hex().substr(0, 8) << "  " << std::left << std::setw(12) << to_string(v.role)
            << v.name << (v.site.empty() ? "" : "  (" + v.site + ")");
    // A PIN a sign-in found on more than one volunteer signs nobody in until it is reset.
    std::string with;
    for (const Id& other : pin_shared_with(ctx.store(), v.id)) {
      const auto o = find_volunteer(ctx.store(), other);
      with += (with.empty() ? "" : ", ") + (o ? o->name : other.hex().substr(0, 8));
    }
    if (!with.empty())
      ctx.out << "  [same PIN as " << with << ": give a new PIN with mutua volunteer reset-pin]";
    ctx.out << "\n";
  }
  return 0;
}

VolunteerInfo require_volunteer(Context& ctx) {
  auto v = find_volunteer(ctx.store(), ctx.args.positional()[0]);
  if (!v) throw UserError{v.error()};
  return *v;
}

int remove(Context& ctx) {
  const VolunteerInfo v = require_volunteer(ctx);
  if (auto r = remove_volunteer(ctx.store(), v.id); !r) throw UserError{r.error()};
  ctx.out << "removed " << v.name << "\n";
  return 0;
}

int reset(Context& ctx) {
  const VolunteerInfo v = require_volunteer(ctx);
  const std::string pin = read_pin(ctx);
  if (auto r = reset_pin(ctx.store(), v.id, pin); !r) throw UserError{r.error()};
  ctx.out << "PIN changed for " << v.name << "\n";
  return 0;
}

int role(Context& ctx) {
  const VolunteerInfo v = require_volunteer(ctx);
  auto role = parse_role(ctx.args.positional()[1]);
  if (!role) throw UsageError{"ROLE must be volunteer or coordinator"};
  if (auto r = set_role(ctx.store(), v.id, *role); !r) throw UserError{r.error()};
  ctx.out << v.name << " is now " << to_string(*role) << "\n";
  return 0;
}

}  // namespace

std::vector<Command> volunteer_commands() {
  const OptionSpec pin_stdin{"pin-stdin", false, "read the PIN (4 to 12 digits) from stdin"};
  return {
      {{"volunteer", "add"},
       "NAME",
       "add a volunteer with a PIN (stored as an Argon2id hash)",
       {{"role", true, "volunteer (default) or coordinator"},
        pin_stdin,
        {"site", true, "site name"}},
       1,
       1,
       add},
      {{"volunteer", "list"},
       "",
       "list volunteers (never their PINs)",
       {{"json", false, "machine-readable output"}},
       0,
       0,
       list_volunteers},
      {{"volunteer", "remove"},
       "ID|NAME",
       "remove a volunteer; their PIN stops working",
       {},
       1,
       1,
       remove},
      {{"volunteer", "reset-pin"},
       "ID|NAME",
       "give a volunteer a new PIN",
       {pin_stdin},
       1,
       1,
       reset},
      {{"volunteer", "role"},
       "ID|NAME ROLE",
       "make a volunteer a coordinator, or back",
       {},
       2,
       2,
       role},
  };
}

}  // namespace mutua::cli
