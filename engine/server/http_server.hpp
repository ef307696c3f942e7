// `jaring serve`: the HTTP API on cpp-httplib. Loads the policy folder, listens, prints
// `listening on http://HOST:PORT` on stdout, and serves until SIGTERM or SIGINT; then stops
// accepting, lets requests in flight finish, and returns. SIGHUP reloads the policies (and
// reopens the decision log).
#pragma once

#include "engine/server/server_options.hpp"

namespace jaring::server {

// Runs the server; returns the exit status: 0 after a graceful stop, 1 when it cannot start
// (address in use, decision log not writable).
int serve(const ServerOptions& options);

}  // namespace jaring::server
