#include "engine/server/http_server.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "engine/base/cores.hpp"
#include "engine/server/http_session.hpp"
#include "engine/server/latency_slice.hpp"
#include "engine/server/process_metrics.hpp"
#include "engine/server/server_log.hpp"
#include "engine/server/signals.hpp"

namespace jaring::server {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;

// Accepts connections and hands them to sessions, each to the next event loop in turn; a
// connection over the limits gets a 503 and is closed. When the process runs out of file
// descriptors it pauses accepting for a moment.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<net::io_context>>& loops, tcp::acceptor acceptor, SessionShared shared)
      : loops_(loops), acceptor_(std::move(acceptor)), pause_(*loops.front()), shared_(shared) {}

  void start() { accept(); }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
      self->pause_.cancel();
    });
  }

 private:
  void accept() {
    net::io_context& loop = *loops_[next_++ % loops_.size()];
    acceptor_.async_accept(loop.get_executor(), [self = shared_from_this()](error_code ec, tcp::socket socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      if (!warned_) {
        log_message(LogLevel::Warn, fmt::format("jaring serve: cannot accept connections: {} ({} open); "
                                                "retrying\n",
                                                ec.message(), shared_.connections.open()));
        warned_ = true;
      }
      pause_.expires_after(std::chrono::milliseconds(50));
      pause_.async_wait([self = shared_from_this()](error_code e) {
        if (!e && self->acceptor_.is_open()) self->accept();
      });
      return;
    }
    warned_ = false;
    error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    std::string client = peer_ec ? "unknown" : peer.address().to_string();
    socket.set_option(tcp::no_delay(true), peer_ec);
    if (shared_.stopping || !shared_.connections.admit(client)) {
      // A small answer fits the socket's send buffer: written at once, without waiting.
      static const std::string refusal = over_capacity_response();
      socket.non_blocking(true, peer_ec);
      net::write(socket, net::buffer(refusal), peer_ec);
      socket.shutdown(tcp::socket::shutdown_both, peer_ec);
      socket.close(peer_ec);
      log_message(LogLevel::Debug,
                  fmt::format("jaring serve: refused a connection from {}: over the limits\n", client));
    } else {
      start_session(std::move(socket), std::move(client), shared_);
    }
    accept();
  }

  std::vector<std::unique_ptr<net::io_context>>& loops_;
  std::size_t next_ = 0;
  tcp::acceptor acceptor_;
  net::steady_timer pause_;
  SessionShared shared_;
  bool warned_ = false;
};

// Binds and listens; the acceptor, or nothing (reported on stderr).
std::optional<tcp::acceptor> bind(net::io_context& ioc, const ServerOptions& o, int& port) {
  error_code ec;
  const auto address = net::ip::make_address(o.host, ec);
  if (ec) {
    std::cerr << fmt::format("jaring serve: `{}` is not an IP address to listen on\n", o.host);
    return std::nullopt;
  }
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(o.port));
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only: SO_REUSEPORT would let a second server bind the same port and silently
  // take half of the connections.
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << fmt::format("jaring serve: cannot listen on {}:{}: {}\n", o.host, o.port, ec.message());
    return std::nullopt;
  }
  port = acceptor.local_endpoint().port();
  return acceptor;
}

// The TLS context of --tls-cert/--tls-key (and --tls-client-ca); nothing (reported) if a file
// does not load.
std::unique_ptr<net::ssl::context> tls_context(const ServerOptions& o) {
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  error_code ec;
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                       net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                   ec);
  auto fail = [&](const char* what, const std::filesystem::path& file) {
    std::cerr << fmt::format("jaring serve: cannot use the {} `{}`: {}\n", what, file.string(), ec.message());
    return nullptr;
  };
  if (ctx->use_certificate_chain_file(o.tls_cert.string(), ec); ec) return fail("TLS certificate", o.tls_cert);
  if (ctx->use_private_key_file(o.tls_key.string(), net::ssl::context::pem, ec); ec)
    return fail("TLS private key", o.tls_key);
  if (!o.tls_client_ca.empty()) {
    if (ctx->load_verify_file(o.tls_client_ca.string(), ec); ec) return fail("client CA file", o.tls_client_ca);
    ctx->set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert, ec);
  }
  return ctx;
}

// Idle connections and buffers are cheap now; file descriptors are the limit: as many as the
// hard limit allows.
void raise_fd_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace

int serve(const ServerOptions& options) {
  block_server_signals();
  raise_fd_limit();
  note_process_start();
  std::optional<ServerState> state;
  try {
    state.emplace(options);
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring serve: " << e.what() << "\n";
    return 1;
  }
  if (options.strict_start) {
    const ReloadReport report = state->reload("start");
    if (!report.ok()) {
      std::cerr << fmt::format("jaring serve: --strict-start: {} polic{} did not load; not starting\n",
                               report.failures.size(), report.failures.size() == 1 ? "y" : "ies");
      return 1;
    }
  }
  std::unique_ptr<net::ssl::context> tls;
  if (!options.tls_cert.empty() && !(tls = tls_context(options))) return 1;
  const unsigned threads = options.threads > 0 ? options.threads : usable_cores();
  // One event loop per thread: a connection lives on one loop, so its handlers never need a
  // lock or a strand, and the loops share nothing but the listener's hand-out.
  std::vector<std::unique_ptr<net::io_context>> loops;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  for (unsigned i = 0; i < threads; ++i) {
    loops.push_back(std::make_unique<net::io_context>(1));
    keep_running.push_back(net::make_work_guard(*loops.back()));
  }
  net::io_context& ioc = *loops.front();
  int port = 0;
  auto acceptor = bind(ioc, options, port);
  if (!acceptor) return 1;
  ConnectionRegistry connections(options.max_connections, options.max_connections_per_client);
  BodyBudget bodies(options.max_bodies_in_flight);
  std::atomic<bool> stopping{false};
  const SessionShared shared{*state, connections, bodies, stopping, tls.get()};
  auto listener = std::make_shared<Listener>(loops, std::move(*acceptor), shared);
  listener->start();
  const bool v6 = options.host.find(':') != std::string::npos;
  std::cout << fmt::format("listening on {}://{}{}{}:{}", tls ? "https" : "http", v6 ? "[" : "", options.host,
                           v6 ? "]" : "", port)
            << std::endl;
  // Loading runs beside the event loop: /healthz answers at once, /readyz once loaded.
  std::thread loader;
  if (!options.strict_start) loader = std::thread([&state] { state->reload("start"); });
  {
    auto on_reload = [&state] {
      state->reload("SIGHUP");
      if (auto* log = state->decision_log()) log->reopen();
      if (auto* log = state->access_log()) log->reopen();
    };
    auto on_stop = [&](int sig) {
      log_message(LogLevel::Info, fmt::format("jaring serve: {}: stopping; finishing requests in flight\n",
                                              sig == SIGINT ? "SIGINT" : "SIGTERM"));
      stopping = true;
      listener->stop();
      connections.close_idle();
      // The loops end once their connections have.
      for (auto& guard : keep_running) net::post(guard.get_executor(), [&guard] { guard.reset(); });
    };
    SignalThread signals(on_reload, on_stop);
    // Each loop asks for its slice on its own thread; a refusal is said once and changes
    // nothing else.
    std::once_flag refused;
    auto ask_slice = [&options, &refused] {
      if (const std::string why = set_latency_slice(options.latency_slice_us); !why.empty())
        std::call_once(refused, [&] {
          log_message(LogLevel::Warn,
                      fmt::format("jaring serve: --latency-slice {}: the system refused ({}); the event loops keep "
                                  "its slice\n",
                                  options.latency_slice_us, why));
        });
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i)
      pool.emplace_back([&loops, &ask_slice, i] {
        ask_slice();
        loops[i]->run();
      });
    ask_slice();
    ioc.run();  // returns once the listener is closed and every connection has ended
    for (auto& t : pool) t.join();
  }
  if (loader.joinable()) loader.join();
  log_message(LogLevel::Info, "jaring serve: stopped\n");
  return 0;
}

}  // namespace jaring::server
