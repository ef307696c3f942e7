// `jaring serve`: the HTTP API on Boost.Beast/Asio, event-driven (a few threads run every
// connection; none waits on one). Listens, prints `listening on http://HOST:PORT` on stdout,
// loads the policy folder beside the event loop (with --strict-start: before listening, and
// refuses to start if any policy fails), and serves until SIGTERM or SIGINT; then stops
// accepting, closes idle connections, lets requests in flight finish, and returns. SIGHUP
// reloads the policies (and reopens the decision and access logs).
#pragma once

#include "engine/server/server_options.hpp"

namespace jaring::server {

// Runs the server; returns the exit status: 0 after a graceful stop, 1 when it cannot start
// (address in use, a log not writable, a policy failing under --strict-start).
int serve(const ServerOptions& options);

}  // namespace jaring::server
