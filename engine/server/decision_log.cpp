#include "engine/server/decision_log.hpp"

#include <fmt/format.h>
#include <unistd.h>

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
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  return fmt::format("{}-{}-{}", ms, static_cast<long>(getpid()), ++counter);
}

DecisionLog::DecisionLog(std::string path, bool masked) : path_(std::move(path)), masked_(masked) {
  file_ = std::fopen(path_.c_str(), "a");
  if (!file_) throw std::runtime_error(fmt::format("cannot open the decision log `{}` for appending", path_));
}

DecisionLog::~DecisionLog() {
  if (file_) std::fclose(file_);
}

bool DecisionLog::write(const ServedPolicy& policy, const std::string& request_id,
                        const std::vector<Decision>& decisions, std::vector<nlohmann::json>& records) {
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
    lines += masked_ ? "\"masked\":true" : "\"masked\":false";
    lines += ",\"record\":";
    lines += i < records.size() ? records[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) : "null";
    lines += ",\"decision\":" + decision_json(decisions[i]) + "}\n";
  }
  std::lock_guard lock(mutex_);
  const bool ok = std::fwrite(lines.data(), 1, lines.size(), file_) == lines.size() && std::fflush(file_) == 0;
  if (!ok && write_errors_++ == 0)
    std::cerr << fmt::format("jaring serve: cannot write the decision log `{}`\n", path_);
  return ok;
}

void DecisionLog::reopen() {
  std::lock_guard lock(mutex_);
  std::FILE* f = std::fopen(path_.c_str(), "a");
  if (!f) {
    std::cerr << fmt::format("jaring serve: cannot reopen the decision log `{}`; still writing the old file\n", path_);
    return;
  }
  std::fclose(file_);
  file_ = f;
}

}  // namespace jaring::server
