// A file's lines processed in parallel from the first byte: the bytes after `start` are cut
// into fixed ranges of `block` bytes, and each worker reads a range itself (pread), keeps the
// lines that start in it (the last one read on to its end), counts them, learns its first
// line's number from the blocks before it, and processes them (or, in a lazy run, processes
// them first and learns the number only if the work asks). The caller's thread is one of
// the workers; the processed blocks are handed on in file order by whichever worker finishes
// the next one (no thread is woken only to hand a block on). At most a window of blocks
// (2 × threads + 1, or BlockRun::long_window) are in flight, each in a buffer allocated once,
// so memory stays bounded however long the file.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/page_buffer.hpp"
#include "engine/io/worker_pool.hpp"

namespace jaring {

// A block's bytes: a buffer allocated once and reused, never cleared or zero-filled.
struct Bytes {
  PageBuffer data;
  std::size_t offset = 0, size = 0, capacity = 0;  // the bytes are data[offset, offset + size)
  std::uint64_t file_offset = 0;                   // where they are in the file
  bool file_end = false;                           // whether they run to the file's end
  const char* begin() const { return data.get() + offset; }
  std::string_view view() const { return {begin(), size}; }
};

// The LFs of a block (a JSON array's elements end anywhere in a line: its lines are counted so).
std::uint64_t count_lfs(std::string_view block);
// The physical lines of a block: its LFs, and a last line without one.
std::uint64_t count_lines(std::string_view block);

// Reads `size` bytes of `fd` from offset `at` into `to`, on through short reads and EINTR:
// the bytes read, fewer only at the file's end. A read error throws, naming `path`.
std::size_t pread_full(int fd, const std::string& path, char* to, std::size_t size, std::uint64_t at);

// An item's `lines` when its work starts on one worker: the work may count them as it reads the
// block (the lane does, line by line), and the run counts them after the work only when it did
// not, instead of a pass over every byte before (2 % of a 1-thread summary run). With more
// workers a block's first line waits on the counts of the blocks before it, taken first; or,
// in a run whose work rarely needs line numbers (`Numbering::Lazy`), the lines are left
// uncounted too and the work asks for its first line (BlockRun::first_line) when it needs it.
inline constexpr std::uint64_t lines_uncounted = ~std::uint64_t{0};
// An item's `first_line` in a lazy run until the work asks for it.
inline constexpr std::uint64_t first_line_unknown = ~std::uint64_t{0};

enum class Numbering { First, Lazy };

// Where a block's items begin: after a line's LF, or (a JSON array's elements) at a `{` after a
// comma (json_elements.hpp: the lane's framing checks each guess).
enum class BlockStarts { Lines, JsonElements };

class BlockReader {
 public:
  // `start`: the offset of the first line (or element) to read; `first_line`: its line's number.
  // A line (an element) longer than `max_line` stops the run (too_long()).
  // `row_starts` (row_starts.hpp: CSV whose quoted fields run on past their line, a JSON array
  // the guesses do not frame): block k's first row is known to begin at row_starts[k], not
  // after the first LF (the first `{` after a comma) in its range, which may be inside a row;
  // one per block, the file's size where no row begins in the range.
  BlockReader(const std::string& path, std::uint64_t start, std::uint64_t first_line, std::size_t block,
              std::size_t max_line, BlockStarts starts = BlockStarts::Lines,
              const std::vector<std::uint64_t>* row_starts = nullptr);
  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;
  ~BlockReader();

  std::uint64_t blocks() const { return blocks_; }
  // Reads block `k` into `b` (its lines; none when no line starts in its range). False when a
  // line runs on past the limit.
  bool read(std::uint64_t k, Bytes& b) const;
  std::uint64_t first_line() const { return first_line_; }
  // The lines a block's bytes take, so that the next block's first line follows: count_lines for
  // lines; a JSON array's elements, which end anywhere in a line, their LFs.
  std::uint64_t lines_in(std::string_view bytes) const {
    return starts_ == BlockStarts::Lines ? count_lines(bytes) : count_lfs(bytes);
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t start_ = 0, size_ = 0, first_line_ = 1, blocks_ = 0;
  std::size_t block_ = 0, max_line_ = 0;
  BlockStarts starts_ = BlockStarts::Lines;
  const std::vector<std::uint64_t>* row_starts_ = nullptr;
};

// Runs `work` on every block on `threads` workers (the caller's thread the first) and `emit`
// on every block in order, one block at a time, on whichever worker's thread is free to.
// An Item has `Bytes bytes` and `std::uint64_t index, first_line, lines`; its bytes are the
// worker's own buffer, lent to it for `work` only (`emit` finds other bytes there). `emit` may call stop() to
// have no further block read; run() returns when every block read has been emitted. A
// worker's exception is rethrown by run().
template <typename Item>
class BlockRun {
 public:
  using Work = std::function<void(Item&, unsigned worker)>;
  using Emit = std::function<void(Item&)>;

  // Blocks in flight: taken, in work, or done and not yet emitted. A worker takes no block
  // `window` or more after the first not emitted, so a worker that falls behind (its vCPU
  // taken by another task for 1-4 ms: a few times in most 2-thread runs here) holds the others
  // back once they are that far ahead. By default 2 × threads + 1, which holds them after some
  // 0,5 ms of work. A run whose blocks write their output at their places (offer()) goes
  // faster with more while vCPUs are taken: 33 hold them after some 4 ms (cilegon-bench, 1M
  // records, CSV at 2 threads, 40 alternated runs each: median 78,2 ms at 5, 73,0 at 17, 72,1
  // at 33, 73,9 at 65; in a later phase of the machine, no vCPU taken, no difference: 80,5
  // before, 81,3 at 33). A run that only counts does not (summary: 39,2 against 38,9 ms at
  // 33), and each slot keeps the memory its blocks took (a region's summary run at 2 threads:
  // 64,4 → 68,4 MiB peak at 33), so the long window is for writing runs alone. Their slots
  // also keep output waiting for its place: CSV at 2 threads peaks at 15,9-21,3 MiB, not 15,3.
  static std::size_t long_window(unsigned threads) { return std::max<std::size_t>(2 * std::size_t{threads} + 1, 33); }

  // `window`: 0 for the default (above).
  BlockRun(const BlockReader& reader, unsigned threads, Work work, Emit emit, Numbering numbering = Numbering::First,
           std::size_t window = 0)
      : reader_(reader),
        threads_(std::max(1u, threads)),
        lazy_(numbering == Numbering::Lazy),
        window_(window > 0 ? window : 2 * std::size_t{threads_} + 1),
        work_(std::move(work)),
        emit_(std::move(emit)),
        slots_(window_),
        lines_(window_, 0),
        first_(window_, 0),
        has_lines_(window_, 0),
        has_first_(window_, 0),
        done_(window_, 0),
        sizes_(window_, 0),
        places_(window_, 0),
        has_size_(window_, 0),
        has_place_(window_, 0) {
    for (auto& s : slots_) s = std::make_unique<Item>();
  }

  void stop() { stopping_ = true; }

  // For `work`: the sum of `size` over the blocks before block `k` (where its output goes in
  // the file), if every one of them has given its own, else nothing: the work then leaves its
  // output to `emit`, which learns the place from place_of(). No worker waits here for the
  // blocks before its own (a worker that did, when the one before was slow, held its block
  // and took no other: 0,2-8 ms of waiting in a 2-thread CSV run).
  std::optional<std::uint64_t> offer(std::uint64_t k, std::uint64_t size) {
    const std::lock_guard lock(mutex_);
    sizes_[k % window_] = size;
    has_size_[k % window_] = 1;
    while (placed_ < next_ && has_size_[placed_ % window_]) {
      const std::size_t slot = placed_ % window_;
      places_[slot] = offset_;
      has_place_[slot] = 1;
      has_size_[slot] = 0;
      offset_ += sizes_[slot];
      ++placed_;
    }
    if (!has_place_[k % window_]) return std::nullopt;
    return places_[k % window_];
  }
  // For `emit`: the place of a block whose work called offer() (every block before it has, by
  // then).
  std::uint64_t place_of(std::uint64_t k) {
    const std::lock_guard lock(mutex_);
    if (!has_place_[k % window_])
      throw std::logic_error("BlockRun::place_of: block " + std::to_string(k) + " has no place");
    return places_[k % window_];
  }
  bool too_long() const { return too_long_; }

  // For `work` in a lazy run (its item's `first_line` is first_line_unknown): block `k`'s first
  // line, once every block before it has counted its lines (after its work); a halted run
  // ends the work (the worker stops quietly).
  std::uint64_t first_line(std::uint64_t k) {
    std::unique_lock lock(mutex_);
    advance();  // the blocks before it may all be counted since its own was taken
    chain_cv_.wait(lock, [&] { return halted_ || failure_ || has_first_[k % window_]; });
    if (!has_first_[k % window_]) throw Halted{};
    return first_[k % window_];
  }

  void run() {
    const std::uint64_t n = reader_.blocks();
    if (threads_ == 1 || n <= 1) {  // one block: no thread to start for it
      std::uint64_t line = reader_.first_line();
      for (std::uint64_t k = 0; k < n && !stopping_; ++k) {
        Item& b = *slots_[0];
        if (!reader_.read(k, b.bytes)) {
          too_long_ = true;
          return;
        }
        b.index = k;
        next_ = k + 1;
        b.lines = lines_uncounted;
        b.first_line = line;
        work_(b, 0);
        if (b.lines == lines_uncounted) b.lines = reader_.lines_in(b.bytes.view());
        line += b.lines;
        emit_(b);
        has_place_[k % window_] = 0;
      }
      return;
    }
    // The caller's thread is worker 0; whichever worker finishes the next block in order
    // emits it (and the ones after it already done), so no thread waits only to emit.
    // The other workers are the process's pool threads (io/worker_pool.hpp), awake already.
    WorkerPool::process().run(threads_, [this, n](unsigned w) { worker(w, n); });
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void halt() {
    {
      std::lock_guard lock(mutex_);
      halted_ = true;
    }
    ready_cv_.notify_all();
    chain_cv_.notify_all();
  }

  void worker(unsigned w, std::uint64_t n) {
    for (;;) {
      std::uint64_t k = 0;
      {
        std::unique_lock lock(mutex_);
        ready_cv_.wait(lock, [&] { return halted_ || failure_ || next_ >= n || next_ < emitted_ + window_; });
        if (halted_ || failure_ || next_ >= n) return;
        k = next_++;
      }
      Item& b = *slots_[k % window_];
      std::swap(b.bytes, own_[w]);  // lent for the work; given back before the block is done
      try {
        if (!reader_.read(k, b.bytes)) {
          {
            std::lock_guard lock(mutex_);
            too_long_ = true;
          }
          halt();
          return;
        }
        b.index = k;
        if (lazy_) {
          b.lines = lines_uncounted;
          b.first_line = first_line_unknown;
          work_(b, w);
          if (b.lines == lines_uncounted) b.lines = reader_.lines_in(b.bytes.view());
          count(k, b.lines);
        } else {
          b.lines = reader_.lines_in(b.bytes.view());
          if (!number(k, b)) return;
          work_(b, w);
        }
        std::swap(b.bytes, own_[w]);
      } catch (const Halted&) {
        return;
      } catch (...) {
        {
          std::lock_guard lock(mutex_);
          if (!failure_) failure_ = std::current_exception();
        }
        halt();
        return;
      }
      finish(k);
    }
  }

  // Block `k` is processed: emitted now, with the done blocks after it, unless a block before
  // it is still in work (its worker emits it) or another worker is emitting (it goes on to
  // this one: it looks again under the lock before it stops).
  void finish(std::uint64_t k) {
    std::unique_lock lock(mutex_);
    done_[k % window_] = 1;
    if (emitting_) return;
    emitting_ = true;
    while (!halted_ && !failure_ && emitted_ < next_ && done_[emitted_ % window_]) {
      const std::uint64_t e = emitted_;
      done_[e % window_] = 0;
      lock.unlock();
      try {
        emit_(*slots_[e % window_]);
      } catch (...) {
        lock.lock();
        if (!failure_) failure_ = std::current_exception();
        emitting_ = false;
        lock.unlock();
        halt();
        return;
      }
      lock.lock();
      if (lazy_) has_first_[e % window_] = 0;  // its work may not have asked: the slot is free again
      has_place_[e % window_] = 0;
      emitted_ = e + 1;
      const bool stop_now = stopping_;
      if (stop_now) halted_ = true;  // no further block is read; the ones in work are dropped
      lock.unlock();
      ready_cv_.notify_all();
      if (stop_now) chain_cv_.notify_all();
      lock.lock();
    }
    emitting_ = false;
  }

  struct Halted {};  // first_line() in a run that stopped

  // Block `k`'s line count given to the chain (under the lock).
  void chain(std::uint64_t k, std::uint64_t lines) {
    lines_[k % window_] = lines;
    has_lines_[k % window_] = 1;
    advance();
  }

  // The chain numbers the blocks in order (under the lock): block chain_'s first line is known
  // once every block before it is counted, and given as soon as the block is taken (a lazy
  // run's work may ask for it before its own count); the chain passes it once it is counted.
  void advance() {
    while (chain_ < next_) {
      const std::size_t slot = chain_ % window_;
      if (!given_) {
        if (chain_ == 0) line_ = reader_.first_line();
        first_[slot] = line_;
        has_first_[slot] = 1;
        given_ = true;
      }
      if (!has_lines_[slot]) return;
      has_lines_[slot] = 0;
      line_ += lines_[slot];
      ++chain_;
      given_ = false;
    }
  }

  // A lazy run's block `k`, its work done: its count given to the chain (its first line is
  // cleared when it is emitted).
  void count(std::uint64_t k, std::uint64_t lines) {
    {
      std::lock_guard lock(mutex_);
      chain(k, lines);
    }
    chain_cv_.notify_all();
  }

  // The block's first line number, once every block before it has counted its lines.
  bool number(std::uint64_t k, Item& b) {
    std::unique_lock lock(mutex_);
    chain(k, b.lines);
    lock.unlock();
    chain_cv_.notify_all();
    lock.lock();
    chain_cv_.wait(lock, [&] { return halted_ || failure_ || has_first_[k % window_]; });
    if (!has_first_[k % window_]) return false;
    b.first_line = first_[k % window_];
    has_first_[k % window_] = 0;
    return true;
  }

  const BlockReader& reader_;
  unsigned threads_;
  bool lazy_;
  std::size_t window_;
  Work work_;
  Emit emit_;
  std::vector<std::unique_ptr<Item>> slots_;  // block k in slot k % window_
  // Each worker's own buffer for the bytes it reads: a slot goes to whichever worker is free,
  // and a buffer kept in the slot moved between the cores' caches with every block (a
  // 2-thread summary run took 7 % more CPU time).
  std::vector<Bytes> own_ = std::vector<Bytes>(threads_);
  // Per slot, under the mutex: the block's line count and first line as the chain learns
  // them (the chain numbers blocks in order from chain_), and whether it is processed.
  std::vector<std::uint64_t> lines_, first_;
  std::vector<char> has_lines_, has_first_, done_;
  // offer(): the same chain for output sizes; a block's place is kept until it is emitted.
  std::vector<std::uint64_t> sizes_, places_;
  std::vector<char> has_size_, has_place_;
  std::uint64_t placed_ = 0, offset_ = 0;
  std::mutex mutex_;
  std::condition_variable ready_cv_, chain_cv_;
  std::uint64_t next_ = 0, emitted_ = 0, chain_ = 0, line_ = 0;
  bool halted_ = false, stopping_ = false, too_long_ = false, emitting_ = false;
  bool given_ = false;  // block chain_'s first line given (advance())
  std::exception_ptr failure_;
};

}  // namespace jaring
