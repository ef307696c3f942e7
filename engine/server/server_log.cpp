#include "engine/server/server_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "engine/base/json_text.hpp"
#include "engine/server/decision_log.hpp"
#include "engine/server/mask.hpp"

namespace jaring::server {

namespace {

std::atomic<int> current_level{static_cast<int>(LogLevel::Info)};
std::mutex stderr_mutex;

// Writes all of `text`; the errno of a failure, else 0.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : EIO;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

bool all_of(std::string_view s, bool (*ok)(char)) {
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}

bool lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "error") return LogLevel::Error;
  if (text == "warn") return LogLevel::Warn;
  if (text == "info") return LogLevel::Info;
  if (text == "debug") return LogLevel::Debug;
  return std::nullopt;
}

void set_log_level(LogLevel level) { current_level = static_cast<int>(level); }

bool log_enabled(LogLevel level) { return static_cast<int>(level) <= current_level.load(); }

void log_message(LogLevel level, std::string_view message) {
  if (!log_enabled(level)) return;
  std::lock_guard lock(stderr_mutex);
  write_all(STDERR_FILENO, message);
}

AccessLog::AccessLog(const std::string& path) : path_(path) {
  if (path == "-") {
    fd_ = STDERR_FILENO;
    return;
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd_ < 0) throw std::runtime_error("cannot open the access log `" + path + "`: " + std::strerror(errno));
  owned_ = true;
}

AccessLog::~AccessLog() {
  if (owned_) ::close(fd_);
}

void AccessLog::reopen() {
  if (!owned_) return;
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) {
    log_message(LogLevel::Warn, "jaring serve: cannot reopen the access log `" + path_ + "`: " + std::strerror(errno) +
                                    "; writing on to the old file\n");
    return;
  }
  std::lock_guard lock(mutex_);
  ::close(fd_);
  fd_ = fd;
}

void AccessLog::write(const AccessEntry& e) {
  std::string line = access_json(e);
  line += '\n';
  std::lock_guard lock(mutex_);
  if (fd_ == STDERR_FILENO) {
    std::lock_guard err(stderr_mutex);
    write_all(fd_, line);  // stderr failing: nowhere to say so
    return;
  }
  // A failing access log is said once on stderr, and again when it recovers; the requests
  // themselves are answered all the same.
  const int err = write_all(fd_, line);
  if (err != 0) ++lines_lost_;
  if ((err != 0) != failing_)
    log_message(
        LogLevel::Warn,
        err != 0
            ? fmt::format("jaring serve: cannot write the access log `{}`: {}; lines are lost until it can\n", path_,
                          std::strerror(err))
            : fmt::format("jaring serve: writing the access log `{}` again; {} lines were lost\n", path_, lines_lost_));
  failing_ = err != 0;
}

std::string access_json(const AccessEntry& e) {
  std::string out = "{\"time\":";
  append_json_string(out, utc_iso8601(std::chrono::system_clock::now()));
  out += ",\"request_id\":";
  append_json_string(out, e.request_id);
  if (!e.client_request_id.empty()) {
    out += ",\"client_request_id\":";
    append_json_string(out, mask_digit_runs(e.client_request_id));
  }
  if (!e.trace_id.empty()) {
    out += ",\"trace_id\":";
    append_json_string(out, e.trace_id);
  }
  out += ",\"method\":";
  append_json_string(out, e.method);
  out += ",\"route\":";
  append_json_string(out, e.route);
  out += ",\"status\":" + std::to_string(e.status);
  out += ",\"bytes_in\":" + std::to_string(e.bytes_in);
  out += ",\"bytes_out\":" + std::to_string(e.bytes_out);
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.3f", e.seconds * 1000);
  out += ",\"latency_ms\":";
  out += latency;
  if (!e.policy.empty()) {
    out += ",\"policy\":";
    append_json_string(out, e.policy);
  }
  out += ",\"client\":";
  append_json_string(out, e.client);
  if (!e.principal.empty()) {
    out += ",\"principal\":";
    append_json_string(out, e.principal);
  }
  out += '}';
  return out;
}

std::string trace_id_of(std::string_view tp) {
  if (tp.size() != 55 || tp[2] != '-' || tp[35] != '-' || tp[52] != '-') return {};
  const std::string_view version = tp.substr(0, 2);
  const std::string_view trace = tp.substr(3, 32);
  const std::string_view parent = tp.substr(36, 16);
  const std::string_view flags = tp.substr(53, 2);
  if (!all_of(version, lower_hex) || version == "ff" || !all_of(trace, lower_hex) || !all_of(parent, lower_hex) ||
      !all_of(flags, lower_hex))
    return {};
  if (trace.find_first_not_of('0') == std::string_view::npos || parent.find_first_not_of('0') == std::string_view::npos)
    return {};
  return std::string(trace);
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return all_of(id, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
  });
}

}  // namespace jaring::server
