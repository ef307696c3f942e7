// Where an installed Jaring keeps its data and its programs, found from the running program so
// that an install tree can be moved as a whole (`cmake --install build --prefix P`). The
// relative paths are the ones the build was configured with (GNUInstallDirs, engine/base/
// CMakeLists.txt): `jaring` in bin/, the server `jaring-serve` in libexec/jaring/.
#pragma once

#include <filesystem>
#include <optional>

namespace jaring {

// The installed rule packs, `<folder of the running program>/../share/jaring/rules` for `jaring`
// in bin/, `../../share/jaring/rules` for the server in libexec/jaring/, when that folder
// exists; nothing otherwise (e.g. a program run from its build folder).
std::optional<std::filesystem::path> installed_rules_dir();

// The server program `jaring-serve`, found from the running `jaring`: where an install puts it
// (`<bin>/../libexec/jaring/`), else beside it (a build folder). Empty if neither is there.
std::filesystem::path server_program();
// The `jaring` program, found from the running `jaring-serve` the same way round. Empty if
// neither is there.
std::filesystem::path jaring_program();

}  // namespace jaring
