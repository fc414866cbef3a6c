// escpos_text FILE: the text of a printed slip (an ESC/POS file, e.g. from "Print my ticket" with
// the printer set to a file), through the slip tests' decoder (escpos_decoder.hpp), for scripts
// that check a slip: scripts/walk. Prints "code page N", then each text line as the printer
// got it (code-page bytes), then "qr URL" when the slip has a QR code. Exits 1, naming the
// problem on stderr, when a byte is not understood or the slip does not start with ESC @ and
// end with the cut; 2 on bad usage or an unreadable file.
#include <fstream>
#include <iostream>
#include <sstream>

#include "support/escpos_decoder.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: escpos_text FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "escpos_text: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const mutua::test::EscPos slip = mutua::test::decode_escpos(bytes.str());
  std::cout << "code page " << slip.code_page << "\n";
  for (const auto& line : slip.lines) std::cout << line.text << "\n";
  if (slip.qr_printed) std::cout << "qr " << slip.qr_data << "\n";
  for (const auto& e : slip.errors) std::cerr << "escpos_text: " << e << "\n";
  if (!slip.init_first) std::cerr << "escpos_text: the slip does not start with ESC @\n";
  if (!slip.cut_last) std::cerr << "escpos_text: the slip does not end with the cut\n";
  return slip.errors.empty() && slip.init_first && slip.cut_last ? 0 : 1;
}
