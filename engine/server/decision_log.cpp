#include "engine/server/decision_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <iostream>
#include <stdexcept>

#include "engine/base/json_text.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/server/mask.hpp"

namespace jaring::server {

std::string utc_iso8601(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

std::string next_request_id() {
  static std::atomic<std::uint64_t> counter{0};
  // Taken once: a system call per request was a measurable part of a single decision's cost.
  static const long pid = static_cast<long>(getpid());
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  // By hand: fmt::format was 1.070 instructions a request.
  char text[3 * 24];
  char* end = std::to_chars(text, text + 24, ms).ptr;
  *end++ = '-';
  end = std::to_chars(end, end + 24, pid).ptr;
  *end++ = '-';
  end = std::to_chars(end, end + 21, ++counter).ptr;
  return {text, end};
}

namespace {

int open_for_append(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
}

}  // namespace

DecisionLog::DecisionLog(std::string path, bool masked) : path_(std::move(path)), masked_(masked) {
  if (path_ == "-") {  // standard output (a container's log), neither closed nor reopened
    fd_ = STDOUT_FILENO;
    return;
  }
  fd_ = open_for_append(path_);
  if (fd_ < 0)
    throw std::runtime_error(
        fmt::format("cannot open the decision log `{}` for appending: {}", path_, std::strerror(errno)));
}

DecisionLog::~DecisionLog() {
  if (fd_ >= 0 && path_ != "-" && ::close(fd_) != 0 && errno != EINTR)
    std::cerr << fmt::format("jaring serve: cannot write the decision log `{}`: {}\n", path_, std::strerror(errno));
}

int DecisionLog::append(const std::string& text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      if (left < text.size()) torn_ = true;
      return err;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  torn_ = false;
  return 0;
}

bool DecisionLog::write(const ServedPolicy& policy, const std::string& request_id,
                        const std::vector<Decision>& decisions, std::vector<nlohmann::json>& records,
                        std::string_view date_format) {
  const std::string time = utc_iso8601(std::chrono::system_clock::now());
  std::string lines;
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    if (masked_ && i < records.size()) mask_record(records[i], policy.program->schema);
    lines += "{\"decision_id\":";
    append_json_string(lines, fmt::format("{}-{}", request_id, i));
    lines += ",\"request_id\":";
    append_json_string(lines, request_id);
    lines += ",\"time\":\"" + time + "\",\"policy\":{\"id\":";
    append_json_string(lines, policy.id);
    lines += ",\"file\":";
    append_json_string(lines, policy.file);
    lines += ",\"name\":";
    append_json_string(lines, policy.program->name);
    lines += ",\"hash\":\"" + policy.program->hash + "\"},\"as_of\":\"" + format_date(decisions[i].as_of) + "\",";
    if (!date_format.empty()) {
      lines += "\"date_format\":";
      append_json_string(lines, date_format);
      lines += ',';
    }
    lines += masked_ ? "\"masked\":true" : "\"masked\":false";
    lines += ",\"record\":";
    lines += i < records.size() ? records[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : "null";
    if (masked_) {
      nlohmann::json decision = nlohmann::json::parse(decision_json(decisions[i]));
      mask_decision(decision);
      lines += ",\"decision\":" + decision.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}\n";
    } else {
      lines += ",\"decision\":" + decision_json(decisions[i]) + "}\n";
    }
  }
  std::lock_guard lock(mutex_);
  if (torn_) lines.insert(0, "\n");
  const int err = append(lines);
  if (err == 0) {
    if (failing_)
      std::cerr << fmt::format("jaring serve: writing the decision log `{}` again; {} decisions were not logged\n",
                               path_, lost_since_failing_);
    failing_ = false;
    failing_flag_ = false;
    return true;
  }
  ++write_errors_;
  lines_lost_ += decisions.size();
  if (!failing_) {
    lost_since_failing_ = 0;
    std::cerr << fmt::format(
        "jaring serve: cannot write the decision log `{}`: {}; decisions are not logged until it can "
        "(jaring_decision_log_lines_lost_total counts them)\n",
        path_, std::strerror(err));
  }
  lost_since_failing_ += decisions.size();
  failing_ = true;
  failing_flag_ = true;
  return false;
}

void DecisionLog::reopen() {
  if (path_ == "-") return;
  std::lock_guard lock(mutex_);
  const int fd = open_for_append(path_);
  if (fd < 0) {
    std::cerr << fmt::format("jaring serve: cannot reopen the decision log `{}`: {}; still writing the old file\n",
                             path_, std::strerror(errno));
    return;
  }
  if (::close(fd_) != 0 && errno != EINTR)
    std::cerr << fmt::format("jaring serve: closing the old decision log `{}` failed: {}\n", path_,
                             std::strerror(errno));
  fd_ = fd;
  torn_ = false;
}

}  // namespace jaring::server
