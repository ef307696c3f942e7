// Positional writes of several workers to one file, one worker at a time. Two threads in the
// kernel's write to one file take turns on its lock, and the one waiting spins on it (tmpfs:
// 8 % of a 2-thread JSON Lines run's CPU in `rwsem_spin_on_owner`). Here a worker that finds
// another writing keeps its text and goes on deciding; it writes what it kept with its next
// text, and waits for its turn only when it keeps `max_waiting` texts already. It waits by
// watching the lock for up to `spin`, and sleeps on it only after: woken from its sleep, a
// worker began to write a while after the lock was free, and the file went unwritten for
// that while at every turn (cilegon-bench, 1M records, JSON Lines at 2 threads: 437 ms
// sleeping at once, 396 ms watching first; medians of 11 alternating runs; CSV unchanged).
// With more workers than cores, a worker sleeps at once: the core it would watch on is one
// another worker needs (8 workers on 2 cores: 601 ms sleeping, 638 ms watching).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jaring {

class SharedWrites {
 public:
  using Write = std::function<void(std::string_view text, std::uint64_t at)>;

  static constexpr std::chrono::microseconds spin{1000};

  SharedWrites(unsigned workers, Write write, std::size_t max_waiting = 2);

  // Writes `text` at offset `at` for `worker`, or keeps it: `text` is then swapped with a
  // buffer of the worker's (empty or holding old text, its capacity kept for reuse). A throw
  // from `write` passes on.
  void write(unsigned worker, std::string& text, std::uint64_t at);
  // Writes `text` at offset `at` now, in its turn (for a text whose place was learnt only
  // after its worker had gone on: io/block_run.hpp offer()). A throw from `write` passes on.
  void write_now(std::string_view text, std::uint64_t at);
  // Writes what the workers kept. Call when no worker writes any more.
  void finish();
  // Texts kept, not yet written (all workers).
  std::size_t waiting() const;

 private:
  struct Kept {
    std::vector<std::pair<std::string, std::uint64_t>> texts;  // the first `waiting` are to be written
    std::size_t waiting = 0;
  };
  void write_kept(Kept& k);
  void take_turn();  // locks writing_

  Write write_;
  std::size_t max_waiting_;
  bool watch_;  // each worker has a core of its own: a watching worker keeps none from working
  std::mutex writing_;
  std::vector<Kept> kept_;  // one per worker, touched only by its worker (and by finish)
};

}  // namespace jaring
