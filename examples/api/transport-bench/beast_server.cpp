// Boost.Beast/Asio 1.81: io_context on 2 threads, one session per connection, async reads,
// keep-alive, 10 s idle timeout (tcp_stream::expires_after before every read), body limit 64 KiB.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <thread>
#include <vector>
#include "common.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

static const std::string kReply = make_reply_body();

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket s) : stream_(std::move(s)) {}
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxBody);
    stream_.expires_after(std::chrono::seconds(kIdleSeconds));  // idle / slow-request timeout
    http::async_read(stream_, buf_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      res_ = {};
      res_.result(http::status::payload_too_large);
      res_.version(11);
      res_.keep_alive(false);
      res_.prepare_payload();
      return do_write();
    }
    if (ec) {  // timeout, EOF, parse error: close
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    auto& req = parser_->get();
    res_ = {};
    res_.version(req.version());
    res_.keep_alive(req.keep_alive());
    if (req.method() == http::verb::post && req.target() == "/decide") {
      // the body has been read into req.body() (a std::string, <= 64 KiB)
      res_.result(http::status::ok);
      res_.set(http::field::content_type, "application/json");
      res_.body() = kReply;
    } else {
      res_.result(http::status::not_found);
    }
    res_.prepare_payload();
    do_write();
  }

  void do_write() {
    stream_.expires_after(std::chrono::seconds(kIdleSeconds));
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (!self->res_.keep_alive()) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->do_read();
    });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint ep) : ioc_(ioc), acc_(ioc) {
    acc_.open(ep.protocol());
    acc_.set_option(net::socket_base::reuse_address(true));
    acc_.bind(ep);
    acc_.listen(net::socket_base::max_listen_connections);
  }
  void run() { do_accept(); }

 private:
  void do_accept() {
    acc_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) std::make_shared<Session>(std::move(s))->start();
      self->do_accept();
    });
  }
  net::io_context& ioc_;
  tcp::acceptor acc_;
};

int main(int argc, char** argv) {
  const unsigned short port = port_arg(argc, argv, 8081);
  const int threads = 2;
  net::io_context ioc{threads};
  std::make_shared<Listener>(ioc, tcp::endpoint{net::ip::make_address("127.0.0.1"), port})->run();
  net::signal_set sigs(ioc, SIGINT, SIGTERM);
  sigs.async_wait([&](beast::error_code, int) { ioc.stop(); });
  std::vector<std::thread> v;
  for (int i = 1; i < threads; ++i) v.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : v) t.join();
}
