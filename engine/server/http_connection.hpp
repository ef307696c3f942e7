// Connections with limits cpp-httplib 0.11 does not have: the request line and headers
// together at most `max_header_bytes` (httplib only limits each line), and read within
// `header_timeout_seconds` of their first byte (a slow client cannot hold a worker by
// trickling headers). Also: on stop, idle keep-alive connections close at once instead of
// waiting for their keep-alive timeout, and the last response says `Connection: close`.
// HttpServer overrides httplib's per-connection loop and uses LimitedStream for the socket.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace jaring::server {

struct ConnectionLimits {
  std::size_t max_header_bytes = std::size_t{64} * 1024;
  int read_timeout_seconds = 10;      // each wait for data
  int write_timeout_seconds = 10;     // each wait to send
  int header_timeout_seconds = 10;    // all of the request line and headers
  int keep_alive_seconds = 5;         // idle between requests
  std::size_t keep_alive_max = 1000;  // requests per connection
};

// Why the headers of the request being read on this thread were cut off, if they were.
enum class HeaderCutoff { None, TooLarge, TooSlow };
HeaderCutoff current_header_cutoff();
// Closes the connection this thread serves once the current response is written (after a
// request that could not be parsed, what follows on the connection cannot be trusted).
void close_after_response();
// Whether reading the current request's body on this thread timed out.
bool current_body_timed_out();

class LimitedStream : public httplib::Stream {
 public:
  LimitedStream(int sock, const ConnectionLimits& limits);
  ~LimitedStream() override;

  // Waits until the next request's first byte (true) or the keep-alive time is over, the
  // peer closed, or `stopping` turned true (false).
  bool wait_for_request(const std::atomic<int>& server_socket);
  // Starts counting a new request's header bytes and time.
  void begin_request();
  HeaderCutoff cutoff() const { return cutoff_; }
  void close_after_response() { close_after_ = true; }
  bool closing() const { return close_after_; }
  bool body_timed_out() const { return body_timed_out_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  void scan(const char* data, std::size_t n);  // header accounting of bytes handed out

  int sock_;
  ConnectionLimits limits_;
  char buffer_[16 * 1024];
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool in_headers_ = true;
  std::size_t header_bytes_ = 0;
  int line_state_ = 0;  // progress through "\r\n\r\n" (or "\n\n")
  std::chrono::steady_clock::time_point header_deadline_;
  HeaderCutoff cutoff_ = HeaderCutoff::None;
  bool close_after_ = false;
  bool body_timed_out_ = false;
};

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(ConnectionLimits limits) : limits_(limits) {}

  // Between stop() and the end of listen: requests in flight are finishing.
  bool stopping() const { return svr_sock_ == INVALID_SOCKET && is_running(); }

 private:
  bool process_and_close_socket(int sock) override;

  ConnectionLimits limits_;
};

}  // namespace jaring::server
