// The sync screen words SyncProblem::other_network from its detail: the name alone (what older
// sync logs hold), or, for two networks of one name, the name and both short ids.
#include <doctest/doctest.h>

#include "app/ui/sync_screen.hpp"

using namespace mutua;

TEST_CASE(
    "another network of the same name is told apart by its id; an old log entry still reads") {
  SyncFailure old{SyncProblem::other_network, "Hill Camp"};
  CHECK(sync_problem_words(old, "") == "It holds data from network 'Hill Camp'.");
  SyncFailure same{SyncProblem::other_network, "Riverside Relief\t3f2a9c1b\t77aa0e12"};
  CHECK(sync_problem_words(same, "") ==
        "It holds data from another network also named 'Riverside Relief' (id 3f2a9c1b). This "
        "device's network has id 77aa0e12.");
}
