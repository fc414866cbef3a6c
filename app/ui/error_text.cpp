#include "app/ui/error_text.hpp"

#include "app/ui/desk_widgets.hpp"
#include "app/ui/i18n.hpp"

namespace mutua {

std::string screen_error(const Error& e) {
  switch (e.kind) {
    case ErrorKind::disk_full:
      return tr(
          "The disk of this device is full: nothing was changed. Free some space and try again.");
    case ErrorKind::past_year_9999:
      return format_tr_s(tr("%s wrote this with a clock set past the year 9999, so it cannot be "
                            "changed on this device. Revoking that device in Settings takes its "
                            "change back."),
                         e.subject);
    case ErrorKind::other:
      break;
  }
  const char* line = tr(e.message.c_str());
  if (line != e.message.c_str() || language() == "en") return line;
  // A line no catalogue has (most of core's lines with a name or number in them): the reader
  // learns in their own language that it failed and nothing changed; the reason stays English.
  return std::string(tr("It did not work, and nothing was changed. The reason, in English:")) +
         " " + e.message;
}

}  // namespace mutua
