// Population jobs (POST /v1/policies/{id}/populations): a population file received into a
// job's own temporary folder, decided as `jaring eval --records` decides it (quotas and budgets
// applied), its decisions written to a file in that folder. A small population is decided at
// once, inside its request; a large one by the job thread, and the client polls
// GET /v1/jobs/{id} and fetches GET /v1/jobs/{id}/result. A finished job is kept for `ttl`,
// then its folder is removed; at most `max_jobs` are waiting or running at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/io/population.hpp"
#include "engine/server/policy_store.hpp"

namespace jaring::server {

struct Job {
  enum class State { Receiving, Queued, Running, Done, Failed };

  std::string id;
  std::filesystem::path dir;  // the job's folder: `input`, `decisions`
  std::shared_ptr<const ServedPolicy> policy;
  Day as_of = 0;
  InputFormat input = InputFormat::Csv;
  char delimiter = ',';                    // between a CSV input's cells (the route's `delimiter`)
  char out_delimiter = ',';                // between the CSV decisions' cells (the route's `out_delimiter`)
  DateFormat date_format;                  // dates also read so (the route's `date_format`)
  std::vector<std::string> ignore_fields;  // read past (the route's `ignore_field`s)
  DecisionFormat output = DecisionFormat::JsonLines;
  std::chrono::system_clock::time_point created;

  // Under JobStore's mutex once the job is submitted.
  State state = State::Receiving;
  std::string error;         // when failed
  std::string summary_json;  // when done
  std::uint64_t records = 0;
  bool reconciles = false;
  std::string runtime_reason;  // when done: why the generic runtime decided it, or empty (the fast lane)
  const char* runtime() const { return runtime_reason.empty() ? "fast_lane" : "generic"; }  // when done
  std::chrono::steady_clock::time_point finished{};

  std::filesystem::path input_path() const { return dir / "input"; }
  std::filesystem::path output_path() const { return dir / "decisions"; }
  ~Job();  // removes the folder
};

const char* job_state_name(Job::State s);

class JobStore {
 public:
  JobStore(std::size_t max_jobs, std::chrono::seconds ttl);
  ~JobStore();  // stops the job thread (a running job finishes first)
  JobStore(const JobStore&) = delete;
  JobStore& operator=(const JobStore&) = delete;

  // A new job with its folder, receiving its input; nothing when `max_jobs` are waiting or
  // running. Throws std::runtime_error when the folder cannot be made.
  std::shared_ptr<Job> open();

  // Decides the job now, on the calling thread.
  void run_now(const std::shared_ptr<Job>& job);
  // Queues the job for the job thread.
  void submit(const std::shared_ptr<Job>& job);

  std::shared_ptr<Job> find(const std::string& id);
  nlohmann::json status(const Job& job);
  // The job's state, under the lock.
  Job::State state(const Job& job);

 private:
  void run(Job& job);
  void work();
  void expire();  // under mutex_

  std::size_t max_jobs_;
  std::chrono::seconds ttl_;
  std::filesystem::path root_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;  // every job not expired
  std::deque<std::shared_ptr<Job>> queue_;
  std::size_t active_ = 0;  // receiving, queued or running
  std::uint64_t counter_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jaring::server
