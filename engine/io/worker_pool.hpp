// The threads a run's parallel steps share (io/block_run.hpp's workers, io/id_hashes.cpp's
// second thread), started once and kept. A thread started for each step cost the step its
// start: on a VM the other core sleeps, and a new thread first ran 0,3 to 4 ms after it was
// made (cilegon-bench, 1M records, 2 threads), while the caller's thread worked alone. Here the
// helpers are started before the policy is even read (prepare()), and between steps they
// watch for the next one for a few milliseconds before they sleep, so the next step finds
// its core awake.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace jaring {

class WorkerPool {
 public:
  using Job = std::function<void(unsigned worker)>;

  // The process's pool (made at first use, never destroyed: its helpers end with the
  // process; a child after fork() gets a new, empty one).
  static WorkerPool& process();

  WorkerPool() = default;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();  // stops and joins the helpers

  // Starts helpers until `threads` - 1 are there (best effort: a thread the system refuses
  // is left out, and run() makes do). Worth calling as early as the thread count is known.
  void prepare(unsigned threads);

  // Runs job(0) on this thread and job(1) ... job(n - 1) each on a thread of its own; returns
  // when all have returned, and then rethrows the first exception one of them threw. The jobs
  // must not wait for one another to start: when threads are short (the system refuses one),
  // a job runs on this thread after the ones before it. While another run holds the pool, the
  // jobs get threads started for them alone.
  void run(unsigned n, const Job& job);

  // Helpers started (for tests).
  std::size_t helpers() const;

  // How long a helper that finished a job keeps its core awake for the next one.
  static constexpr std::chrono::microseconds watch{5000};

 private:
  void helper(unsigned index, std::uint64_t seen);
  void run_alone(unsigned n, const Job& job);

  mutable std::mutex mutex_;  // helpers_, stop_; and the sleeping side of the handshakes
  std::condition_variable wake_, done_;
  std::vector<std::thread> helpers_;
  bool stop_ = false;
  std::mutex running_;  // held by the run that uses the helpers
  // A run's call, published at once: its number (upper bits) and its job count (lower 16).
  std::atomic<std::uint64_t> call_{0};
  const Job* job_ = nullptr;
  std::atomic<unsigned> remaining_{0};
  std::exception_ptr failure_;  // under mutex_
};

}  // namespace jaring
