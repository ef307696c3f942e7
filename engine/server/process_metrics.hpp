// The process's own metrics in the Prometheus text format, under the names Prometheus client
// libraries use (process_resident_memory_bytes, process_open_fds, process_start_time_seconds,
// process_cpu_seconds_total, process_max_fds), and jaring_build_info with the version.
#pragma once

#include <string>

namespace jaring::server {

// Call once at start (the start time is taken then).
void note_process_start();

std::string process_metrics();

}  // namespace jaring::server
