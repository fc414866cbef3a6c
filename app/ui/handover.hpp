#pragma once
// Handover: for a need or an offer, each live match with what is matched and given so far, and a
// stepper for the quantity actually given. Statuses (partly met, met, partly taken, taken)
// derive from the insert-only handover records. Undo within 2 minutes adds a compensating one.
namespace mutua {
struct UiContext;
void draw_handover(UiContext& ctx);
}  // namespace mutua
