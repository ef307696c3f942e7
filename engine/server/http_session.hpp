// One HTTP/1.1 connection on Boost.Beast, event-driven: no thread waits on a connection, so idle
// or slow clients cost a little memory and nothing else. Limits, each answered with a problem
// document and the connection closed:
//   - the request line and headers together at most `max_header` bytes (414 when the request
//     line alone does not fit, else 431) and received within `timeout` of their first byte (408);
//   - the target at most `max_uri` bytes (414);
//   - a Content-Length over `max_body` refused before any of the body is read (413), a chunked
//     body stopped at `max_body` (413), each wait for body bytes at most `timeout` (408);
//   - a batch of records counted while its body arrives, refused at `max_batch + 1` (413);
//   - all connections' bodies together at most `max_bodies_in_flight` (503, Retry-After);
//   - malformed HTTP, conflicting Content-Length, Content-Length with chunked (400).
// An idle keep-alive connection closes after `keep_alive` seconds, or at once when the server
// stops; a request in flight finishes and its response says `Connection: close`.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/server/server_state.hpp"

namespace jaring::server {

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection if it is waiting for a request or reading one's head (posted to the
  // session's executor).
  virtual void close_if_idle() = 0;
};

// Open connections, per client and in all; the sessions, to close idle ones on stop.
class ConnectionRegistry {
 public:
  ConnectionRegistry(std::size_t max_total, std::size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Counts a new connection from `client`; false (nothing counted) when a limit is reached.
  bool admit(const std::string& client);
  void release(const std::string& client);

  using Handle = std::list<std::weak_ptr<SessionBase>>::iterator;
  Handle add(const std::shared_ptr<SessionBase>& session);
  void remove(Handle h);
  // Asks every session to close if idle.
  void close_idle();

  std::size_t open() const;

 private:
  std::size_t max_total_;
  std::size_t max_per_client_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_client_;
  std::list<std::weak_ptr<SessionBase>> sessions_;
};

// The bytes of request bodies being received or handled, over all connections.
class BodyBudget {
 public:
  explicit BodyBudget(std::size_t max) : max_(max) {}
  bool reserve(std::size_t n);
  void release(std::size_t n) { used_ -= n; }

 private:
  std::size_t max_;
  std::atomic<std::size_t> used_{0};
};

struct SessionShared {
  ServerState& state;
  ConnectionRegistry& connections;
  BodyBudget& bodies;
  std::atomic<bool>& stopping;
  boost::asio::ssl::context* tls = nullptr;  // set: every connection speaks TLS
};

// Starts serving an accepted connection (already counted in `connections` for `client`).
void start_session(boost::asio::ip::tcp::socket socket, std::string client, SessionShared shared);

// The answer to a connection over a limit (written before it is closed).
std::string over_capacity_response();

}  // namespace jaring::server
