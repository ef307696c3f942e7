// WorkerPool (engine/io/worker_pool.hpp): each job once, job 0 on the caller's thread, the others
// on threads kept from run to run (awake or asleep); a job's exception after all have returned;
// a second run at once on threads of its own; a child of fork() with a pool of its own.
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/io/fast_population.hpp"
#include "engine/io/population.hpp"
#include "engine/io/worker_pool.hpp"

using namespace jaring;

namespace {

int threads_alive() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

// Runs `n` jobs on `pool`; each records its index and thread.
struct Calls {
  std::mutex mutex;
  std::vector<int> count;
  std::set<std::thread::id> threads;
  std::thread::id of_zero;
  explicit Calls(unsigned n) : count(n, 0) {}
  void run(WorkerPool& pool, unsigned n) {
    pool.run(n, [&](unsigned w) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));  // every job is under way at once
      const std::lock_guard lock(mutex);
      ++count.at(w);
      threads.insert(std::this_thread::get_id());
      if (w == 0) of_zero = std::this_thread::get_id();
    });
  }
};

}  // namespace

TEST_CASE("worker pool: each job once, the first on the caller's thread, threads kept", "[worker_pool]") {
  WorkerPool pool;
  const int before = threads_alive();
  Calls first(4);
  first.run(pool, 4);
  CHECK(first.count == std::vector<int>{1, 1, 1, 1});
  CHECK(first.of_zero == std::this_thread::get_id());
  CHECK(first.threads.size() == 4);
  CHECK(pool.helpers() == 3);
  CHECK(threads_alive() == before + 3);

  // Again, once the helpers have stopped watching and sleep: the same threads, none new.
  std::this_thread::sleep_for(WorkerPool::watch * 3);
  Calls again(3);
  again.run(pool, 3);
  CHECK(again.count == std::vector<int>{1, 1, 1});
  CHECK(pool.helpers() == 3);
  CHECK(threads_alive() == before + 3);
  for (const auto& id : again.threads) CHECK(first.threads.count(id) == 1);

  // One job: on the caller's thread alone.
  Calls one(1);
  one.run(pool, 1);
  CHECK(one.count == std::vector<int>{1});
  CHECK(one.threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("worker pool: prepare() starts the helpers before any run", "[worker_pool]") {
  WorkerPool pool;
  const int before = threads_alive();
  pool.prepare(3);
  CHECK(pool.helpers() == 2);
  CHECK(threads_alive() == before + 2);
  pool.prepare(2);  // never fewer
  CHECK(pool.helpers() == 2);
  Calls calls(3);
  calls.run(pool, 3);
  CHECK(calls.count == std::vector<int>{1, 1, 1});
  CHECK(threads_alive() == before + 2);
}

TEST_CASE("worker pool: an exception passes on once every job has returned", "[worker_pool]") {
  WorkerPool pool;
  for (unsigned thrower : {0u, 2u}) {
    std::atomic<int> returned{0};
    CHECK_THROWS_WITH(pool.run(3,
                               [&](unsigned w) {
                                 std::this_thread::sleep_for(std::chrono::milliseconds(w == 1 ? 20 : 1));
                                 ++returned;
                                 if (w == thrower) throw std::runtime_error("job " + std::to_string(w));
                               }),
                      "job " + std::to_string(thrower));
    CHECK(returned == 3);
  }
  Calls after(3);  // the pool still works
  after.run(pool, 3);
  CHECK(after.count == std::vector<int>{1, 1, 1});
}

TEST_CASE("worker pool: a run while another holds the pool gets threads of its own", "[worker_pool]") {
  WorkerPool pool;
  std::atomic<bool> inside{false}, release{false};
  std::thread other([&] {
    pool.run(2, [&](unsigned w) {
      if (w == 0) {
        inside = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  });
  while (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Calls calls(3);
  calls.run(pool, 3);  // would wait for `other` forever if it queued behind it
  release = true;
  other.join();
  CHECK(calls.count == std::vector<int>{1, 1, 1});
  CHECK(calls.threads.size() == 3);
  CHECK(pool.helpers() == 1);  // the pool's helper served `other` alone
}

TEST_CASE("worker pool: a child of fork() runs its jobs on a pool of its own", "[worker_pool]") {
  WorkerPool::process().prepare(2);
  Calls parent(2);
  parent.run(WorkerPool::process(), 2);
  REQUIRE(parent.count == std::vector<int>{1, 1});
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The parent's helpers are not in this process: a run that counted on them would hang.
    std::atomic<int> ran{0};
    WorkerPool::process().run(2, [&](unsigned) { ++ran; });
    ::_exit(ran == 2 && WorkerPool::process().helpers() == 1 ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("worker pool: a population starts its threads early only when it has blocks to share", "[worker_pool]") {
  // A file of one block (a one-record run) is decided on the caller's thread: a thread started
  // for it is only a cost. One of more blocks gets the threads before its policy is read.
  namespace fs = std::filesystem;
  const fs::path small = fs::temp_directory_path() / "jaring-pool-small.csv";
  const fs::path large = fs::temp_directory_path() / "jaring-pool-large.csv";
  std::ofstream(small) << "id,age\n1,30\n";
  {
    std::ofstream out(large);
    out << "id,age\n";
    for (std::size_t i = 0; out.tellp() <= static_cast<std::streamoff>(fast_block_bytes(false)); ++i)
      out << i << ",30\n";
  }
  const std::size_t before = WorkerPool::process().helpers();
  const int threads = threads_alive();
  prepare_population(small.string(), 4, DecisionFormat::Csv, false);
  prepare_population(large.string(), 1, DecisionFormat::Csv, false);  // one thread: none to start
  prepare_population("/no/such/file.csv", 4, DecisionFormat::Csv, false);
  CHECK(WorkerPool::process().helpers() == before);
  CHECK(threads_alive() == threads);
  // Over a block of JSON Lines output (16 KiB) but not of the rest (128 KiB): JSON Lines only.
  if (before < 2) {
    std::ofstream(small) << "id,age\n" << std::string(fast_block_bytes(true), '1') << ",30\n";
    prepare_population(small.string(), 3, DecisionFormat::Csv, true);
    CHECK(WorkerPool::process().helpers() == before);
    prepare_population(small.string(), 3, DecisionFormat::JsonLines, true);
    CHECK(WorkerPool::process().helpers() == 2);
  }
  prepare_population(large.string(), 2, DecisionFormat::Csv, false);
  CHECK(WorkerPool::process().helpers() >= 1);
  fs::remove(small);
  fs::remove(large);
}
