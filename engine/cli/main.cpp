// `jaring`: command-line front end. Thin: flags are parsed here, the work is in the engine.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <string_view>
#include <utility>

#include "engine/cli/command_line.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/guard.hpp"
#include "engine/cli/outputs.hpp"
#include "jaring_version.hpp"  // generated at build time (cmake/version.cmake)

int main(int argc, char** argv) {
  jaring::cli::install_crash_handlers();
  jaring::cli::install_checked_stdout();
  const int exit_status = jaring::cli::run_guarded([&] {
    CLI::App app{"Jaring: policy rules engine for regional BPJS Ketenagakerjaan (Jamsostek) cover", "jaring"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "jaring " JARING_VERSION " (commit " JARING_COMMIT ")");
    app.footer(
        "Exit status: 0 done; 1 policy errors (or failed tests); 2 bad usage or unreadable input; 70 internal "
        "error; 74 an output could not be written.");
    int status = 0;
    namespace cli = jaring::cli;
    using Add = void (*)(CLI::App&, int&);
    static constexpr std::pair<std::string_view, Add> commands[] = {
        {"check", cli::add_check_command}, {"dump", cli::add_dump_command},
        {"doc", cli::add_doc_command},     {"eval", cli::add_eval_command},
        {"test", cli::add_test_command},   {"synth", cli::add_synth_command},
        {"bench", cli::add_bench_command}, {"serve", nullptr},
        {"diff", cli::add_diff_command},   {"project", cli::add_project_command},
        {"new", cli::add_new_command},     {"fmt", cli::add_fmt_command},
        {"lsp", cli::add_lsp_command},
    };
    // A command line whose first word is a command runs that command and no other, so only its
    // flags are made (the others cost 2 million instructions, a tenth of a one-record eval);
    // anything else (no command, a global flag first, a misspelt command) gets all of them,
    // for the help and the suggestions.
    const std::string_view first = argc > 1 ? argv[1] : "";
    const bool named =
        std::any_of(std::begin(commands), std::end(commands), [&](const auto& c) { return c.first == first; });
    for (const auto& [name, add] : commands) {
      if (named && name != first) continue;
      if (add) add(app, status);
      else cli::add_serve_command(app, status, argv);
    }
    if (const auto done = jaring::cli::parse_command_line(app, argc, argv)) return *done;
    return status;
  });
  return jaring::cli::finish_stdout(exit_status);
}
