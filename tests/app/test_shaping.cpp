// Arabic and Persian shaped with HarfBuzz and ordered with FriBidi (platform/shaper.hpp), drawn
// through the app's text helpers, on a frame mirrored for a language read right to left
// (app/widgets/mirror.hpp).
#include <doctest/doctest.h>
#include <hb.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/widgets/mirror.hpp"
#include "app/widgets/shaped_text.hpp"
#include "app/widgets/text.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "platform/shaped_fonts.hpp"
#include "platform/shaper.hpp"
#include "support/temp_dir.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::LanguageGuard;
using mutua::test::TempDir;

namespace {

// What HarfBuzz alone gives for an all-Arabic string in the same face, right to left: glyph ids
// in visual order (left to right).
std::vector<uint32_t> harfbuzz_ids(const Shaper& sh, const std::string& text) {
  const auto& bytes = sh.bytes(ArabicFace::regular);
  hb_blob_t* blob =
      hb_blob_create(reinterpret_cast<const char*>(bytes.data()), unsigned(bytes.size()),
                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
  hb_face_t* face = hb_face_create(blob, 0);
  hb_font_t* font = hb_font_create(face);
  hb_buffer_t* buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
  hb_buffer_set_direction(buf, HB_DIRECTION_RTL);
  hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
  hb_buffer_set_language(buf, hb_language_from_string("ar", -1));
  hb_shape(font, buf, nullptr, 0);
  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  std::vector<uint32_t> ids;
  for (unsigned i = 0; i < n; ++i) ids.push_back(info[i].codepoint);
  hb_buffer_destroy(buf);
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return ids;
}

// A shaped line written as tokens: "g<id>" for an Arabic glyph, the character for a codepoint.
std::vector<std::string> tokens(const ShapedLine& line) {
  std::vector<std::string> out;
  for (const ShapedGlyph& g : line.glyphs)
    out.push_back(g.face >= 0 ? "g" + std::to_string(g.id) : std::string(1, char(g.id)));
  return out;
}
std::vector<std::string> glyph_tokens(const std::vector<uint32_t>& ids) {
  std::vector<std::string> out;
  for (uint32_t id : ids) out.push_back("g" + std::to_string(id));
  return out;
}
std::vector<std::string> chars(const std::string& ascii) {
  std::vector<std::string> out;
  for (char c : ascii) out.push_back(std::string(1, c));
  return out;
}
std::vector<std::string> join(std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Loads the fonts (and the shaper) once, through an ImGui context like the app's.
const Shaper& loaded_shaper() {
  if (!shaper()) {
    TempDir dir;
    auto store = test::open_test_store(dir.file("a.db"));
    Kiosk k(*store, 800, 480);
  }
  REQUIRE(shaper());
  REQUIRE_MESSAGE(shaper()->has_faces(), "no Arabic face found (fonts-noto-core)");
  return *shaper();
}

const std::string kBeh = "\xD8\xA8";                                                     // ب
const std::string kLam = "\xD9\x84";                                                     // ل
const std::string kAlef = "\xD8\xA7";                                                    // ا
const std::string kFatha = "\xD9\x8E";                                                   // َ
const std::string kShadda = "\xD9\x91";                                                  // ّ
const std::string kTicket = "\xD8\xA7\xD9\x84\xD8\xAA\xD8\xB0\xD9\x83\xD8\xB1\xD8\xA9";  // التذكرة
const std::string kReady = "\xD8\xAC\xD8\xA7\xD9\x87\xD8\xB2\xD8\xA9";  // جاهزة
const std::string kRice = "\xD8\xA3\xD8\xB1\xD8\xB2";                   // أرز
const std::string kYears = "\xD8\xB3\xD9\x86\xD8\xA9";                  // سنة
const std::string kPersian =
    "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAA\xD9\x88\xD8\xA7\xD9\x86\xD9\x85";  // می‌توانم

}  // namespace

TEST_CASE("Arabic words shape as HarfBuzz shapes them: joining forms, lam-alef, harakat") {
  const Shaper& sh = loaded_shaper();
  const std::vector<std::string> words = {
      kBeh,                            // isolated
      kBeh + kBeh,                     // initial + final
      kBeh + kBeh + kBeh,              // + medial
      kLam + kAlef,                    // lam-alef ligature
      kBeh + kLam + kAlef,             // lam-alef, final
      kBeh + kFatha + kBeh + kShadda,  // harakat kept
      kTicket,
      kReady,
      kRice,
      kPersian,  // words, a Persian one with a zero-width non-joiner
  };
  for (const std::string& w : words) {
    const ShapedLine line = sh.shape(w, ArabicFace::regular, BaseDirection::rtl);
    CAPTURE(w);
    CHECK(line.rtl);
    CHECK(tokens(line) == glyph_tokens(harfbuzz_ids(sh, w)));
  }
  // The forms really differ (the font was asked, not a codepoint drawn thrice) ...
  const auto iso = harfbuzz_ids(sh, kBeh);
  const auto three = harfbuzz_ids(sh, kBeh + kBeh + kBeh);
  REQUIRE(three.size() == 3);
  CHECK(three[0] != three[1]);  // final (leftmost) and medial
  CHECK(three[1] != three[2]);  // medial and initial
  CHECK(three[0] != iso[0]);
  // ... lam-alef is one glyph, and a haraka stays a glyph of its own.
  CHECK(sh.shape(kLam + kAlef, ArabicFace::regular, BaseDirection::rtl).glyphs.size() == 1);
  CHECK(sh.shape(kBeh + kFatha, ArabicFace::regular, BaseDirection::rtl).glyphs.size() == 2);
}

TEST_CASE("mixed runs keep their order: a ticket code, a Latin word, digits, brackets") {
  const Shaper& sh = loaded_shaper();
  const auto ticket = glyph_tokens(harfbuzz_ids(sh, kTicket));
  const auto ready = glyph_tokens(harfbuzz_ids(sh, kReady));
  // "التذكرة K7Q-014 جاهزة": read from the right, the code left to right inside.
  CHECK(tokens(sh.shape(kTicket + " K7Q-014 " + kReady, ArabicFace::regular, BaseDirection::rtl)) ==
        join({ready, chars(" K7Q-014 "), ticket}));
  // "أرز Rice" and "أرز 25 سنة".
  const auto rice = glyph_tokens(harfbuzz_ids(sh, kRice));
  CHECK(tokens(sh.shape(kRice + " Rice", ArabicFace::regular, BaseDirection::rtl)) ==
        join({chars("Rice "), rice}));
  CHECK(tokens(sh.shape(kRice + " 25 " + kYears, ArabicFace::regular, BaseDirection::rtl)) ==
        join({glyph_tokens(harfbuzz_ids(sh, kYears)), chars(" 25 "), rice}));
  // Brackets are mirrored: "(أرز)" shows "(" at its left end, as it reads.
  CHECK(tokens(sh.shape("(" + kRice + ")", ArabicFace::regular, BaseDirection::rtl)) ==
        join({chars("("), rice, chars(")")}));
  // A pointing chevron before the word reads first, so it goes to the right, turned round.
  const ShapedLine back =
      sh.shape("\xE2\x80\xB9  " + kRice, ArabicFace::regular, BaseDirection::rtl);
  REQUIRE(back.glyphs.size() == 6);
  CHECK(back.glyphs.front().face == 0);
  CHECK(back.glyphs.back().id == 0x203A);  // › at the right end
  // A Latin sentence with an Arabic word, read left to right.
  const ShapedLine latin =
      sh.shape("Rice " + kRice + " K7Q", ArabicFace::regular, BaseDirection::first_strong);
  CHECK_FALSE(latin.rtl);
  CHECK(tokens(latin) == join({chars("Rice "), rice, chars(" K7Q")}));
  // Clusters point back into the text, for the caret.
  const ShapedLine line = sh.shape(kRice + " Rice", ArabicFace::regular, BaseDirection::rtl);
  CHECK(line.glyphs.front().cluster == kRice.size() + 1);  // the "R"
  CHECK(line.glyphs.back().cluster == 0);                  // alef with hamza, rightmost
}

TEST_CASE("every glyph the Arabic strings reach is baked in the atlas") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.frame();
  ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
  const ShapedFont* sf = shaped_font(body);
  REQUIRE(sf);
  CHECK(arabic_bake_stats().glyphs > 300);
  // A name typed on the kiosk, in letters no catalogue string holds together.
  for (const std::string& s :
       {kTicket + " K7Q-014 " + kReady, kPersian, kBeh + kFatha + kBeh + kShadda,
        std::string("\xDA\x98\xDA\xAF\xDA\x86\xD9\xBE")}) {  // ژگچپ
    for (const ShapedGlyph& g : shaped_text(body, s).line.glyphs)
      if (g.face >= 0) CHECK_MESSAGE(sf->glyphs.count(g.id) == 1, "glyph " << g.id << " of " << s);
  }
}

TEST_CASE("after the text size changes, Arabic is measured at the new size, not the old") {
  // Changing the text size rebuilds the fonts in the same atlas (app/ui_main.cpp,
  // apply_text_scale). The new fonts may sit where the old ones were; shaped widths kept from
  // the old ones must not be taken for the new (they were: Arabic laid out at 100 % widths on a
  // 200 % screen, and the keyboard test's space bar came out short now and then).
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.frame();
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const std::string text = kTicket + " " + kReady;
  std::vector<float> small;  // the body, strong and heading fonts
  for (int i = 0; i < 3; ++i) {
    small.push_back(shaped_width(atlas.Fonts[i], text, 0));
    REQUIRE(small.back() > 0);
  }
  CHECK(shaped_cache_size() > 0);
  load_fonts(atlas, 2.0f, glyph_texts());
  CHECK(shaped_cache_size() == 0);  // what was measured in the old fonts is gone with them
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(shaped_width(atlas.Fonts[i], text, 0) == doctest::Approx(2 * small[i]).epsilon(0.1));
  }
}

TEST_CASE("a right-to-left frame is mirrored: Back on the right, and tapping it goes back") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  set_language("ar");
  Kiosk k(*store, 800, 480);
  k.ui.state.screen = Screen::need;
  k.frames(3);
  k.tap("\xD9\x85\xD8\xA7\xD8\xA1");  // "Water" in the Arabic catalogue
  k.frames(2);
  REQUIRE(k.ui.state.wizard.step == 2);
  CHECK(frame_mirrored());
  const std::string back = tr("Back");
  const CapturedText* b = k.find(back);
  REQUIRE_MESSAGE(b, "no " << back);
  CHECK(b->min.x > 400);  // on the right of an 800 px screen
  const std::string next = tr("Next");
  const CapturedText* n = k.find(next);
  REQUIRE(n);
  CHECK(n->max.x < b->min.x);  // Next on the left
  k.tap(back);
  CHECK(k.ui.state.wizard.step == 1);

  // English is not touched.
  set_language("en");
  k.frames(2);
  CHECK_FALSE(frame_mirrored());
}

TEST_CASE("fit_text cuts Arabic at its logical end; wrapping breaks at spaces") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.frame();
  ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
  const std::string s = kTicket + " " + kReady + " " + kRice + " " + kYears;
  const float w = text_width(body, s);
  CHECK(w > 0);
  const std::string cut = fit_text(body, s, w * 0.6f);
  CHECK(cut.rfind(kTicket, 0) == 0);  // the logical start is kept ...
  CHECK(cut.size() > 3);
  CHECK(cut.substr(cut.size() - 3) == "\xE2\x80\xA6");  // ... the ellipsis goes at the end
  CHECK(text_width(body, cut) <= w * 0.6f);
  CHECK(text_width(body, cut) > w * 0.6f - 3 * body->FontSize);  // little room left unused
  const auto lines = wrap_lines(body, s, text_width(body, kTicket + " " + kReady) + 1);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == kTicket + " " + kReady);
  CHECK(lines[1] == kRice + " " + kYears);
}

TEST_CASE("the caret of an Arabic field sits after the last character typed, at its left") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  Kiosk k(*store, 800, 480);
  k.frame();
  ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
  // Read right to left, the end of "أرز" is its left edge; of "Rice", its right edge.
  CHECK(shaped_caret_x(body, kRice) == doctest::Approx(0.0f));
  CHECK(shaped_caret_x(body, "Rice") == doctest::Approx(text_width(body, "Rice")));
  // "أرز Rice": the last character typed is the "e", at the left half of the line.
  const float mixed = shaped_caret_x(body, kRice + " Rice");
  CHECK(mixed == doctest::Approx(text_width(body, "Rice")).epsilon(0.05));
}

TEST_CASE("on a mirrored frame a pictogram or QR code drawn in a MirrorVertices is not turned") {
  TempDir dir;
  auto store = test::open_test_store(dir.file("a.db"));
  LanguageGuard guard;
  set_language("ar");
  Kiosk k(*store, 800, 480);
  k.frame();
  begin_frame_mirror();
  ImGui::NewFrame();
  REQUIRE(frame_mirrored());
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const int first = dl->VtxBuffer.Size;
  {
    // A mark at the left of a 20 px box from x = 10 to 30 ...
    const MirrorVertices unflipped(dl, 20.0f);
    dl->AddRectFilled(ImVec2(10, 100), ImVec2(12, 110), IM_COL32_WHITE);
  }
  ImGui::Render();
  end_frame_mirror();
  float lo = 1e9f, hi = -1e9f;
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    lo = std::min(lo, dl->VtxBuffer[i].pos.x);
    hi = std::max(hi, dl->VtxBuffer[i].pos.x);
  }
  // ... the box lands at 770 to 790 on screen, the mark still at its left.
  CHECK(lo == doctest::Approx(770.0f));
  CHECK(hi == doctest::Approx(772.0f));
}
