#include "engine/server/signals.hpp"

#include <signal.h>

#include <csignal>
#include <cstdlib>
#include <ctime>

namespace jaring::server {

namespace {

sigset_t server_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void block_server_signals() {
  std::signal(SIGPIPE, SIG_IGN);
  const sigset_t set = server_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalThread::SignalThread(std::function<void()> on_reload, std::function<void(int)> on_stop)
    : on_reload_(std::move(on_reload)), on_stop_(std::move(on_stop)), thread_([this] { run(); }) {}

SignalThread::~SignalThread() {
  done_ = true;
  thread_.join();
}

// Polls with a short timeout so that the destructor can end the thread without a signal.
void SignalThread::run() {
  const sigset_t set = server_signals();
  const timespec poll{0, 100'000'000};
  bool stopping = false;
  while (!done_) {
    const int sig = sigtimedwait(&set, nullptr, &poll);
    if (sig < 0) continue;  // EAGAIN (timeout) or EINTR
    if (sig == SIGHUP) {
      on_reload_();
    } else if (!stopping) {
      stopping = true;
      on_stop_(sig);
    } else {
      std::_Exit(1);
    }
  }
}

}  // namespace jaring::server
