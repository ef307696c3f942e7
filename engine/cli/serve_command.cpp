// `jaring serve --policies DIR [--listen HOST:PORT]`: the HTTP/JSON API (engine/server/).
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/server/http_server.hpp"

namespace jaring::cli {

namespace {

struct ServeFlags {
  std::string policies;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> include_dirs;
  std::uint64_t max_body = std::uint64_t{10} * 1024 * 1024;
  std::uint64_t max_header = std::uint64_t{64} * 1024;
  std::size_t max_batch = 1000;
  unsigned threads = 16;
  int timeout = 10;
  int keep_alive = 5;
  std::string decision_log;
  bool log_unmasked = false;
};

// `HOST:PORT` or `[IPv6]:PORT`; false if malformed.
bool split_listen(const std::string& text, std::string& host, int& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(digits);
  return port <= 65535;
}

int run_serve(const ServeFlags& f) {
  server::ServerOptions o;
  if (!split_listen(f.listen, o.host, o.port)) {
    std::cerr << fmt::format("jaring: --listen `{}` is not HOST:PORT\n", f.listen);
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(f.policies, ec)) {
    std::cerr << fmt::format("jaring: --policies `{}` is not a folder\n", f.policies);
    return 2;
  }
  o.policies_dir = f.policies;
  for (const auto& d : f.include_dirs) o.include_dirs.emplace_back(d);
  o.max_body = static_cast<std::size_t>(f.max_body);
  o.max_header = static_cast<std::size_t>(f.max_header);
  o.max_batch = f.max_batch;
  o.threads = f.threads;
  o.timeout_seconds = f.timeout;
  o.keep_alive_seconds = f.keep_alive;
  o.decision_log = f.decision_log;
  o.log_unmasked = f.log_unmasked;
  if (const char* token = std::getenv("JARING_ADMIN_TOKEN")) o.admin_token = token;
  return server::serve(o);
}

}  // namespace

void add_serve_command(CLI::App& app, int& status) {
  auto f = std::make_shared<ServeFlags>();
  auto* cmd = app.add_subcommand("serve", "Serve decisions over HTTP/JSON (see examples/api/README.md)");
  cmd->add_option("--policies", f->policies, "Folder of policies: every *.policy under it that checks is served")
      ->required();
  cmd->add_option("--listen", f->listen, "HOST:PORT to listen on; port 0 picks a free port")->capture_default_str();
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->expected(1);
  cmd->add_option("--max-body", f->max_body, "Largest request body (e.g. 10MB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-header", f->max_header, "Largest request line and headers together (e.g. 64KB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-batch", f->max_batch, "Most records in one request")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--threads", f->threads, "HTTP worker threads (each serves one connection at a time)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--timeout", f->timeout, "Seconds to wait for each read or write, and to receive all the headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--keep-alive", f->keep_alive, "Seconds an idle connection is kept open")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--decision-log", f->decision_log, "Append one JSON line per decision to this file");
  cmd->add_flag("--log-unmasked", f->log_unmasked, "Log NIK and names as given (default: masked)");
  cmd->callback([f, &status] { status = run_serve(*f); });
}

}  // namespace jaring::cli
