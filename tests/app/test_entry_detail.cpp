// The entry detail as a volunteer uses it: edit and save (the history names them), cancel with a
// second tap, and a conflict between two devices shown in words with "Keep this one" (or, for a
// record created at two sites, what that means, with "Dismiss").
#include <doctest/doctest.h>

#include <functional>

#include "app/ui/layout_check.hpp"
#include "app/widgets/layout_probe.hpp"
#include "kiosk_driver.hpp"
#include "language_guard.hpp"
#include "support/network_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/waiting_quantity.hpp"

using namespace mutua;
using mutua::test::Kiosk;
using mutua::test::TempDir;

namespace {

// The layout check's problems on the entry screen (of the store's first need), at 200 % text,
// 800 px wide (the kiosk panel) and 480 px (a tablet held upright), tall enough that every
// section is in view, in every language; `seen` gets each item drawn.
std::string narrow_screen_problems(Store& store,
                                   const std::function<void(const ProbeItem&)>& seen = {}) {
  test::LanguageGuard guard;
  LayoutChecker checker(store);
  std::string found;
  for (const auto& lang : layout_languages())
    for (const int width : {800, 480}) {
      for (const auto& p : checker.check({"entry-detail", lang, width, 4000, 200}))
        found += describe(p) + "\n";
      if (seen)
        for (const ProbeItem& it : checker.last_probe().items) seen(it);
    }
  return found;
}

// The same spreadsheet row imported at sites A (net[0]) and B (net[1]) with two tickets (A gives
// it one of its own), and with `offer_at_b` as an offer at B; then B hears of A's creation, so
// that B has seen both, whichever is kept. The row as B imported it.
Entry row_at_two_sites(const std::vector<std::unique_ptr<mutua::test::TestDevice>>& net,
                       bool offer_at_b) {
  Entry row = mutua::test::make_entry(Kind::need, "tarpaulin", "shelter", 2);
  row.id = Id::random();
  row.created_at = row.updated_at = net[0]->wall - 3'600'000;  // the sheet's own times
  const auto at_a = net[0]->store->entries().import(std::vector<Entry>{row});
  REQUIRE_MESSAGE(at_a.ok(), (at_a.ok() ? "" : at_a.error()));
  row.ticket = "RFU-004";  // the other site's own (this fixture's devices share a prefix)
  if (offer_at_b) {
    row.kind = Kind::offer;
    row.status = Status::available;
  }
  const auto at_b = net[1]->store->entries().import(std::vector<Entry>{row});
  REQUIRE_MESSAGE(at_b.ok(), (at_b.ok() ? "" : at_b.error()));
  mutua::test::send(*net[0]->store, *net[1]->store);
  return row;
}

void open_detail(Kiosk& k, const Entry& e) {
  k.ui.state.signed_in = SignedIn{Id::random(), "Ana", Role::volunteer};
  open_entry_detail(k.ui.state, e.id, Screen::queue);
  k.frames(3);
}

// The layout check's problems in the kiosk's next frame of the entry screen.
std::string problems_in_next_frame(Kiosk& k, const std::string& lang, int w, int h) {
  LayoutProbe probe;
  set_layout_probe(&probe);
  k.frame();
  set_layout_probe(nullptr);
  std::vector<LayoutProblem> problems;
  find_layout_problems(probe, LayoutCase{"entry-detail", lang, w, h, 200}, problems);
  std::string found;
  for (const auto& p : problems) found += describe(p) + "\n";
  return found;
}

}  // namespace

TEST_CASE("a volunteer edits a need on the detail, and the history says who changed what") {
  auto net = mutua::test::make_network(1);
  Store& store = *net[0]->store;
  auto need = store.entries().add(mutua::test::make_entry(Kind::need, "rice", "food", 2));
  REQUIRE(need.ok());
  Kiosk k(store, 1280, 800);
  open_detail(k, *need);
  k.tap("Edit");
  k.type("rice", "rice, 5 kg bags");
  k.tap("+");  // 2 -> 3
  k.tap("Save");
  CHECK(k.shows("Saved."));
  const Entry after = *store.entries().get(need->id);
  CHECK(after.item == "rice, 5 kg bags");
  CHECK(after.quantity == 3);
  // Newest first, with the volunteer's name.
  CHECK_MESSAGE(k.shows("Ana"), k.drawn());
  CHECK(k.shows("rice, 5 kg bags"));
  const auto history = store.history().of(need->id);
  REQUIRE_FALSE(history.empty());
  CHECK(history.back().actor == "Ana");
}

TEST_CASE(
    "an edit refused because another device wrote the field with a clock past the year 9999 "
    "says so in the volunteer's language, naming that device, and changes nothing") {
  auto net = mutua::test::make_network(2);
  Store& a = *net[0]->store;
  Store& van = *net[1]->store;
  mutua::test::send(van, a);  // a knows the van's record, and so its name
  const Id van_id = van.replica().device_id();
  const std::string van_name = a.devices().get(van_id)->name;
  REQUIRE_FALSE(van_name.empty());
  auto need = a.entries().add(mutua::test::make_entry(Kind::need, "rice", "food", 2));
  REQUIRE(need.ok());
  // The van's version of the item, stamped at a clock no device's own reaches.
  Row row = *a.replica().read_row(TableId::entries, need->id);
  row.fields[entry_field::item] = std::string("frozen");
  row.stamps[entry_field::item] =
      Stamp{kHlcImpossible + 1, van_id, 7, row.stamps[entry_field::item].hlc};
  {
    auto tx = a.replica().transaction();
    a.replica().merge(row);
    tx.commit();
  }
  test::LanguageGuard guard;
  for (const char* lang : {"en", "fr"}) {
    CAPTURE(lang);
    set_language(lang);
    Kiosk k(a, 1280, 800);
    open_detail(k, *need);
    k.tap(tr("Edit"));
    k.type("frozen", "beans");
    k.tap(tr("Save"));
    const std::string expected =
        std::string(lang) == "en"
            ? van_name +
                  " wrote this with a clock set past the year 9999, so it cannot be changed on "
                  "this device. Revoking that device in Settings takes its change back."
            : van_name +
                  " a écrit ceci avec une horloge réglée après l’an 9999 : cela ne peut pas être "
                  "modifié sur cet appareil. Révoquer cet appareil dans Réglages annule sa "
                  "modification.";
    CHECK_MESSAGE(k.shows(expected), k.drawn());
    CHECK_FALSE(k.shows("cannot be changed on this device;"));  // core's line, for the CLI
    CHECK(a.entries().get(need->id)->item == "frozen");
  }
  // The words wrap, and fit, at 200 % text 800 px wide (the kiosk panel) and 480 px (a tablet
  // held upright), in every language (before, the entry screen drew its message on one line, and
  // most of it ran off the screen).
  for (const auto& lang : layout_languages())
    for (const auto& [w, h] : {std::pair{800, 4000}, std::pair{480, 4000}}) {
      CAPTURE(lang);
      CAPTURE(w);
      set_language(lang);
      Kiosk k(a, static_cast<float>(w), static_cast<float>(h), 2.0f);
      open_detail(k, *need);
      // As Edit and typing do above. (Tall, as narrow_screen_problems: every part in view.)
      k.ui.state.desk.detail.draft = *a.entries().get(need->id);
      k.ui.state.desk.detail.draft.item = "beans";
      k.ui.state.desk.detail.editing = true;
      k.frames(2);
      k.tap(tr("Save"));
      REQUIRE_MESSAGE(k.shows(van_name), k.drawn());
      const std::string found = problems_in_next_frame(k, lang, w, h);
      CHECK_MESSAGE(found.empty(), found);
    }
}

TEST_CASE(
    "a quantity a take-back left waiting says so on the detail; an edit of another field keeps it "
    "waiting, and Enter how many gives the stepper") {
  // Before, the edit form's stepper showed 1 for the empty quantity and Save wrote that 1 over
  // d's 4 (found from seed 5039 of the long property test with revocations).
  mutua::test::WaitingQuantity w;
  Store& b = w.b();
  const Entry& need = w.need;

  const std::string waiting =
      "Not known on this device yet. It comes with the next update from the device that has it.";
  {
    Kiosk k(b, 800, 480);
    open_detail(k, need);
    CHECK_MESSAGE(k.shows(waiting), k.drawn());
    k.tap("Edit");
    CHECK_MESSAGE(k.shows(waiting), k.drawn());
    CHECK(k.find("number##edit-qty") == nullptr);  // no stepper showing a made-up 1
    k.type("tea", "tea, black");
    k.tap("Save");
    CHECK_MESSAGE(k.shows("Saved."), k.drawn());
    CHECK(b.entries().get(need.id)->item == "tea, black");
    CHECK(b.entries().get(need.id)->quantity == 0);
  }

  // The public board shows "?" for it, not 0.
  {
    Kiosk board(b, 800, 480);
    board.ui.state.screen = Screen::board;
    board.frames(3);
    CHECK_MESSAGE(board.find("tea, black"), board.drawn());
    CHECK_MESSAGE(board.find("?"), board.drawn());
    CHECK(board.find("0") == nullptr);
  }

  // The match screen says so too, rather than "Fully matched".
  {
    Kiosk match(b, 800, 480);
    open_detail(match, need);
    match.tap("Find offers");
    REQUIRE(match.ui.state.screen == Screen::match);
    match.frames(2);
    CHECK_MESSAGE(match.shows("How many is not known on this device yet, so it cannot be matched "
                              "here."),
                  match.drawn());
    CHECK_FALSE(match.shows("Fully matched"));
  }

  // The words wrap and fit, on the detail and in the edit form, at 200 % text 800 px wide and
  // 480 px, in every language.
  {
    test::LanguageGuard guard;
    for (const auto& lang : layout_languages())
      for (const int w : {800, 480}) {
        CAPTURE(lang);
        CAPTURE(w);
        set_language(lang);
        Kiosk wide(b, static_cast<float>(w), 4000.0f, 2.0f);
        open_detail(wide, need);
        REQUIRE_MESSAGE(wide.shows(tr(waiting.c_str())), wide.drawn());
        std::string found = problems_in_next_frame(wide, lang, w, 4000);
        wide.ui.state.desk.detail.draft = *b.entries().get(need.id);
        wide.ui.state.desk.detail.editing = true;
        wide.frames(2);
        REQUIRE_MESSAGE(wide.shows(tr("Enter how many")), wide.drawn());
        found += problems_in_next_frame(wide, lang, w, 4000);
        CHECK_MESSAGE(found.empty(), found);
      }
  }

  // A volunteer who counts the tea gives it: the stepper starts at 1.
  Kiosk k(b, 800, 480);
  open_detail(k, need);
  k.tap("Edit");
  k.tap("Enter how many");
  REQUIRE_MESSAGE(k.find("number##edit-qty"), k.drawn());
  k.tap("+");
  k.tap("Save");
  CHECK_MESSAGE(k.shows("Saved."), k.drawn());
  CHECK(b.entries().get(need.id)->quantity == 2);
}

TEST_CASE("an item a take-back left waiting says so on the detail, and ? on the board") {
  mutua::test::WaitingQuantity w("", true);
  Kiosk k(w.b(), 800, 480);
  open_detail(k, w.need);
  const std::string waiting =
      "Not known on this device yet. It comes with the next update from the device that has it.";
  // Both "What" and "How many".
  size_t said = 0;
  for (const auto& t : k.ui.drawn_texts()) said += t.text == waiting;
  CHECK_MESSAGE(said == 2, k.drawn());
  k.ui.state.screen = Screen::board;
  k.frames(3);
  CHECK_MESSAGE(k.find("?", 1), k.drawn());  // the item's and the quantity's
}

TEST_CASE(
    "a record met first through a delta made for another device says its category, item and "
    "quantity are not known yet") {
  // a makes a need, b cancels it, and b's delta for a (the status alone) reaches c.
  auto net = mutua::test::make_network(3);
  Store &a = *net[0]->store, &b = *net[1]->store, &c = *net[2]->store;
  auto need = a.entries().add(mutua::test::make_entry(Kind::need, "tea", "food", 4));
  REQUIRE(need.ok());
  mutua::test::send(a, b);
  REQUIRE(b.entries().set_status(need->id, Status::cancelled).ok());
  const auto made_for_a = b.replica().peer(a.replica().device_id());
  REQUIRE(made_for_a);
  auto delta = build_bundle(b.replica(), made_for_a->vector);
  REQUIRE(delta.ok());
  REQUIRE(import_bundle(c.replica(), delta->bytes).ok());
  REQUIRE(c.entries().get(need->id)->category.empty());

  Kiosk k(c, 800, 480);
  open_detail(k, *need);
  const std::string waiting =
      "Not known on this device yet. It comes with the next update from the device that has it.";
  size_t said = 0;
  for (const auto& t : k.ui.drawn_texts()) said += t.text == waiting;
  CHECK_MESSAGE(said == 3, k.drawn());  // Category, What, How many
}

TEST_CASE("the handover screen shows ? for a quantity a take-back left waiting, and no of 0") {
  mutua::test::WaitingQuantity w;
  Store& b = w.b();
  auto offer = b.entries().add(mutua::test::make_entry(Kind::offer, "tea", "food", 5));
  REQUIRE(offer.ok());
  REQUIRE(b.matches().add(w.need.id, offer->id, 1, MatchStatus::confirmed).ok());
  Kiosk k(b, 800, 480);
  k.ui.state.signed_in = SignedIn{Id::random(), "Ana", Role::volunteer};
  open_handover(k.ui.state, w.need.id);
  k.frames(3);
  REQUIRE(k.ui.state.screen == Screen::handover);
  CHECK_MESSAGE(k.shows("tea  \xC2\xB7  ?"), k.drawn());
  CHECK_MESSAGE(k.shows("Open  \xC2\xB7  0 given"), k.drawn());
  CHECK_FALSE(k.shows("of 0 given"));
  // No Given button, and the words say why.
  CHECK(k.find("Given:", 0, true) == nullptr);
  CHECK_MESSAGE(k.shows("How many is not known on this device yet, so no handover can be recorded"),
                k.drawn());
}

TEST_CASE("cancelling an entry from the detail takes a second tap") {
  auto net = mutua::test::make_network(1);
  Store& store = *net[0]->store;
  auto need = store.entries().add(mutua::test::make_entry(Kind::need, "nappies", "baby", 1));
  REQUIRE(need.ok());
  Kiosk k(store, 800, 480);
  open_detail(k, *need);
  k.tap("Cancel entry");
  CHECK(store.entries().get(need->id)->status == Status::open);  // not yet
  k.tap("Tap again to cancel");
  CHECK(store.entries().get(need->id)->status == Status::cancelled);
  CHECK(k.shows("Cancelled."));
}

TEST_CASE("a conflict shows both values in words, and Keep this one makes the other value win") {
  auto net = mutua::test::make_network(2);
  Store& a = *net[0]->store;
  Store& b = *net[1]->store;
  Entry n = mutua::test::make_entry(Kind::need, "water", "water", 10);
  n.urgency = Urgency::normal;
  auto e = a.entries().add(n);
  REQUIRE(e.ok());
  mutua::test::send(a, b);
  Entry ea = *e, eb = *e;
  ea.urgency = Urgency::critical;  // A says critical; B, later, says low
  eb.urgency = Urgency::low;
  net[0]->wall += 1000;
  net[1]->wall += 2000;
  REQUIRE(a.entries().update(ea).ok());
  REQUIRE(b.entries().update(eb).ok());
  mutua::test::send(b, a);
  REQUIRE(a.replica().conflicts().size() == 1);
  REQUIRE(a.entries().get(e->id)->urgency == Urgency::low);
  // Its words and buttons fit at 200 % text on a 800 px wide screen, in every language.
  const std::string found = narrow_screen_problems(a);
  CHECK_MESSAGE(found.empty(), found);

  Kiosk k(a, 1280, 800);
  open_detail(k, *e);
  CHECK(k.shows("Conflicting edits"));
  // The field by its label and the values as words, not "urgency", "3" and "0".
  CHECK_MESSAGE(k.find("Urgency", 1), k.drawn());
  CHECK(k.shows("In use: Low"));
  CHECK(k.shows("Other value: Critical"));
  CHECK_FALSE(k.shows("Other value: 0"));
  k.tap("Keep this one", 1);  // the second: the other value
  CHECK(k.shows("Kept. Other devices get it at the next sync."));
  CHECK(a.entries().get(e->id)->urgency == Urgency::critical);
  CHECK(a.replica().conflicts().empty());
  CHECK_FALSE(k.shows("Conflicting edits"));
  mutua::test::send(a, b);
  CHECK(b.entries().get(e->id)->urgency == Urgency::critical);
}

TEST_CASE("a row imported at two sites shows its other ticket or kind, with Dismiss, not Keep") {
  for (const bool kinds_differ : {false, true}) {
    CAPTURE(kinds_differ);
    auto net = mutua::test::make_network(2);
    Store& b = *net[1]->store;
    const Entry row = row_at_two_sites(net, kinds_differ);
    const auto list = b.replica().conflicts_of(row.id);
    REQUIRE_FALSE(list.empty());
    const Conflict shown = list.front();
    const Entry kept = *b.entries().get(row.id);

    Kiosk k(b, 1280, 800);
    open_detail(k, kept);
    // No one edited anything: the heading says what happened.
    CHECK(k.shows("Recorded on more than one device"));
    CHECK_FALSE(k.shows("Conflicting edits"));
    // Nothing to keep: the value was set when the entry was created, and only one creation
    // stands. Said in words a volunteer can act on.
    CHECK_FALSE(k.find("Keep this one"));
    CHECK_FALSE(k.shows("Two devices changed the same field"));
    if (shown.field == "ticket") {
      CHECK_MESSAGE(
          k.shows("which gave it ticket " + shown.losing_value + ". That ticket still finds it."),
          k.drawn());
      CHECK(b.entries().by_ticket(shown.losing_value));
    } else {
      REQUIRE(shown.field == "kind");
      CHECK(k.find("Need or offer"));
      CHECK(k.shows(kept.kind == Kind::need ? "Another device recorded this as an offer."
                                            : "Another device recorded this as a need."));
    }
    for (size_t i = 0; i < list.size() && k.find("Dismiss"); ++i) k.tap("Dismiss");
    CHECK(k.shows("Dismissed. Nothing else changed."));
    CHECK(b.replica().conflicts_of(row.id).empty());
    CHECK_FALSE(k.shows("Recorded on more than one device"));
    CHECK(b.entries().get(row.id)->ticket == kept.ticket);
    if (kinds_differ) continue;
    // At the desk, the slip's number typed into the queue's search finds the need, and the
    // queue says why the need shown has another ticket.
    k.ui.state.desk.queue.search = shown.losing_value;
    k.ui.state.desk.queue.filter_changed = true;
    k.ui.state.screen = Screen::queue;
    k.frames(3);
    CHECK_MESSAGE(k.shows("That ticket was given on another device to this need. Its ticket is "
                          "now " +
                          kept.ticket + "."),
                  k.drawn());
    CHECK(k.find(kept.ticket, 0, true));
    CHECK_FALSE(k.shows("No open need matches"));
  }
}

TEST_CASE("the words for a row imported at two sites fit at 200 % text on a 800 px wide screen") {
  // "Recorded on more than one device" ran off the right edge as one line, in every language.
  auto net = mutua::test::make_network(2);
  Store& b = *net[1]->store;
  const Entry row = row_at_two_sites(net, false);
  REQUIRE_FALSE(b.replica().conflicts_of(row.id).empty());
  bool heading = false;
  const std::string found = narrow_screen_problems(b, [&](const ProbeItem& it) {
    heading = heading || it.label == "Recorded on more than one device";
  });
  CHECK_MESSAGE(found.empty(), found);
  CHECK(heading);  // the section was drawn, and checked
}
