// Signals without signal handlers: SIGHUP, SIGTERM and SIGINT are blocked in every thread and
// taken by one dedicated thread with sigtimedwait, which may then run any code (reload,
// shutdown). SIGPIPE is ignored (a client that goes away is an error on that socket only).
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace jaring::server {

// Blocks the server's signals in the calling thread; call it before any thread is started so
// that every thread inherits the mask.
void block_server_signals();

class SignalThread {
 public:
  // `on_reload` runs for each SIGHUP; `on_stop` for the first SIGTERM or SIGINT (a second one
  // ends the process at once, with status 1).
  SignalThread(std::function<void()> on_reload, std::function<void(int signal)> on_stop);
  ~SignalThread();  // stops watching and joins
  SignalThread(const SignalThread&) = delete;
  SignalThread& operator=(const SignalThread&) = delete;

 private:
  void run();

  std::function<void()> on_reload_;
  std::function<void(int)> on_stop_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace jaring::server
