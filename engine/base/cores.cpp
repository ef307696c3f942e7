#include "engine/base/cores.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/read_file.hpp"

namespace jaring {

namespace cores {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> positive(std::string_view s) {
  s = trim(s);
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v == 0) return std::nullopt;
  return v;
}

std::uint64_t whole_cores(std::uint64_t quota, std::uint64_t period) {
  return std::max<std::uint64_t>(1, quota / period + (quota % period != 0));
}

std::optional<std::string> contents(const std::filesystem::path& p) {
  std::string error;  // a file that is not there is no quota
  return read_file(p, error);
}

std::vector<std::string_view> split(std::string_view s, char by) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = s.find(by);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

// mountinfo writes a space, tab, newline or backslash in a path as \ooo.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
        s[i + 3] >= '0' && s[i + 3] <= '7') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Mount {
  std::string root, point;  // the hierarchy's folder mounted, and where
};

// The cgroup2 mount (v2), or the cgroup mount with the cpu controller (v1).
std::optional<Mount> find_mount(std::string_view mountinfo, bool v2) {
  for (std::string_view line : split(mountinfo, '\n')) {
    const std::size_t dash = line.find(" - ");
    if (dash == std::string_view::npos) continue;
    const std::vector<std::string_view> before = split(line.substr(0, dash), ' ');
    const std::vector<std::string_view> after = split(line.substr(dash + 3), ' ');
    if (before.size() < 5 || after.size() < 3) continue;
    if (v2) {
      if (after[0] != "cgroup2") continue;
    } else {
      if (after[0] != "cgroup") continue;
      const std::vector<std::string_view> options = split(after[2], ',');
      if (std::find(options.begin(), options.end(), "cpu") == options.end()) continue;
    }
    return Mount{unescape(before[3]), unescape(before[4])};
  }
  return std::nullopt;
}

// The process's cgroup path in the v2 hierarchy ("0::PATH"), or in the v1 one with the cpu
// controller ("N:...,cpu,...:PATH").
std::optional<std::string> find_path(std::string_view cgroup, bool v2) {
  for (std::string_view line : split(cgroup, '\n')) {
    const std::size_t first = line.find(':');
    if (first == std::string_view::npos) continue;
    const std::size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    const std::string_view id = line.substr(0, first), controllers = line.substr(first + 1, second - first - 1);
    const std::string_view path = line.substr(second + 1);
    if (v2) {
      if (id == "0" && controllers.empty()) return std::string(path);
    } else {
      const std::vector<std::string_view> names = split(controllers, ',');
      if (std::find(names.begin(), names.end(), "cpu") != names.end()) return std::string(path);
    }
  }
  return std::nullopt;
}

// The smallest quota from the process's cgroup folder up to the mount's.
std::optional<std::uint64_t> walk(const std::filesystem::path& root, const Mount& m, const std::string& path, bool v2) {
  // The path is the hierarchy's; the mount shows it from m.root down (a container's namespace
  // mounts its own cgroup as the root).
  std::string_view rel = path;
  if (m.root != "/" && rel.substr(0, m.root.size()) == m.root &&
      (rel.size() == m.root.size() || rel[m.root.size()] == '/'))
    rel.remove_prefix(m.root.size());
  else if (m.root != "/") rel = "/";
  const std::filesystem::path top = root / std::filesystem::path(m.point).relative_path();
  std::vector<std::string_view> steps;  // the folders from the mount's down to the process's
  for (std::string_view step : split(rel, '/'))
    if (!step.empty() && step != "." && step != "..") steps.push_back(step);
  std::optional<std::uint64_t> least;
  for (std::size_t depth = steps.size() + 1; depth-- > 0;) {
    std::filesystem::path dir = top;
    for (std::size_t i = 0; i < depth; ++i) dir /= std::string(steps[i]);
    std::optional<std::uint64_t> here;
    if (v2) {
      if (const auto text = contents(dir / "cpu.max")) here = cores_of_cpu_max(*text);
    } else {
      const auto quota = contents(dir / "cpu.cfs_quota_us"), period = contents(dir / "cpu.cfs_period_us");
      if (quota && period) here = cores_of_cfs(*quota, *period);
    }
    if (here && (!least || *here < *least)) least = here;
  }
  return least;
}

}  // namespace

std::optional<std::uint64_t> cores_of_cpu_max(std::string_view text) {
  const std::vector<std::string_view> parts = split(trim(text), ' ');
  if (parts.empty() || parts[0] == "max") return std::nullopt;
  const auto quota = positive(parts[0]);
  const auto period = parts.size() > 1 ? positive(parts[1]) : std::optional<std::uint64_t>(100000);
  if (!quota || !period || parts.size() > 2) return std::nullopt;
  return whole_cores(*quota, *period);
}

std::optional<std::uint64_t> cores_of_cfs(std::string_view quota, std::string_view period) {
  const auto q = positive(quota), p = positive(period);  // -1 (no quota) is not positive
  if (!q || !p) return std::nullopt;
  return whole_cores(*q, *p);
}

std::optional<std::uint64_t> cgroup_quota(const std::filesystem::path& root) {
  const auto cgroup = contents(root / "proc/self/cgroup");
  const auto mountinfo = contents(root / "proc/self/mountinfo");
  if (!cgroup || !mountinfo) return std::nullopt;
  std::optional<std::uint64_t> least;
  for (const bool v2 : {true, false}) {
    const auto mount = find_mount(*mountinfo, v2);
    const auto path = find_path(*cgroup, v2);
    if (!mount || !path) continue;
    const auto here = walk(root, *mount, *path, v2);
    if (here && (!least || *here < *least)) least = here;
  }
  return least;
}

}  // namespace cores

unsigned usable_cores() {
  unsigned n = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) n = static_cast<unsigned>(CPU_COUNT(&set));
  if (n == 0) n = std::thread::hardware_concurrency();
  if (n == 0) n = 1;
  if (const auto quota = cores::cgroup_quota("/"); quota && *quota < n) n = static_cast<unsigned>(*quota);
  return n;
}

}  // namespace jaring
