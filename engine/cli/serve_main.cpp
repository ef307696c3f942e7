// `jaring-serve`: the HTTP/JSON API (engine/server/), the program `jaring serve` runs in its
// place (engine/cli/serve_command.cpp) with the same command line. It parses the flags as
// `jaring` did (engine/cli/serve_flags.hpp) and serves until SIGTERM or SIGINT.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "engine/base/i18n.hpp"
#include "engine/base/install_dirs.hpp"
#include "engine/cli/guard.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/serve_flags.hpp"
#include "engine/server/http_server.hpp"
#include "engine/server/server_log.hpp"

namespace jaring::cli {
namespace {

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
    std::cerr << say("jaring: --listen `{}` is not HOST:PORT\n", f.listen);
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(f.policies, ec)) {
    std::cerr << say("jaring: --policies `{}` is not a folder\n", f.policies);
    return 2;
  }
  o.policies_dir = f.policies;
  // Each policy is first checked by `jaring check` in a process of its own (PolicyStore).
  o.checker = jaring_program();
  for (const auto& d : f.include_dirs) o.include_dirs.emplace_back(d);
  o.max_body = static_cast<std::size_t>(f.max_body);
  o.max_header = static_cast<std::size_t>(f.max_header);
  o.max_batch = f.max_batch;
  o.max_bodies_in_flight = static_cast<std::size_t>(f.max_bodies_in_flight);
  if (o.max_bodies_in_flight < o.max_body) {
    std::cerr << say_text("jaring: --max-bodies-in-flight must be at least --max-body\n");
    return 2;
  }
  o.max_population = static_cast<std::size_t>(f.max_population);
  o.population_inline = static_cast<std::size_t>(f.population_inline);
  o.max_jobs = f.max_jobs;
  o.job_ttl_seconds = f.job_ttl;
  o.max_connections = f.max_connections;
  o.max_connections_per_client = f.max_connections_per_client;
  o.threads = f.threads;
  o.latency_slice_us = f.latency_slice;
  o.timeout_seconds = f.timeout;
  o.keep_alive_seconds = f.keep_alive;
  o.decision_log = f.decision_log;
  o.log_unmasked = f.log_unmasked;
  o.access_log = f.access_log;
  o.strict_start = f.strict_start;
  o.tokens_file = f.tokens;
  o.cors_origins = f.cors_origins;
  o.rate_limit = f.rate_limit;
  o.rate_burst = f.rate_burst;
  if (f.tls_cert.empty() != f.tls_key.empty()) {
    std::cerr << say_text("jaring: --tls-cert and --tls-key go together\n");
    return 2;
  }
  if (!f.tls_client_ca.empty() && f.tls_cert.empty()) {
    std::cerr << say_text("jaring: --tls-client-ca needs --tls-cert and --tls-key\n");
    return 2;
  }
  o.tls_cert = f.tls_cert;
  o.tls_key = f.tls_key;
  o.tls_client_ca = f.tls_client_ca;
  server::set_log_level(*server::parse_log_level(f.log_level));
  if (const char* token = std::getenv("JARING_ADMIN_TOKEN")) o.admin_token = token;
  return server::serve(o);
}

}  // namespace
}  // namespace jaring::cli

int main(int argc, char** argv) {
  jaring::cli::install_crash_handlers();
  jaring::cli::install_checked_stdout();
  const int exit_status = jaring::cli::run_guarded([&] {
    jaring::cli::ServeFlags flags;
    if (const auto done = jaring::cli::parse_serve_command_line(argc, argv, flags)) return *done;
    return jaring::cli::run_serve(flags);
  });
  return jaring::cli::finish_stdout(exit_status);
}
