// The `jaring` subcommands. Each registers its flags on the CLI11 app and returns the exit
// status through `status` when run: 0 success, 1 policy errors, 2 bad usage or unreadable input.
// Outputs go through OutputFile and std::cout (engine/cli/outputs.hpp); an OutputError they
// throw ends the command with exit 74 (run_guarded).
#pragma once

#include <CLI/CLI.hpp>

namespace jaring::cli {

void add_check_command(CLI::App& app, int& status);
void add_dump_command(CLI::App& app, int& status);
void add_doc_command(CLI::App& app, int& status);
void add_eval_command(CLI::App& app, int& status);
void add_test_command(CLI::App& app, int& status);
void add_synth_command(CLI::App& app, int& status);
void add_bench_command(CLI::App& app, int& status);
// `serve` checks its flags and then runs the server program in place of this process with `argv`.
void add_serve_command(CLI::App& app, int& status, char** argv);
void add_diff_command(CLI::App& app, int& status);
void add_project_command(CLI::App& app, int& status);
void add_new_command(CLI::App& app, int& status);
void add_fmt_command(CLI::App& app, int& status);
void add_lsp_command(CLI::App& app, int& status);

}  // namespace jaring::cli
