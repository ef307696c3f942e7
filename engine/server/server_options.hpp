// Settings of `jaring serve`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace jaring::server {

struct ServerOptions {
  std::filesystem::path policies_dir;
  std::vector<std::filesystem::path> include_dirs;  // extra `use` search folders
  std::string host = "127.0.0.1";
  int port = 8080;                                       // 0: an ephemeral port
  std::size_t max_batch = 1000;                          // records in one request
  std::size_t max_body = std::size_t{10} * 1024 * 1024;  // bytes
  std::size_t max_header = std::size_t{64} * 1024;       // request line and headers, bytes
  unsigned threads = 16;                                 // HTTP worker threads (one per open connection)
  int timeout_seconds = 10;                              // each read or write; all of the headers
  int keep_alive_seconds = 5;                            // idle time before a connection is closed
  std::string decision_log;                              // empty: no decision log
  bool log_unmasked = false;
  std::string admin_token;  // empty: POST /v1/admin/reload is disabled
};

}  // namespace jaring::server
