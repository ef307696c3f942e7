// libmicrohttpd 0.9.75: MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, thread pool of 2,
// 10 s connection timeout, body accumulated from upload_data chunks (limit 64 KiB), keep-alive (MHD default).
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include "common.hpp"

namespace {
struct Req {
  std::string body;
  bool too_big = false;
};
MHD_Response* g_ok;
MHD_Response* g_404;
MHD_Response* g_413;
const std::string kReply = make_reply_body();

MHD_Result on_request(void*, MHD_Connection* c, const char* url, const char* method, const char*,
                      const char* upload_data, size_t* upload_data_size, void** con_cls) {
  if (*con_cls == nullptr) {  // first call: headers only
    if (std::strcmp(method, MHD_HTTP_METHOD_POST) != 0 || std::strcmp(url, "/decide") != 0)
      return MHD_queue_response(c, MHD_HTTP_NOT_FOUND, g_404);
    *con_cls = new Req;
    return MHD_YES;
  }
  auto* r = static_cast<Req*>(*con_cls);
  if (*upload_data_size != 0) {  // body chunk
    if (r->body.size() + *upload_data_size > kMaxBody) r->too_big = true;
    else r->body.append(upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (r->too_big) return MHD_queue_response(c, MHD_HTTP_CONTENT_TOO_LARGE, g_413);
  return MHD_queue_response(c, MHD_HTTP_OK, g_ok);  // whole body read
}

void on_completed(void*, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
  delete static_cast<Req*>(*con_cls);
  *con_cls = nullptr;
}
}  // namespace

int main(int argc, char** argv) {
  const unsigned short port = port_arg(argc, argv, 8082);
  g_ok = MHD_create_response_from_buffer(kReply.size(), const_cast<char*>(kReply.data()), MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(g_ok, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  g_404 = MHD_create_response_from_buffer(0, const_cast<char*>(""), MHD_RESPMEM_PERSISTENT);
  g_413 = MHD_create_response_from_buffer(0, const_cast<char*>(""), MHD_RESPMEM_PERSISTENT);

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  MHD_Daemon* d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, port, nullptr, nullptr, &on_request, nullptr,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_THREAD_POOL_SIZE, 2u,
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(kIdleSeconds),
      // default limit is FD_SETSIZE-4 (~1020), which would refuse the 2000 idle connections
      MHD_OPTION_CONNECTION_LIMIT, 16000u, MHD_OPTION_NOTIFY_COMPLETED, &on_completed, nullptr, MHD_OPTION_END);
  if (!d) {
    std::fprintf(stderr, "MHD_start_daemon failed\n");
    return 1;
  }

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig;
  sigwait(&set, &sig);
  MHD_stop_daemon(d);
  MHD_destroy_response(g_ok);
  MHD_destroy_response(g_404);
  MHD_destroy_response(g_413);
}
