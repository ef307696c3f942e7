// `jaring`: command-line front end. Thin: flags are parsed here, the work is in the engine.
#include <CLI/CLI.hpp>

#include <iostream>

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
    jaring::cli::add_check_command(app, status);
    jaring::cli::add_dump_command(app, status);
    jaring::cli::add_doc_command(app, status);
    jaring::cli::add_eval_command(app, status);
    jaring::cli::add_test_command(app, status);
    jaring::cli::add_synth_command(app, status);
    jaring::cli::add_bench_command(app, status);
    jaring::cli::add_serve_command(app, status, argv);
    jaring::cli::add_diff_command(app, status);
    jaring::cli::add_project_command(app, status);
    jaring::cli::add_new_command(app, status);
    jaring::cli::add_fmt_command(app, status);
    jaring::cli::add_lsp_command(app, status);
    if (const auto done = jaring::cli::parse_command_line(app, argc, argv)) return *done;
    return status;
  });
  return jaring::cli::finish_stdout(exit_status);
}
