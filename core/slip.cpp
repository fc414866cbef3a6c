#include "core/slip.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/utf8.hpp"

extern char** environ;

namespace mutua {

namespace {

// The upper halves of the two code pages, as Unicode (bytes 0x80..0xFF).
constexpr char16_t kPc850[128] = {
    199,  252,  233,  226,  228,  224,  229, 231, 234,  235,  232,  239,  238,  236,  196,  197,
    201,  230,  198,  244,  246,  242,  251, 249, 255,  214,  220,  248,  163,  216,  215,  402,
    225,  237,  243,  250,  241,  209,  170, 186, 191,  174,  172,  189,  188,  161,  171,  187,
    9617, 9618, 9619, 9474, 9508, 193,  194, 192, 169,  9571, 9553, 9559, 9565, 162,  165,  9488,
    9492, 9524, 9516, 9500, 9472, 9532, 227, 195, 9562, 9556, 9577, 9574, 9568, 9552, 9580, 164,
    240,  208,  202,  203,  200,  305,  205, 206, 207,  9496, 9484, 9608, 9604, 166,  204,  9600,
    211,  223,  212,  210,  245,  213,  181, 254, 222,  218,  219,  217,  253,  221,  175,  180,
    173,  177,  8215, 190,  182,  167,  247, 184, 176,  168,  183,  185,  179,  178,  9632, 160};
constexpr char16_t kPc866[128] = {
    1040, 1041, 1042, 1043, 1044, 1045, 1046, 1047, 1048, 1049, 1050, 1051, 1052, 1053, 1054, 1055,
    1056, 1057, 1058, 1059, 1060, 1061, 1062, 1063, 1064, 1065, 1066, 1067, 1068, 1069, 1070, 1071,
    1072, 1073, 1074, 1075, 1076, 1077, 1078, 1079, 1080, 1081, 1082, 1083, 1084, 1085, 1086, 1087,
    9617, 9618, 9619, 9474, 9508, 9569, 9570, 9558, 9557, 9571, 9553, 9559, 9565, 9564, 9563, 9488,
    9492, 9524, 9516, 9500, 9472, 9532, 9566, 9567, 9562, 9556, 9577, 9574, 9568, 9552, 9580, 9575,
    9576, 9572, 9573, 9561, 9560, 9554, 9555, 9579, 9578, 9496, 9484, 9608, 9604, 9612, 9616, 9600,
    1088, 1089, 1090, 1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099, 1100, 1101, 1102, 1103,
    1025, 1105, 1028, 1108, 1031, 1111, 1038, 1118, 176,  8729, 183,  8730, 8470, 164,  9632, 160};

// Latin letters with marks (U+00C0..U+017F) as plain ASCII, for a page that lacks them.
constexpr const char* kLatinBase[192] = {
    "A", "A", "A",  "A",  "A", "A", "AE", "C",  "E",  "E", "E", "E", "I",  "I",  "I", "I", "D", "N",
    "O", "O", "O",  "O",  "O", "x", "O",  "U",  "U",  "U", "U", "Y", "Th", "ss", "a", "a", "a", "a",
    "a", "a", "ae", "c",  "e", "e", "e",  "e",  "i",  "i", "i", "i", "d",  "n",  "o", "o", "o", "o",
    "o", "/", "o",  "u",  "u", "u", "u",  "y",  "th", "y", "A", "a", "A",  "a",  "A", "a", "C", "c",
    "C", "c", "C",  "c",  "C", "c", "D",  "d",  "D",  "d", "E", "e", "E",  "e",  "E", "e", "E", "e",
    "E", "e", "G",  "g",  "G", "g", "G",  "g",  "G",  "g", "H", "h", "H",  "h",  "I", "i", "I", "i",
    "I", "i", "I",  "i",  "I", "i", "IJ", "ij", "J",  "j", "K", "k", "k",  "L",  "l", "L", "l", "L",
    "l", "L", "l",  "L",  "l", "N", "n",  "N",  "n",  "N", "n", "n", "N",  "n",  "O", "o", "O", "o",
    "O", "o", "OE", "oe", "R", "r", "R",  "r",  "R",  "r", "S", "s", "S",  "s",  "S", "s", "S", "s",
    "T", "t", "T",  "t",  "T", "t", "U",  "u",  "U",  "u", "U", "u", "U",  "u",  "U", "u", "U", "u",
    "W", "w", "Y",  "y",  "Y", "Z", "z",  "Z",  "z",  "Z", "z", "s"};

// Punctuation and letters no page has, in ASCII or in letters a page has.
const char* fallback(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x2032:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
      return "-";
    case 0x2026:
      return "...";
    case 0x00B7:
    case 0x2022:
    case 0x2219:
      return "-";
    case 0x00A0:
    case 0x202F:
    case 0x2009:
      return " ";
    case 0x20AC:
      return "EUR";
    case 0x2116:
      return "No";
    case 0x0406:
      return "I";  // Ukrainian І: the Latin letter looks the same
    case 0x0456:
      return "i";
    case 0x0490:
      return "\xD0\x93";  // Ґ -> Г
    case 0x0491:
      return "\xD0\xB3";  // ґ -> г
    case 0x02BC:
      return "'";  // the Ukrainian apostrophe
    default:
      return nullptr;
  }
}

bool put(std::string& out, char32_t c, CodePage page) {
  if (c == '\n') {
    out += '\n';
    return true;
  }
  if (c >= 0x20 && c < 0x7F) {
    out += char(c);
    return true;
  }
  const char16_t* table = page == CodePage::pc866 ? kPc866 : kPc850;
  for (int i = 0; i < 128; ++i)
    if (table[i] == c && c != 160) {
      out += char(0x80 + i);
      return true;
    }
  return false;
}

void add_char(EncodedText& e, char32_t c, CodePage page, int depth = 0) {
  if (c == '\r' || c == '\t') c = ' ';
  if (put(e.bytes, c, page)) return;
  if (depth == 0) {
    if (const char* f = fallback(c)) {
      if (utf8::valid(f)) utf8::for_each(f, [&](char32_t d) { add_char(e, d, page, 1); });
      return;
    }
    if (c >= 0xC0 && c <= 0x17F) {
      for (const char* s = kLatinBase[c - 0xC0]; *s; ++s) e.bytes += *s;
      return;
    }
  }
  e.bytes += '?';
  ++e.replaced;
}

// Word-wraps code-page bytes (one byte, one column) to `cols`.
std::string wrap(const std::string& text, size_t cols) {
  std::string out, line;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find_first_of(" \n", at);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(at, end - at);
    while (word.size() > cols) {  // a word longer than the line: cut it
      if (!line.empty()) {
        out += line + "\n";
        line.clear();
      }
      out += word.substr(0, cols) + "\n";
      word.erase(0, cols);
    }
    if (!line.empty() && line.size() + 1 + word.size() > cols) {
      out += line + "\n";
      line.clear();
    }
    if (!word.empty()) line += (line.empty() ? "" : " ") + word;
    if (end < text.size() && text[end] == '\n') {
      out += line + "\n";
      line.clear();
    }
    at = end + 1;
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

void gs_k(std::string& out, std::string_view body) {
  // GS ( k pL pH cn fn [params]: pL pH count the bytes after themselves.
  const size_t n = body.size();
  out += "\x1D(k";
  out += char(n & 0xFF);
  out += char((n >> 8) & 0xFF);
  out += body;
}

}  // namespace

CodePage code_page_for(std::string_view utf8) {
  bool cyrillic = false;
  if (utf8::valid(utf8))
    utf8::for_each(utf8, [&](char32_t c) { cyrillic = cyrillic || (c >= 0x400 && c <= 0x4FF); });
  return cyrillic ? CodePage::pc866 : CodePage::pc850;
}

EncodedText encode_for_printer(std::string_view utf8, CodePage page) {
  EncodedText e;
  if (!utf8::valid(utf8)) {  // never pass bytes through: anything not ASCII becomes '?'
    for (unsigned char c : utf8) {
      if (c >= 0x20 && c < 0x7F) {
        e.bytes += char(c);
      } else {
        e.bytes += '?';
        ++e.replaced;
      }
    }
    return e;
  }
  utf8::for_each(utf8, [&](char32_t c) { add_char(e, c, page); });
  return e;
}

Slip build_slip(const SlipText& t, PaperWidth paper) {
  Slip slip;
  std::string all = t.title + t.qr_caption + t.next_title + t.next;
  for (const auto& l : t.lines) all += l;
  slip.page = code_page_for(all);
  const size_t cols = paper == PaperWidth::mm58 ? 32 : 48;
  auto text = [&](std::string_view s) {
    EncodedText e = encode_for_printer(s, slip.page);
    slip.replaced += e.replaced;
    return e.bytes;
  };
  std::string& b = slip.bytes;
  b += "\x1B@";  // initialise
  b += "\x1Bt";
  b += char(slip.page);
  b += "\x1B"
       "a\x01";  // centre
  b += wrap(text(t.title), cols);
  b += "\x1D!";
  b += char(paper == PaperWidth::mm58 ? 0x22 : 0x33);  // 3x or 4x wide and tall
  b += "\x1B"
       "E\x01";
  b += text(t.code) + "\n";
  b += "\x1B"
       "E\x00"
       "\x1D!\x00";
  std::string_view qr = t.qr;
  if (!qr.empty() && qr.size() <= 700) {
    b += "\n";
    gs_k(b, std::string_view("\x31\x41\x32\x00", 4));                            // fn 65: model 2
    gs_k(b, std::string("\x31\x43") + char(paper == PaperWidth::mm58 ? 5 : 6));  // module size
    gs_k(b, "\x31\x45\x31");                                                     // fn 69: level M
    gs_k(b, std::string("\x31\x50\x30") + std::string(qr));  // fn 80: store the data
    gs_k(b, "\x31\x51\x30");                                 // fn 81: print it
    b += "\n";
    if (!t.qr_caption.empty()) b += wrap(text(t.qr_caption), cols);
  }
  b += "\x1B"
       "a\x00";  // left
  b += "\n";
  for (const auto& l : t.lines) b += wrap(text(l), cols);
  if (!t.next.empty()) {
    b += "\n\x1B"
         "E\x01";
    b += wrap(text(t.next_title), cols);
    b += "\x1B"
         "E\x00";
    b += wrap(text(t.next), cols);
  }
  b += "\x1B"
       "d\x04";                          // feed 4 lines
  b += std::string("\x1DV\x42\x00", 4);  // cut (partial, after feeding to the blade)
  return slip;
}

bool is_cups_queue(std::string_view printer) {
  if (printer.empty() || printer.size() > 127 || printer[0] == '-') return false;
  for (char c : printer)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.' || c == '@'))
      return false;
  return true;
}

Result<Ok> send_to_printer(std::string_view bytes, const std::string& printer) {
  if (printer.empty()) return fail("no printer is set");
  if (printer.find('/') != std::string::npos) {
    FILE* f = std::fopen(printer.c_str(), "wb");
    if (!f) return fail("could not open " + printer + ": " + std::strerror(errno));
    const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool closed = std::fclose(f) == 0;
    if (!wrote || !closed) return fail("could not write to " + printer);
    return Ok{};
  }
  if (!is_cups_queue(printer))
    return fail("'" + printer +
                "' is neither a path (/dev/usb/lp0, ./slip.bin) nor a printer queue name");
  // lp -d NAME -o raw, the bytes on its standard input; no shell.
  int in[2];
  if (pipe(in) != 0) return fail(std::string("could not start lp: ") + std::strerror(errno));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  std::string name = printer;
  char lp[] = "lp", d[] = "-d", o[] = "-o", raw[] = "raw", silent[] = "-s";
  char* argv[] = {lp, silent, d, name.data(), o, raw, nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "lp", &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  if (spawned != 0) {
    close(in[1]);
    return fail("could not run lp (is CUPS installed?): " + std::string(std::strerror(spawned)));
  }
  signal(SIGPIPE, SIG_IGN);
  size_t off = 0;
  bool ok = true;
  while (off < bytes.size()) {
    const ssize_t n = write(in[1], bytes.data() + off, bytes.size() - off);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      ok = false;
      break;
    }
    off += size_t(n);
  }
  close(in[1]);
  // Wait at most 30 s for lp to hand the job to CUPS.
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0) return fail("lp: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return fail("lp did not finish within 30 seconds");
    }
    poll(nullptr, 0, 20);
  }
  if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail("lp could not print to '" + printer + "' (see lpstat -p)");
  return Ok{};
}

}  // namespace mutua
