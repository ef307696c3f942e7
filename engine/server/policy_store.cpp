#include "engine/server/policy_store.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "engine/runtime/open_policy.hpp"

namespace jaring::server {

namespace fs = std::filesystem;

namespace {

struct PolicyFile {
  std::string id;
  fs::path path;
  bool tests_only = false;
};

// A file of tests (`bpjstk-tests.policy`, `cilegon_tests.policy`, `x.tests.policy`): checked by
// `jaring test`, never served.
bool is_test_file(const fs::path& path) {
  const std::string stem = path.stem().string();
  for (const char* suffix : {"-tests", "_tests", ".tests"}) {
    const std::string_view s(suffix);
    if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

// Every regular `*.policy` file under `dir`, sorted by id. Throws fs::filesystem_error when
// the folder cannot be read.
std::vector<PolicyFile> policy_files(const fs::path& dir) {
  std::vector<PolicyFile> files;
  if (!fs::is_directory(dir))
    throw fs::filesystem_error("not a folder", dir, std::make_error_code(std::errc::not_a_directory));
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file() || it->path().extension() != ".policy") continue;
    fs::path rel = it->path().lexically_relative(dir);
    rel.replace_extension();
    files.push_back({rel.generic_string(), it->path(), is_test_file(it->path())});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return files;
}

std::string rendered(const Diagnostics& diags, const SourceMap& sources) {
  std::string out;
  for (const auto& d : diags.all()) out += render_text(d, sources) + "\n";
  return out;
}

std::optional<std::string> text_of(const std::optional<ast::Text>& t) {
  if (!t) return std::nullopt;
  return t->text;
}

struct LoadResult {
  std::shared_ptr<const ServedPolicy> policy;  // null when it did not check
  std::string diagnostics;
};

// Checks the policy in a child process first, so that a policy that would crash the checker
// (a bug of ours) or never finish costs that policy, not the server. Nothing when the child
// ended normally (the policy is then loaded here), else why not.
std::optional<std::string> crashes_checker(const PolicyFile& f, const LoadOptions& options) {
  const pid_t pid = ::fork();
  if (pid < 0) return std::nullopt;  // cannot fork: load in process, as without this check
  if (pid == 0) {
    // Fault injection for the tests (tests/server/production_tests.py): this policy's check
    // crashes. Read only in the child, so the server itself never crashes on purpose.
    if (const char* id = std::getenv("JARING_FAULT_CRASH_CHECK"); id && f.id == id) std::abort();
    try {
      SourceMap sources;
      Diagnostics diags;
      (void)open_policy(f.path, sources, diags, options);
    } catch (...) {}
    ::_exit(0);
  }
  constexpr auto limit = std::chrono::seconds(120);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return fmt::format("checking this policy did not finish within {} s; it is not served (please report)\n",
                         limit.count());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // The child ends with 0 whatever the policy holds; anything else is a crash (the CLI's guard
  // turns a fatal signal into exit status 70).
  if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0)
    return fmt::format(
        "internal error: checking this policy crashed ({} {}); it is not served (please report, "
        "with the file)\n",
        WIFSIGNALED(status) ? "signal" : "exit status", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  return std::nullopt;
}

LoadResult load_one(const PolicyFile& f, const LoadOptions& options) {
  if (auto crash = crashes_checker(f, options)) return {nullptr, *crash};
  SourceMap sources;
  Diagnostics diags;
  OpenedPolicy opened;
  try {
    opened = open_policy(f.path, sources, diags, options);
  } catch (const std::exception& e) {
    return {nullptr, std::string("internal error opening the policy, please report: ") + e.what() + "\n"};
  }
  diags.sort();
  if (!opened.ok()) {
    std::string text = rendered(diags, sources);
    if (text.empty()) text = "cannot read `" + f.path.string() + "`\n";
    return {nullptr, text};
  }
  const Policy& policy = opened.checked->policy();
  auto served = std::make_shared<ServedPolicy>();
  served->id = f.id;
  served->file = fs::absolute(f.path).lexically_normal().string();
  served->program = opened.program;
  served->region_code = text_of(policy.region_code);
  served->region_name = text_of(policy.region_name);
  served->amends = text_of(policy.amends);
  for (const auto& b : policy.basis) served->basis.push_back(b.text);
  return {served, {}};
}

}  // namespace

std::shared_ptr<const ServedPolicy> Snapshot::find(std::string_view id) const {
  const auto it = policies.find(id);
  return it == policies.end() ? nullptr : it->second;
}

PolicyStore::PolicyStore(fs::path dir, std::vector<fs::path> include_dirs)
    : dir_(std::move(dir)), include_dirs_(std::move(include_dirs)), current_(std::make_shared<Snapshot>()) {}

std::shared_ptr<const Snapshot> PolicyStore::current() const {
  std::lock_guard lock(current_mutex_);
  return current_;
}

ReloadReport PolicyStore::reload() {
  std::lock_guard reload_lock(reload_mutex_);
  const auto old = current();
  ReloadReport report;
  report.generation = old->generation;
  std::vector<PolicyFile> files;
  try {
    files = policy_files(dir_);
  } catch (const fs::filesystem_error& e) {
    report.failures.push_back(
        {"", dir_.string(), std::string("cannot read the policy folder: ") + e.what() + "\n", true});
    return report;
  }
  LoadOptions options;
  // The served folder first: a copy of rules/ under any name finds its own packs.
  options.search_paths.push_back(dir_);
  for (const auto& d : include_dirs_) options.search_paths.push_back(d);
  auto next = std::make_shared<Snapshot>();
  next->generation = old->generation + 1;
  for (const auto& f : files) {
    if (f.tests_only) {
      report.tests_only.push_back(f.id);
      continue;
    }
    const auto before = old->find(f.id);
    LoadResult r = load_one(f, options);
    if (!r.policy) {
      report.failures.push_back({f.id, f.path.string(), r.diagnostics, before != nullptr});
      if (before) next->policies.emplace(f.id, before);
      continue;
    }
    if (!before) report.added.push_back(f.id);
    else if (before->program->hash != r.policy->program->hash || before->file != r.policy->file)
      report.updated.push_back(f.id);
    else report.unchanged.push_back(f.id);
    next->policies.emplace(f.id, r.policy);
  }
  for (const auto& [id, p] : old->policies)
    if (!next->policies.count(id)) report.removed.push_back(id);
  report.generation = next->generation;
  std::lock_guard lock(current_mutex_);
  current_ = std::move(next);
  return report;
}

}  // namespace jaring::server
