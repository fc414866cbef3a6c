#pragma once
// The PIN lockout's bookkeeping, for core/volunteers.cpp (the public side is in volunteers.hpp).
namespace mutua {

class Store;

// Counts one wrong try; the fifth and each later one starts a lockout twice the last.
void count_wrong_pin(Store& store);
// A right PIN: the count starts again.
void clear_pin_lockout(Store& store);

}  // namespace mutua
