// The printed slip (core/slip.hpp): ESC/POS bytes decoded back command by command.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "core/pictogram.hpp"
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

TEST_CASE("a slip prints the ticket's status and category pictograms as a 1-bit raster") {
  for (PaperWidth paper : {PaperWidth::mm58, PaperWidth::mm80}) {
    CAPTURE(int(paper));
    SlipText t = sample();
    t.status_pictogram = "status.open";
    t.category_pictogram = "food";
    t.pictogram_caption = "Food \xC2\xB7 Open: waiting for a match.";
    const Slip slip = build_slip(t, paper);
    const auto d = decode_escpos(slip.bytes);
    REQUIRE(d.errors.empty());
    REQUIRE(d.images.size() == 1);
    const auto& img = d.images[0];
    const int size = slip_pictogram_dots(paper), gap = slip_pictogram_gap(paper);
    CHECK(img.mode == 0);
    CHECK(img.rows == size_t(size));
    CHECK(img.row_bytes == size_t(2 * size + gap + 7) / 8);
    CHECK(img.align == 1);  // centred
    // Within the printable width (384 dots on 58 mm, 576 on 80 mm), and few bytes.
    CHECK(img.row_bytes * 8 <= (paper == PaperWidth::mm58 ? 384u : 576u));
    CHECK(slip.bytes.size() < build_slip(sample(), paper).bytes.size() + 4400);
    // Left the status, right the category, each dot the geometry's.
    const auto open = pictogram_bits(*find_pictogram("status.open"), size);
    const auto food = pictogram_bits(*find_pictogram("food"), size);
    const size_t row = size_t(size + 7) / 8;
    int wrong = 0, ink = 0;
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const bool a = open[size_t(y) * row + size_t(x / 8)] & (0x80 >> (x % 8));
        const bool c = food[size_t(y) * row + size_t(x / 8)] & (0x80 >> (x % 8));
        wrong += img.dot(size_t(x), size_t(y)) != a;
        wrong += img.dot(size_t(size + gap + x), size_t(y)) != c;
        ink += a + c;
      }
    CHECK(wrong == 0);
    CHECK(ink > size * size / 10);
    for (int y = 0; y < size; ++y)
      for (int x = size; x < size + gap; ++x) CHECK_FALSE(img.dot(size_t(x), size_t(y)));
    // Below the large code, and the words for it under the image.
    size_t code_line = 0;
    for (size_t i = 0; i < d.lines.size(); ++i)
      if (d.lines[i].text == "K7Q-042") code_line = i;
    CHECK(img.after_lines > code_line);
    CHECK(d.lines[img.after_lines].text.empty());
    CHECK(d.lines[img.after_lines + 1].text.rfind("Food \xFA Open: waiting for a", 0) == 0);
    // Every line of the old slip is still there.
    const auto old = decode_escpos(build_slip(sample(), paper).bytes);
    for (const auto& l : old.lines) CHECK(d.has_line(l.text));
  }
}

TEST_CASE("a slip without pictograms, or with unknown ids, prints no image") {
  const auto plain = build_slip(sample());
  CHECK(decode_escpos(plain.bytes).images.empty());
  SlipText t = sample();
  t.status_pictogram = "status.nothing";
  CHECK(build_slip(t).bytes == plain.bytes);
  t.category_pictogram = "seeds";  // not a pictogram id: the kiosk passes category_pictogram()
  CHECK(build_slip(t).bytes == plain.bytes);
}
