// Where an installed Jaring keeps its data, found from the running program so that an install
// tree can be moved as a whole (`cmake --install build --prefix P`).
#pragma once

#include <filesystem>
#include <optional>

namespace jaring {

// The installed rule packs, `<folder of the running program>/../share/jaring/rules` for `jaring`
// in bin/, `../../share/jaring/rules` for the server in libexec/jaring/ (the relative parts are
// the ones the build was configured with: JARING_RULES_FROM_BIN, JARING_RULES_FROM_LIBEXEC),
// when that folder exists; nothing otherwise (e.g. a program run from its build folder).
std::optional<std::filesystem::path> installed_rules_dir();

}  // namespace jaring
