// Parsing a program's command line with CLI11, the same way for `jaring` and `jaring-serve`.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>

namespace jaring::cli {

// Parses `argv` with `app` (running the chosen subcommand's callback); the exit status when the
// command line itself ends the program: help or version asked for (0) or a usage error, said on
// stderr (2). Nothing when the callback ran and the program goes on.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

}  // namespace jaring::cli
