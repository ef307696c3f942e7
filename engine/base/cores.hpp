// The cores this process may use, for the default thread counts (`--threads` unset, the
// server's event loops, the library's batches). std::thread::hardware_concurrency() counts the
// machine's online cores: in a container held to one CPU by its cgroup quota, or a process
// pinned by `taskset`, it still says all of them, and the workers then take turns on the
// cores they have (and a worker watching for its turn to write takes a core another needs).
// Like Rust's available_parallelism and Go's GOMAXPROCS, this counts the CPU affinity mask and
// caps it by the cgroup CPU quota (v2 `cpu.max`, v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`,
// the smallest along the process's cgroup path), rounded up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace jaring {

// At least 1.
unsigned usable_cores();

namespace cores {

// The cgroup CPU quota in whole cores (rounded up, at least 1), read under `root` ("/" on a
// running system: root/proc/self/cgroup, root/proc/self/mountinfo and the cgroup files under
// the mounts these name); none when no quota is set or the files cannot be read.
std::optional<std::uint64_t> cgroup_quota(const std::filesystem::path& root);

// "QUOTA PERIOD" (v2 cpu.max; "max ..." is no quota) in whole cores, rounded up.
std::optional<std::uint64_t> cores_of_cpu_max(std::string_view text);
// v1: cpu.cfs_quota_us (-1: none) and cpu.cfs_period_us.
std::optional<std::uint64_t> cores_of_cfs(std::string_view quota, std::string_view period);

}  // namespace cores
}  // namespace jaring
