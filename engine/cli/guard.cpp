#include "engine/cli/guard.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>

#include "engine/base/internal_error.hpp"
#include "engine/base/output_file.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define JARING_SANITIZED 1
#else
#define JARING_SANITIZED 0
#endif

namespace jaring::cli {

namespace {

constexpr const char* please_report = "jaring: internal error, please report: ";

void write_stderr(const char* text) {
  // write(2) only: this runs in signal handlers and after std::terminate.
  std::size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<std::size_t>(n);
  }
}

[[noreturn]] void on_terminate() {
  write_stderr(please_report);
  try {
    if (auto e = std::current_exception()) std::rethrow_exception(e);
    write_stderr("the process was terminated");
  } catch (const std::exception& e) {
    write_stderr(e.what());
  } catch (...) {
    write_stderr("an unknown exception");
  }
  write_stderr("\n");
  ::_exit(internal_error_exit);
}

[[maybe_unused]] void on_fatal_signal(int sig) {
  write_stderr(please_report);
  switch (sig) {
    case SIGSEGV: write_stderr("segmentation fault (or the stack ran out)\n"); break;
    case SIGBUS: write_stderr("bus error\n"); break;
    case SIGFPE: write_stderr("arithmetic fault\n"); break;
    case SIGILL: write_stderr("illegal instruction\n"); break;
    default: write_stderr("aborted\n"); break;
  }
  ::_exit(internal_error_exit);
}

// Writes out what standard output holds before the message; a failure of its own is left for
// the caller (main) to report. Its exceptions are turned off first: std::cerr is tied to
// std::cout, and a std::cout in a failed state would make the message itself throw.
void flush_stdout() noexcept {
  try {
    std::cout.exceptions(std::ios::goodbit);
    std::cout.flush();
  } catch (...) {}
}

}  // namespace

void install_crash_handlers() {
  std::set_terminate(on_terminate);
#if !JARING_SANITIZED
  // An alternate stack, so that a stack overflow can still be reported.
  static char alternate[1 << 16];
  stack_t ss{};
  ss.ss_sp = alternate;
  ss.ss_size = sizeof alternate;
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::sigaction(sig, &sa, nullptr);
#endif
}

int run_guarded(const std::function<int()>& command) noexcept {
  try {
    return command();
  } catch (const OutputError& e) {
    flush_stdout();
    std::cerr << "jaring: " << e.what() << "\n";
    return io_error_exit;
  } catch (const std::exception& e) {
    flush_stdout();
    std::cerr << please_report << e.what() << "\n";
  } catch (...) {
    flush_stdout();
    std::cerr << please_report << "an unknown exception\n";
  }
  return internal_error_exit;
}

}  // namespace jaring::cli
