#pragma once
// State of the volunteer desk screens: queue, entry detail, match, handover, offers & stock.
// Plain data, read and changed by the screens; refetched on events (a filter tap, a confirm),
// never per frame.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/ui/entry_pager.hpp"
#include "app/ui/screens.hpp"
#include "app/widgets/drag_scroll.hpp"
#include "core/matching.hpp"
#include "core/store.hpp"
#include "core/waiting_matches.hpp"

namespace mutua {

struct QueueState {
  std::string category;         // empty = all categories
  bool this_site_only = false;  // this device's site only (EntryQuery::site)
  bool filter_changed = true;
  int64_t count = 0;  // open needs for the category and site filters
  EntryPager pager;
  std::map<Id, int64_t> given;  // handed over so far, for partly met rows on screen
  DragScroll list_drag;
  DragScroll chip_drag;
  std::string search;  // a ticket, item or details words, a contact name (core/search.hpp)
  // The search names a ticket given on another device to a need that now has another: said
  // above the list, so the volunteer knows the need shown is the slip's.
  std::string ticket_note;
};

struct EntryDetailState {
  std::optional<Id> id;
  Screen back = Screen::queue;  // where Back returns
  bool stale = true;            // reload the entry, history and conflicts on the next frame
  std::optional<Entry> entry;
  Allocation allocation;
  std::vector<EntryEvent> history;
  std::vector<Conflict> conflicts;
  bool editing = false;
  Entry draft;                  // the edit form
  bool confirm_cancel = false;  // "Cancel entry" asks once more
  std::string message;          // result of the last action, in words
  DragScroll scroll;
};

struct MatchScreenState {
  std::optional<Id> need_id;
  bool stale = true;
  std::optional<Entry> need;
  Allocation allocation;
  std::vector<Suggestion> suggestions;
  std::vector<int64_t> quantities;    // the stepper of each suggestion
  std::vector<Match> matches;         // live matches of this need so far
  std::map<Id, std::string> tickets;  // offer id -> ticket, for the matches line
  double took_ms = 0;                 // time the suggestions took (shown small, for the curious)
  std::string message;
  DragScroll scroll;
};

struct HandoverLine {
  Match match;
  Entry other;           // the offer for a need, the need for an offer
  int64_t given = 0;     // handed over on this match
  int64_t quantity = 1;  // the stepper
  int64_t max = 0;       // at most what both sides still need / have
};

struct HandoverState {
  std::optional<Id> entry_id;
  bool stale = true;
  std::optional<Entry> entry;
  Allocation allocation;
  std::vector<HandoverLine> lines;
  std::vector<Handover> undoable;  // this entry's handovers still within the undo window
  std::string message;
  DragScroll scroll;
};

struct StockState {
  bool this_site_only = true;
  bool filter_changed = true;
  int64_t count = 0;  // open offers for the site filter
  EntryPager pager;
  std::map<Id, int64_t> given;
  DragScroll list_drag;
  // The "stock from the supply van" form.
  bool adding = false;
  std::string category = "food";
  std::string item;
  std::string unit;
  int64_t quantity = 1;
  std::string message;
  DragScroll chip_drag;
  DragScroll form_drag;
};

// "Matched, not handed over" (app/ui/matched_list.hpp): the rows as last loaded, oldest first.
struct MatchedListState {
  bool stale = true;        // reload on the next frame (entering, a search, an action)
  int64_t tile_count = -1;  // for the console's tile; -1: count again when the console shows
  std::string search;
  std::vector<WaitingMatch> rows;
  size_t total = 0;                 // rows in all (more than shown past the screen's limit)
  std::vector<int64_t> quantities;  // the stepper of each row
  std::optional<Id> confirm_undo;   // the match whose "Undo match" asks once more
  std::string message;              // result of the last action, in words
  DragScroll scroll;
};

struct DeskState {
  QueueState queue;
  MatchedListState matched;
  EntryDetailState detail;
  MatchScreenState match;
  HandoverState handover;
  StockState stock;
};

// Opening the desk screens on an entry (they load on their first frame).
struct UiState;
void open_entry_detail(UiState& state, const Id& entry, Screen back);
void open_match(UiState& state, const Id& need);
void open_handover(UiState& state, const Id& entry);

}  // namespace mutua
