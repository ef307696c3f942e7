// usable_cores() (engine/base/cores.hpp): the CPU affinity mask, capped by the cgroup CPU quota
// (v2 cpu.max, v1 cpu.cfs_quota_us / cpu.cfs_period_us, the smallest along the process's cgroup
// path, rounded up). The cgroup files are read under a root given to cgroup_quota(), here a
// folder laid out like /proc and /sys/fs/cgroup.
#include <sched.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "engine/base/cores.hpp"
#include "temp_folder.hpp"

using namespace jaring;
namespace fs = std::filesystem;

namespace {

struct Root : test::TempFolder {
  Root() : TempFolder("jaring-cores-test") {}
  void put(const std::string& relative, const std::string& text) const {
    const fs::path p = path / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
};

// A mountinfo line mounting `root` of a hierarchy at `point`.
std::string mount(const std::string& root, const std::string& point, const std::string& type,
                  const std::string& options) {
  return "31 23 0:28 " + root + " " + point + " rw,nosuid,nodev,noexec,relatime shared:9 - " + type + " " + type + " " +
         options + "\n";
}

const std::string other_mounts =
    "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
    "23 22 0:21 / /sys rw,nosuid - sysfs sysfs rw\n";

}  // namespace

TEST_CASE("cores: cpu.max in whole cores, rounded up", "[cores]") {
  CHECK(cores::cores_of_cpu_max("max 100000\n") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("100000 100000\n") == 1);
  CHECK(cores::cores_of_cpu_max("150000 100000\n") == 2);
  CHECK(cores::cores_of_cpu_max("50000 100000") == 1);
  CHECK(cores::cores_of_cpu_max("400000 100000") == 4);
  CHECK(cores::cores_of_cpu_max("250000") == 3);  // the period left out: 100000
  CHECK(cores::cores_of_cpu_max("") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("0 100000") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("-5 100000") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("many 100000") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("100000 0") == std::nullopt);
  CHECK(cores::cores_of_cpu_max("1 2 3") == std::nullopt);
}

TEST_CASE("cores: cfs quota and period in whole cores", "[cores]") {
  CHECK(cores::cores_of_cfs("-1\n", "100000\n") == std::nullopt);
  CHECK(cores::cores_of_cfs("200000\n", "100000\n") == 2);
  CHECK(cores::cores_of_cfs("150000", "100000") == 2);
  CHECK(cores::cores_of_cfs("150000", "") == std::nullopt);
}

TEST_CASE("cores: cgroup v2, the smallest quota along the path", "[cores]") {
  Root r;
  r.put("proc/self/cgroup", "0::/user.slice/app.scope\n");
  r.put("proc/self/mountinfo", other_mounts + mount("/", "/sys/fs/cgroup", "cgroup2", "rw,nsdelegate"));
  r.put("sys/fs/cgroup/cpu.max", "max 100000\n");  // the root has none; the file is not read there anyway
  r.put("sys/fs/cgroup/user.slice/cpu.max", "200000 100000\n");
  r.put("sys/fs/cgroup/user.slice/app.scope/cpu.max", "max 100000\n");
  CHECK(cores::cgroup_quota(r.path) == 2);
  r.put("sys/fs/cgroup/user.slice/app.scope/cpu.max", "120000 100000\n");
  CHECK(cores::cgroup_quota(r.path) == 2);  // 1,2 cores: 2
  r.put("sys/fs/cgroup/user.slice/app.scope/cpu.max", "100000 100000\n");
  CHECK(cores::cgroup_quota(r.path) == 1);
}

TEST_CASE("cores: cgroup v2 mounted from the process's own cgroup (a container)", "[cores]") {
  Root r;
  r.put("proc/self/cgroup", "0::/docker/4f2a\n");
  r.put("proc/self/mountinfo", other_mounts + mount("/docker/4f2a", "/sys/fs/cgroup", "cgroup2", "rw"));
  r.put("sys/fs/cgroup/cpu.max", "300000 100000\n");
  CHECK(cores::cgroup_quota(r.path) == 3);
}

TEST_CASE("cores: a mount point with a space (mountinfo's \\040)", "[cores]") {
  Root r;
  r.put("proc/self/cgroup", "0::/a\n");
  r.put("proc/self/mountinfo", other_mounts + mount("/", "/sys/fs/my\\040cgroup", "cgroup2", "rw"));
  r.put("sys/fs/my cgroup/a/cpu.max", "100000 100000\n");
  CHECK(cores::cgroup_quota(r.path) == 1);
}

TEST_CASE("cores: cgroup v1, the cpu controller's mount", "[cores]") {
  Root r;
  r.put("proc/self/cgroup", "9:name=systemd:/\n4:memory:/jt\n2:cpu,cpuacct:/jt\n0::/\n");
  r.put("proc/self/mountinfo", other_mounts + mount("/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory") +
                                   mount("/", "/sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct"));
  r.put("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
  r.put("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
  r.put("sys/fs/cgroup/cpu,cpuacct/jt/cpu.cfs_quota_us", "300000\n");
  r.put("sys/fs/cgroup/cpu,cpuacct/jt/cpu.cfs_period_us", "100000\n");
  CHECK(cores::cgroup_quota(r.path) == 3);
  r.put("sys/fs/cgroup/cpu,cpuacct/jt/cpu.cfs_quota_us", "-1\n");
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);
}

TEST_CASE("cores: no quota, or nothing to read", "[cores]") {
  Root r;
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);  // no /proc at all
  r.put("proc/self/cgroup", "0::/\n");
  r.put("proc/self/mountinfo", other_mounts);  // no cgroup mounted
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);
  r.put("proc/self/mountinfo", other_mounts + mount("/", "/sys/fs/cgroup", "cgroup2", "rw"));
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);  // no cpu.max (the root cgroup has none)
  r.put("sys/fs/cgroup/cpu.max", "max 100000\n");
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);
  r.put("sys/fs/cgroup/cpu.max", "garbage\n");
  CHECK(cores::cgroup_quota(r.path) == std::nullopt);
}

TEST_CASE("cores: a process pinned to one core may use one", "[cores]") {
  unsigned all = 0, pinned = 0;
  bool pinned_ok = false;
  std::thread t([&] {  // the affinity is the thread's: pinned here, the test's thread is left as it was
    all = usable_cores();
    cpu_set_t set;
    CPU_ZERO(&set);
    REQUIRE(::sched_getaffinity(0, sizeof set, &set) == 0);
    int first = 0;
    while (!CPU_ISSET(first, &set)) ++first;
    CPU_ZERO(&set);
    CPU_SET(first, &set);
    pinned_ok = ::sched_setaffinity(0, sizeof set, &set) == 0;
    pinned = usable_cores();
  });
  t.join();
  CHECK(all >= 1);
  CHECK(all <= std::max(1u, std::thread::hardware_concurrency()));
  REQUIRE(pinned_ok);
  CHECK(pinned == 1);
}
