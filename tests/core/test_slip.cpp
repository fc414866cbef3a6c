// The printed slip (core/slip.hpp): ESC/POS bytes decoded back command by command.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "core/slip.hpp"
#include "support/escpos_decoder.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::decode_escpos;
using mutua::test::TempDir;

namespace {

SlipText sample() {
  SlipText t;
  t.title = "Your ticket number";
  t.code = "K7Q-042";
  t.qr = "http://192.168.43.1:8080/ticket/K7Q-042";
  t.qr_caption = "Scan to see this ticket on your phone";
  t.lines = {"Rice \xC2\xB7 3 bags", "Site: Harbor Hall", "Address: 12 Harbor Road",
             "Opening hours: Mon-Fri 9-17"};
  t.next_title = "What happens next";
  t.next =
      "A volunteer looks for someone who can help. Come back to this kiosk and tap \xE2\x80\x9C"
      "Check my ticket\xE2\x80\x9D to see what has happened.";
  return t;
}

}  // namespace

TEST_CASE("a slip is ESC/POS: init, code page, large centred code, QR model 2, text, cut") {
  for (PaperWidth paper : {PaperWidth::mm58, PaperWidth::mm80}) {
    const Slip slip = build_slip(sample(), paper);
    const auto d = decode_escpos(slip.bytes);
    CAPTURE(d.errors.size());
    REQUIRE(d.errors.empty());
    CHECK(d.init_first);
    CHECK(d.code_page == 2);  // PC850
    CHECK(d.cut_last);
    CHECK(d.qr_model == 2);
    CHECK(d.qr_level == 0x31);  // M
    CHECK(d.qr_module >= 3);
    CHECK(d.qr_data == "http://192.168.43.1:8080/ticket/K7Q-042");
    CHECK(d.qr_printed);
    bool code_large = false;
    for (const auto& l : d.lines)
      if (l.text == "K7Q-042") code_large = l.size >= 0x22 && l.align == 1 && l.bold;
    CHECK(code_large);
    CHECK(d.has_line("Rice \xFA 3 bags"));  // the middle dot is 0xFA in PC850
    CHECK(d.has_line("Site: Harbor Hall"));
    CHECK(d.has_line("Address: 12 Harbor Road"));
    CHECK(d.has_line("Opening hours: Mon-Fri 9-17"));
    CHECK(d.has_line("What happens next"));
    CHECK(d.all_text().find("\"Check my ticket\"") != std::string::npos);  // curly quotes: straight
    const size_t cols = paper == PaperWidth::mm58 ? 32 : 48;
    for (const auto& l : d.lines)
      if (l.size == 0) CHECK(l.text.size() <= cols);
    CHECK(slip.replaced == 0);
  }
}

TEST_CASE("a slip without a phone address prints no QR code") {
  SlipText t = sample();
  t.qr.clear();
  const auto d = decode_escpos(build_slip(t).bytes);
  REQUIRE(d.errors.empty());
  CHECK(d.qr_data.empty());
  CHECK_FALSE(d.qr_printed);
  CHECK_FALSE(d.has_line("Scan"));
}

TEST_CASE("slip text is in the printer's code page, never raw UTF-8") {
  // Spanish and French: PC850 has the accented letters.
  const EncodedText es = encode_for_printer("Caf\xC3\xA9 ni\xC3\xB1o \xC3\x87", CodePage::pc850);
  CHECK(es.bytes == "Caf\x82 ni\xA4o \x80");
  CHECK(es.replaced == 0);
  // Ukrainian: PC866 has Cyrillic; І/і become the Latin letters that look the same, Ґ becomes Г.
  const std::string uk = "\xD0\x87\xD0\xB6\xD0\xB0 \xD1\x96 \xD2\x90";  // "Їжа і Ґ"
  CHECK(code_page_for(uk) == CodePage::pc866);
  const EncodedText u = encode_for_printer(uk, CodePage::pc866);
  CHECK(u.bytes == "\xF4\xA6\xA0 i \x83");
  CHECK(u.replaced == 0);
  // A Latin accent on a Cyrillic slip loses its mark; what no page has prints as '?'.
  const EncodedText mix =
      encode_for_printer("\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", CodePage::pc866);
  CHECK(mix.bytes == "e EUR ?");
  CHECK(mix.replaced == 1);
  // Bytes that are not UTF-8 are never passed through.
  const EncodedText bad = encode_for_printer("a\xC3(b", CodePage::pc850);
  CHECK(bad.bytes == "a?(b");
  // A whole Ukrainian slip: code page 17 and no UTF-8 lead byte of Cyrillic (0xD0/0xD1) in it.
  SlipText t = sample();
  t.title = "\xD0\x92\xD0\xB0\xD1\x88 \xD0\xBA\xD0\xB2\xD0\xB8\xD1\x82\xD0\xBE\xD0\xBA";
  const Slip slip = build_slip(t);
  const auto d = decode_escpos(slip.bytes);
  REQUIRE(d.errors.empty());
  CHECK(d.code_page == 17);
  CHECK(d.all_text().find('\xD0') == std::string::npos);
  CHECK(d.all_text().find('\xD1') == std::string::npos);
  CHECK(d.has_line("\x82\xA0\xE8 \xAA\xA2\xA8\xE2\xAE\xAA"));
}

TEST_CASE("a slip printed to a file holds exactly the slip's bytes") {
  TempDir dir;
  const std::string path = dir.file("slip.bin");
  const Slip slip = build_slip(sample());
  REQUIRE(send_to_printer(slip.bytes, path).ok());
  std::ifstream in(path, std::ios::binary);
  const std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(got == slip.bytes);
  CHECK_FALSE(send_to_printer(slip.bytes, dir.file("no/such/dir/slip.bin")).ok());
  CHECK_FALSE(send_to_printer(slip.bytes, "").ok());
  CHECK(is_cups_queue("EPSON_TM-T20"));
  CHECK_FALSE(is_cups_queue("-o"));
  CHECK_FALSE(is_cups_queue("a b"));
  CHECK_FALSE(send_to_printer(slip.bytes, "bad name;rm").ok());
}
