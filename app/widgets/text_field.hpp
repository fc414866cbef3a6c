#pragma once
// The one text field of the touch UI. Every screen calls touch_text_field() for every text it
// asks for, so the on-screen keyboard (app/widgets/keyboard.*) has a single place to bind to: the
// field last tapped is recorded in keyboard_target(), and the keyboard edits that string directly.
#include <imgui.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace mutua {

// What a field holds; picks the keyboard (letters or numeric pad) and the characters accepted.
// A pin is digits on the numeric pad, drawn as dots: its digits are never drawn or captured.
enum class TextFieldKind { text, phone, number, pin };

// The field the keyboard types into. `value` points into UI state owned by the screen; it is only
// to be used while live() (the field was drawn this frame or the previous one), so a field that
// went away — screen change, wiped session, destroyed state — is never written through.
struct KeyboardTarget {
  std::string* value = nullptr;
  TextFieldKind kind = TextFieldKind::text;
  size_t max_chars = 0;   // code points; 0 = no limit
  unsigned int id = 0;    // ImGui id of the field
  int drawn_frame = -1;   // ImGui frame count when the field was last drawn
  int reveal_frames = 0;  // frames left to scroll the field into view after a tap
  std::string last_seen;  // the value when the field was last drawn (for its return value)
  bool in_view = false;   // when last drawn, the whole field was inside its window's view
  // ... and the words asking for it (next_field_question_from), where it has them; true without.
  bool question_in_view = true;
  bool scrolling = false;  // when last drawn, it asked its window to scroll it into view
  ImVec2 min, max;         // where it was last drawn, on the screen
  bool live() const;
};

// The process-wide target (the UI runs on one thread and shows one keyboard).
KeyboardTarget& keyboard_target();
// Forgets the target (the keyboard hides); call when a form is wiped or a step changes.
void clear_keyboard_target();
// The field typed in is still on its way into view: the keyboard opened, the screen reflowed into
// the room left (a scrollbar appearing can rewrap its text) and a scroll was asked for, which
// takes effect next frame. The app draws more frames while this holds, rather than leave the
// field cut off until the next touch (app/ui/frame.cpp); the layout check does the same.
bool keyboard_target_settling();

// A large single-line field, the full available width unless ImGui::SetNextItemWidth() was
// called. `hint` shows while it is empty. Tapping it makes it the keyboard target; it is drawn
// as a display with a caret, never an ImGui InputText (whose own buffer would fight the keyboard).
// Input is limited to what `kind` allows and to `max_chars` code points (0 = a default per kind:
// 120 for text, 32 for phone, 7 for number, 12 for pin). Returns true when the value changed this
// frame.
bool touch_text_field(const char* id, const char* hint, std::string* value, TextFieldKind kind,
                      size_t max_chars = 0);

// The words asking for the next field drawn (its question or label) begin at this screen height
// and go down to the field, in the same window: the field is scrolled into view with them (where
// both fit the view), and the keyboard target records whether they are seen (question_in_view;
// the layout check wants them seen while typing: a person must see what they are asked).
void next_field_question_from(float top);
// The visible name of the next field drawn: `words` above it, wrapped to `width` (0: the rest of
// the row), and its question (next_field_question_from). A grey hint inside a field goes the
// moment something is typed; this stays, for a tired volunteer and a screen reader alike. A tap
// on it is a tap on the field.
void text_field_name(std::string_view words, float width = 0.0f);
// A short name on the next field's row, before it ("Search"), vertically centred on it; the
// field takes the rest of the row (or the width set after this call).
void text_field_name_beside(std::string_view words);
// How tall the next field drawn will be (compact or not).
float next_field_height();
// The next field drawn is only as tall as its text needs (never under a touch target): where the
// keyboard leaves little room, its question keeps a place above it. Every field is, while the
// keyboard is up and the screen's window is shorter than kShortRoomTargets touch targets.
void next_field_compact();
inline constexpr float kShortRoomTargets = 5.5f;
// The keyboard is up and leaves the current window shorter than kShortRoomTargets touch targets
// (800x480 at 200 %): screens drop their title bars while typing, every pixel to the field.
bool typing_short_of_room();

// The field with this ImGui id (e.g. "##item") takes the keyboard when it is next drawn, as if
// tapped: for --screen presets that show a screen with its keyboard open (and the layout check).
void focus_text_field_when_drawn(const char* id);

// Whether `c` may be typed into a field of this kind.
bool text_field_accepts(TextFieldKind kind, unsigned int c);

}  // namespace mutua
