#include "engine/io/id_hashes.hpp"

#include "engine/base/huge_pages.hpp"
#include "engine/io/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <new>
#include <utility>

namespace jaring {

IdHashes::IdHashes(IdHashes&& other) noexcept
    : region_(std::exchange(other.region_, nullptr)),
      room_(std::exchange(other.room_, 0)),
      size_(std::exchange(other.size_, {})),
      spilled_(std::exchange(other.spilled_, {})),
      first_(std::exchange(other.first_, {})),
      overflow_(std::move(other.overflow_)),
      expecting_(std::exchange(other.expecting_, false)) {}

IdHashes::~IdHashes() { release(); }

void IdHashes::release() {
  if (region_) HugePageAllocator<unsigned char>().deallocate(region_, region_bytes());
  region_ = nullptr;
  room_ = 0;
  size_.fill(0);
  spilled_.fill(0);
  first_.fill(0);
  std::vector<std::uint64_t>().swap(overflow_);
}

void IdHashes::seal() {
  std::size_t at = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    first_[b] = at;
    at += spilled_[b];
  }
  if (overflow_.empty()) return;
  // Placed by bucket in one read, however many there are (every hash, when no room could be
  // had; a few, or none, when the room was expected).
  std::vector<std::uint64_t> grouped(overflow_.size());
  std::array<std::size_t, buckets> next = first_;
  for (const std::uint64_t h : overflow_) grouped[next[h >> (64 - bits)]++] = h;
  overflow_.swap(grouped);
}

void IdHashes::expect(std::uint64_t expected) {
  expecting_ = true;
  if (region_) return;
  const std::size_t room = static_cast<std::size_t>(expected / buckets * 9 / 8 + 16);
  // Huge pages from 1 MiB (HugePageAllocator); a small file's ids (under 130.000 or so) take
  // 4 KiB pages as they are touched: a huge page is zeroed whole at its first touch (0,14 ms
  // here, more when the system must compact memory for it), which a 1-record run paid for
  // 32 KiB of room. Only what is written is ever backed by memory.
  try {
    room_ = room;
    region_ = HugePageAllocator<unsigned char>().allocate(region_bytes());
  } catch (const std::bad_alloc&) {
    room_ = 0;  // everything goes to the overflow vectors
  }
}

namespace {

// The hashes (of all workers) seen more than once in the buckets taken from `next` one at a
// time. A bucket's hashes are read twice over two bitmaps of 16 bits per hash, indexed by the
// hash's bits after the bucket's: the first read marks in `twice` the bits that more than one
// hash sets, the second keeps the hashes on such a bit (one in sixteen or so, and every
// repeated one), which are then sorted to find the equal ones. The bitmaps stay in the core's
// first cache where the open-addressing set this replaces (16 bytes per hash, zeroed for each
// bucket, probed at random) did not: a million cilegon-bench ids took 6,2 ms on one
// thread and 3,8 ms on two, now 5,0 and 3,2 ms.
void repeated_in(std::vector<IdHashes>& all, std::atomic<std::size_t>& next, std::vector<std::uint64_t>& out) {
  std::vector<std::uint64_t> seen, twice, maybe;
  for (std::size_t b = next++; b < IdHashes::buckets; b = next++) {
    std::size_t n = 0;
    for (const auto& ids : all) n += ids.size(b);
    if (n > 1) {
      int k = 6;  // 2^k bits, at least a word and 16 per hash
      while ((std::size_t{1} << k) < 16 * n && k < 40) ++k;
      const int shift = 64 - IdHashes::bits - k;
      const std::uint64_t mask = (std::uint64_t{1} << k) - 1;
      seen.assign(std::size_t{1} << (k - 6), 0);
      twice.assign(seen.size(), 0);
      for (const auto& ids : all)
        ids.for_each(b, [&](const std::uint64_t h) {
          const std::uint64_t i = (h >> shift) & mask, bit = std::uint64_t{1} << (i & 63);
          twice[i >> 6] |= seen[i >> 6] & bit;
          seen[i >> 6] |= bit;
        });
      maybe.clear();
      for (const auto& ids : all)
        ids.for_each(b, [&](const std::uint64_t h) {
          const std::uint64_t i = (h >> shift) & mask;
          if ((twice[i >> 6] >> (i & 63)) & 1) maybe.push_back(h);
        });
      std::sort(maybe.begin(), maybe.end());
      for (std::size_t i = 1; i < maybe.size(); ++i)
        if (maybe[i] == maybe[i - 1]) out.push_back(maybe[i]);  // repeated_ids makes them unique
    }
  }
}

}  // namespace

std::vector<std::uint64_t> repeated_ids(std::vector<IdHashes>& all, unsigned threads) {
  std::vector<std::uint64_t> out, other;
  std::atomic<std::size_t> next{0};
  std::size_t hashes = 0;
  for (auto& ids : all) ids.seal();
  for (const auto& ids : all)
    for (std::size_t b = 0; b < IdHashes::buckets; ++b) hashes += ids.size(b);
  // Under 65.536 hashes (0,3 ms on one thread) a helper saves less than its start can cost.
  if (threads > 1 && hashes >= 65'536) {
    // The buckets are taken one at a time, not split in halves: the second thread can come
    // late (its core woken by the host), and this one then does the buckets the other has
    // not taken instead of waiting for it.
    WorkerPool::process().run(2, [&](unsigned w) { repeated_in(all, next, w == 0 ? out : other); });
    out.insert(out.end(), other.begin(), other.end());
  } else {
    repeated_in(all, next, out);
  }
  for (auto& ids : all) ids.release();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jaring
