#include "engine/io/worker_pool.hpp"

#include <pthread.h>
#include <sched.h>

#include <system_error>
#include <utility>

#include "engine/io/watch_for.hpp"

namespace jaring {

namespace {

constexpr std::uint64_t count_bits = 16;
constexpr std::uint64_t count_mask = (std::uint64_t{1} << count_bits) - 1;

WorkerPool* process_pool = nullptr;
std::once_flag process_pool_once;

// Here a new thread often began on the CPU of the thread that made it, and the scheduler moved
// one of the two to the idle CPU only milliseconds later: a helper watching for its first call
// took turns with the thread reading the policy (perf sched timehist, cilegon-bench at 2
// threads: the reader waited 2,5 ms while the helper spun; in another run it got 4 µs in every
// 140). The helper moves itself off `cpu` at once: its affinity set to the other CPUs the
// process may use, then back to all of them (the scheduler stays free to move it later; a run
// held to one CPU, by taskset say, is left as it is).
void leave_cpu(int cpu) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (cpu < 0 || ::sched_getcpu() != cpu || ::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  if (!CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) return;
  cpu_set_t others = allowed;
  CPU_CLR(cpu, &others);
  if (::sched_setaffinity(0, sizeof others, &others) == 0) ::sched_setaffinity(0, sizeof allowed, &allowed);
}

}  // namespace

WorkerPool& WorkerPool::process() {
  std::call_once(process_pool_once, [] {
    process_pool = new WorkerPool;  // never deleted: its helpers may still watch at exit
    // A child of fork() has none of the parent's threads: it starts with a pool of its own.
    ::pthread_atfork(nullptr, nullptr, [] { process_pool = new WorkerPool; });
  });
  return *process_pool;
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : helpers_) t.join();
}

std::size_t WorkerPool::helpers() const {
  std::lock_guard lock(mutex_);
  return helpers_.size();
}

void WorkerPool::prepare(unsigned threads) {
  std::lock_guard lock(mutex_);
  while (helpers_.size() + 1 < threads && helpers_.size() < count_mask) {
    try {
      // The calls it may take are the ones after this: a run publishes its call only after
      // prepare() returns, and a helper can start long after it was made.
      const auto index = static_cast<unsigned>(helpers_.size() + 1);
      const std::uint64_t seen = call_.load(std::memory_order_acquire);
      const int cpu = ::sched_getcpu();
      helpers_.emplace_back([this, index, seen, cpu] {
        leave_cpu(cpu);
        helper(index, seen);
      });
    } catch (const std::system_error&) {
      return;  // no more threads now: run() makes do with those there are
    }
  }
}

void WorkerPool::helper(unsigned index, std::uint64_t seen) {
  for (;;) {
    auto called = [&] { return call_.load(std::memory_order_acquire) != seen; };
    if (!watch_for(called, watch)) {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || called(); });
      if (stop_) return;
    }
    seen = call_.load(std::memory_order_acquire);
    if (index >= (seen & count_mask)) continue;  // not needed by this call
    try {
      (*job_)(index);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      { const std::lock_guard lock(mutex_); }  // the caller is waiting or will see 0
      done_.notify_all();
    }
  }
}

void WorkerPool::run(unsigned n, const Job& job) {
  if (n <= 1) {
    job(0);
    return;
  }
  std::unique_lock running(running_, std::try_to_lock);
  if (!running.owns_lock() || n - 1 > count_mask) return run_alone(n, job);
  prepare(n);
  unsigned there = 0;
  {
    std::lock_guard lock(mutex_);
    there = static_cast<unsigned>(std::min<std::size_t>(helpers_.size() + 1, n));
    failure_ = nullptr;
  }
  job_ = &job;
  remaining_.store(there - 1, std::memory_order_relaxed);
  const std::uint64_t number = (call_.load(std::memory_order_relaxed) >> count_bits) + 1;
  call_.store((number << count_bits) | there, std::memory_order_release);
  { const std::lock_guard lock(mutex_); }  // a helper about to sleep sees the call first
  wake_.notify_all();
  std::exception_ptr mine;
  try {
    job(0);
    for (unsigned w = there; w < n; ++w) job(w);  // the ones no thread was there for
  } catch (...) {
    mine = std::current_exception();
  }
  auto done = [&] { return remaining_.load(std::memory_order_acquire) == 0; };
  if (!watch_for(done, std::chrono::microseconds{1000})) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, done);
  }
  job_ = nullptr;
  std::exception_ptr theirs;
  {
    std::lock_guard lock(mutex_);
    theirs = std::exchange(failure_, nullptr);
  }
  if (mine) std::rethrow_exception(mine);
  if (theirs) std::rethrow_exception(theirs);
}

void WorkerPool::run_alone(unsigned n, const Job& job) {
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> failures(n);
  unsigned started = 1;
  for (; started < n; ++started) {
    try {
      threads.emplace_back([&, started] {
        try {
          job(started);
        } catch (...) {
          failures[started] = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      break;
    }
  }
  try {
    job(0);
    for (unsigned w = started; w < n; ++w) job(w);
  } catch (...) {
    failures[0] = std::current_exception();
  }
  for (auto& t : threads) t.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
}

}  // namespace jaring
