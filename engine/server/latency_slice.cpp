#include "engine/server/latency_slice.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace jaring::server {

namespace {
// struct sched_attr (linux/sched/types.h, which clashes with glibc's <sched.h> before 2.41),
// its version 1 layout.
struct SchedAttr {
  std::uint32_t size = sizeof(SchedAttr);
  std::uint32_t policy = SCHED_OTHER;
  std::uint64_t flags = 0;
  std::int32_t nice = 0;
  std::uint32_t priority = 0;
  std::uint64_t runtime = 0, deadline = 0, period = 0;
  std::uint32_t util_min = 0, util_max = 0;
};
}  // namespace

std::string set_latency_slice(unsigned microseconds) {
  if (microseconds == 0) return {};
#ifdef SYS_sched_setattr
  SchedAttr attr;
  // Keep the thread's niceness: sched_setattr sets it too.
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, 0);
  if (errno == 0) attr.nice = nice;
  attr.runtime = std::uint64_t{microseconds} * 1000;
  if (::syscall(SYS_sched_setattr, 0, &attr, 0) != 0) return std::strerror(errno);
  return {};
#else
  return "sched_setattr is not available";
#endif
}

}  // namespace jaring::server
