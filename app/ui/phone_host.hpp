#pragma once
// The phone pages (app/web/phone_pages.hpp) as the kiosk app runs them: only while this device's
// setting "Phone pages" is on (off by default; a coordinator turns it on in Settings). Home then
// shows a QR code of the address with "Use your own phone: scan this".
#include <memory>
#include <string>
#include <vector>

#include "app/ui/task.hpp"

namespace mutua {

class Store;
class PhonePages;
struct UiContext;

// The per-device setting (a local value: it never leaves the device).
bool phone_pages_on(const Store& store);
void set_phone_pages_on(Store& store, bool on);

class PhoneHost {
 public:
  PhoneHost();
  ~PhoneHost();  // stops the pages; never throws
  PhoneHost(const PhoneHost&) = delete;
  PhoneHost& operator=(const PhoneHost&) = delete;

  // Starts the pages when `on` and they are not running (one try per change of `on`: a port in
  // use is reported by error(), not retried every frame); stops them when off. Starting (opening
  // the database, binding, the listener thread: a short pause) runs on a Task, never on the UI
  // thread: follow() returns at once and poll() takes the result.
  void follow(const Store& store, bool on);
  // Once a frame (Settings and Home call it): takes a finished start. Never blocks.
  void poll();
  bool running() const { return pages_ != nullptr; }
  bool starting() const { return start_ != nullptr; }
  // Why the pages could not start, or empty.
  const std::string& error() const { return error_; }
  // "http://192.168.43.1:8080": the first address of this device on a network (the bind address
  // when bound to one); empty when not running.
  std::string address() const;

  std::string bind = "0.0.0.0";  // tests bind 127.0.0.1
  uint16_t port = 8080;          // 0: any free port (tests)

 private:
  struct Started {
    std::shared_ptr<PhonePages> pages;
    std::vector<std::string> addresses;
  };
  std::shared_ptr<PhonePages> pages_;
  std::shared_ptr<Task<Started>> start_;  // a start under way
  std::string error_;
  bool wanted_ = false;
  std::vector<std::string> addresses_;
};

// Settings: the "Phone pages" On / Off row, with the address while on.
void draw_phone_pages_setting(UiContext& ctx);
// Home: the QR code, the address and "Use your own phone: scan this", `height` tall, while the
// pages run. Returns false (drawing nothing) when they do not.
bool draw_phone_pages_strip(UiContext& ctx, float width, float height);

}  // namespace mutua
