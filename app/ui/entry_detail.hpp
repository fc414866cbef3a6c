#pragma once
// Entry detail: every field of one need or offer, contact data included (signed-in volunteers
// only), its history of who changed what, its conflicts with "Keep this one", and Edit, Cancel
// entry and Mark met. The only screen that shows contact details.
namespace mutua {
struct UiContext;
void draw_entry_detail(UiContext& ctx);
}  // namespace mutua
