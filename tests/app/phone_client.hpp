#pragma once
// The phone pages served on loopback from a database file, with a client that asks in a
// language (Accept-Language), for tests that read a page as a phone would.
#include <doctest/doctest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include "app/web/phone_pages.hpp"

namespace mutua::test {

struct PhoneClient {
  std::unique_ptr<PhonePages> pages;
  std::unique_ptr<httplib::Client> client;

  explicit PhoneClient(const std::string& db) {
    auto started = PhonePages::start(db, "127.0.0.1", 0, {});
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
    pages = std::move(*started);
    client = std::make_unique<httplib::Client>("127.0.0.1", pages->port());
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
  }

  // The page's status and body; fails the test when no answer comes.
  std::pair<int, std::string> get(const std::string& path, const char* lang = "en") {
    auto r = client->Get(path.c_str(), httplib::Headers{{"Accept-Language", lang}});
    REQUIRE(r);
    return {r->status, r->body};
  }
};

}  // namespace mutua::test
