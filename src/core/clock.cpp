#include "core/clock.hpp"

#include <chrono>

namespace wmpulse::core {

millis system_clock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

millis system_clock::steady_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

const system_clock& system_clock::instance() {
  static const system_clock c;
  return c;
}

}  // namespace wmpulse::core
