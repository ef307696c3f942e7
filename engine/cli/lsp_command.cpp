// `jaring lsp`: the language server on standard input and output (engine/lsp/server.hpp).
// Messages the transport cannot read are reported on standard error and skipped; the loop ends
// at the input's end or an `exit` notification.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/lsp/server.hpp"
#include "engine/lsp/transport.hpp"
#include "jaring_version.hpp"  // generated at build time (cmake/version.cmake)

namespace jaring::cli {

namespace {

struct LspFlags {
  std::string lang;
  std::vector<std::string> include_dirs;
};

int run_lsp(const LspFlags& flags) {
  lsp::ServerOptions options;
  for (const auto& d : flags.include_dirs) options.load.search_paths.emplace_back(d);
  options.version = JARING_VERSION;
  options.language_chosen = !flags.lang.empty() || lang_from_env().has_value();
  lsp::Server server(std::move(options));
  for (;;) {
    const lsp::Incoming in = lsp::read_message(std::cin);
    switch (in.kind) {
      case lsp::Incoming::Kind::End:
        return server.exited() ? server.exit_status() : 1;  // the client went away without `exit`
      case lsp::Incoming::Kind::Broken: std::cerr << say("jaring lsp: {}; stopping\n", in.error); return 1;
      case lsp::Incoming::Kind::Skipped: std::cerr << say("jaring lsp: {}; message skipped\n", in.error); continue;
      case lsp::Incoming::Kind::Message: break;
    }
    for (const auto& reply : server.handle(in.body))
      if (!lsp::write_message(std::cout, reply)) return 74;
    if (server.exited()) return server.exit_status();
  }
}

}  // namespace

void add_lsp_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<LspFlags>();
  auto* cmd = app.add_subcommand(
      "lsp",
      "Language server for editors (LSP over standard input and output): diagnostics, hover, definition, "
      "completion, outline, formatting");
  cmd->add_option("-I,--include", flags->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);
  add_lang_flag(cmd, flags->lang, "diagnostics and hover texts");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    status = run_lsp(*flags);
  });
}

}  // namespace jaring::cli
