#pragma once
// Signs that point (the chevron of Back, the arrow of a change) in labels and sentences, turned
// the way the reader reads. A right-to-left frame is mirrored (app/widgets/mirror.hpp) but its
// text is drawn to read forwards, so a sign in text turns round only through the bidi algorithm:
// FriBidi mirrors "‹" to "›" in a right-to-left run (Bidi_Mirrored) but never an arrow ("→" has
// no mirror). These helpers give each sign the one turn it needs, and never two:
//  - Back's chevron stays "‹" in the string; in a right-to-left language the label ends with an
//    Arabic letter mark (U+061C, invisible), so its paragraph reads right to left even when the
//    words are not translated (app/widgets/shaped_text.hpp), and FriBidi turns the chevron to "›"
//    at the right end, where the reader starts.
//  - A change's arrow is "→" left to right and "←" right to left, each value isolated (U+2068 ..
//    U+2069) so a Latin or numeric value does not pull the arrow into its own direction.
#include <string>
#include <string_view>

namespace mutua {

// "‹  words": the label of a button that goes back (to Home, to the list).
std::string back_label(std::string_view words);
// "before → after" (right to left: "before ← after", read from the right).
std::string change_text(std::string_view before, std::string_view after);

}  // namespace mutua
