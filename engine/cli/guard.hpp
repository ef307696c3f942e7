// No failure of the `jaring` process ends in a core dump. An exception escaping a command
// (a bug: InternalError, or any other) prints "jaring: internal error, please report: ..." and
// exits 70; so does an exception escaping a worker thread (std::terminate) and, in builds
// without sanitizers, a fatal signal (segmentation fault including stack overflow, bus error,
// arithmetic fault, illegal instruction, abort).
#pragma once

#include <functional>

namespace jaring::cli {

// Installs the std::terminate handler and the fatal-signal handlers for the whole process.
void install_crash_handlers();

// Runs `command` and returns its exit status; after an escaping OutputError prints
// "jaring: cannot write ..." and returns 74, after any other escaping exception returns 70.
int run_guarded(const std::function<int()>& command) noexcept;

}  // namespace jaring::cli
