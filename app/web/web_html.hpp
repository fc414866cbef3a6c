#pragma once
// HTML for the phone pages (app/web/phone_pages.hpp): the one escaping function every template
// uses, and the frame of a page (lang and dir set, inline CSS allowed by its hash only).
#include <string>
#include <string_view>
#include <vector>

namespace mutua::web {

// Text made safe for HTML element content and for double- or single-quoted attribute values:
// & < > " ' are written as entities; bytes that are not UTF-8 and control characters other than
// tab and newline become U+FFFD. Every value a page shows goes through this.
std::string esc(std::string_view text);

// The style sheet every page carries inline, and its CSP source ('sha256-...').
const std::string& page_css();
const std::string& page_css_csp_source();
// The Content-Security-Policy of every answer: nothing from elsewhere, no script, the inline
// style by hash, forms post only here.
const std::string& content_security_policy();

// A link target of the language picker: code and name in its own script.
struct PickerLanguage {
  std::string code;
  std::string native_name;
};

// A whole page: <!doctype html>, <html lang dir>, the title, the picker (links to
// /lang?to=CODE&back=BACK), a link home, then `body` (already escaped HTML).
std::string page(std::string_view lang, std::string_view title, std::string_view body,
                 std::string_view back_path, const std::vector<PickerLanguage>& languages,
                 std::string_view home_label, std::string_view language_label);

// "%xx" and "+" decoded (a form field or a query value).
std::string url_decode(std::string_view s);
// A value made safe for a query string.
std::string url_encode(std::string_view s);

}  // namespace mutua::web
