// The on-screen keyboard: keys edit the bound string directly, UTF-8 safe, in every layout.
#include <doctest/doctest.h>

#include <imgui.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/widgets/keyboard.hpp"
#include "app/widgets/layout_probe.hpp"
#include "core/utf8.hpp"
#include "language_guard.hpp"
#include "platform/fonts.hpp"
#include "platform/scale.hpp"

using namespace mutua;

namespace {

// A bare ImGui context drawing only the keyboard, docked at the bottom of the display.
class KeyboardRig {
 public:
  KeyboardRig(float w, float h, KeyInput input, float scale = 1.0f) : input_(input) {
    ctx_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60.0f;
    set_ui_scale(scale);
    fonts_ = load_fonts(*io.Fonts, scale, glyph_texts());
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
  }
  ~KeyboardRig() {
    ImGui::DestroyContext(ctx_);
    set_ui_scale(1.0f);
  }

  OnScreenKeyboard kb;
  std::string value;
  float font_size() const { return fonts_.body->FontSize; }
  bool done = false;

  void frame() {
    ImGui::SetCurrentContext(ctx_);
    ImGui::NewFrame();
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const float h = keyboard_height(kb, input_, size.x, size.y);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("##rig", nullptr, ImGuiWindowFlags_NoDecoration);
    if (draw_keyboard(kb, value, input_, 40, ImVec2(0, size.y - h), size.x, size.y, fonts_.body,
                      fonts_.body))
      done = true;
    ImGui::End();
    ImGui::Render();
  }
  // Taps the key with this id; fails the test if the keyboard shows no such key.
  void tap(const std::string& id) {
    frame();
    const KeyHit* k = kb.key(id);
    REQUIRE_MESSAGE(k, "no key '" << id << "' on this page");
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2((k->min.x + k->max.x) * 0.5f, (k->min.y + k->max.y) * 0.5f);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frame();  // the keys as they are after this tap (a page may have changed)
  }

 private:
  ImGuiContext* ctx_ = nullptr;
  KeyInput input_;
  FontSet fonts_;
};

}  // namespace

TEST_CASE("typing Zoe with a diaeresis, then backspace, leaves Zo and never half a character") {
  KeyboardRig rig(800, 480, KeyInput::text);
  rig.tap("shift");
  rig.tap("Z");
  CHECK_FALSE(rig.kb.shift);  // one capital, then lower case
  rig.tap("o");
  rig.tap("accents");
  rig.tap("\xC3\xAB");  // ë
  CHECK(rig.value == "Zo\xC3\xAB");
  rig.tap("backspace");
  CHECK(rig.value == "Zo");
  rig.tap("backspace");
  rig.tap("backspace");
  rig.tap("backspace");  // on an empty string: nothing happens
  CHECK(rig.value.empty());
}

TEST_CASE("the accents page has the Spanish, French and Portuguese letters") {
  KeyboardRig rig(800, 480, KeyInput::text);
  rig.tap("accents");
  for (const char* c : {"\xC3\xA1", "\xC3\xA9", "\xC3\xAD", "\xC3\xB3", "\xC3\xBA", "\xC3\xB1",
                        "\xC3\xBC", "\xC3\xA7", "\xC3\xA0", "\xC3\xA8", "\xC3\xAA", "\xC3\xAB",
                        "\xC3\xAE", "\xC3\xAF", "\xC3\xB4", "\xC5\x93", "\xC3\xB9", "\xC3\xBB",
                        "\xC3\xA2", "\xC3\xA3", "\xC3\xB5", "\xC2\xBF", "\xC2\xA1"})
    CHECK_MESSAGE(rig.kb.key(c), "missing " << std::string(c));
}

TEST_CASE("the Ukrainian layout types a name in Cyrillic") {
  KeyboardRig rig(800, 480, KeyInput::text);
  rig.kb.layout = default_layout("uk");
  rig.tap("shift");
  for (const char* c : {"\xD0\x9E", "\xD0\xBB", "\xD0\xB5", "\xD0\xBD", "\xD0\xB0"}) rig.tap(c);
  CHECK(rig.value == "\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0");              // Олена
  for (const char* c : {"\xD1\x96", "\xD1\x97", "\xD1\x94", "\xD2\x91", "'"})  // і ї є ґ '
    CHECK_MESSAGE(rig.kb.key(c), "missing " << std::string(c));
  rig.tap("backspace");
  CHECK(rig.value == "\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD");
}

TEST_CASE("the layout key cycles QWERTY, AZERTY, Ukrainian, Arabic and Persian") {
  KeyboardRig rig(800, 480, KeyInput::text);
  CHECK(default_layout("fr") == KeyLayout::azerty);
  CHECK(default_layout("es") == KeyLayout::qwerty);
  rig.tap("layout");
  CHECK(rig.kb.layout == KeyLayout::azerty);
  rig.tap("a");
  rig.tap("layout");
  CHECK(rig.kb.layout == KeyLayout::ukrainian);
  rig.tap("layout");
  CHECK(rig.kb.layout == KeyLayout::arabic);
  rig.tap("layout");
  CHECK(rig.kb.layout == KeyLayout::persian);
  rig.tap("layout");
  CHECK(rig.kb.layout == KeyLayout::qwerty);
  rig.tap("space");
  rig.tap("done");
  CHECK(rig.value == "a ");
  CHECK(rig.done);
}

TEST_CASE("the layout, page and Done keys keep their place in every layout") {
  // Issue 14: the keyboard's layout-switch keys moved from one layout to the next, so a second
  // tap on the same spot typed a letter instead. On 800x480, AZERTY moved the symbols key 8 px
  // and Done and Backspace to other places, and Ukrainian had no accents key and put the layout
  // key 14 px left of where QWERTY has it. Arabic and Persian have no accents: their accents key
  // opens their extra letters (it was an empty slot, a hole in the bottom row). At 200 % too,
  // where each layout's letters take the room its own rows leave.
  struct Size {
    float w, h, scale;
  };
  for (Size size : {Size{800, 480, 1}, Size{480, 800, 1}, Size{800, 480, 2}}) {
    CAPTURE(size.w);
    CAPTURE(size.scale);
    KeyboardRig rig(size.w, size.h, KeyInput::text, size.scale);
    rig.frame();
    std::vector<std::pair<std::string, KeyHit>> first;
    for (const char* id : {"layout", "symbols", "accents", "done", "space", "backspace"})
      if (const KeyHit* k = rig.kb.key(id)) first.emplace_back(id, *k);
    REQUIRE(first.size() >= 3);
    for (int i = 0; i < 4; ++i) {
      rig.tap("layout");
      CAPTURE(int(rig.kb.layout));
      for (const auto& [id, was] : first) {
        CAPTURE(id);
        const KeyHit* now = rig.kb.key(id);
        REQUIRE(now);
        CHECK(now->min.x == doctest::Approx(was.min.x));
        CHECK(now->min.y == doctest::Approx(was.min.y));
        CHECK(now->max.x == doctest::Approx(was.max.x));
        CHECK(now->max.y == doctest::Approx(was.max.y));
      }
    }
    // And from page to page: a page's own key becomes "letters" in its place.
    rig.tap("layout");
    REQUIRE(rig.kb.layout == KeyLayout::qwerty);
    auto where = [&](const std::string& id) {
      for (const auto& [fid, was] : first)
        if (fid == id) return was;
      FAIL("no " << id << " on the first page");
      return KeyHit{};
    };
    for (const auto& [layout, page] :
         {std::pair{KeyLayout::qwerty, "symbols"}, std::pair{KeyLayout::qwerty, "accents"},
          std::pair{KeyLayout::arabic, "accents"}, std::pair{KeyLayout::persian, "symbols"}}) {
      CAPTURE(page);
      CAPTURE(int(layout));
      rig.kb.layout = layout;
      rig.tap(page);
      for (const auto& [id, at] :
           {std::pair{"letters", page}, std::pair{"layout", "layout"}, std::pair{"done", "done"},
            std::pair{"space", "space"}, std::pair{"backspace", "backspace"}}) {
        CAPTURE(id);
        const KeyHit* now = rig.kb.key(id);
        REQUIRE(now);
        const KeyHit was = where(at);
        CHECK(now->min.x == doctest::Approx(was.min.x));
        CHECK(now->min.y == doctest::Approx(was.min.y));
        CHECK(now->max.x == doctest::Approx(was.max.x));
        CHECK(now->max.y == doctest::Approx(was.max.y));
      }
      rig.tap("letters");
    }
  }
}

TEST_CASE("shift keeps its place in every text layout, landscape and portrait") {
  // In portrait (480x800) shift was on the first of the rows its long row wraps into: the row
  // above the bottom one in QWERTY, two rows up in AZERTY, Ukrainian, Arabic and Persian.
  struct Size {
    float w, h, scale;
  };
  for (Size size : {Size{800, 480, 1}, Size{480, 800, 1}, Size{480, 800, 2}, Size{800, 480, 2}}) {
    CAPTURE(size.w);
    CAPTURE(size.scale);
    KeyboardRig rig(size.w, size.h, KeyInput::text, size.scale);
    rig.frame();
    REQUIRE(rig.kb.key("shift"));
    const KeyHit first = *rig.kb.key("shift");
    for (KeyLayout layout : {KeyLayout::qwerty, KeyLayout::azerty, KeyLayout::ukrainian,
                             KeyLayout::arabic, KeyLayout::persian}) {
      for (KeyPage page : {KeyPage::letters, KeyPage::accents}) {
        rig.kb.layout = layout;
        rig.kb.page = page;
        rig.frame();
        CAPTURE(int(layout));
        CAPTURE(int(page));
        const KeyHit* now = rig.kb.key("shift");
        // Arabic's and Persian's extra letters have no capitals, so no shift.
        if (page == KeyPage::accents &&
            (layout == KeyLayout::arabic || layout == KeyLayout::persian)) {
          CHECK_FALSE(now);
          continue;
        }
        REQUIRE(now);
        CHECK(now->min.x == doctest::Approx(first.min.x));
        CHECK(now->min.y == doctest::Approx(first.min.y));
        CHECK(now->max.x == doctest::Approx(first.max.x));
        CHECK(now->max.y == doctest::Approx(first.max.y));
      }
    }
  }
}

TEST_CASE("each layout's letters are as wide as its own rows allow; no two keys overlap") {
  // With one key size for every layout (so that the keys around the letters stay put), QWERTY's
  // letters at 800x480 and 200 % went from 59-65 px to 53, the size that fits Ukrainian's longest
  // row. The letters now take the room their own rows leave; shift, backspace and the bottom row
  // keep the shared size (the test above and "keep their place").
  KeyboardRig rig(800, 480, KeyInput::text, 2.0f);
  rig.frame();
  REQUIRE(rig.kb.key("q"));
  const float qwerty = rig.kb.key("q")->max.x - rig.kb.key("q")->min.x;
  CHECK(qwerty >= 59.0f);
  rig.kb.layout = KeyLayout::ukrainian;
  rig.frame();
  REQUIRE(rig.kb.key("\xD0\xB9"));  // й
  const float ukrainian = rig.kb.key("\xD0\xB9")->max.x - rig.kb.key("\xD0\xB9")->min.x;
  CHECK(ukrainian < qwerty);  // twelve letters on its top row, eleven beside shift and backspace

  struct Size {
    float w, h, scale;
  };
  for (Size size : {Size{800, 480, 1}, Size{480, 800, 1}, Size{800, 480, 2}, Size{1280, 720, 1}}) {
    KeyboardRig each(size.w, size.h, KeyInput::text, size.scale);
    for (KeyLayout layout : {KeyLayout::qwerty, KeyLayout::azerty, KeyLayout::ukrainian,
                             KeyLayout::arabic, KeyLayout::persian}) {
      for (KeyPage page : {KeyPage::letters, KeyPage::accents, KeyPage::symbols}) {
        each.kb.layout = layout;
        each.kb.page = page;
        each.frame();
        CAPTURE(size.w);
        CAPTURE(size.scale);
        CAPTURE(int(layout));
        CAPTURE(int(page));
        const auto& keys = each.kb.keys;
        for (size_t i = 0; i < keys.size(); ++i)
          for (size_t j = i + 1; j < keys.size(); ++j) {
            CAPTURE(keys[i].id);
            CAPTURE(keys[j].id);
            CHECK(
                (keys[i].max.x <= keys[j].min.x + 0.01f || keys[j].max.x <= keys[i].min.x + 0.01f ||
                 keys[i].max.y <= keys[j].min.y + 0.01f || keys[j].max.y <= keys[i].min.y + 0.01f));
          }
      }
    }
  }
}

TEST_CASE("the numeric pad types digits into a phone field and nothing else") {
  KeyboardRig rig(800, 480, KeyInput::phone);
  for (const char* c : {"+", "4", "4", "0", "7", "1", "2"}) rig.tap(c);
  CHECK(rig.value == "+440712");
  CHECK(rig.kb.key("q") == nullptr);
  keyboard_insert(rig.value, "abc", KeyInput::phone, 40);
  CHECK(rig.value == "+440712");
  rig.tap("backspace");
  CHECK(rig.value == "+44071");

  KeyboardRig qty(800, 480, KeyInput::number);
  CHECK(qty.kb.key("+") == nullptr);
  qty.frame();
  CHECK(qty.kb.key("+") == nullptr);
  qty.tap("1");
  qty.tap("2");
  CHECK(qty.value == "12");
}

TEST_CASE("input beyond the field's limit is dropped whole") {
  std::string s = "abc";
  keyboard_insert(s,
                  "d\xC3\xA9"
                  "f",
                  KeyInput::text, 5);
  CHECK(s == "abcd\xC3\xA9");
  keyboard_insert(s, "\xC3", KeyInput::text, 0);  // invalid UTF-8: ignored
  CHECK(s == "abcd\xC3\xA9");
}

TEST_CASE("every key is at least 48 px at scale 1, landscape and portrait, every layout") {
  struct Size {
    float w, h;
  };
  for (Size size : {Size{800, 480}, Size{480, 800}, Size{1920, 1080}}) {
    for (KeyLayout layout : {KeyLayout::qwerty, KeyLayout::azerty, KeyLayout::ukrainian,
                             KeyLayout::arabic, KeyLayout::persian}) {
      for (KeyPage page : {KeyPage::letters, KeyPage::accents, KeyPage::symbols}) {
        KeyboardRig rig(size.w, size.h, KeyInput::text);
        rig.kb.layout = layout;
        rig.kb.page = page;
        rig.frame();
        CAPTURE(size.w);
        CAPTURE(int(layout));
        CAPTURE(int(page));
        REQUIRE(rig.kb.keys.size() > 20);
        for (const auto& k : rig.kb.keys) {
          CAPTURE(k.id);
          CHECK(k.max.x - k.min.x >= 48.0f - 0.01f);
          CHECK(k.max.y - k.min.y >= 48.0f - 0.01f);
          CHECK(k.min.x >= 0);
          CHECK(k.max.x <= size.w + 0.01f);
        }
        // It leaves most of a landscape screen, and room in portrait, for the form above it.
        CHECK(keyboard_height(rig.kb, KeyInput::text, size.w, size.h) < size.h * 0.6f);
      }
    }
  }
}

TEST_CASE("no key is cut short at any size or text scale, in any layout, page or language") {
  // The word keys (a layout's name, "Done", "space") were cut to "…" at 150 and 200 % text:
  // "Terminé", "Готово", "ЙЦУКЕН" and "QWERTY" at 800x480 and 480x800. They now take the room
  // the space bar can spare, and on a narrow display the page keys get a row of their own; a
  // word drawn smaller than the text scale asks for keeps about two thirds of it (at 200 %, 27 px:
  // still larger than 100 % text; the phone pad's "espacio" on 480 px is the smallest).
  constexpr float kMinWordScale = 0.65f;
  test::LanguageGuard guard;
  struct Size {
    float w, h;
  };
  for (float scale : {1.0f, 1.5f, 2.0f}) {
    for (Size size :
         {Size{800, 480}, Size{480, 800}, Size{1024, 600}, Size{1280, 720}, Size{1280, 800}}) {
      for (KeyInput input : {KeyInput::text, KeyInput::phone}) {
        KeyboardRig rig(size.w, size.h, input, scale);
        for (std::string lang : {"en", "es", "fr", "uk", "ar", "fa"}) {
          set_language(lang);
          for (KeyLayout layout : {KeyLayout::qwerty, KeyLayout::azerty, KeyLayout::ukrainian,
                                   KeyLayout::arabic, KeyLayout::persian}) {
            for (KeyPage page : {KeyPage::letters, KeyPage::accents, KeyPage::symbols}) {
              if (input != KeyInput::text &&
                  (page != KeyPage::letters || layout != KeyLayout::qwerty))
                continue;
              rig.kb.layout = layout;
              rig.kb.page = page;
              LayoutProbe probe;
              set_layout_probe(&probe);
              rig.frame();
              set_layout_probe(nullptr);
              CAPTURE(scale);
              CAPTURE(size.w);
              CAPTURE(lang);
              CAPTURE(int(layout));
              CAPTURE(int(page));
              const float top = size.h - keyboard_height(rig.kb, input, size.w, size.h);
              for (const ProbeItem& it : probe.items) {
                CAPTURE(it.label);
                if (it.kind == ProbeItem::Kind::touch) {  // inside the room kept for it
                  CHECK(it.min.y >= top - 0.01f);
                  CHECK(it.max.y <= size.h + 0.01f);
                  CHECK(it.max.x <= size.w + 0.01f);
                  continue;
                }
                CHECK_FALSE(it.shortened);
                CHECK(it.max.x <= it.room_max.x + 0.5f);
                CHECK(it.min.x >= it.room_min.x - 0.5f);
                // A letter may shrink as far as it must; a word no further than kMinWordScale.
                if (utf8::length(it.label) > 1)
                  CHECK(it.max.y - it.min.y >= rig.font_size() * kMinWordScale - 0.01f);
              }
            }
          }
        }
      }
    }
  }
}

TEST_CASE("the Arabic layout types letters in logical order, with hamza forms and both digits") {
  KeyboardRig rig(800, 480, KeyInput::text);
  rig.kb.layout = default_layout("ar");
  REQUIRE(rig.kb.layout == KeyLayout::arabic);
  // The standard rows: ض first on the top row, ش on the middle one, ذ on the bottom one.
  rig.frame();
  REQUIRE(rig.kb.key("\xD8\xB6"));
  REQUIRE(rig.kb.key("\xD8\xB4"));
  REQUIRE(rig.kb.key("\xD8\xB0"));
  // The accents key opens the extra letters, which stay until the letters key: ءأ typed.
  rig.tap("accents");
  rig.tap("\xD8\xA1");  // ء
  rig.tap("\xD8\xA3");  // أ
  CHECK(rig.value == "\xD8\xA1\xD8\xA3");
  rig.tap("letters");
  rig.value.clear();
  // سلام: س ل ا م, in the order typed (shaping and right-to-left drawing come later).
  for (const char* c : {"\xD8\xB3", "\xD9\x84", "\xD8\xA7", "\xD9\x85"}) rig.tap(c);
  CHECK(rig.value == "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85");
  rig.tap("space");
  rig.tap("\xD9\x84\xD8\xA7");  // the لا key: two letters
  CHECK(rig.value == "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD9\x84\xD8\xA7");
  rig.tap("backspace");  // one letter at a time
  CHECK(rig.value == "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xD9\x84");
  rig.value.clear();
  rig.tap("shift");
  rig.tap("\xD8\xA3");  // أ
  CHECK(rig.value == "\xD8\xA3");
  CHECK_FALSE(rig.kb.shift);  // one shifted key, then the letters again
  rig.tap("\xD9\x8A");        // ي
  rig.tap("\xD8\x8C");        // ، on the bottom row
  CHECK(rig.value == "\xD8\xA3\xD9\x8A\xD8\x8C");
  // Symbols: Arabic-Indic digits on the first row, Western ones on the second.
  rig.value.clear();
  rig.tap("symbols");
  rig.tap("\xD9\xA3");  // ٣
  rig.tap("1");
  CHECK(rig.value ==
        "\xD9\xA3"
        "1");
  rig.tap("letters");
  CHECK(rig.kb.key("\xD8\xB6"));
}

TEST_CASE("the Persian layout (ISIRI 9147) types Dari words with the zero-width non-joiner") {
  KeyboardRig rig(800, 480, KeyInput::text);
  rig.kb.layout = default_layout("fa");
  REQUIRE(rig.kb.layout == KeyLayout::persian);
  rig.frame();
  for (const char* c : {"\xDA\x86", "\xDA\xAF", "\xD9\xBE"}) REQUIRE(rig.kb.key(c));  // چ گ پ
  CHECK(rig.kb.key("\xDB\x8C"));        // ی, Persian yeh
  CHECK_FALSE(rig.kb.key("\xD9\x8A"));  // not Arabic ي
  // می‌خواهم: م ی ZWNJ خ و ا ه م.
  for (const char* c : {"\xD9\x85", "\xDB\x8C", "\xE2\x80\x8C", "\xD8\xAE", "\xD9\x88", "\xD8\xA7",
                        "\xD9\x87", "\xD9\x85"})
    rig.tap(c);
  CHECK(rig.value == "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87\xD9\x85");
  rig.value.clear();
  rig.tap("shift");
  rig.tap("\xDA\x98");  // ژ
  CHECK(rig.value == "\xDA\x98");
  rig.tap("accents");   // the extra letters too, with the accents key
  rig.tap("\xD8\xA2");  // آ
  CHECK(rig.value == "\xDA\x98\xD8\xA2");
  rig.value = "\xDA\x98";
  rig.tap("letters");
  rig.tap("symbols");
  rig.tap("\xDB\xB2");  // ۲
  rig.tap("0");
  CHECK(rig.value ==
        "\xDA\x98\xDB\xB2"
        "0");
}

TEST_CASE("the numeric pad stores Western digits even from a keyboard typing Persian ones") {
  KeyboardRig rig(800, 480, KeyInput::number);
  // A physical keyboard set to Persian sends ۴ and ۲.
  ImGui::GetIO().AddInputCharacter(0x06F4);
  ImGui::GetIO().AddInputCharacter(0x06F2);
  rig.frame();
  CHECK(rig.value == "42");
  rig.tap("7");
  CHECK(rig.value == "427");
}
