#pragma once
// The printed ticket slip: ESC/POS bytes for a 58 or 80 mm thermal receipt printer (Epson
// TM-T20/T88 and the many compatible kiosk printers), and sending them to the printer. No ImGui:
// the words arrive already translated (app/ui/ticket_slip.hpp builds them for a ticket).
//
// Bytes, in order (docs/printing.md):
//   ESC @                 initialise
//   ESC t n               code page: 2 (PC850, Latin) or 17 (PC866, Cyrillic)
//   ESC a 1               centre
//   the title, then GS ! (large) the code, GS ! 0
//   GS v 0                the ticket's status and category pictograms side by side, a 1-bit
//                         raster image (core/pictogram.hpp), and the words for them below;
//                         only when the slip names pictograms (older slips have none)
//   GS ( k                QR code, model 2, error correction M, of the ticket page's address
//   ESC a 0               left
//   item and quantity, site, address, opening hours, what happens next (wrapped to the paper)
//   ESC d 4, GS V 66 0    feed and cut
// Text is never sent as UTF-8: each character is written in the code page, or transliterated
// (é -> e when the page has no é, Ґ -> Г, « -> "), or dropped as '?', and counted.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace mutua {

enum class PaperWidth : uint8_t { mm58, mm80 };

struct SlipText {
  std::string title;               // "Your ticket number"
  std::string code;                // "K7Q-042" (printed large; ASCII)
  std::string qr;                  // the ticket page's address; empty: no QR printed
  std::string qr_caption;          // "Scan to see your ticket on a phone"
  std::vector<std::string> lines;  // item · quantity, site, address, hours (each wrapped)
  std::string next_title;          // "What happens next"
  std::string next;                // the paragraph
  // Pictograms printed under the code (ids of core/pictogram.hpp: "status.open", "food"); an
  // empty or unknown id prints nothing. The caption says in words what they show.
  std::string status_pictogram;
  std::string category_pictogram;
  std::string pictogram_caption;  // "Food · Open: waiting for a match."
};

// The side of one printed pictogram in dots (8 dots a millimetre) and the gap between the two.
int slip_pictogram_dots(PaperWidth paper);
int slip_pictogram_gap(PaperWidth paper);

// The ESC/POS code pages a slip may use.
enum class CodePage : uint8_t { pc850 = 2, pc866 = 17 };

struct EncodedText {
  std::string bytes;
  size_t replaced = 0;  // characters printed as '?' (no way to print them)
};
// `utf8` in the code page: kept, transliterated or replaced by '?'.
EncodedText encode_for_printer(std::string_view utf8, CodePage page);
// PC866 when the text holds Cyrillic, else PC850.
CodePage code_page_for(std::string_view utf8);

struct Slip {
  std::string bytes;
  CodePage page = CodePage::pc850;
  size_t replaced = 0;  // characters that could not be printed (shown as '?')
};
Slip build_slip(const SlipText& text, PaperWidth paper = PaperWidth::mm80);

// Sends the bytes to `printer`: a path (it holds a '/': a device such as /dev/usb/lp0, or a
// file, created or replaced) or a CUPS queue name (`lp -d NAME -o raw`). Bounded: lp is given
// 30 s.
Result<Ok> send_to_printer(std::string_view bytes, const std::string& printer);
// Whether `printer` names a CUPS queue rather than a path.
bool is_cups_queue(std::string_view printer);

}  // namespace mutua
