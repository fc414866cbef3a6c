// The sync screen words SyncProblem::other_network from its detail: the name alone (what older
// sync logs hold), or, for two networks of one name, the name and both sides (a short id and,
// when known, the day that network was created), in the active language.
#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/ui/sync_screen.hpp"

using namespace mutua;

TEST_CASE(
    "another network of the same name is told apart by its id; an old log entry still reads") {
  set_language("en");
  SyncFailure old{SyncProblem::other_network, "Hill Camp"};
  CHECK(sync_problem_words(old, "") == "It holds data from network 'Hill Camp'.");
  SyncFailure same{SyncProblem::other_network, "Riverside Relief\t3f2a9c1b\t77aa0e12"};
  CHECK(sync_problem_words(same, "") ==
        "It holds data from another network also called 'Riverside Relief' (id 3f2a9c1b). This "
        "device is in 'Riverside Relief' (id 77aa0e12).");
}

TEST_CASE("two networks of one name are told apart by their creation days where known") {
  SyncFailure both{SyncProblem::other_network,
                   "Riverside Relief\t3f2a9c1b 2026-11-12\t77aa0e12 2026-11-14"};
  SyncFailure ours_only{SyncProblem::other_network,
                        "Riverside Relief\t3f2a9c1b\t77aa0e12 2026-11-14"};
  set_language("en");
  CHECK(sync_problem_words(both, "") ==
        "It holds data from another network also called 'Riverside Relief' (id 3f2a9c1b, created "
        "12 Nov 2026). This device is in 'Riverside Relief' (id 77aa0e12, created 14 Nov 2026).");
  CHECK(sync_problem_words(ours_only, "") ==
        "It holds data from another network also called 'Riverside Relief' (id 3f2a9c1b). This "
        "device is in 'Riverside Relief' (id 77aa0e12, created 14 Nov 2026).");
  // A side whose day does not read as a date shows its id alone.
  SyncFailure garbled{SyncProblem::other_network,
                      "Riverside Relief\t3f2a9c1b 2026-13-40\t77aa0e12"};
  CHECK(sync_problem_words(garbled, "") ==
        "It holds data from another network also called 'Riverside Relief' (id 3f2a9c1b). This "
        "device is in 'Riverside Relief' (id 77aa0e12).");
  set_language("es");
  CHECK(sync_problem_words(both, "") ==
        "Contiene datos de otra red que también se llama 'Riverside Relief' (id 3f2a9c1b, creada "
        "el 12 nov 2026). Este dispositivo está en 'Riverside Relief' (id 77aa0e12, creada el 14 "
        "nov 2026).");
  set_language("fr");
  CHECK(sync_problem_words(both, "") ==
        "Il contient des données d'un autre réseau qui s'appelle aussi 'Riverside Relief' (id "
        "3f2a9c1b, créé le 12 nov. 2026). Cet appareil est dans 'Riverside Relief' (id 77aa0e12, "
        "créé le 14 nov. 2026).");
  set_language("uk");
  CHECK(sync_problem_words(both, "") ==
        "Тут дані з іншої мережі, яка теж називається 'Riverside Relief' (id 3f2a9c1b, створена 12 "
        "лист. 2026 р.). Цей пристрій у мережі 'Riverside Relief' (id 77aa0e12, створена 14 лист. "
        "2026 р.).");
  set_language("en");
}
