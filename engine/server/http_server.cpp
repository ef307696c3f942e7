#include "engine/server/http_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
#include <thread>

#include "engine/server/http_connection.hpp"
#include "engine/server/routes.hpp"
#include "engine/server/signals.hpp"

namespace jaring::server {

namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

// When the request being handled on this worker thread started (its headers were read).
// Set by the pre-routing handler, read by the logger, which runs on the same thread.
thread_local std::optional<Clock::time_point> request_start;

std::string method_label(const std::string& m) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (m == known) return m;
  return "other";
}

ConnectionLimits connection_limits(const ServerOptions& o) {
  ConnectionLimits limits;
  limits.max_header_bytes = o.max_header;
  limits.read_timeout_seconds = o.timeout_seconds;
  limits.write_timeout_seconds = o.timeout_seconds;
  limits.header_timeout_seconds = o.timeout_seconds;
  limits.keep_alive_seconds = o.keep_alive_seconds;
  return limits;
}

void set_limits(httplib::Server& svr, const ServerOptions& o) {
  const unsigned threads = o.threads;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(o.max_body);
  svr.set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // server bind the same port and silently take half of the connections.
  svr.set_socket_options([](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Only for the Keep-Alive header httplib writes; HttpServer applies the limits.
  svr.set_keep_alive_max_count(ConnectionLimits{}.keep_alive_max);
  svr.set_keep_alive_timeout(o.keep_alive_seconds);
  const std::size_t max_body = o.max_body;
  // A client that asks first (`Expect: 100-continue`) learns of a too large body before
  // sending it.
  svr.set_expect_100_continue_handler([max_body](const Request& req, Response& res) {
    if (req.get_header_value<std::uint64_t>("Content-Length") <= max_body) return 100;
    res.status = 413;
    return 413;
  });
}

void set_handlers(HttpServer& svr, ServerState& state) {
  svr.set_pre_routing_handler([](const Request& req, Response& res) {
    request_start = Clock::now();
    if (req.method != "TRACE" && req.method != "CONNECT") return HandlerResponse::Unhandled;
    send_problem(res, problem_for_status(405));
    return HandlerResponse::Handled;
  });
  // Every error response without a body of ours (from the HTTP parser, the body limit,
  // routing) becomes a problem document; headers cut off by our limits say why.
  svr.set_error_handler(httplib::Server::HandlerWithResponse([](const Request&, Response& res) {
    if (!res.body.empty()) return HandlerResponse::Unhandled;
    const HeaderCutoff cutoff = current_header_cutoff();
    if (res.status == 400 && cutoff == HeaderCutoff::TooLarge) res.status = 431;
    if (res.status == 400 && cutoff == HeaderCutoff::TooSlow) res.status = 408;
    // Statuses the HTTP parser gives: what follows on the connection cannot be trusted.
    if (res.status == 400 || res.status == 408 || res.status == 414 || res.status == 431) {
      res.set_header("Connection", "close");
      close_after_response();
    }
    send_problem(res, problem_for_status(res.status));
    return HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const Request& req, Response& res, const std::exception_ptr& ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {}
    std::cerr << fmt::format("jaring serve: internal error on {} {}: {}\n", req.method, req.path, what);
    send_problem(res, problem_for_status(500));
  });
  // A response finished while the server stops is the connection's last.
  svr.set_post_routing_handler([&svr](const Request&, Response& res) {
    if (svr.stopping()) res.set_header("Connection", "close");
  });
  svr.set_logger([&state](const Request& req, const Response& res) {
    double seconds = -1;
    if (request_start) seconds = std::chrono::duration<double>(Clock::now() - *request_start).count();
    request_start.reset();
    state.metrics().observe_request(route_of(req.method, req.path), method_label(req.method), res.status, seconds);
  });
}

// Binds; returns the port, or nothing (reported on stderr).
std::optional<int> bind(httplib::Server& svr, const ServerOptions& o) {
  const int port = o.port == 0 ? svr.bind_to_any_port(o.host) : (svr.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port > 0) return port;
  std::cerr << fmt::format("jaring serve: cannot listen on {}:{}\n", o.host, o.port);
  return std::nullopt;
}

// Listens until SIGTERM/SIGINT; SIGHUP reloads. Returns whether listening ended normally.
bool run_until_stopped(HttpServer& svr, ServerState& state) {
  std::atomic<bool> listening_done{false};
  bool listened = false;
  std::thread listener([&] {
    listened = svr.listen_after_bind();
    listening_done = true;
  });
  // stop() only works once the server runs; signals wait (blocked) until they are watched.
  while (!svr.is_running() && !listening_done) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto on_reload = [&state] {
    state.reload("SIGHUP");
    if (auto* log = state.decision_log()) log->reopen();
  };
  auto on_stop = [&svr](int sig) {
    std::cerr << fmt::format("jaring serve: {}: stopping; finishing requests in flight\n",
                             sig == SIGINT ? "SIGINT" : "SIGTERM");
    svr.stop();
  };
  {
    SignalThread signals(on_reload, on_stop);
    listener.join();  // returns once every request in flight has finished
  }
  return listened;
}

}  // namespace

int serve(const ServerOptions& options) {
  block_server_signals();
  std::optional<ServerState> state;
  try {
    state.emplace(options);
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring serve: " << e.what() << "\n";
    return 1;
  }
  state->reload("start");
  HttpServer svr(connection_limits(options));
  set_limits(svr, options);
  set_handlers(svr, *state);
  add_routes(svr, *state);
  const auto port = bind(svr, options);
  if (!port) return 1;
  const bool v6 = options.host.find(':') != std::string::npos;
  std::cout << fmt::format("listening on http://{}{}{}:{}", v6 ? "[" : "", options.host, v6 ? "]" : "", *port)
            << std::endl;
  const bool ok = run_until_stopped(svr, *state);
  std::cerr << "jaring serve: stopped\n";
  return ok ? 0 : 1;
}

}  // namespace jaring::server
