// `mutua lan serve` and `mutua lan sync` through the binary (issue 12), on 127.0.0.1 only:
// the server binds port 0 and the test reads the port from its first line.
#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "support/cli_checks.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using mutua::test::contains;
using mutua::test::ok;
using mutua::test::ProcessResult;
using mutua::test::read_file;
using mutua::test::run_mutua;
using mutua::test::TempDir;
using mutua::test::trim;

extern char** environ;

namespace {

// `mutua --db DB lan serve --bind 127.0.0.1 --port 0` in the background, its output in files.
class Server {
 public:
  Server(const TempDir& dir, const std::string& db) : out_(dir.file("serve.out")) {
    const std::string err = dir.file("serve.err");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args{MUTUA_BINARY, "--db",      db,       "lan", "serve",
                                  "--bind",     "127.0.0.1", "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_words{"ASAN_OPTIONS=detect_leaks=0"};
    for (char** e = environ; *e; ++e) env_words.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_words) envp.push_back(e.data());
    envp.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, MUTUA_BINARY, &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    // Its first line names the port (bounded wait).
    const std::regex serving(R"(Serving (.+) on 127\.0\.0\.1:([0-9]+)\n)");
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::smatch m;
      first_line_ = read_file(out_);
      if (std::regex_search(first_line_, m, serving)) {
        network_ = m[1];
        port_ = std::stoi(m[2]);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    REQUIRE_MESSAGE(port_ != 0, "no 'Serving' line: " << first_line_ << read_file(err));
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // Sends `sig` and waits (bounded) for the exit status; -1 if it did not exit.
  int stop(int sig = SIGTERM) {
    ::kill(pid_, sig);
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }
  int port() const { return port_; }
  const std::string& network() const { return network_; }
  // How many of its open files are the database file `db` itself (one per SQLite connection).
  int opened(const std::string& db) const {
    int n = 0;
    std::error_code ec;
    const auto want = std::filesystem::canonical(db, ec);
    for (const auto& fd :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/fd", ec)) {
      std::error_code ec2;
      if (std::filesystem::read_symlink(fd.path(), ec2) == want) ++n;
    }
    return n;
  }
  std::string output() const { return read_file(out_); }
  // Waits (at most 30 s) until its output holds `text`; false if it never did. The phone pages
  // start after the "Serving" line: on a slow machine (arm64 under qemu) they take a while.
  bool wait_for_output(const std::string& text) const {
    for (int i = 0; i < 600; ++i) {
      if (output().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  std::string out_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string network_, first_line_;
};

}  // namespace

TEST_CASE("lan serve and lan sync: two devices converge, with one summary line") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db");
  const std::string code = trim(ok({"--db", a, "network", "create", "Riverside Relief"}).out);
  ok({"--db", b, "network", "join", code});
  const std::string shown = ok({"--db", a, "network", "show", "--json"}).out;
  std::smatch m;
  REQUIRE(std::regex_search(shown, m, std::regex(R"re("device_name":"([^"]+)")re")));
  const std::string hub = m[1];
  ok({"--db", a, "need", "add", "--category", "food", "--item", "rice"});
  ok({"--db", a, "need", "add", "--category", "food", "--item", "flour"});
  ok({"--db", b, "offer", "add", "--category", "food", "--item", "beans"});

  Server server(dir, a);
  CHECK(server.network() == "Riverside Relief");
  // One connection for the command and the sync server; the phone pages, served on their own
  // threads, hold a second (app/web/phone_pages.cpp), open once they say where they serve.
  REQUIRE_MESSAGE(server.wait_for_output("Phone pages on "), server.output());
  CHECK(server.opened(a) == 2);
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  auto r = ok({"--db", b, "lan", "sync", address});
  CHECK_MESSAGE(contains(r.out, hub + " (" + address +
                                    "): 2 new, 0 updated (needs and offers), 0 conflicts; sent "),
                r.out);
  CHECK_MESSAGE(contains(r.out, "; " + hub + " is up to date.\n"), r.out);
  // Again: nothing to send either way.
  r = ok({"--db", b, "lan", "sync", address});
  CHECK_MESSAGE(contains(r.out,
                         "0 new, 0 updated (needs and offers), 0 conflicts; sent 0 "
                         "records; " +
                             hub + " is up to date."),
                r.out);
  CHECK(server.stop(SIGTERM) == 0);
  CHECK(contains(server.output(), "1 new, 0 updated (needs and offers), 0 conflicts"));

  // The hub is gone: the next try says it could not be reached, and lan peers says so of it.
  r = run_mutua({"--db", b, "lan", "sync", address});
  CHECK(r.code == 1);
  CHECK_MESSAGE(contains(r.err, address + ": could not reach it: "), r.err);
  ok({"--db", b, "lan", "config", "--add-peer", address});
  const std::string peers = ok({"--db", b, "lan", "peers", "--wait", "0"}).out;
  CHECK_MESSAGE(contains(peers, address + "  typed in; last try: could not reach it (is it turned "
                                          "on and on this Wi-Fi?)\n"),
                peers);
  const std::string json = ok({"--db", b, "lan", "peers", "--wait", "0", "--json"}).out;
  CHECK_MESSAGE(contains(json, R"("last_problem":"unreachable")"), json);

  // Both now hold the same entries.
  auto listed_a = ok({"--db", a, "list"}).out, listed_b = ok({"--db", b, "list"}).out;
  CHECK(contains(listed_a, "beans"));
  CHECK(contains(listed_b, "rice"));
  CHECK(contains(listed_b, "flour"));
}

TEST_CASE("lan sync refuses another network, and an address where nothing answers, in one line") {
  TempDir dir;
  const std::string a = dir.file("a.db"), b = dir.file("b.db");
  ok({"--db", a, "network", "create", "Riverside Relief"});
  ok({"--db", b, "network", "create", "Riverside Relief"});  // another network, same name
  Server server(dir, a);
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  auto r = run_mutua({"--db", b, "lan", "sync", address});
  CHECK(r.code == 1);
  CHECK_MESSAGE(contains(r.err, "another network"), r.err);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(server.stop(SIGINT) == 0);

  r = run_mutua({"--db", b, "lan", "sync", address});  // nothing listens there any more
  CHECK(r.code == 1);
  CHECK_MESSAGE(contains(r.err, address + ": could not reach it: nothing answers there"), r.err);

  // No address and none typed in Settings: says how to give one.
  r = run_mutua({"--db", b, "lan", "sync"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "no LAN peers to sync with"));
}

TEST_CASE("lan serve refuses to start on a device in no network") {
  TempDir dir;
  auto r =
      run_mutua({"--db", dir.file("a.db"), "lan", "serve", "--bind", "127.0.0.1", "--port", "0"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "not in a network"));
}

TEST_CASE("lan serve also serves the phone pages, and --help says how to turn them off") {
  auto help = run_mutua({"lan", "serve", "--help"});
  CHECK(help.code == 0);
  CHECK_MESSAGE(contains(help.out, "--no-phone-pages"), help.out);
  TempDir dir;
  const std::string a = dir.file("a.db");
  ok({"--db", a, "network", "create", "Riverside Relief"});
  Server server(dir, a);
  // The second line names where the phone pages are (any free port, as with --port 0).
  std::string out;
  for (int i = 0; i < 200 && !contains(out, "Phone pages on "); ++i) {
    out = server.output();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::regex phone(R"(Phone pages on http://127\.0\.0\.1:([0-9]+) \(turn them off)");
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(out, m, phone), out);
  CHECK(std::stoi(m[1]) != server.port());
  CHECK(server.stop(SIGINT) == 0);
}
