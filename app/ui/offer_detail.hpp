#pragma once
// One offer from "What's available": what it is, how much, where and how old, with no contact
// data. "I need this" asks for it through a short need wizard (how many, how to reach you,
// review, ticket) that links the new need to the offer with a proposed match.
namespace mutua {
struct UiContext;
struct Entry;
struct UiState;
// Shows `offer` (its contact fields are dropped from the copy kept in UiState).
void open_offer_detail(UiState& state, const Entry& offer);
void draw_offer_detail(UiContext& ctx);
}  // namespace mutua
