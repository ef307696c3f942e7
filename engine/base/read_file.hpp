// Reading a whole file, telling a read error from the end of the file (iostreams cannot: a
// failing read looks like an empty file).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace jaring {

// The bytes of the file at `path`; nothing, with `error` set to the system's reason, when it
// cannot be opened or read to the end.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

}  // namespace jaring
