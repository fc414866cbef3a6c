#include "app/cli.hpp"

int main(int argc, char** argv) {
  return mutua::run_cli(argc, argv);
}
