#include "engine/cli/serve_flags.hpp"

#include <CLI/CLI.hpp>

#include "engine/cli/command_line.hpp"
#include "engine/cli/lang_flag.hpp"

namespace jaring::cli {

CLI::App* add_serve_flags(CLI::App& app, ServeFlags& f) {
  auto* cmd = app.add_subcommand("serve", "Serve decisions over HTTP/JSON (see examples/api/README.md)");
  cmd->add_option("--policies", f.policies, "Folder of policies: every *.policy under it that checks is served")
      ->required();
  cmd->add_option("--listen", f.listen, "HOST:PORT to listen on; port 0 picks a free port")->capture_default_str();
  cmd->add_option("-I,--include", f.include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->add_option("--max-body", f.max_body, "Largest request body (e.g. 10MB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-header", f.max_header, "Largest request line and headers together (e.g. 64KB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-bodies-in-flight", f.max_bodies_in_flight,
                  "Largest total of request bodies held at once over all connections (e.g. 128MB); "
                  "past it a request gets 503 with Retry-After")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-batch", f.max_batch, "Most records in one request (counted while the body arrives)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-population", f.max_population,
                  "Largest population body (POST .../populations; kept on disk, e.g. 1GB)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--population-inline", f.population_inline,
                  "Populations up to this size are decided at once and answered with their decisions; larger "
                  "ones become a job (202)")
      ->capture_default_str()
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-jobs", f.max_jobs, "Population jobs waiting or running at once; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_option("--job-ttl", f.job_ttl, "Seconds a finished population job's decisions are kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 3600));
  cmd->add_option("--max-connections", f.max_connections, "Most open connections; more are answered 503 and closed")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--max-connections-per-client", f.max_connections_per_client,
                  "Most open connections from one client address; 0: no limit (behind a proxy every "
                  "client has the proxy's address)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--threads", f.threads,
                  "Event-loop threads serving every connection and deciding; 0: one per core this process may use")
      ->capture_default_str()
      ->check(CLI::Range(0u, 1024u));
  cmd->add_option("--latency-slice", f.latency_slice,
                  "Microseconds of CPU an event loop asks the scheduler for at a time (Linux 6.12+; shorter: a "
                  "request waits less for another task's turn); 0: the system's")
      ->capture_default_str()
      ->check(CLI::Range(0u, 100000u));
  cmd->add_option("--timeout", f.timeout, "Seconds to wait for each read or write, and to receive all the headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--keep-alive", f.keep_alive, "Seconds an idle connection is kept open")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--decision-log", f.decision_log,
                  "Append one JSON line per decision to this file (`-`: standard output)");
  cmd->add_flag("--log-unmasked", f.log_unmasked, "Log NIK and names as given (default: masked)");
  cmd->add_option("--access-log", f.access_log, "Append one JSON line per request to this file (`-`: stderr)");
  cmd->add_option("--log-level", f.log_level, "Messages on stderr: error, warn, info or debug")
      ->capture_default_str()
      ->check(CLI::IsMember({"error", "warn", "info", "debug"}));
  cmd->add_option("--tokens", f.tokens,
                  "File of bearer tokens, one client per line `NAME TOKEN`; with it every /v1/ endpoint needs "
                  "`Authorization: Bearer TOKEN` (re-read on SIGHUP)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cors-origin", f.cors_origins,
                  "Origin browsers may call the API from (e.g. https://portal.example.go.id; `*`: any); repeatable")
      ->allow_extra_args(false);  // one origin each time, every time kept (expected(1) refused a second)
  cmd->add_option("--rate-limit", f.rate_limit,
                  "Requests a second each client (token, else address) may make to /v1/; past it 429 with "
                  "Retry-After; 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--rate-burst", f.rate_burst,
                  "Requests a client may make at once before --rate-limit applies "
                  "(default: the rate)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--tls-cert", f.tls_cert, "PEM certificate (chain) to serve HTTPS with")->check(CLI::ExistingFile);
  cmd->add_option("--tls-key", f.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  cmd->add_option("--tls-client-ca", f.tls_client_ca,
                  "PEM CA certificates; clients must present a certificate signed by one (mutual TLS)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--strict-start", f.strict_start,
                "Load every policy before listening and refuse to start (exit 1) if any fails");
  add_lang_flag(cmd, f.lang, "diagnostics and request errors");
  return cmd;
}

std::optional<int> parse_serve_command_line(int argc, char** argv, ServeFlags& f) {
  CLI::App app{"Jaring's HTTP/JSON server, run by `jaring serve`", "jaring"};
  app.require_subcommand(1);
  add_serve_flags(app, f);
  if (const auto done = parse_command_line(app, argc, argv)) return done;
  use_message_language(f.lang);
  return std::nullopt;
}

}  // namespace jaring::cli
