#include "engine/base/install_dirs.hpp"

#include <unistd.h>

#include <initializer_list>
#include <system_error>

#ifndef JARING_RULES_FROM_BIN
#define JARING_RULES_FROM_BIN "../share/jaring/rules"
#endif
#ifndef JARING_RULES_FROM_LIBEXEC
#define JARING_RULES_FROM_LIBEXEC "../../share/jaring/rules"
#endif
#ifndef JARING_LIBEXEC_FROM_BIN
#define JARING_LIBEXEC_FROM_BIN "../libexec/jaring"
#endif
#ifndef JARING_BIN_FROM_LIBEXEC
#define JARING_BIN_FROM_LIBEXEC "../../bin"
#endif

namespace jaring {

namespace fs = std::filesystem;

namespace {

// The folder of the running program; empty if /proc/self/exe cannot be read.
fs::path running_program_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// `name` in `<folder of the running program>/<relative>`, else in that folder itself; empty
// when neither is an executable file.
fs::path program_near_self(const char* relative, const char* name) {
  const fs::path dir = running_program_dir();
  if (dir.empty()) return {};
  std::error_code ec;
  for (const fs::path& candidate : {dir / relative / name, dir / name}) {
    if (::access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate, ec))
      return candidate.lexically_normal();
  }
  return {};
}

}  // namespace

std::optional<fs::path> installed_rules_dir() {
  const fs::path from = running_program_dir();
  if (from.empty()) return std::nullopt;
  std::error_code ec;
  for (const char* relative : {JARING_RULES_FROM_BIN, JARING_RULES_FROM_LIBEXEC}) {
    const fs::path dir = (from / relative).lexically_normal();
    if (fs::is_directory(dir, ec)) return dir;
  }
  return std::nullopt;
}

fs::path server_program() { return program_near_self(JARING_LIBEXEC_FROM_BIN, "jaring-serve"); }

fs::path jaring_program() { return program_near_self(JARING_BIN_FROM_LIBEXEC, "jaring"); }

}  // namespace jaring
