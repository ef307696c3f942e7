// A program that fails on purpose, the way `jaring` could fail through a bug, to test that
// the guard (engine/cli/guard.hpp) turns every such failure into exit 70 and a message.
#include <stdexcept>
#include <string>
#include <thread>

#include "engine/base/internal_error.hpp"
#include "engine/cli/guard.hpp"

namespace {

// Deep enough to exhaust any stack; the volatile buffer keeps each frame large and real.
int recurse(int depth) {
  volatile char pad[4096];
  pad[0] = static_cast<char>(depth);
  return depth > 0 ? recurse(depth + 1) + pad[0] : 0;
}

}  // namespace

int main(int argc, char** argv) {
  jaring::cli::install_crash_handlers();
  const std::string mode = argc > 1 ? argv[1] : "";
  return jaring::cli::run_guarded([&]() -> int {
    if (mode == "internal") throw jaring::InternalError("compile: unknown name `x`");
    if (mode == "exception") throw std::out_of_range("vector::at");
    if (mode == "thread") {
      std::thread t([] { throw std::runtime_error("escaped a worker"); });
      t.join();
    }
    if (mode == "segv") {
      volatile int* p = nullptr;
      return *p;
    }
    if (mode == "stack") return recurse(1);
    return 0;
  });
}
