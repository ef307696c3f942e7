// `jaring`: command-line front end. Thin: flags are parsed here, the work is in the engine.
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/cli/commands.hpp"
#include "engine/cli/guard.hpp"

int main(int argc, char** argv) {
  jaring::cli::install_crash_handlers();
  return jaring::cli::run_guarded([&] {
    CLI::App app{"Jaring: policy rules engine for regional BPJS Ketenagakerjaan (Jamsostek) cover", "jaring"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "jaring 0.1.0");
    int status = 0;
    jaring::cli::add_check_command(app, status);
    jaring::cli::add_dump_command(app, status);
    jaring::cli::add_eval_command(app, status);
    jaring::cli::add_test_command(app, status);
    jaring::cli::add_synth_command(app, status);
    jaring::cli::add_bench_command(app, status);
    jaring::cli::add_serve_command(app, status);
    jaring::cli::add_diff_command(app, status);
    jaring::cli::add_project_command(app, status);
    try {
      app.parse(argc, argv);
    } catch (const CLI::Success& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      app.exit(e);
      return 2;
    }
    return status;
  });
}
