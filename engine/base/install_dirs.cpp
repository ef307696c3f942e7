#include "engine/base/install_dirs.hpp"

#include <system_error>

#include <initializer_list>

#ifndef JARING_RULES_FROM_BIN
#define JARING_RULES_FROM_BIN "../share/jaring/rules"
#endif
#ifndef JARING_RULES_FROM_LIBEXEC
#define JARING_RULES_FROM_LIBEXEC "../../share/jaring/rules"
#endif

namespace jaring {

std::optional<std::filesystem::path> installed_rules_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return std::nullopt;
  for (const char* relative : {JARING_RULES_FROM_BIN, JARING_RULES_FROM_LIBEXEC}) {
    const fs::path dir = (exe.parent_path() / relative).lexically_normal();
    if (fs::is_directory(dir, ec)) return dir;
  }
  return std::nullopt;
}

}  // namespace jaring
