// `jaring check FILE...`: parse and check policies, print every diagnostic.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/report.hpp"
#include "engine/runtime/lane_reach.hpp"

namespace jaring::cli {

namespace {

struct CheckFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;
  std::string format = "text";
  bool strict = false;
};

int run_check(const CheckFlags& flags) {
  SourceMap sources;
  Diagnostics diags;
  int unreadable = 0;
  for (const auto& f : policy_files(flags.files)) {
    // Fault injection for the server's tests (tests/server/production_tests.py): the check of
    // the file named crashes, as a bug in the checker would.
    if (const char* crash = std::getenv("JARING_FAULT_CRASH_CHECK");
        crash && *crash && std::filesystem::path(f).filename() == crash)
      std::abort();
    Diagnostics own;  // per file, so one file's errors do not withhold the next from compile
    const OpenedPolicy opened = open_for_command(f, flags.include_dirs, sources, own);
    const bool cannot_read = opened.unreadable;
    if (opened.ok()) note_slow_policy(opened.checked->policy(), *opened.program, own);
    diags.merge(std::move(own));
    if (cannot_read) {
      std::cerr << say("jaring: cannot read `{}`\n", f);
      ++unreadable;
    }
  }
  diags.sort();
  print_diagnostics(diags, sources, flags.format, flags.strict);
  const std::size_t errors = diags.error_count() + (flags.strict ? diags.warning_count() : 0);
  // The files read: one that could not be read was not checked (its message said so above).
  const std::size_t checked = policy_files(flags.files).size() - static_cast<std::size_t>(unreadable);
  if (flags.format == "text") {
    const std::size_t warnings = flags.strict ? 0 : diags.warning_count(), notes = diags.note_count();
    if (notes == 0)
      std::cerr << say("checked {} file{}: {} error{}, {} warning{}\n", checked, checked == 1 ? "" : "s", errors,
                       errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    else
      std::cerr << say("checked {} file{}: {} error{}, {} warning{}, {} note{}\n", checked, checked == 1 ? "" : "s",
                       errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes,
                       notes == 1 ? "" : "s");
    if (unreadable > 0) std::cerr << say("{} file{} could not be read\n", unreadable, unreadable == 1 ? "" : "s");
  }
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<CheckFlags>();
  auto* cmd = app.add_subcommand("check", "Parse and check policy files; print every diagnostic");
  cmd->add_option("files", flags->files,
                  "Policy files (.policy), folders to check every *.policy in, or - for standard input")
      ->required();
  cmd->add_option("-I,--include", flags->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->add_option("--format", flags->format, "Diagnostics as text (stderr) or a JSON array (stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--strict", flags->strict, "Treat warnings as errors");
  add_lang_flag(cmd, flags->lang, "diagnostics");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    status = run_check(*flags);
  });
}

}  // namespace jaring::cli
