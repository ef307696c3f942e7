#include "engine/server/policy_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <thread>

#include "engine/base/literate.hpp"
#include "engine/runtime/open_policy.hpp"

namespace jaring::server {

std::shared_ptr<const RecordLane> RecordLanes::at(const Program& program, Day as_of) {
  {
    const std::lock_guard lock(mutex_);
    for (auto it = lanes_.rbegin(); it != lanes_.rend(); ++it)
      if (it->first == as_of) return it->second;
    const auto now = std::chrono::steady_clock::now();
    if (last_made_ && now - *last_made_ < interval_) return nullptr;
    last_made_ = now;
  }
  // Made outside the lock: requests on other dates go on meanwhile.
  std::shared_ptr<const RecordLane> lane = RecordLane::make(program, as_of);
  const std::lock_guard lock(mutex_);
  for (const auto& [day, made] : lanes_)
    if (day == as_of) return made;  // another request made it first
  if (lanes_.size() == kept) lanes_.erase(lanes_.begin());
  lanes_.emplace_back(as_of, lane);
  return lane;
}

namespace fs = std::filesystem;

namespace {

struct PolicyFile {
  std::string id;
  fs::path path;
  bool tests_only = false;
};

// A file of tests (`bpjstk-tests.policy`, `cilegon_tests.policy`, `x.tests.policy`): checked by
// `jaring test`, never served. `id` is the file's path without its ending.
bool is_test_file(const fs::path& id) {
  const std::string stem = id.filename().string();
  for (const char* suffix : {"-tests", "_tests", ".tests"}) {
    const std::string_view s(suffix);
    if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

// Every regular `*.policy` and `*.policy.md` file under `dir`, sorted by id. Throws fs::filesystem_error when
// the folder cannot be read.
std::vector<PolicyFile> policy_files(const fs::path& dir) {
  std::vector<PolicyFile> files;
  if (!fs::is_directory(dir))
    throw fs::filesystem_error("not a folder", dir, std::make_error_code(std::errc::not_a_directory));
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file() || !is_policy_file(it->path())) continue;
    fs::path rel = it->path().lexically_relative(dir);
    rel.replace_extension();
    if (rel.extension() == ".policy") rel.replace_extension();  // `x.policy.md`: id `x`
    files.push_back({rel.generic_string(), it->path(), is_test_file(rel)});
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

// Which files would crash the checker (a bug of ours) or never finish: each file is checked by
// `jaring check` in a process of its own (`checker`, all files at once), so that such a file
// costs itself, not the server. Only a crash or a timeout is reported here (file -> why); a
// policy with errors is found out, with its diagnostics, when it is loaded. Without a checker,
// or when the checks cannot be started, nothing is reported and loading goes on as before.
std::map<std::string, std::string> crashing_files(const std::vector<PolicyFile>& files,
                                                  const std::vector<fs::path>& search, const fs::path& checker) {
  std::map<std::string, std::string> crashed;
  if (checker.empty()) return crashed;
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::map<pid_t, const PolicyFile*> running;
  for (const auto& f : files) {
    if (f.tests_only) continue;
    std::vector<std::string> args{checker.string(), "check", f.path.string()};
    for (const auto& d : search) {
      args.emplace_back("-I");
      args.push_back(d.string());
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, checker.c_str(), &quiet, nullptr, argv.data(), environ) == 0) running.emplace(pid, &f);
  }
  posix_spawn_file_actions_destroy(&quiet);
  constexpr auto limit = std::chrono::seconds(120);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!running.empty()) {
    for (auto it = running.begin(); it != running.end();) {
      int status = 0;
      const pid_t done = ::waitpid(it->first, &status, WNOHANG);
      if (done == 0 || (done < 0 && errno == EINTR)) {
        ++it;
        continue;
      }
      // `check` ends 0, 1 (errors) or 2 (unreadable); anything else is a crash (the guard
      // turns a fatal signal into 70).
      if (done == it->first && (WIFSIGNALED(status) || WEXITSTATUS(status) > 2))
        crashed[it->second->id] = fmt::format(
            "internal error: checking this policy crashed ({} {}); it is not served (please report, with the file)\n",
            WIFSIGNALED(status) ? "signal" : "exit status",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
      it = running.erase(it);
    }
    if (running.empty()) break;
    if (std::chrono::steady_clock::now() > deadline) {
      for (const auto& [pid, f] : running) {
        int status = 0;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        crashed[f->id] = fmt::format(
            "checking this policy did not finish within {} s; it is not served (please report)\n", limit.count());
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return crashed;
}

LoadResult load_one(const PolicyFile& f, const LoadOptions& options) {
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

PolicyStore::PolicyStore(fs::path dir, std::vector<fs::path> include_dirs, fs::path checker)
    : dir_(std::move(dir)),
      include_dirs_(std::move(include_dirs)),
      checker_(std::move(checker)),
      current_(std::make_shared<Snapshot>()) {}

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
  const auto crashed = crashing_files(files, options.search_paths, checker_);
  for (const auto& f : files) {
    if (f.tests_only) {
      report.tests_only.push_back(f.id);
      continue;
    }
    const auto before = old->find(f.id);
    const auto crash = crashed.find(f.id);
    LoadResult r = crash != crashed.end() ? LoadResult{nullptr, crash->second} : load_one(f, options);
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
