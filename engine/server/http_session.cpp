#include "engine/server/http_session.hpp"

#include <fmt/format.h>
#include <malloc.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>

#include "engine/server/decide_request.hpp"
#include "engine/server/jobs.hpp"
#include "engine/server/response_head.hpp"
#include "engine/server/routes.hpp"
#include "engine/server/server_log.hpp"

namespace jaring::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

bool ConnectionRegistry::admit(const std::string& client) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) return false;
  auto& n = per_client_[client];
  if (max_per_client_ > 0 && n >= max_per_client_) {
    if (n == 0) per_client_.erase(client);
    return false;
  }
  ++n;
  ++total_;
  return true;
}

void ConnectionRegistry::release(const std::string& client) {
  std::lock_guard lock(mutex_);
  --total_;
  const auto it = per_client_.find(client);
  if (it != per_client_.end() && --it->second == 0) per_client_.erase(it);
}

ConnectionRegistry::Handle ConnectionRegistry::add(const std::shared_ptr<SessionBase>& session) {
  std::lock_guard lock(mutex_);
  return sessions_.insert(sessions_.end(), session);
}

void ConnectionRegistry::remove(Handle h) {
  std::lock_guard lock(mutex_);
  sessions_.erase(h);
}

void ConnectionRegistry::close_idle() {
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : sessions_)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (const auto& s : live) s->close_if_idle();
}

std::size_t ConnectionRegistry::open() const {
  std::lock_guard lock(mutex_);
  return total_;
}

bool BodyBudget::reserve(std::size_t n) {
  std::size_t used = used_.load();
  do {
    if (used + n > max_) return false;
  } while (!used_.compare_exchange_weak(used, used + n));
  return true;
}

std::string over_capacity_response() {
  Problem p = problem_for_status(503);
  p.slug = "too-many-connections";
  p.title = "Too many connections";
  p.detail = "the server has as many open connections as it accepts (from this client or in all); retry later";
  const std::string body = problem_json(p);
  return fmt::format(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: {}\r\nRetry-After: 1\r\nConnection: close\r\n"
      "Content-Length: {}\r\n\r\n{}",
      problem_content_type, body.size(), body);
}

namespace {

std::string method_label(const std::string& m) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (m == known) return m;
  return "other";
}

bool peer_went_away(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == http::error::partial_message;
}

// A request or response body this large is worth giving back to the system once freed (a
// batch of 1.000 decisions is about 1,4 MB and is not).
constexpr std::size_t large_buffer = std::size_t{8} << 20;

// After large requests, the heap's free memory goes back to the system (at most every 5 s:
// trimming walks the whole heap and costs the next requests fresh pages).
void give_back_memory() {
  static std::atomic<std::int64_t> last_ms{0};
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
  std::int64_t last = last_ms.load();
  if (now - last < 5000 || !last_ms.compare_exchange_strong(last, now)) return;
  malloc_trim(0);
}

// The common name of a verified client certificate, else empty.
std::string peer_common_name(SSL* ssl) {
  X509* cert = SSL_get_peer_certificate(ssl);
  if (!cert) return {};
  std::string name;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    char buffer[256] = {};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buffer, sizeof buffer) > 0)
      name = buffer;
  }
  X509_free(cert);
  return name;
}

// A connection over plain TCP (`Tls` false) or TLS.
template <bool Tls>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Tls>> {
  using Stream = std::conditional_t<Tls, beast::ssl_stream<tcp::socket>, tcp::socket>;
  using std::enable_shared_from_this<Session<Tls>>::shared_from_this;

  static Stream make_stream(tcp::socket&& socket, net::ssl::context* tls) {
    if constexpr (Tls) return Stream(std::move(socket), *tls);
    else return std::move(socket);
  }

 public:
  Session(tcp::socket&& socket, std::string client, SessionShared shared)
      : stream_(make_stream(std::move(socket), shared.tls)),
        timer_(stream_.get_executor()),
        client_(std::move(client)),
        shared_(shared),
        opts_(shared.state.options()),
        buffer_(opts_.max_header + 65536) {
    shared_.state.metrics().connection_opened();
  }

  ~Session() override {
    shared_.state.metrics().connection_closed();
    release_body();
    if (registered_) shared_.connections.remove(handle_);
    shared_.connections.release(client_);
  }

  void start() {
    handle_ = shared_.connections.add(shared_from_this());
    registered_ = true;
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (Tls) self->handshake();
      else self->read_head();
    });
  }

  void close_if_idle() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ == Phase::Idle || self->phase_ == Phase::Head) self->close();
    });
  }

 private:
  enum class Phase { Idle, Head, Body, Handling, Writing, Closing };

  // ---- deadlines: a timer that cancels the socket's pending operation (the handler then
  // answers 408, or closes). A request arms and disarms a deadline four or five times; they
  // only move `deadline_`, and the timer is set again only when it would fire too late (or
  // it fires early, and waits on to the deadline). Re-arming it each time cost an update of
  // the reactor's timer queue under its lock, a cancelled wait's handler, and every fifth
  // request a timerfd_settime. The timer holds the connection weakly: the pending socket
  // operation it would cancel is what keeps the connection alive. ---------------------------
  void arm(Clock::duration d) {
    timed_out_ = false;
    deadline_ = Clock::now() + d;
    if (!timer_waiting_ || timer_.expiry() > deadline_) wait_for_deadline();
  }
  void disarm() { deadline_ = Clock::time_point::max(); }
  void stop_timer() {
    disarm();
    if (!timer_waiting_) return;
    timer_waiting_ = false;
    ++timer_generation_;
    timer_.cancel();
  }
  void wait_for_deadline() {
    const std::uint64_t generation = ++timer_generation_;
    timer_waiting_ = true;
    timer_.expires_at(deadline_);  // a wait pending is cancelled: its generation is old
    timer_.async_wait([weak = this->weak_from_this(), generation](beast::error_code ec) {
      const auto self = weak.lock();
      if (!self || generation != self->timer_generation_) return;
      self->timer_waiting_ = false;
      if (ec || self->deadline_ == Clock::time_point::max()) return;         // stopped, or nothing to time
      if (Clock::now() < self->deadline_) return self->wait_for_deadline();  // moved later
      self->timed_out_ = true;
      beast::error_code ignored;
      self->socket().cancel(ignored);
    });
  }

  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  // ---- TLS: the handshake within `timeout`; with --tls-client-ca the client's certificate
  // is verified by OpenSSL, and its subject's common name names the client in the access log.
  void handshake() {
    phase_ = Phase::Head;
    arm(std::chrono::seconds(opts_.timeout_seconds));
    if constexpr (Tls)
      stream_.async_handshake(net::ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
        self->disarm();
        if (ec) {
          log_message(LogLevel::Debug,
                      fmt::format("jaring serve: TLS handshake with {} failed: {}\n", self->client_, ec.message()));
          return self->close();
        }
        self->certificate_name_ = peer_common_name(self->stream_.native_handle());
        self->read_head();
      });
  }

  // ---- the request head: read here, not by Beast, so that its size and time are ours to
  // limit and a request line too long can be told from headers too large ------------------
  void read_head() {
    if (shared_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(opts_.max_header + 4));
    parser_->body_limit(boost::none);
    counter_ = BatchCounter{};
    fed_ = 0;
    scanned_ = 0;
    method_.clear();
    target_.clear();
    path_.clear();
    params_.clear();
    request_id_.clear();
    client_request_id_.clear();
    trace_id_.clear();
    traceparent_.clear();
    if (buffer_.size() > 0) {
      phase_ = Phase::Head;
      head_deadline_ = Clock::now() + std::chrono::seconds(opts_.timeout_seconds);
      arm(std::chrono::seconds(opts_.timeout_seconds));
      return on_head_bytes({}, 0);
    }
    phase_ = Phase::Idle;
    arm(std::chrono::seconds(requests_ == 0 ? opts_.timeout_seconds : opts_.keep_alive_seconds));
    read_more_head();
  }

  void read_more_head() {
    stream_.async_read_some(buffer_.prepare(16384),
                            beast::bind_front_handler(&Session::on_head_bytes, shared_from_this()));
  }

  void on_head_bytes(beast::error_code ec, std::size_t n) {
    if (ec) {
      disarm();
      return head_failed(ec);
    }
    buffer_.commit(n);
    if (phase_ == Phase::Idle) {
      // The first byte: from now on all of the head has `timeout` seconds.
      phase_ = Phase::Head;
      head_deadline_ = Clock::now() + std::chrono::seconds(opts_.timeout_seconds);
      arm(head_deadline_ - Clock::now());
    }
    const auto data = buffer_.cdata();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    const std::size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
    std::size_t end = text.find("\r\n\r\n", from);
    if (end != std::string_view::npos) end += 4;
    else if (const auto lf = text.find("\n\n", from); lf != std::string_view::npos) end = lf + 2;
    scanned_ = text.size();
    if (end == std::string_view::npos && text.size() <= opts_.max_header) return read_more_head();
    disarm();
    if (end == std::string_view::npos || end > opts_.max_header + 4) {
      const auto nl = text.find('\n');
      if (nl == std::string_view::npos || nl > opts_.max_uri + 16)
        return reply_problem(414, fmt::format("the request line is longer than {} bytes", opts_.max_uri));
      return reply_problem(
          431, fmt::format("the request line and headers are longer than {} bytes together", opts_.max_header));
    }
    beast::error_code parse_ec;
    const std::size_t used = parser_->put(net::buffer(data.data(), end), parse_ec);
    buffer_.consume(used);
    if (!parse_ec && !parser_->is_header_done()) parse_ec = http::error::need_more;
    if (parse_ec) return head_failed(parse_ec);
    head_done();
  }

  void head_failed(const beast::error_code& ec) {
    const bool idle = phase_ == Phase::Idle;
    if (ec == net::error::operation_aborted) {
      if (timed_out_ && !idle) return reply_problem(408, "the request line and headers did not arrive in time");
      return close();  // idle past its time, or closed on stop
    }
    if (ec == net::error::eof || ec == http::error::end_of_stream) {
      if (idle) return close();
      return reply_problem(400, "the connection ended inside the request head");
    }
    if (ec == net::error::connection_reset || ec == net::error::broken_pipe) return close();
    if (ec == http::error::bad_content_length || ec == http::error::multiple_content_length)
      return reply_problem(400, "the request has an invalid or conflicting Content-Length");
    if (ec == http::error::bad_transfer_encoding)
      return reply_problem(400, "the request's Transfer-Encoding is not supported (or comes with a Content-Length)");
    if (ec == http::error::header_limit)
      return reply_problem(
          431, fmt::format("the request line and headers are longer than {} bytes together", opts_.max_header));
    reply_problem(400, "the request could not be parsed as HTTP/1.1: " + ec.message());
  }

  void head_done() {
    const auto& req = parser_->get();
    head_time_ = Clock::now();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    split_target(target_, path_, params_);
    request_id_ = next_request_id();
    client_request_id_.clear();
    trace_id_.clear();
    traceparent_.clear();
    if (const auto it = req.find("X-Request-Id"); it != req.end() && valid_request_id(it->value()))
      client_request_id_ = std::string(it->value());
    if (const auto it = req.find("traceparent"); it != req.end()) {
      trace_id_ = trace_id_of(it->value());
      if (!trace_id_.empty()) traceparent_ = std::string(it->value());
    }
    if (target_.size() > opts_.max_uri)
      return reply_problem(414, fmt::format("the request target is longer than {} bytes", opts_.max_uri));
    // A population's body goes to a file of its job, not to memory.
    const bool population = is_population_request(method_, path_);
    const std::size_t limit = population ? opts_.max_population : opts_.max_body;
    const auto length = parser_->content_length();
    if (length && *length > limit)
      return reply_problem(413, fmt::format("the request body is {} bytes; at most {} are accepted", *length, limit));
    const auto expect = req.find(http::field::expect);
    const bool wants_continue = expect != req.end() && !parser_->is_done();
    if (wants_continue && !beast::iequals(expect->value(), "100-continue"))
      return reply_problem(417, "only `Expect: 100-continue` is supported");
    const unsigned version = req.version();
    snapshot_ = shared_.state.store().current();
    if (population) {
      if (!receive_into_job(limit)) return;
    } else {
      // Before any body octet is parsed (Beast counts a chunked body down from it).
      parser_->body_limit(opts_.max_body);
      counting_ = is_decisions_request(method_, path_);
      // A decision request is in flight from its head on: it runs on the policies served then.
      if (counting_) in_flight_ = std::make_unique<Metrics::InFlight>(shared_.state.metrics());
    }
    if (wants_continue) {
      continue_.emplace(http::status::continue_, version);
      phase_ = Phase::Writing;
      arm(std::chrono::seconds(opts_.timeout_seconds));
      return http::async_write(stream_, *continue_,
                               beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
    }
    read_body();
  }

  // Opens a job and points the body at its input file; false after answering (no job free,
  // or no file).
  bool receive_into_job(std::size_t limit) {
    try {
      job_ = shared_.state.jobs().open();
    } catch (const std::exception& e) {
      log_message(LogLevel::Error, fmt::format("jaring serve: {}\n", e.what()));
      reply_problem(500, "the server cannot store the population");
      return false;
    }
    if (!job_) {
      reply_busy("as many population jobs are waiting or running as the server accepts; retry later", 5);
      return false;
    }
    file_parser_.emplace(std::move(*parser_));
    file_parser_->body_limit(limit);
    beast::error_code ec;
    file_parser_->get().body().open(job_->input_path().c_str(), beast::file_mode::write, ec);
    if (ec) {
      log_message(LogLevel::Error,
                  fmt::format("jaring serve: cannot write `{}`: {}\n", job_->input_path().string(), ec.message()));
      reply_problem(500, "the server cannot store the population");
      return false;
    }
    return true;
  }

  void on_continue_written(beast::error_code ec, std::size_t) {
    disarm();
    if (ec) return close();
    read_body();
  }

  // ---- the body ---------------------------------------------------------------------------
  void read_body() {
    if (file_parser_ ? file_parser_->is_done() : parser_->is_done()) return handle();
    phase_ = Phase::Body;
    arm(std::chrono::seconds(opts_.timeout_seconds));
    if (file_parser_)
      return http::async_read_some(stream_, buffer_, *file_parser_,
                                   beast::bind_front_handler(&Session::on_body, shared_from_this()));
    http::async_read_some(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    disarm();
    if (ec == http::error::body_limit)
      return reply_problem(413, fmt::format("the request body is larger than {} bytes",
                                            file_parser_ ? opts_.max_population : opts_.max_body));
    if (ec == net::error::operation_aborted) {
      if (timed_out_) return reply_problem(408, "the request body did not arrive in time");
      return close();
    }
    if (ec && peer_went_away(ec)) return reply_problem(400, "the connection ended inside the request body");
    if (ec) return reply_problem(400, "the request body could not be read: " + ec.message());
    if (file_parser_) return read_body();  // on disk: not in the bodies' budget
    // The bodies' budget counts the bytes received, as they arrive.
    if (const std::size_t have = parser_->get().body().size(); have > reserved_) {
      if (!shared_.bodies.reserve(have - reserved_))
        return reply_busy("the server holds as many request bodies as it accepts at once; retry shortly", 1);
      reserved_ = have;
    }
    if (counting_) {
      const std::string& body = parser_->get().body();
      counter_.feed(std::string_view(body).substr(fed_));
      fed_ = body.size();
      if (counter_.elements() > opts_.max_batch) {
        Problem p{413,
                  "batch-too-large",
                  "Batch too large",
                  fmt::format("more than {} records in one request; at most {} are accepted", opts_.max_batch,
                              opts_.max_batch),
                  {},
                  nlohmann::json::object()};
        HttpResponse res = problem_response(p);
        res.close = true;
        return write(std::move(res), false);
      }
    }
    read_body();
  }

  // ---- handling and answering --------------------------------------------------------------
  void handle() {
    phase_ = Phase::Handling;
    HttpRequest req;
    bool keep = false;
    auto take_head = [&](auto& msg) {
      for (const auto& f : msg) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      keep = msg.keep_alive();
    };
    if (file_parser_) {
      auto& msg = file_parser_->get();
      take_head(msg);
      msg.body().close();
      req.job = std::move(job_);
      std::error_code size_ec;
      bytes_in_ = std::filesystem::file_size(req.job->input_path(), size_ec);
    } else {
      auto& msg = parser_->get();
      take_head(msg);
      req.body = std::move(msg.body());
      bytes_in_ = req.body.size();
    }
    req.method = method_;
    req.target = target_;
    req.path = path_;
    req.params = params_;
    req.client = client_;
    req.request_id = request_id_;
    req.snapshot = std::move(snapshot_);
    large_ = req.body.capacity() > large_buffer;
    HttpResponse res;
    try {
      res = handle_request(shared_.state, req);
    } catch (const std::exception& e) {
      log_message(LogLevel::Error,
                  fmt::format("jaring serve: internal error on {} {}: {}\n", method_, path_, e.what()));
      res = problem_response(problem_for_status(500));
    }
    req = HttpRequest{};
    release_body();
    write(std::move(res), keep);
  }

  // Answers a request that cannot be read on; the connection closes after the answer.
  void reply_problem(int status, const std::string& detail) {
    Problem p = problem_for_status(status);
    p.detail = detail;
    HttpResponse res = problem_response(p);
    res.close = true;
    write(std::move(res), false);
  }

  // 503 `busy` with Retry-After: a shared resource (bodies held, population jobs) is full.
  void reply_busy(const std::string& detail, int retry_seconds) {
    Problem p = problem_for_status(503);
    p.slug = "busy";
    p.title = "Busy";
    p.detail = detail;
    HttpResponse res = problem_response(p);
    res.set_header("Retry-After", std::to_string(retry_seconds));
    res.close = true;
    write(std::move(res), false);
  }

  void write(HttpResponse&& res, bool keep_alive) {
    if (head_time_ == Clock::time_point{}) head_time_ = Clock::now();
    if (request_id_.empty()) request_id_ = next_request_id();
    const bool head = method_ == "HEAD";
    keep_alive = keep_alive && !res.close && !shared_.stopping && requests_ + 1 < opts_.keep_alive_max;
    auto fill_head = [&](auto& out) {
      out.version(11);
      out.result(static_cast<unsigned>(res.status));
      if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
      for (auto& [name, value] : res.headers) out.set(name, value);
      out.set("X-Request-Id", client_request_id_.empty() ? request_id_ : client_request_id_);
      if (!traceparent_.empty()) out.set("traceparent", traceparent_);
      out.keep_alive(keep_alive);
      if (keep_alive) out.set(http::field::keep_alive, keep_alive_value_);
    };
    status_ = res.status;
    policy_ = std::move(res.policy_id);
    principal_ = std::move(res.principal);
    if (!res.file.empty()) return write_file(std::move(res), keep_alive, head, fill_head);
    // A string body: the head written as Beast writes it (response_head.hpp), and both sent
    // in one gather write.
    head_.clear();
    fill_head(head_);
    bytes_out_ = res.body.size();
    large_ = large_ || res.body.size() > large_buffer;
    head_text_.clear();
    head_.write(bytes_out_, head_text_);
    body_out_ = std::move(res.body);
    if (head && res.status != 204) body_out_.clear();  // HEAD: the length the body would have
    phase_ = Phase::Writing;
    arm(std::chrono::seconds(opts_.timeout_seconds));
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_text_), net::buffer(body_out_)};
    net::async_write(stream_, buffers, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  // A response whose body is a file (a job's decisions), sent as it is read.
  template <class FillHead>
  void write_file(HttpResponse&& res, bool keep_alive, bool head, FillHead& fill_head) {
    file_response_.emplace();
    auto& out = *file_response_;
    fill_head(out);
    beast::error_code ec;
    out.body().open(res.file.c_str(), beast::file_mode::scan, ec);
    if (ec) {
      file_response_.reset();
      log_message(LogLevel::Error, fmt::format("jaring serve: cannot read `{}`: {}\n", res.file, ec.message()));
      HttpResponse failed = problem_response(problem_for_status(500));
      failed.close = true;
      return write(std::move(failed), false);
    }
    hold_ = std::move(res.hold);
    bytes_out_ = out.body().size();
    out.prepare_payload();
    phase_ = Phase::Writing;
    arm(std::chrono::seconds(opts_.timeout_seconds));
    if (head) {
      // HEAD: the head alone, with the length the body would have.
      file_head_.emplace(std::move(out.base()));
      file_response_.reset();
      return http::async_write(stream_, *file_head_,
                               beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
    }
    http::async_write(stream_, out, beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    disarm();
    finish_request();
    if (ec) return close();
    ++requests_;
    if (!keep_alive) return linger();
    read_head();
  }

  // The access log and the metrics of the request just answered; its memory given back.
  void finish_request() {
    const double seconds = std::chrono::duration<double>(Clock::now() - head_time_).count();
    const std::string route = route_of(method_, path_);
    shared_.state.metrics().observe_request(route, method_label(method_), status_, seconds);
    if (AccessLog* log = shared_.state.access_log()) {
      AccessEntry e;
      e.request_id = request_id_;
      e.client_request_id = client_request_id_;
      e.trace_id = trace_id_;
      e.method = method_label(method_);
      e.route = route;
      e.status = status_;
      e.bytes_in = bytes_in_;
      e.bytes_out = bytes_out_;
      e.seconds = seconds;
      e.policy = policy_;
      e.client = client_;
      e.principal = principal_.empty() && !certificate_name_.empty() ? "cert:" + certificate_name_ : principal_;
      log->write(e);
    }
    body_out_ = std::string();
    file_response_.reset();
    file_head_.reset();
    hold_.reset();
    parser_.reset();
    file_parser_.reset();
    job_.reset();
    snapshot_.reset();
    in_flight_.reset();
    release_body();
    head_time_ = {};
    bytes_in_ = bytes_out_ = 0;
    policy_.clear();
    principal_.clear();
    if (large_) {
      large_ = false;
      give_back_memory();
    }
  }

  void release_body() {
    if (reserved_ == 0) return;
    shared_.bodies.release(reserved_);
    reserved_ = 0;
  }

  // After a response that closes the connection: stop sending, then read and drop what the
  // client still sends for a moment, so that our answer is not lost to a reset.
  void linger() {
    if constexpr (Tls) return close();  // TLS records cannot be drained without reading them
    phase_ = Phase::Closing;
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
    arm(std::chrono::seconds(2));
    drain();
  }

  void drain() {
    buffer_.clear();
    socket().async_read_some(buffer_.prepare(65536), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > (std::size_t{64} << 20)) {
        self->disarm();
        return self->close();
      }
      self->drain();
    });
  }

  void close() {
    phase_ = Phase::Closing;
    stop_timer();
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  Stream stream_;
  net::steady_timer timer_;
  std::uint64_t timer_generation_ = 0;
  bool timer_waiting_ = false;
  Clock::time_point deadline_ = Clock::time_point::max();  // of the operation pending, if any
  bool timed_out_ = false;
  std::string client_;
  SessionShared shared_;
  const ServerOptions& opts_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  ResponseHead head_;      // a string body's response: its head,
  std::string head_text_;  // ... written,
  std::string body_out_;   // ... and its body
  std::string keep_alive_value_ = fmt::format("timeout={}", opts_.keep_alive_seconds);
  std::optional<http::request_parser<http::file_body>> file_parser_;  // a population's body
  std::shared_ptr<Job> job_;                                          // ... and its job
  std::optional<http::response<http::file_body>> file_response_;
  std::optional<http::response<http::empty_body>> file_head_;
  std::shared_ptr<const void> hold_;  // what a file response needs alive (its job)
  ConnectionRegistry::Handle handle_;
  bool registered_ = false;
  Phase phase_ = Phase::Idle;
  std::size_t requests_ = 0;
  std::size_t reserved_ = 0;
  std::size_t drained_ = 0;
  bool counting_ = false;
  BatchCounter counter_;
  std::size_t fed_ = 0;
  bool large_ = false;
  std::size_t scanned_ = 0;  // bytes of the buffer searched for the end of the head
  Clock::time_point head_deadline_{};
  // The request being answered.
  Clock::time_point head_time_{};
  std::string method_;
  std::string target_;
  std::string path_;
  std::multimap<std::string, std::string> params_;
  std::string request_id_;
  std::string client_request_id_;
  std::string trace_id_;
  std::string traceparent_;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
  int status_ = 0;
  std::string policy_;
  std::string principal_;
  std::string certificate_name_;  // the client certificate's common name (mutual TLS)
  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<Metrics::InFlight> in_flight_;
};

}  // namespace

void start_session(tcp::socket socket, std::string client, SessionShared shared) {
  if (shared.tls) std::make_shared<Session<true>>(std::move(socket), std::move(client), shared)->start();
  else std::make_shared<Session<false>>(std::move(socket), std::move(client), shared)->start();
}

}  // namespace jaring::server
