#include "app/widgets/keyboard.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <imgui_internal.h>  // ImTextCharToUtf8

#include "app/ui/i18n.hpp"
#include "app/widgets/keyboard_layouts.hpp"
#include "app/widgets/keyboard_layouts_rtl.hpp"
#include "app/widgets/layout_probe.hpp"
#include "app/widgets/palette.hpp"
#include "app/widgets/text.hpp"
#include "core/digits.hpp"
#include "core/utf8.hpp"
#include "platform/scale.hpp"

namespace mutua {

namespace {

using keys::kAccents;
using keys::kAzerty;
using keys::kQwerty;
using keys::kSymbols;
using keys::kUkrainian;
using keys::Page;

constexpr Page from_rtl(const keys::RtlPage& p) {
  return Page{{{p.lower[0], p.upper[0]}, {p.lower[1], p.upper[1]}, {p.lower[2], p.upper[2]}}};
}
constexpr Page kArabic = from_rtl(keys::kArabic);
constexpr Page kPersian = from_rtl(keys::kPersian);
// Arabic and Persian have no accents: their accents key opens a page of their shift page's
// extra letters and harakat (hamza forms, آ, ژ), which stays until its letters key.
constexpr Page extras_of(const keys::RtlPage& p) {
  return Page{{{p.upper[0], p.upper[0]}, {p.upper[1], p.upper[1]}, {p.upper[2], p.upper[2]}}};
}
constexpr Page kArabicExtras = extras_of(keys::kArabic);
constexpr Page kPersianExtras = extras_of(keys::kPersian);
constexpr Page kArabicSymbols = from_rtl(keys::kArabicSymbols);
constexpr Page kPersianSymbols = from_rtl(keys::kPersianSymbols);

bool right_to_left(KeyLayout l) {
  return l == KeyLayout::arabic || l == KeyLayout::persian;
}

const Page& page_for(const OnScreenKeyboard& kb) {
  switch (kb.page) {
    case KeyPage::accents:
      if (kb.layout == KeyLayout::arabic) return kArabicExtras;
      if (kb.layout == KeyLayout::persian) return kPersianExtras;
      return kAccents;
    case KeyPage::symbols:
      if (kb.layout == KeyLayout::arabic) return kArabicSymbols;
      if (kb.layout == KeyLayout::persian) return kPersianSymbols;
      return kSymbols;
    case KeyPage::letters:
      break;
  }
  switch (kb.layout) {
    case KeyLayout::azerty:
      return kAzerty;
    case KeyLayout::ukrainian:
      return kUkrainian;
    case KeyLayout::arabic:
      return kArabic;
    case KeyLayout::persian:
      return kPersian;
    case KeyLayout::qwerty:
      break;
  }
  return kQwerty;
}

std::vector<std::string> split(const char* row) {
  std::vector<std::string> keys;
  std::string_view s(row);
  while (!s.empty()) {
    const size_t sp = s.find(' ');
    keys.emplace_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return keys;
}

// One key as laid out: what it does, its label, and its width in key units.
struct Key {
  std::string id;
  std::string label;
  float units = 1.0f;
  bool special = false;  // drawn in the darker "function key" style
  bool slot = false;     // one of the three layout and page keys
  bool letter = false;   // a key of the page's own rows, sized by its layout (Geometry::letter)
};
using Rows = std::vector<std::vector<Key>>;

const char* kShift = "\xE2\x87\xA7";      // ⇧
const char* kBackspace = "\xE2\x8C\xAB";  // ⌫

// Name of the layout the layout key switches to.
KeyLayout next_layout(KeyLayout l) {
  switch (l) {
    case KeyLayout::qwerty:
      return KeyLayout::azerty;
    case KeyLayout::azerty:
      return KeyLayout::ukrainian;
    case KeyLayout::ukrainian:
      return KeyLayout::arabic;
    case KeyLayout::arabic:
      return KeyLayout::persian;
    case KeyLayout::persian:
      break;
  }
  return KeyLayout::qwerty;
}
const char* layout_name(KeyLayout l) {
  switch (l) {
    case KeyLayout::qwerty:
      return "QWERTY";
    case KeyLayout::azerty:
      return "AZERTY";
    case KeyLayout::ukrainian:
      return "\xD0\x99\xD0\xA6\xD0\xA3\xD0\x9A\xD0\x95\xD0\x9D";  // ЙЦУКЕН
    case KeyLayout::arabic:
      return keys::kArabicName;
    case KeyLayout::persian:
      return keys::kPersianName;
  }
  return "";
}

// The accents key: Latin accents, or Arabic's and Persian's extra letters.
const char* accents_label(KeyLayout l) {
  return l == KeyLayout::arabic    ? "\xD8\xA3\xD8\xA5\xD8\xA2"   // أإآ
         : l == KeyLayout::persian ? "\xD8\xA2\xDA\x98\xD8\xA1"   // آژء
                                   : "\xC3\xA1\xC3\xA9\xC3\xB1";  // áéñ
}
const char* digits_label(KeyLayout l) {
  return l == KeyLayout::arabic    ? "\xD9\xA1\xD9\xA2\xD9\xA3"  // ١٢٣
         : l == KeyLayout::persian ? "\xDB\xB1\xDB\xB2\xDB\xB3"  // ۱۲۳
                                   : "123";
}
const char* letters_label(KeyLayout l) {
  return l == KeyLayout::ukrainian ? "\xD0\xB0\xD0\xB1\xD0\xB2"  // абв
         : l == KeyLayout::arabic  ? keys::kArabicLetters
         : l == KeyLayout::persian ? keys::kPersianLetters
                                   : "abc";
}
constexpr KeyLayout kLayouts[] = {KeyLayout::qwerty, KeyLayout::azerty, KeyLayout::ukrainian,
                                  KeyLayout::arabic, KeyLayout::persian};
constexpr KeyPage kPages[] = {KeyPage::letters, KeyPage::accents, KeyPage::symbols};

Rows build_rows(const OnScreenKeyboard& kb, KeyInput input) {
  Rows rows;
  if (input != KeyInput::text) {
    // A phone-style pad, four keys wide.
    const bool phone = input == KeyInput::phone;
    rows.push_back({{"1", "1"}, {"2", "2"}, {"3", "3"}, {"backspace", kBackspace, 1, true}});
    rows.push_back({{"4", "4"}, {"5", "5"}, {"6", "6"}, phone ? Key{"+", "+"} : Key{"", ""}});
    rows.push_back(
        {{"7", "7"}, {"8", "8"}, {"9", "9"}, phone ? Key{" ", tr("space"), 1} : Key{"", ""}});
    rows.push_back(
        {phone ? Key{"-", "-"} : Key{"", ""}, {"0", "0"}, {"done", tr("Done"), 2, true}});
    return rows;
  }
  const Page& page = page_for(kb);
  // Shift on the letters and the Latin accents; Arabic's and Persian's extra letters have no
  // capitals.
  const bool has_shift =
      kb.page == KeyPage::letters || (kb.page == KeyPage::accents && !right_to_left(kb.layout));
  const bool upper = kb.shift && has_shift;
  for (int r = 0; r < 3; ++r) {
    std::vector<Key> row;
    if (r == 2 && has_shift) row.push_back({"shift", kShift, 1.5f, true});
    for (auto& k : split(upper ? page.rows[r].upper : page.rows[r].lower)) {
      if (k == "zwnj")
        row.push_back({keys::kZwnj, keys::kZwnjLabel, 1.0f, false, false, true});
      else
        row.push_back({k, k, 1.0f, false, false, true});
    }
    if (r == 2) row.push_back({"backspace", kBackspace, 1.5f, true});
    rows.push_back(std::move(row));
  }
  // The bottom row is the same in every layout and page, so a second tap on the same spot does
  // the same thing (issue 14): [layout] [symbols] [accents] , space . [Done]. A page's own key
  // becomes "letters" in its place; in Arabic and Persian the accents key opens their extra
  // letters.
  std::vector<Key> bottom;
  bottom.push_back({"layout", layout_name(next_layout(kb.layout)), 1.5f, true, true});
  if (kb.page == KeyPage::symbols)
    bottom.push_back({"letters", letters_label(kb.layout), 1.5f, true, true});
  else
    bottom.push_back({"symbols", digits_label(kb.layout), 1.5f, true, true});
  if (kb.page == KeyPage::accents)
    bottom.push_back({"letters", letters_label(kb.layout), 1.5f, true, true});
  else
    bottom.push_back({"accents", accents_label(kb.layout), 1.5f, true, true});
  if (right_to_left(kb.layout))
    bottom.push_back({"\xD8\x8C", "\xD8\x8C", 1.0f});  // ، Arabic comma
  else
    bottom.push_back({",", ",", 1.0f});
  bottom.push_back({"space", tr("space"), 0.0f});  // 0: takes the width that is left
  bottom.push_back({".", ".", 1.0f});
  bottom.push_back({"done", tr("Done"), 1.5f, true});
  rows.push_back(std::move(bottom));
  return rows;
}

struct Geometry {
  float unit = 0;    // width of a one-unit key: the same in every layout and page
  float letter = 0;  // width of a letter key (Key::letter): as wide as this page's rows allow
  float key_h = 0;
  float gap = 0;
  Rows rows;  // after wrapping
};

float row_units(const std::vector<Key>& row, float flex_units) {
  float u = 0;
  for (const auto& k : row) u += k.units > 0 ? k.units : flex_units;
  return u;
}

// A key's width as drawn; 0 for the space bar (it takes what its row leaves).
float key_width(const Key& k, const Geometry& g) {
  return k.units > 0 ? k.units * (k.letter ? g.letter : g.unit) : 0.0f;
}
float row_width(const std::vector<Key>& row, const Geometry& g) {
  float w = 0;
  for (const auto& k : row) w += key_width(k, g);
  return w;
}

// The letters as wide as this page's own rows allow (QWERTY's ten need less room than
// Ukrainian's twelve), up to `max_unit`; the keys around them keep the unit every layout shares,
// so that none of them moves.
float letter_width(const Rows& rows, float unit, float width, float max_unit) {
  float w = max_unit;
  for (const auto& row : rows) {
    float letters = 0, other = 0;
    for (const Key& k : row) (k.letter ? letters : other) += k.units > 0 ? k.units : 0.0f;
    if (letters > 0) w = std::min(w, (width - other * unit) / letters);
  }
  return std::max(unit, w);
}

// The font a key's label is drawn in: words in the label font, a character or two in the key's.
ImFont* font_for(const Key& k, ImFont* key_font, ImFont* label_font) {
  return k.label.size() > 4 ? label_font : key_font;
}

// The width of a key whose label (at its font's size) fits with a little air either side.
float key_width_for_label(const Key& k, float gap, ImFont* key_font, ImFont* label_font) {
  return text_width(font_for(k, key_font, label_font), k.label) + gap + px(6) + px(10);
}

bool is_word(const Key& k) {
  return k.units > 0 && utf8::length(k.label) > 1;
}

// The width the layout and page keys share, in every layout and page: the widest of the labels
// any of them can show, so that none of them moves when the layout or the page changes.
float slot_width(float gap, ImFont* key_font, ImFont* label_font) {
  float w = 0;
  auto take = [&](const char* label) {
    w = std::max(w, key_width_for_label(Key{"", label}, gap, key_font, label_font));
  };
  for (KeyLayout l : kLayouts) {
    take(layout_name(l));
    take(digits_label(l));
    take(letters_label(l));
  }
  for (KeyLayout l : kLayouts) take(accents_label(l));
  return w;
}

// The space bar keeps at least this many key units.
constexpr float kMinSpaceUnits = 2.0f;

// Gives the word keys of the row with the space bar ("QWERTY", "Terminé", "Готово") the room
// their label needs at full size, taken from the space bar. Where the space bar cannot give that
// much (a narrow display at large text), the keys that switch layout or page move to a row of
// their own above, sharing it; what is still short is shared out, and labels shrink to fit.
void fit_word_keys(Geometry& g, float width, ImFont* key_font, ImFont* label_font) {
  if (!key_font || !label_font || g.unit <= 0) return;
  const float row_u = width / g.unit;
  for (size_t r = 0; r < g.rows.size(); ++r) {
    if (row_units(g.rows[r], 0.0f) >= row_units(g.rows[r], 1.0f)) continue;  // no space bar
    const float slot_w = slot_width(g.gap, key_font, label_font);
    auto wanted = [&](const Key& k) {
      if (k.slot) return std::max(k.units, slot_w / g.unit);
      return is_word(k)
                 ? std::max(k.units, key_width_for_label(k, g.gap, key_font, label_font) / g.unit)
                 : k.units;
    };
    auto wanted_units = [&](const std::vector<Key>& row) {
      float u = kMinSpaceUnits;
      for (const Key& k : row) u += k.units > 0 ? wanted(k) : 0.0f;
      return u;
    };
    if (wanted_units(g.rows[r]) > row_u + 0.01f) {
      std::vector<Key> top, rest;
      for (Key& k : g.rows[r]) (k.slot ? top : rest).push_back(std::move(k));
      if (!top.empty()) {
        for (Key& k : top) k.units = row_u / float(top.size());
        g.rows[r] = std::move(rest);
        g.rows.insert(g.rows.begin() + long(r), std::move(top));
        ++r;
      } else {
        g.rows[r] = std::move(rest);
      }
    }
    std::vector<Key>& row = g.rows[r];
    float extra = 0;
    for (const Key& k : row) extra += wanted(k) - (k.units > 0 ? k.units : 0.0f);
    const float spare = row_u - kMinSpaceUnits - row_units(row, 0.0f);
    const float share = extra > 0 ? std::clamp(spare / extra, 0.0f, 1.0f) : 0.0f;
    for (Key& k : row)
      if (is_word(k) || k.slot) k.units += (wanted(k) - k.units) * share;
  }
}

// The widest row, in key units, of any layout and page the keyboard can show for this input.
float widest_units(const OnScreenKeyboard& kb, KeyInput input, float flex_units) {
  float widest = 0;
  auto take = [&](const OnScreenKeyboard& k) {
    for (const auto& r : build_rows(k, input)) widest = std::max(widest, row_units(r, flex_units));
  };
  if (input != KeyInput::text) {
    take(kb);
    return widest;
  }
  // Every layout and page of the text keyboard: fixed key sets and units, so computed once for
  // each space-bar share (two are used) rather than 12 row builds each time the keyboard is laid
  // out. The UI thread is the only caller.
  static std::vector<std::pair<float, float>> known;  // flex_units, widest
  for (const auto& [flex, w] : known)
    if (flex == flex_units) return w;
  OnScreenKeyboard each;
  for (KeyLayout l : kLayouts)
    for (KeyPage p : kPages) {
      each.layout = l;
      each.page = p;
      take(each);
    }
  known.emplace_back(flex_units, widest);
  return widest;
}

Geometry layout(const OnScreenKeyboard& kb, KeyInput input, float width, float display_h,
                ImFont* key_font, ImFont* label_font) {
  Geometry g;
  g.gap = px(5);
  const float min_key = kTouchTargetPx;  // 48 px at scale 1, the floor at any scale
  // Taller keys on tall screens, but the keyboard must leave room for the form above it.
  g.key_h = std::clamp(std::min(display_h, width) * 0.1f, min_key,
                       std::max(min_key, touch_target() * 1.25f));
  Rows rows = build_rows(kb, input);
  const float flex = 4.0f;  // the space bar's share when there is room
  // One key size for every layout and page, so the bottom row's keys stay where they are.
  const float widest = widest_units(kb, input, flex);
  const float max_unit = input == KeyInput::text ? g.key_h * 1.5f : g.key_h * 2.6f;
  g.unit = std::min(max_unit, width / widest);
  if (g.unit < min_key) {
    // Too narrow (portrait, or a large text scale): wrap long rows instead of shrinking keys.
    g.unit = min_key;
    const float fit = std::floor(width / min_key);
    for (auto& r : rows) {
      if (row_units(r, 2.0f) <= fit) {
        g.rows.push_back(std::move(r));
        continue;
      }
      const size_t parts = size_t(std::ceil(row_units(r, 2.0f) / fit));
      if (r.size() > 2 && r.front().id == "shift" && r.back().id == "backspace") {
        // Shift and backspace stay on the last row of letters, at its two edges, in every
        // layout: the letters before them go on the rows above, as many on each as fit.
        const size_t per = size_t(std::ceil(row_units(r, 2.0f) / float(parts)));
        const size_t letters = r.size() - 2;
        size_t i = 1;
        for (size_t part = 0; part + 1 < parts && i + per <= letters + 1; ++part, i += per)
          g.rows.emplace_back(r.begin() + long(i), r.begin() + long(i + per));
        std::vector<Key> last{r.front()};
        last.insert(last.end(), r.begin() + long(i), r.end());
        g.rows.push_back(std::move(last));
        continue;
      }
      const size_t per = (r.size() + parts - 1) / parts;
      for (size_t i = 0; i < r.size(); i += per)
        g.rows.emplace_back(r.begin() + long(i), r.begin() + long(std::min(r.size(), i + per)));
    }
  } else {
    g.rows = std::move(rows);
  }
  fit_word_keys(g, width, key_font, label_font);
  g.letter = letter_width(g.rows, g.unit, width, max_unit);
  return g;
}

// A key's label as drawn: at the font's size when it fits the key; else smaller. A letter (one
// character) is never cut: it shrinks as far as it must. A word (a layout's name, "Done") shrinks
// down to kSmallestLabel of the size, and only past that is it cut with "…".
constexpr float kSmallestLabel = 0.5f;
struct KeyLabel {
  std::string shown;
  float size = 0;   // font size it is drawn at
  float width = 0;  // at that size
};
KeyLabel fit_key_label(ImFont* f, const std::string& label, float room) {
  KeyLabel l{label, f->FontSize, text_width(f, label)};
  if (l.width <= room || l.width <= 0) return l;
  l.size = f->FontSize * room / l.width;
  if (utf8::length(label) <= 1) {  // a letter: whole, at the size that fits
    l.width = room;
    return l;
  }
  l.size = std::max(f->FontSize * kSmallestLabel, l.size);
  const float scale = l.size / f->FontSize;
  if (l.width * scale > room + 0.5f) l.shown = fit_text(f, label, room / scale);
  l.width = text_width(f, l.shown) * scale;
  return l;
}

bool allowed(char32_t c, KeyInput input) {
  return text_field_accepts(input, unsigned(c));
}

// A margin at the sides, given up on narrow screens so ten keys still get 48 px each.
float side_margin(const OnScreenKeyboard& kb, KeyInput input, float width) {
  const float widest = widest_units(kb, input, 2.0f);
  return std::clamp((width - widest * kTouchTargetPx) * 0.5f, 0.0f, px(8));
}

}  // namespace

const KeyHit* OnScreenKeyboard::key(std::string_view id) const {
  for (const auto& k : keys)
    if (k.id == id) return &k;
  return nullptr;
}

KeyLayout default_layout(std::string_view language) {
  // The catalogue's X-Keyboard header (app/ui/po_header.hpp).
  const std::string k = language_keyboard(language);
  if (k == "ukrainian") return KeyLayout::ukrainian;
  if (k == "arabic") return KeyLayout::arabic;
  if (k == "persian") return KeyLayout::persian;
  if (k == "azerty") return KeyLayout::azerty;
  return KeyLayout::qwerty;
}

void keyboard_insert(std::string& value, std::string_view typed, KeyInput input, size_t max_chars) {
  if (!utf8::valid(typed)) return;
  // Numbers, phone numbers and PINs are kept in Western digits, whichever digits were typed.
  const std::string normalized = input == KeyInput::text ? std::string() : normalize_digits(typed);
  const std::string_view text = input == KeyInput::text ? typed : std::string_view(normalized);
  size_t count = utf8::length(value);
  std::string add;
  const char* p = text.data();
  utf8::for_each(text, [&](char32_t c) {
    // Re-encode from the decoded code point's byte length.
    const size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (allowed(c, input) && (max_chars == 0 || count < max_chars)) {
      add.append(p, n);
      ++count;
    }
    p += n;
  });
  value += add;
}

void keyboard_backspace(std::string& value) {
  if (!value.empty()) utf8::pop_back(value);
}

float keyboard_height(const OnScreenKeyboard& kb, KeyInput input, float width, float display_h,
                      ImFont* key_font, ImFont* label_font) {
  if (!key_font) key_font = ImGui::GetFont();
  if (!label_font) label_font = key_font;
  const Geometry g =
      layout(kb, input, width - 2 * side_margin(kb, input, width), display_h, key_font, label_font);
  return float(g.rows.size()) * g.key_h + float(g.rows.size() + 1) * g.gap + px(8);
}

bool draw_keyboard(OnScreenKeyboard& kb, std::string& value, KeyInput input, size_t max_chars,
                   ImVec2 min, float width, float display_h, ImFont* key_font, ImFont* label_font) {
  if (!key_font) key_font = ImGui::GetFont();
  if (!label_font) label_font = key_font;
  const Palette& p = palette();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float side = side_margin(kb, input, width);
  const Geometry g = layout(kb, input, width - 2 * side, display_h, key_font, label_font);
  const float height = keyboard_height(kb, input, width, display_h, key_font, label_font);
  dl->AddRectFilled(min, ImVec2(min.x + width, min.y + height), p.keyboard_bg);

  // A physical keyboard, if one is plugged in, types into the same field.
  ImGuiIO& io = ImGui::GetIO();
  bool done = false;
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    const unsigned c = io.InputQueueCharacters[i];
    char buf[5] = {};
    ImTextCharToUtf8(buf, c);
    keyboard_insert(value, buf, input, max_chars);
  }
  io.InputQueueCharacters.resize(0);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) keyboard_backspace(value);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) done = true;

  kb.keys.clear();
  std::string action;
  float y = min.y + g.gap + px(4);
  for (size_t r = 0; r < g.rows.size(); ++r) {
    const auto& row = g.rows[r];
    const float fixed_w = row_width(row, g);
    float flex_w = 0;
    const float avail = width - 2 * side;
    if (row_units(row, 0.0f) < row_units(row, 1.0f))  // has a space bar: it takes what is left
      flex_w = std::max(2.0f * g.unit, avail - fixed_w);
    const float row_w = fixed_w + flex_w;
    const float left = min.x + side;
    // On the letter keyboard, shift keeps to the left edge and backspace to the right one, in
    // every layout, whatever the number of letters between them; the letters are centred.
    const bool text = input == KeyInput::text;
    const bool pin_left = text && !row.empty() && row.front().id == "shift";
    const bool pin_right = text && !row.empty() && row.back().id == "backspace";
    const float lead = pin_left ? key_width(row.front(), g) : 0.0f;
    const float trail = pin_right ? key_width(row.back(), g) : 0.0f;
    const float middle_w = row_w - lead - trail;
    const float middle_x =
        pin_left || pin_right
            ? left + std::max(lead, std::min((avail - middle_w) * 0.5f, avail - trail - middle_w))
            : left + std::max(0.0f, (avail - row_w) * 0.5f);
    float x = middle_x;
    for (size_t i = 0; i < row.size(); ++i) {
      const Key& k = row[i];
      const float w = k.units > 0 ? key_width(k, g) : flex_w;
      if (pin_left && i == 0) x = left;
      if (pin_right && i + 1 == row.size()) x = left + avail - w;
      const ImVec2 kmin(x, y), kmax(x + w, y + g.key_h);
      x += w;
      if (pin_left && i == 0) x = middle_x;
      if (k.id.empty()) continue;  // a gap in the numeric pad
      ImGui::SetCursorScreenPos(kmin);
      ImGui::PushID(int(r * 64 + i));
      // The whole cell is the touch target; the drawn key is inset so keys read as separate.
      const bool clicked = ImGui::InvisibleButton("##key", ImVec2(w, g.key_h));
      const bool held = ImGui::IsItemActive();
      ImGui::PopID();
      const float inset = g.gap * 0.5f;
      const ImVec2 vmin(kmin.x + inset, kmin.y), vmax(kmax.x - inset, kmax.y);
      const bool lit = (k.id == "shift" && kb.shift);
      ImU32 fill = k.special ? p.key_special : p.key;
      if (lit) fill = p.available;
      if (held) fill = p.surface_pressed;
      dl->AddRectFilled(vmin, vmax, fill, px(8));
      dl->AddRect(vmin, vmax, p.border, px(8), 0, px(1));
      ImFont* f = font_for(k, key_font, label_font);
      const KeyLabel l = fit_key_label(f, k.label, vmax.x - vmin.x - px(6));
      const ImVec2 at(vmin.x + (vmax.x - vmin.x - l.width) * 0.5f,
                      vmin.y + (g.key_h - l.size) * 0.5f);
      draw_text_line(dl, f, l.size, at, lit ? p.on_colour : p.text, l.shown);
      capture_text(l.shown, vmin, vmax);
      probe_touch(k.label, kmin, kmax);
      probe_text(k.label, at, ImVec2(at.x + l.width, at.y + l.size), vmin, vmax,
                 l.shown != k.label);
      kb.keys.push_back({k.id, kmin, kmax});
      if (clicked) action = k.id;
    }
    y += g.key_h + g.gap;
  }
  ImGui::SetCursorScreenPos(min);
  ImGui::Dummy(ImVec2(width, height));

  if (action.empty()) return done;
  if (action == "done") return true;
  if (action == "backspace") {
    keyboard_backspace(value);
  } else if (action == "shift") {
    kb.shift = !kb.shift;
  } else if (action == "layout") {
    kb.layout = next_layout(kb.layout);
  } else if (action == "accents") {
    kb.page = KeyPage::accents;
  } else if (action == "symbols") {
    kb.page = KeyPage::symbols;
  } else if (action == "letters") {
    kb.page = KeyPage::letters;
  } else {
    keyboard_insert(value, action == "space" ? " " : action, input, max_chars);
    if (kb.shift && action != "space") kb.shift = false;  // one capital, then lower case
  }
  return done;
}

}  // namespace mutua
