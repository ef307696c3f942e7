// A broken invariant inside the engine: a bug, never a user's mistake. The commands end with
// "internal error, please report" and exit status 70 (EX_SOFTWARE); the server refuses the
// policy or the request and keeps serving.
#pragma once

#include <stdexcept>

namespace jaring {

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The exit status of a command that hit an internal error (sysexits.h EX_SOFTWARE).
inline constexpr int internal_error_exit = 70;

}  // namespace jaring
