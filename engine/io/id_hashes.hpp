// The hashes of record ids the fast lane (fast_population.cpp) collects on its workers, and
// the ones among them that occur more than once: the duplicated ids to be named by the
// generic scan (batch.hpp scan_ids).
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/base/text_hash.hpp"

namespace jaring {

// Hashes kept as they come from every worker, bucketed by their top 8 bits, so that the
// repeats can be found bucket by bucket (repeated_ids) with no copy to group them. Each bucket
// has a fixed room for all workers, in one region of memory backed by huge pages where the
// system offers them; a worker takes it `chunk` hashes at a time (one atomic step per chunk),
// so the room is shared however unevenly the workers divide the blocks. (A room per worker for
// its expected share overflowed when they did not: this VM's vCPUs sometimes run at 1 and 0,74
// of a speed, and the faster worker took 60 % of the blocks; 35.000-40.000 of its hashes went
// to the overflow, whose grouping then took 0,9-1,4 ms while the other thread waited.) What
// does not fit goes to the worker's overflow, which seal() groups by bucket. The region holds
// each hash's other 56 bits in 7 bytes (its top 8 are the bucket's): memory a run touches
// first costs this VM 7 µs per 4 KiB when the host must back it again (a huge page 3,7 ms,
// zeroed whole), and a million ids in 8 bytes with their room took five huge pages, now four.
class IdHashes {
 public:
  static constexpr int bits = 8;
  static constexpr std::size_t buckets = std::size_t{1} << bits;
  static constexpr std::size_t entry = 7;   // bytes per hash in the region
  static constexpr std::size_t chunk = 72;  // hashes a worker takes room for at a time

  explicit IdHashes(unsigned workers = 1);
  IdHashes(const IdHashes&) = delete;
  IdHashes& operator=(const IdHashes&) = delete;
  ~IdHashes();

  // Room for about `expected` hashes (of all workers) and an eighth more; the first call
  // decides, later ones return at once (any worker may call it, at the same time as others).
  // Without it every hash goes to the overflow.
  void expect(std::uint64_t expected) {
    std::call_once(expected_, [&] { make_room(expected); });
  }
  // `worker`'s hashes; workers add at the same time, each under its own number.
  void add(unsigned worker, const std::vector<std::uint64_t>& hashes) {
    Worker& w = workers_[worker];
    for (const std::uint64_t h : hashes) {
      const std::size_t b = h >> (64 - bits);
      if (w.at[b] == w.end[b] && !take_chunk(w, b)) {
        w.overflow.push_back(h);
        ++w.spilled[b];
        continue;
      }
      store(region_ + b * bucket_bytes() + w.at[b], h);
      w.at[b] += entry;
      ++w.kept[b];
    }
  }
  // Hashes in `bucket`, all workers'.
  std::size_t size(std::size_t bucket) const;
  // Hashes that did not fit the room, all workers'.
  std::size_t spilled() const;
  // Groups the overflow by bucket, for for_each(); no add() after it.
  void seal();
  template <typename F>
  void for_each(std::size_t bucket, F&& f) const {
    const std::uint64_t top = std::uint64_t{bucket} << (64 - bits);
    const unsigned char* const room = region_ + bucket * bucket_bytes();
    const std::uint8_t* const fill = fills_.data() + bucket * chunks_;
    for (std::size_t c = 0, chunks = taken(bucket); c < chunks; ++c)
      for (std::size_t i = 0; i < fill[c]; ++i) f(top | load(room + c * chunk_bytes + i * entry));
    for (std::size_t i = first_[bucket]; i < first_[bucket] + spilled_[bucket]; ++i) f(overflow_[i]);
  }
  void release();  // every bucket and the region
  // The room's hashes per bucket, and the bytes of memory reserved for all buckets' rooms.
  std::size_t room() const { return chunks_ * chunk; }
  std::size_t room_bytes() const { return region_ ? region_bytes() : 0; }

 private:
  // A chunk's bytes: its 72 hashes (504 bytes) and room for the 8-byte store and load of its
  // last, never into the next chunk, which may be another worker's; 8 whole cache lines, so
  // no line is written by two workers (chunks of 64 hashes in 455 bytes shared one at every
  // boundary), and a million ids' room is 8 MiB, four huge pages, for one worker or two.
  static constexpr std::size_t chunk_bytes = 512;
  static_assert((chunk - 1) * entry + 8 <= chunk_bytes && chunk_bytes % 64 == 0);
  static constexpr std::uint32_t full = ~std::uint32_t{0};  // a worker's mark of a full bucket
  static constexpr std::uint64_t low = (std::uint64_t{1} << (64 - bits)) - 1;

  // What one worker keeps, touched only by it until seal(): where it writes in each bucket (a
  // byte offset in the bucket's room, inside its chunk, up to `end`), and how many it kept and
  // spilled there.
  struct alignas(64) Worker {
    std::array<std::uint32_t, buckets> at{}, end{};
    std::array<std::uint32_t, buckets> kept{};
    std::array<std::size_t, buckets> spilled{};
    std::vector<std::uint64_t> overflow;
  };

  void make_room(std::uint64_t expected);
  bool take_chunk(Worker& w, std::size_t bucket);
  std::size_t taken(std::size_t bucket) const {
    return taken_ ? std::min<std::size_t>(taken_[bucket].load(std::memory_order_relaxed), chunks_) : 0;
  }
  std::size_t bucket_bytes() const { return chunks_ * chunk_bytes; }
  std::size_t region_bytes() const { return buckets * bucket_bytes(); }
  static void store(unsigned char* at, std::uint64_t h) {
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(at, &h, 8);  // the 8th byte (the bucket's) is overwritten by the next entry
    } else {
      for (std::size_t i = 0; i < entry; ++i) at[i] = static_cast<unsigned char>(h >> (8 * i));
    }
  }
  static std::uint64_t load(const unsigned char* at) {
    std::uint64_t h = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&h, at, 8);
    } else {
      for (std::size_t i = 0; i < entry; ++i) h |= std::uint64_t{at[i]} << (8 * i);
    }
    return h & low;
  }

  std::once_flag expected_;
  unsigned char* region_ = nullptr;                      // buckets × chunks_ × slots entries
  std::size_t chunks_ = 0;                               // per bucket
  std::unique_ptr<std::atomic<std::uint32_t>[]> taken_;  // chunks taken per bucket (may pass chunks_)
  std::vector<Worker> workers_;
  // Once sealed: the hashes in each chunk, and the overflow of all workers grouped by bucket.
  std::vector<std::uint8_t> fills_;             // buckets × chunks_
  std::array<std::size_t, buckets> spilled_{};  // in the overflow
  std::array<std::size_t, buckets> first_{};    // each bucket's first in the overflow
  std::vector<std::uint64_t> overflow_;
};

// Whether the first ids a worker sees repeat among themselves. The fast lane's optimistic pass
// decides and writes before it knows which ids repeat, and does it all again when some do; a
// file in which many repeat shows a repeat among its first rows, and the pass then stops there
// rather than at the file's end. Up to `most` hashes, in a table of `slots` 32-bit tags (64
// KiB, made at the first add: a run that never asks touches none of it); an id whose tag and
// probe path two different ids share (about one run in 10^5 at most) is a repeat here, which
// only costs a stopped pass.
class alignas(64) EarlyRepeats {  // a cache line each: workers' are side by side
 public:
  static constexpr std::size_t slots = std::size_t{1} << 14;
  static constexpr std::size_t most = slots / 2;

  // Keeps `hashes` while fewer than `most` are kept; true when one of them was kept before.
  bool add(const std::vector<std::uint64_t>& hashes) {
    if (kept_ >= most) return false;
    if (!table_) table_ = std::make_unique<std::uint32_t[]>(slots);
    std::uint32_t* const table = table_.get();
    std::size_t kept = kept_;
    bool seen = false;
    for (const std::uint64_t h : hashes) {
      if (kept == most) break;
      const std::uint32_t tag = static_cast<std::uint32_t>(h >> 32) | 1;  // 0: an empty slot
      std::size_t i = h & (slots - 1);
      while (table[i] != 0 && table[i] != tag) i = (i + 1) & (slots - 1);
      if (table[i] == tag) {
        seen = true;
        break;
      }
      table[i] = tag;
      ++kept;
    }
    kept_ = kept;
    return seen;
  }
  std::size_t kept() const { return kept_; }

 private:
  std::unique_ptr<std::uint32_t[]> table_;
  std::size_t kept_ = 0;
};

// The hashes (of all workers) seen more than once, sorted; with two threads or more, a
// second thread takes buckets too. The hashes are released.
std::vector<std::uint64_t> repeated_ids(IdHashes& ids, unsigned threads);

}  // namespace jaring
