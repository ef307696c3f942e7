#include "engine/server/http_connection.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace jaring::server {

namespace {

using Clock = std::chrono::steady_clock;

// The stream of the connection this worker thread is serving (for the error handler).
thread_local LimitedStream* current_stream = nullptr;

// 1 readable/writable, 0 timeout, -1 error.
int wait_for(int sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, std::max(timeout_ms, 0));
  } while (r < 0 && errno == EINTR);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), sizeof addr, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

// After an error response on a connection whose client may still be sending (a body over
// the limit), reads and drops what comes for a while before closing: closing with unread
// data would reset the connection, and the client might lose the response.
void lingering_close(int sock) {
  ::shutdown(sock, SHUT_WR);
  const auto until = Clock::now() + std::chrono::seconds(2);
  std::size_t dropped = 0;
  char sink[16 * 1024];
  while (dropped < (64u << 20) && Clock::now() < until && wait_for(sock, POLLIN, 200) > 0) {
    const ssize_t n = ::recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
    dropped += static_cast<std::size_t>(n);
  }
}

}  // namespace

HeaderCutoff current_header_cutoff() { return current_stream ? current_stream->cutoff() : HeaderCutoff::None; }

void close_after_response() {
  if (current_stream) current_stream->close_after_response();
}

bool current_body_timed_out() { return current_stream && current_stream->body_timed_out(); }

LimitedStream::LimitedStream(int sock, const ConnectionLimits& limits) : sock_(sock), limits_(limits) {
  current_stream = this;
}

LimitedStream::~LimitedStream() { current_stream = nullptr; }

bool LimitedStream::wait_for_request(const std::atomic<int>& server_socket) {
  if (begin_ < end_) return true;
  const auto idle_until = Clock::now() + std::chrono::seconds(limits_.keep_alive_seconds);
  constexpr int slice_ms = 50;
  for (bool first = true;; first = false) {
    const int r = wait_for(sock_, POLLIN, first ? 0 : slice_ms);
    if (r != 0) return r > 0;                           // data, or the peer closed (read says so)
    if (server_socket == INVALID_SOCKET) return false;  // stopping: idle connections close now
    if (Clock::now() >= idle_until) return false;
  }
}

void LimitedStream::begin_request() {
  in_headers_ = true;
  header_bytes_ = 0;
  line_state_ = 0;
  header_deadline_ = Clock::now() + std::chrono::seconds(limits_.header_timeout_seconds);
  cutoff_ = HeaderCutoff::None;
  close_after_ = false;
  body_timed_out_ = false;
}

bool LimitedStream::is_readable() const {
  if (begin_ < end_) return true;
  int timeout_ms = limits_.read_timeout_seconds * 1000;
  if (in_headers_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(header_deadline_ - Clock::now()).count();
    timeout_ms = static_cast<int>(std::min<long long>(timeout_ms, std::max<long long>(left, 0)));
  }
  return wait_for(sock_, POLLIN, timeout_ms) > 0;
}

bool LimitedStream::is_writable() const { return wait_for(sock_, POLLOUT, limits_.write_timeout_seconds * 1000) > 0; }

// Header bytes are counted as they are handed to the parser (which reads them one by one),
// up to the blank line that ends them.
void LimitedStream::scan(const char* data, std::size_t n) {
  for (std::size_t i = 0; i < n && in_headers_; ++i) {
    ++header_bytes_;
    const char c = data[i];
    if (c == '\r') line_state_ = line_state_ == 2 ? 3 : 1;
    else if (c == '\n' && (line_state_ == 1 || line_state_ == 3)) line_state_ = line_state_ == 1 ? 2 : 4;
    else line_state_ = 0;
    if (line_state_ == 4) in_headers_ = false;
  }
}

ssize_t LimitedStream::read(char* ptr, std::size_t size) {
  if (in_headers_) {
    if (Clock::now() >= header_deadline_) {
      cutoff_ = HeaderCutoff::TooSlow;
      return -1;
    }
    if (header_bytes_ >= limits_.max_header_bytes) {
      cutoff_ = HeaderCutoff::TooLarge;
      return -1;
    }
    size = std::min(size, limits_.max_header_bytes - header_bytes_);
  }
  if (begin_ == end_) {
    if (!is_readable()) {
      // The wait ended: the headers' deadline or the read timeout passed (or the socket failed).
      if (in_headers_) cutoff_ = HeaderCutoff::TooSlow;
      else body_timed_out_ = true;
      return -1;
    }
    // A large read goes straight to the caller; a small one fills the buffer.
    const bool direct = !in_headers_ && size >= sizeof buffer_;
    ssize_t n;
    do {
      n = ::recv(sock_, direct ? ptr : buffer_, direct ? size : sizeof buffer_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0 || direct) return n;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
  }
  const std::size_t n = std::min(size, end_ - begin_);
  std::memcpy(ptr, buffer_ + begin_, n);
  begin_ += n;
  scan(ptr, n);
  return static_cast<ssize_t>(n);
}

ssize_t LimitedStream::write(const char* ptr, std::size_t size) {
  if (!is_writable()) return -1;
  ssize_t n;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void LimitedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

void LimitedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip, port);
}

bool HttpServer::process_and_close_socket(int sock) {
  bool ret = false;
  bool linger = false;
  {
    LimitedStream strm(sock, limits_);
    for (std::size_t left = limits_.keep_alive_max; left > 0; --left) {
      if (!strm.wait_for_request(svr_sock_)) break;
      strm.begin_request();
      const bool last = left == 1 || svr_sock_ == INVALID_SOCKET;
      bool closed = false;
      ret = process_request(strm, last, closed, nullptr);
      linger = strm.closing() || strm.cutoff() != HeaderCutoff::None;
      if (!ret || closed || last || linger || svr_sock_ == INVALID_SOCKET) break;
    }
  }
  if (linger) lingering_close(sock);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace jaring::server
