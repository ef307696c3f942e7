// `jaring serve --policies DIR [--listen HOST:PORT]`: the HTTP/JSON API (engine/server/).
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/server/http_server.hpp"
#include "engine/server/server_log.hpp"

namespace jaring::cli {

namespace {

struct ServeFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::string policies;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> include_dirs;
  std::uint64_t max_body = std::uint64_t{10} * 1024 * 1024;
  std::uint64_t max_header = std::uint64_t{64} * 1024;
  std::uint64_t max_bodies_in_flight = std::uint64_t{128} * 1024 * 1024;
  std::size_t max_batch = 1000;
  std::uint64_t max_population = std::uint64_t{1} << 30;
  std::uint64_t population_inline = std::uint64_t{1} << 20;
  std::size_t max_jobs = 4;
  int job_ttl = 3600;
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 0;
  unsigned threads = 0;
  int timeout = 10;
  int keep_alive = 5;
  std::string decision_log;
  bool log_unmasked = false;
  std::string access_log;
  std::string log_level = "info";
  bool strict_start = false;
  std::string tokens;
  std::vector<std::string> cors_origins;
  double rate_limit = 0;
  double rate_burst = 0;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
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
    std::cerr << say("jaring: --listen `{}` is not HOST:PORT\n", f.listen);
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(f.policies, ec)) {
    std::cerr << say("jaring: --policies `{}` is not a folder\n", f.policies);
    return 2;
  }
  o.policies_dir = f.policies;
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

void add_serve_command(CLI::App& app, int& status) {
  auto f = std::make_shared<ServeFlags>();
  auto* cmd = app.add_subcommand("serve", "Serve decisions over HTTP/JSON (see examples/api/README.md)");
  cmd->add_option("--policies", f->policies, "Folder of policies: every *.policy under it that checks is served")
      ->required();
  cmd->add_option("--listen", f->listen, "HOST:PORT to listen on; port 0 picks a free port")->capture_default_str();
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->add_option("--max-body", f->max_body, "Largest request body (e.g. 10MB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-header", f->max_header, "Largest request line and headers together (e.g. 64KB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-bodies-in-flight", f->max_bodies_in_flight,
                  "Largest total of request bodies held at once over all connections (e.g. 128MB); "
                  "past it a request gets 503 with Retry-After")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-batch", f->max_batch, "Most records in one request (counted while the body arrives)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-population", f->max_population,
                  "Largest population body (POST .../populations; kept on disk, e.g. 1GB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--population-inline", f->population_inline,
                  "Populations up to this size are decided at once and answered with their decisions; larger "
                  "ones become a job (202)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-jobs", f->max_jobs, "Population jobs waiting or running at once; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_option("--job-ttl", f->job_ttl, "Seconds a finished population job's decisions are kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 3600));
  cmd->add_option("--max-connections", f->max_connections, "Most open connections; more are answered 503 and closed")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--max-connections-per-client", f->max_connections_per_client,
                  "Most open connections from one client address; 0: no limit (behind a proxy every "
                  "client has the proxy's address)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--threads", f->threads, "Event-loop threads serving every connection and deciding; 0: one per core")
      ->capture_default_str()
      ->check(CLI::Range(0u, 1024u));
  cmd->add_option("--timeout", f->timeout, "Seconds to wait for each read or write, and to receive all the headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--keep-alive", f->keep_alive, "Seconds an idle connection is kept open")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--decision-log", f->decision_log, "Append one JSON line per decision to this file");
  cmd->add_flag("--log-unmasked", f->log_unmasked, "Log NIK and names as given (default: masked)");
  cmd->add_option("--access-log", f->access_log, "Append one JSON line per request to this file (`-`: stderr)");
  cmd->add_option("--log-level", f->log_level, "Messages on stderr: error, warn, info or debug")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warn", "info", "debug"}));
  cmd->add_option("--tokens", f->tokens,
                  "File of bearer tokens, one client per line `NAME TOKEN`; with it every /v1/ endpoint needs "
                  "`Authorization: Bearer TOKEN` (re-read on SIGHUP)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cors-origin", f->cors_origins,
                  "Origin browsers may call the API from (e.g. https://portal.example.go.id; `*`: any); repeatable")
      ->expected(1);
  cmd->add_option("--rate-limit", f->rate_limit,
                  "Requests a second each client (token, else address) may make to /v1/; past it 429 with "
                  "Retry-After; 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--rate-burst", f->rate_burst,
                  "Requests a client may make at once before --rate-limit applies "
                  "(default: the rate)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--tls-cert", f->tls_cert, "PEM certificate (chain) to serve HTTPS with")->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", f->tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  cmd->add_option("--tls-client-ca", f->tls_client_ca,
                  "PEM CA certificates; clients must present a certificate signed by one (mutual TLS)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--strict-start", f->strict_start,
                "Load every policy before listening and refuse to start (exit 1) if any fails");
  add_lang_flag(cmd, f->lang, "diagnostics and request errors");
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_serve(*f);
  });
}

}  // namespace jaring::cli
