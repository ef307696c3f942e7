// `jaring serve --policies DIR [--listen HOST:PORT]`: the HTTP/JSON API. The flags are checked
// here (and `--help` answered); the server itself is the program `jaring-serve`
// (engine/cli/serve_main.cpp), which this process becomes with the same command line, keeping
// its process id, so that only the server loads OpenSSL and the server's code
// (engine/cli/serve_flags.hpp).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/base/install_dirs.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/serve_flags.hpp"

namespace jaring::cli {

namespace {

// Replaces this process with the server program, given `argv` as it is; returns only if that
// could not be done, with the exit status (70: the installation is incomplete).
int exec_server(char** argv) {
  const std::filesystem::path program = server_program();
  if (program.empty()) {
    std::cerr << say_text(
        "jaring: the server program `jaring-serve` is not installed next to this one (nor in "
        "../libexec/jaring); reinstall Jaring\n");
    return 70;
  }
  std::cout.flush();
  std::cerr.flush();
  ::execv(program.c_str(), argv);
  const int error = errno;
  std::cerr << say("jaring: cannot run the server program `{}`: {}\n", program.string(), std::strerror(error));
  return 70;
}

}  // namespace

void add_serve_command(CLI::App& app, int& status, char** argv) {
  auto flags = std::make_shared<ServeFlags>();
  add_serve_flags(app, *flags)->callback([flags, &status, argv] {
    use_message_language(flags->lang);
    status = exec_server(argv);
  });
}

}  // namespace jaring::cli
