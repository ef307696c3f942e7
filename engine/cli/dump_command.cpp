// `jaring dump FILE`: print the resolved policy (after `use` and `amends`) canonically.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/report.hpp"
#include "engine/language/dump.hpp"

namespace jaring::cli {

void add_dump_command(CLI::App& app, int& status) {
  struct Flags {
    std::string file;
    std::string lang;  // --lang; empty: JARING_LANG, else English
    std::vector<std::string> include_dirs;
  };
  auto flags = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("dump", "Print the resolved policy (after `use` and `amends`) in canonical form");
  cmd->add_option("file", flags->file, "Policy file (.policy, or - for standard input)")->required();
  cmd->add_option("-I,--include", flags->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  add_lang_flag(cmd, flags->lang, "diagnostics");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    SourceMap sources;
    Diagnostics diags;
    const auto opened = open_for_command(flags->file, flags->include_dirs, sources, diags);
    if (opened.unreadable) {
      std::cerr << say("jaring: cannot read `{}`\n", flags->file);
      status = 2;
      return;
    }
    diags.sort();
    print_diagnostics(diags, sources, "text", false);
    if (!opened.ok()) {
      status = 1;
      return;
    }
    std::cout << dump_policy(opened.checked->policy());
    status = 0;
  });
}

}  // namespace jaring::cli
