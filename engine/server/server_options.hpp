// Settings of `jaring serve`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace jaring::server {

struct ServerOptions {
  std::filesystem::path policies_dir;
  std::vector<std::filesystem::path> include_dirs;  // extra `use` search folders (after policies_dir)
  // The `jaring` program, run as `jaring check` on each policy before it is loaded so that a policy
  // crashing the checker costs only itself (PolicyStore); empty: policies are loaded unchecked.
  std::filesystem::path checker;
  std::string host = "127.0.0.1";
  int port = 8080;                                       // 0: an ephemeral port
  std::size_t max_batch = 1000;                          // records in one request
  std::size_t max_population = std::size_t{1} << 30;     // a population body, bytes (kept on disk)
  std::size_t population_inline = std::size_t{1} << 20;  // populations up to this size are answered at once
  std::size_t max_jobs = 4;                              // population jobs waiting or running
  int job_ttl_seconds = 3600;                            // a finished job is kept this long
  std::size_t max_body = std::size_t{10} * 1024 * 1024;  // bytes
  std::size_t max_header = std::size_t{64} * 1024;       // request line and headers, bytes
  std::size_t max_uri = 8192;                            // the request target, bytes
  std::size_t max_bodies_in_flight = std::size_t{128} * 1024 * 1024;  // all connections' bodies together
  std::size_t max_connections = 10000;                                // open connections in all
  std::size_t max_connections_per_client = 0;                         // per peer address; 0: no limit
  unsigned threads = 0;                                               // event-loop threads; 0: one per core
  unsigned latency_slice_us = 100;    // each loop's scheduler slice (latency_slice.hpp); 0: the system's
  int timeout_seconds = 10;           // each read or write; all of the headers
  int keep_alive_seconds = 5;         // idle time before a connection is closed
  std::size_t keep_alive_max = 1000;  // requests on one connection
  std::string decision_log;           // empty: no decision log
  bool log_unmasked = false;
  std::string access_log;                 // empty: none; `-`: stderr
  bool strict_start = false;              // refuse to start when any policy fails to load
  std::string admin_token;                // empty: POST /v1/admin/reload is disabled
  std::filesystem::path tokens_file;      // empty: the API needs no token
  std::vector<std::string> cors_origins;  // origins browsers may call from (`*`: any)
  double rate_limit = 0;                  // requests a second per client; 0: no limit
  double rate_burst = 0;                  // bucket size; 0: the rate (at least 1)
  std::filesystem::path tls_cert;         // PEM certificate chain; empty: plain HTTP
  std::filesystem::path tls_key;          // PEM private key
  std::filesystem::path tls_client_ca;    // PEM CAs; set: clients must present a certificate they signed
};

}  // namespace jaring::server
