#include "engine/server/process_metrics.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#ifndef JARING_VERSION
#define JARING_VERSION "unknown"
#endif
#ifndef JARING_COMMIT
#define JARING_COMMIT "unknown"
#endif

namespace jaring::server {

namespace {

double start_seconds = 0;

// Resident memory from /proc/self/statm (pages), or -1.
double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long long size = 0;
  long long resident = 0;
  if (!(statm >> size >> resident)) return -1;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

long long open_fds() {
  std::error_code ec;
  long long n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return ec ? -1 : n - 1;  // less the iterator's own descriptor
}

}  // namespace

void note_process_start() {
  start_seconds = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string process_metrics() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  rlimit fds{};
  getrlimit(RLIMIT_NOFILE, &fds);
  return fmt::format(
      "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
      "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {:.0f}\n"
      "# HELP process_open_fds Number of open file descriptors.\n"
      "# TYPE process_open_fds gauge\nprocess_open_fds {}\n"
      "# HELP process_max_fds Maximum number of open file descriptors.\n"
      "# TYPE process_max_fds gauge\nprocess_max_fds {}\n"
      "# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.\n"
      "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds {:.3f}\n"
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
      "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {:.3f}\n"
      "# HELP jaring_build_info The version and commit jaring was built from (1).\n"
      "# TYPE jaring_build_info gauge\njaring_build_info{{version=\"{}\",commit=\"{}\"}} 1\n",
      resident_bytes(), open_fds(), static_cast<long long>(fds.rlim_cur), start_seconds, cpu, JARING_VERSION,
      JARING_COMMIT);
}

}  // namespace jaring::server
