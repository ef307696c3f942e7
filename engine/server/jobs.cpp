#include "engine/server/jobs.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "engine/base/cores.hpp"
#include "engine/base/date.hpp"
#include "engine/server/server_log.hpp"

namespace jaring::server {

namespace fs = std::filesystem;

namespace {

// A random hex id: job ids are capabilities to fetch decisions, so they must not be guessed.
std::string random_id() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:08x}", rd());
  return out;
}

}  // namespace

Job::~Job() {
  std::error_code ec;
  if (!dir.empty()) fs::remove_all(dir, ec);
}

const char* job_state_name(Job::State s) {
  switch (s) {
    case Job::State::Receiving: return "receiving";
    case Job::State::Queued: return "queued";
    case Job::State::Running: return "running";
    case Job::State::Done: return "done";
    case Job::State::Failed: return "failed";
  }
  return "failed";
}

JobStore::JobStore(std::size_t max_jobs, std::chrono::seconds ttl) : max_jobs_(max_jobs), ttl_(ttl) {
  std::string templ = (fs::temp_directory_path() / "jaring-jobs-XXXXXX").string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a folder for population jobs in $TMPDIR");
  root_ = templ;
  thread_ = std::thread([this] { work(); });
}

JobStore::~JobStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  thread_.join();
  jobs_.clear();
  std::error_code ec;
  fs::remove_all(root_, ec);
}

std::shared_ptr<Job> JobStore::open() {
  std::lock_guard lock(mutex_);
  expire();
  if (active_ >= max_jobs_) return nullptr;
  auto job = std::make_shared<Job>();
  job->id = random_id();
  job->dir = root_ / fmt::format("{}-{}", ++counter_, job->id);
  job->created = std::chrono::system_clock::now();
  std::error_code ec;
  fs::create_directory(job->dir, ec);
  if (ec) throw std::runtime_error("cannot create a job folder: " + ec.message());
  ++active_;
  // Counted from now; a job whose request fails is dropped and uncounted by its destructor
  // path below (jobs_ holds it only once decided or queued).
  jobs_.emplace(job->id, job);
  return job;
}

void JobStore::run(Job& job) {
  Summary summary(*job.policy->program, job.as_of);
  std::string error, runtime_reason;
  try {
    std::ofstream out(job.output_path(), std::ios::binary);
    if (!out) throw std::runtime_error("cannot write the job's decisions");
    BatchOptions options;
    options.as_of = job.as_of;
    options.threads = usable_cores();
    options.format = job.input;
    options.read.delimiter = job.delimiter;
    options.out_delimiter = job.out_delimiter;
    options.read.date_format = job.date_format;
    options.read.ignore_fields = job.ignore_fields;
    options.generic_reason = &runtime_reason;
    decide_population(*job.policy->program, job.input_path().string(), options, job.output, &out, summary);
    out.flush();
    if (!out) throw std::runtime_error("cannot write the job's decisions (disk full?)");
  } catch (const std::exception& e) {
    error = e.what();
  }
  std::error_code ec;
  fs::remove(job.input_path(), ec);
  std::lock_guard lock(mutex_);
  job.finished = std::chrono::steady_clock::now();
  --active_;
  if (!error.empty()) {
    job.state = Job::State::Failed;
    job.error = error;
    return;
  }
  job.state = Job::State::Done;
  job.records = summary.records();
  job.reconciles = summary.reconciles();
  job.runtime_reason = std::move(runtime_reason);
  job.summary_json = summary.json();
}

void JobStore::run_now(const std::shared_ptr<Job>& job) {
  {
    std::lock_guard lock(mutex_);
    job->state = Job::State::Running;
  }
  run(*job);
}

void JobStore::submit(const std::shared_ptr<Job>& job) {
  {
    std::lock_guard lock(mutex_);
    job->state = Job::State::Queued;
    queue_.push_back(job);
  }
  wake_.notify_one();
}

void JobStore::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      job->state = Job::State::Running;
    }
    log_message(LogLevel::Debug, fmt::format("jaring serve: population job {} started\n", job->id));
    run(*job);
  }
}

void JobStore::expire() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    Job& j = *it->second;
    const bool finished = j.state == Job::State::Done || j.state == Job::State::Failed;
    const bool abandoned = j.state == Job::State::Receiving && it->second.use_count() == 1;
    if (abandoned) --active_;  // its request ended before the job was decided or queued
    it = (finished && now - j.finished > ttl_) || abandoned ? jobs_.erase(it) : std::next(it);
  }
}

std::shared_ptr<Job> JobStore::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  expire();
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->state == Job::State::Receiving) return nullptr;
  return it->second;
}

Job::State JobStore::state(const Job& job) {
  std::lock_guard lock(mutex_);
  return job.state;
}

nlohmann::json JobStore::status(const Job& job) {
  std::lock_guard lock(mutex_);
  nlohmann::json out = {{"id", job.id},
                        {"policy", job.policy->id},
                        {"policy_hash", job.policy->program->hash},
                        {"as_of", format_date(job.as_of)},
                        {"format", job.output == DecisionFormat::Csv ? "csv" : "jsonl"},
                        {"state", job_state_name(job.state)},
                        {"status_url", "/v1/jobs/" + job.id},
                        {"result_url", "/v1/jobs/" + job.id + "/result"}};
  if (job.state == Job::State::Done) {
    out["records"] = job.records;
    out["reconciles"] = job.reconciles;
    out["runtime"] = job.runtime();
    if (!job.runtime_reason.empty()) out["runtime_reason"] = job.runtime_reason;
    out["summary"] = nlohmann::json::parse(job.summary_json);
  }
  if (job.state == Job::State::Failed) out["error"] = job.error;
  return out;
}

}  // namespace jaring::server
