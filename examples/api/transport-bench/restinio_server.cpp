// RESTinio 0.6.16 (standalone asio 1.22): its own thread pool of 2, keep-alive (default),
// read_next_http_message_timelimit 10 s (idle timeout), max_body_size 64 KiB. RESTinio reads the whole
// body into req->body() before calling the handler.
#include <restinio/all.hpp>
#include "common.hpp"

int main(int argc, char** argv) {
  const unsigned short port = port_arg(argc, argv, 8083);
  static const std::string kReply = make_reply_body();
  using traits_t =
      restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;  // asio strand per connection
  restinio::run(restinio::on_thread_pool<traits_t>(2)
                    .port(port)
                    .address("127.0.0.1")
                    .read_next_http_message_timelimit(std::chrono::seconds(kIdleSeconds))
                    .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(kMaxBody))
                    .max_pipelined_requests(1)
                    .request_handler([](auto req) {
                      if (req->header().method() == restinio::http_method_post() &&
                          req->header().request_target() == "/decide") {
                        (void)req->body().size();  // body already read (<= 64 KiB)
                        return req->create_response()
                            .append_header(restinio::http_field::content_type, "application/json")
                            .set_body(restinio::const_buffer(kReply.data(), kReply.size()))
                            .done();
                      }
                      return restinio::request_rejected();
                    }));
}
