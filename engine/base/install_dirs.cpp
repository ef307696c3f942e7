#include "engine/base/install_dirs.hpp"

#include <system_error>

#ifndef JARING_RULES_FROM_BIN
#define JARING_RULES_FROM_BIN "../share/jaring/rules"
#endif

namespace jaring {

std::optional<std::filesystem::path> installed_rules_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return std::nullopt;
  const fs::path dir = (exe.parent_path() / JARING_RULES_FROM_BIN).lexically_normal();
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

}  // namespace jaring
