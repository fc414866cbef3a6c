#include "app/web/web_html.hpp"

#include <sodium.h>

#include <cstdint>

#include "app/ui/direction.hpp"

namespace mutua::web {

namespace {

// The length of the UTF-8 sequence starting at s[i] when it is well formed, else 0.
size_t utf8_length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t cp = 0;
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

constexpr std::string_view kCss =
    "*{box-sizing:border-box}"
    "body{margin:0;font:18px/1.45 sans-serif;color:#1b1b1b;background:#f6f4ef}"
    "header{display:flex;flex-wrap:wrap;gap:0 1em;align-items:center;padding:.1em .6em;"
    "background:#23395b;color:#fff}"
    "header a{color:#fff;display:inline-flex;align-items:center;min-height:48px;min-width:48px}"
    "header .home{font-weight:bold;margin-right:auto;text-decoration:none}"
    "nav ul{display:flex;flex-wrap:wrap;gap:0 .7em;list-style:none;margin:0;padding:0}"
    "main{max-width:40em;margin:0 auto;padding:.8em}"
    "h1{font-size:1.5em;margin:.3em 0 .6em}"
    "h2{font-size:1.2em;margin:1em 0 .4em}"
    "a{color:#1d4f91}"
    ".choices{list-style:none;margin:0;padding:0;display:grid;gap:.7em}"
    ".choices a{display:block;padding:1em;border-radius:.6em;background:#fff;border:2px solid "
    "#23395b;text-decoration:none;color:#1b1b1b;font-weight:bold}"
    ".choices span{display:block;font-weight:normal;color:#555}"
    "fieldset{border:0;margin:0 0 1em;padding:0}"
    "legend,label.q{display:block;font-weight:bold;margin:.8em 0 .3em}"
    ".opt{display:block;padding:.55em .6em;margin:.3em 0;background:#fff;border:1px solid #bbb;"
    "border-radius:.5em;min-height:48px}"
    "input[type=text],input[type=tel],input[type=number],input[type=search],select{width:100%;"
    "font:inherit;padding:.5em;border:1px solid #888;border-radius:.4em;min-height:48px}"
    "input[type=radio],input[type=checkbox]{width:1.3em;height:1.3em;vertical-align:middle;"
    "margin-right:.5em}"
    "button{font:inherit;font-weight:bold;padding:.7em 1.2em;border-radius:.5em;border:0;"
    "background:#23395b;color:#fff;min-height:48px;margin:.3em .3em .3em 0}"
    "button.plain{background:#fff;color:#23395b;border:2px solid #23395b}"
    ".error{background:#fde8e6;border-left:.3em solid #b3261e;padding:.6em;font-weight:bold}"
    ".notice{background:#fff;border-left:.3em solid #23395b;padding:.6em}"
    ".code{font:bold 2.6em/1.2 monospace;letter-spacing:.08em;text-align:center;padding:.4em;"
    "background:#fff;border:3px solid #6a3d9a;border-radius:.5em;margin:.3em 0;"
    "overflow-wrap:anywhere}"
    "dl{margin:0}dt{font-weight:bold;margin-top:.6em}dd{margin:0;overflow-wrap:anywhere}"
    ".list{list-style:none;margin:0;padding:0}"
    ".list li{background:#fff;border:1px solid #ccc;border-radius:.5em;padding:.6em;"
    "margin:.5em 0;overflow-wrap:anywhere}"
    ".muted{color:#555}"
    "svg.pict{width:1.6em;height:1.6em;vertical-align:middle;margin:0 .45em .1em 0;flex:none}"
    ".choices svg.pict{float:left;width:2.4em;height:2.4em;margin:.15em .7em 0 0}"
    "button svg.pict{width:1.3em;height:1.3em}"
    ".status{font-weight:bold}"
    "svg.defs{position:absolute;width:0;height:0;overflow:hidden}"
    ".tabs a{display:inline-flex;align-items:center;min-height:48px;margin-right:1em}"
    ".tabs a[aria-current]{font-weight:bold}"
    "a.go{display:inline-flex;align-items:center;min-height:48px;min-width:48px;padding:0 1.2em;"
    "border:2px solid #23395b;border-radius:.5em;font-weight:bold;text-decoration:none;"
    "color:#23395b;background:#fff}"
    "dl+form{margin-top:1em}";

std::string base64(const unsigned char* bytes, size_t n) {
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

}  // namespace

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    const char c = s[i++];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
  }
  return out;
}

const std::string& page_css() {
  static const std::string css(kCss);
  return css;
}

const std::string& page_css_csp_source() {
  static const std::string source = [] {
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(kCss.data()), kCss.size());
    return "'sha256-" + base64(hash, sizeof hash) + "'";
  }();
  return source;
}

const std::string& content_security_policy() {
  static const std::string csp = "default-src 'none'; style-src " + page_css_csp_source() +
                                 "; img-src 'self'; form-action 'self'; base-uri 'none'; "
                                 "frame-ancestors 'none'";
  return csp;
}

std::string page(std::string_view lang, std::string_view title, std::string_view body,
                 std::string_view back_path, const std::vector<PickerLanguage>& languages,
                 std::string_view home_label, std::string_view language_label) {
  const bool rtl = language_rtl(lang);  // the catalogue's X-Direction
  std::string h;
  h.reserve(8192 + body.size());
  h += "<!doctype html><html lang=\"" + esc(lang) + "\" dir=\"" + (rtl ? "rtl" : "ltr") +
       "\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
       "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
       esc(title) + "</title><style>" + page_css() +
       "</style></head><body><header><a class=\"home\" href=\"/\">" + esc(home_label) +
       "</a><nav aria-label=\"" + esc(language_label) + "\"><ul>";
  for (const auto& l : languages) {
    h += "<li><a href=\"/lang?to=" + url_encode(l.code) +
         "&amp;back=" + esc(url_encode(back_path)) + "\" lang=\"" + esc(l.code) + "\" hreflang=\"" +
         esc(l.code) + "\"";
    if (l.code == lang) h += " aria-current=\"true\"";
    h += ">" + esc(l.native_name) + "</a></li>";
  }
  h += "</ul></nav></header><main>";
  h += body;
  h += "</main></body></html>";
  return h;
}

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() + 0 && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '_' || b == '.' || b == '~' || b == '/') {
      out += c;
    } else {
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 15];
    }
  }
  return out;
}

}  // namespace mutua::web
