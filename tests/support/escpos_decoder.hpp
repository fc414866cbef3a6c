#pragma once
// A small ESC/POS decoder for the slip tests: walks the bytes command by command, fails on
// anything it does not know, and collects the text lines, the code page, the QR payload and the
// cut. Knows only the commands a slip may use (core/slip.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mutua::test {

struct EscPosLine {
  std::string text;  // code-page bytes
  int align = 0;     // 0 left, 1 centre
  int size = 0;      // GS ! value while printed
  bool bold = false;
};

struct EscPosImage {  // GS v 0
  int mode = 0;
  size_t row_bytes = 0, rows = 0;
  std::string data;
  int align = 0;
  size_t after_lines = 0;  // text lines printed before it
  bool dot(size_t x, size_t y) const {
    return static_cast<unsigned char>(data[y * row_bytes + x / 8]) & (0x80 >> (x % 8));
  }
};

struct EscPos {
  std::vector<std::string> errors;  // empty: every byte was understood
  bool init_first = false;          // ESC @ was the very first command
  int code_page = -1;
  std::vector<EscPosLine> lines;
  int qr_model = 0, qr_module = 0, qr_level = 0;
  std::string qr_data;
  bool qr_printed = false;
  bool cut_last = false;  // GS V was the last command
  size_t commands = 0;
  std::vector<EscPosImage> images;

  bool has_line(std::string_view s) const {
    for (const auto& l : lines)
      if (l.text.find(s) != std::string::npos) return true;
    return false;
  }
  std::string all_text() const {
    std::string s;
    for (const auto& l : lines) s += l.text + "\n";
    return s;
  }
};

inline EscPos decode_escpos(std::string_view b) {
  EscPos out;
  EscPosLine cur;
  int align = 0, size = 0;
  bool bold = false;
  auto end_line = [&] {
    cur.align = align;
    out.lines.push_back(cur);
    cur = EscPosLine{};
  };
  size_t i = 0;
  auto need = [&](size_t n) {
    if (i + n > b.size()) {
      out.errors.push_back("truncated command at byte " + std::to_string(i));
      return false;
    }
    return true;
  };
  while (i < b.size()) {
    const unsigned char c = static_cast<unsigned char>(b[i]);
    if (c == 0x1B || c == 0x1D) {
      if (!need(2)) break;
      const char op = b[i + 1];
      ++out.commands;
      out.cut_last = false;
      if (c == 0x1B && op == '@') {
        if (out.commands == 1) out.init_first = true;
        i += 2;
      } else if (c == 0x1B && (op == 't' || op == 'a' || op == 'E' || op == 'd')) {
        if (!need(3)) break;
        const int n = static_cast<unsigned char>(b[i + 2]);
        if (op == 't') out.code_page = n;
        if (op == 'a') align = n;
        if (op == 'E') bold = n != 0;
        i += 3;
      } else if (c == 0x1D && op == '!') {
        if (!need(3)) break;
        size = static_cast<unsigned char>(b[i + 2]);
        i += 3;
      } else if (c == 0x1D && op == 'V') {
        if (!need(3)) break;
        const int m = static_cast<unsigned char>(b[i + 2]);
        i += (m == 65 || m == 66) ? 4 : 3;
        if (i > b.size()) out.errors.push_back("truncated cut");
        out.cut_last = true;
      } else if (c == 0x1D && op == 'v') {
        if (!need(8) || b[i + 2] != '0') {
          out.errors.push_back("GS v without 0");
          break;
        }
        if (!cur.text.empty()) out.errors.push_back("GS v 0 in the middle of a line");
        EscPosImage img;
        auto byte = [&](size_t k) { return size_t(static_cast<unsigned char>(b[i + k])); };
        img.mode = int(byte(3));
        img.row_bytes = byte(4) | (byte(5) << 8);
        img.rows = byte(6) | (byte(7) << 8);
        img.align = align;
        img.after_lines = out.lines.size();
        i += 8;
        if (img.mode > 3 || !need(img.row_bytes * img.rows)) {
          out.errors.push_back("bad GS v 0 image");
          break;
        }
        img.data = std::string(b.substr(i, img.row_bytes * img.rows));
        i += img.row_bytes * img.rows;
        out.images.push_back(std::move(img));
      } else if (c == 0x1D && op == '(') {
        if (!need(5) || b[i + 2] != 'k') {
          out.errors.push_back("GS ( without k");
          break;
        }
        const size_t len = static_cast<unsigned char>(b[i + 3]) |
                           (size_t(static_cast<unsigned char>(b[i + 4])) << 8);
        i += 5;
        if (!need(len) || len < 3 || b[i] != 0x31) {
          out.errors.push_back("bad GS ( k body");
          break;
        }
        const std::string_view body = b.substr(i, len);
        const char fn = body[1];
        if (fn == 0x41)
          out.qr_model = static_cast<unsigned char>(body[2]) - '0';
        else if (fn == 0x43)
          out.qr_module = static_cast<unsigned char>(body[2]);
        else if (fn == 0x45)
          out.qr_level = static_cast<unsigned char>(body[2]);
        else if (fn == 0x50 && body[2] == 0x30)
          out.qr_data = std::string(body.substr(3));
        else if (fn == 0x51 && body[2] == 0x30)
          out.qr_printed = !out.qr_data.empty() && out.qr_model == 2;
        else
          out.errors.push_back("unknown GS ( k function");
        i += len;
      } else {
        out.errors.push_back("unknown command " + std::to_string(c) + " " + std::to_string(op));
        break;
      }
      continue;
    }
    ++i;
    if (c == '\n') {
      end_line();
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      out.errors.push_back("control byte " + std::to_string(c) + " in text");
      continue;
    }
    if (cur.text.empty()) {
      cur.size = size;
      cur.bold = bold;
    }
    cur.text += static_cast<char>(c);
  }
  if (!cur.text.empty()) out.errors.push_back("text after the last line feed");
  return out;
}

}  // namespace mutua::test
