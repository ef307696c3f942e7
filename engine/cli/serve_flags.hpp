// The flags of `jaring serve`, defined once for the two programs that parse them: `jaring`, which
// checks them, prints their help and then runs the server program in its place, and that
// program, `jaring-serve` (engine/cli/serve_main.cpp), which parses the same command line again
// and serves. The server is a program of its own so that only it loads OpenSSL (TLS) and the
// server's code: every other command starts without them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace jaring::cli {

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
  unsigned latency_slice = 100;
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

// Adds the `serve` subcommand and its flags (with `--lang`) to `app`, filling `f`; returns it
// for the caller's callback.
CLI::App* add_serve_flags(CLI::App& app, ServeFlags& f);

// The server program's command line (`jaring-serve serve FLAGS...`, as `jaring` was given it)
// into `f`, and the message language set from it; the exit status when there is nothing to
// serve (help asked for: 0; a usage error, said on stderr: 2). Here rather than in
// serve_main.cpp so that CLI11, header-only, is compiled once for both programs.
std::optional<int> parse_serve_command_line(int argc, char** argv, ServeFlags& f);

}  // namespace jaring::cli
