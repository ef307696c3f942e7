#include "engine/io/id_hashes.hpp"

#include "engine/base/huge_pages.hpp"
#include "engine/io/worker_pool.hpp"

#include <algorithm>
#include <new>
#include <utility>

namespace jaring {

IdHashes::IdHashes(unsigned workers) : workers_(std::max(1u, workers)) {}

IdHashes::~IdHashes() { release(); }

void IdHashes::release() {
  if (region_) HugePageAllocator<unsigned char>().deallocate(region_, region_bytes());
  region_ = nullptr;
  chunks_ = 0;
  taken_.reset();
  for (Worker& w : workers_) w = Worker();
  std::vector<std::uint8_t>().swap(fills_);
  spilled_.fill(0);
  first_.fill(0);
  std::vector<std::uint64_t>().swap(overflow_);
}

std::size_t IdHashes::size(std::size_t bucket) const {
  std::size_t n = 0;
  for (const Worker& w : workers_) n += w.kept[bucket] + w.spilled[bucket];
  return n;
}

std::size_t IdHashes::spilled() const {
  std::size_t n = 0;
  for (const Worker& w : workers_) n += w.overflow.size();
  return n;
}

bool IdHashes::take_chunk(Worker& w, std::size_t bucket) {
  if (w.at[bucket] != full && taken_) {
    const std::uint32_t c = taken_[bucket].fetch_add(1, std::memory_order_relaxed);
    if (c < chunks_) {
      w.at[bucket] = static_cast<std::uint32_t>(c * chunk_bytes);
      w.end[bucket] = static_cast<std::uint32_t>(c * chunk_bytes + chunk * entry);
      return true;
    }
  }
  w.at[bucket] = w.end[bucket] = full;
  return false;
}

void IdHashes::seal() {
  // The chunks taken are full but for the one each worker was filling in each bucket.
  fills_.assign(buckets * chunks_, static_cast<std::uint8_t>(chunk));
  for (const Worker& w : workers_)
    for (std::size_t b = 0; b < buckets; ++b)
      if (w.at[b] != full && w.at[b] != w.end[b])
        fills_[b * chunks_ + w.at[b] / chunk_bytes] = static_cast<std::uint8_t>(w.at[b] % chunk_bytes / entry);
  std::size_t at = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    first_[b] = at;
    spilled_[b] = 0;
    for (const Worker& w : workers_) spilled_[b] += w.spilled[b];
    at += spilled_[b];
  }
  if (at == 0) return;
  // Placed by bucket in one read, however many there are (every hash, when no room could be
  // had; a few, or none, when the room was expected).
  overflow_.assign(at, 0);
  std::array<std::size_t, buckets> next = first_;
  for (Worker& w : workers_) {
    for (const std::uint64_t h : w.overflow) overflow_[next[h >> (64 - bits)]++] = h;
    std::vector<std::uint64_t>().swap(w.overflow);
  }
}

void IdHashes::make_room(std::uint64_t expected) {
  const std::uint64_t per_bucket = expected / buckets * 9 / 8 + 16;
  // A chunk more per worker for the one each leaves part empty; a bucket's bytes counted in
  // 32 bits.
  const std::uint64_t chunks =
      std::min<std::uint64_t>((per_bucket + chunk - 1) / chunk + workers_.size(), (full - 1) / chunk_bytes);
  // Huge pages from 1 MiB (HugePageAllocator); a small file's ids (under 130.000 or so) take
  // 4 KiB pages as they are touched: a huge page is zeroed whole at its first touch (0,14 ms
  // here, more when the system must compact memory for it), which a 1-record run paid for
  // 32 KiB of room. Only what is written is ever backed by memory.
  try {
    chunks_ = static_cast<std::size_t>(chunks);
    taken_ = std::make_unique<std::atomic<std::uint32_t>[]>(buckets);
    region_ = HugePageAllocator<unsigned char>().allocate(region_bytes());
  } catch (const std::bad_alloc&) {
    chunks_ = 0;  // everything goes to the overflow
    taken_.reset();
  }
}

namespace {

// The hashes seen more than once in the buckets taken from `next` one at a time. A bucket's
// hashes are read twice over two bitmaps of 64 bits per hash, indexed by the hash's bits after
// the bucket's: the first read marks in `twice` the bits that more than one hash sets, the
// second keeps the hashes on such a bit (one in 64 or so, and every repeated one), which are
// then sorted to find the equal ones. The open-addressing set this replaced (16 bytes per
// hash, zeroed for each bucket, probed at random) took 6,2 ms for a million cilegon-bench ids
// on one thread. Bitmaps of 16 bits per hash stayed in the core's first cache, but kept one
// hash in 16 to sort, a quarter of the time; at 64 bits (32 KiB each for a bucket of 3.900,
// in the second cache) a million random hashes take 3,0 ms on one thread and 1,8 ms on two
// (16 bits: 4,75 and 2,56 ms; 32: 3,55 ms; 128: 3,15 and 1,65 ms; 256: 3,4 and 2,0 ms).
void repeated_in(const IdHashes& ids, std::atomic<std::size_t>& next, std::vector<std::uint64_t>& out) {
  std::vector<std::uint64_t> seen, twice, maybe;
  for (std::size_t b = next++; b < IdHashes::buckets; b = next++) {
    const std::size_t n = ids.size(b);
    if (n > 1) {
      int k = 6;  // 2^k bits, at least a word and 64 per hash
      while ((std::size_t{1} << k) < 64 * n && k < 40) ++k;
      const int shift = 64 - IdHashes::bits - k;
      const std::uint64_t mask = (std::uint64_t{1} << k) - 1;
      seen.assign(std::size_t{1} << (k - 6), 0);
      twice.assign(seen.size(), 0);
      ids.for_each(b, [&](const std::uint64_t h) {
        const std::uint64_t i = (h >> shift) & mask, bit = std::uint64_t{1} << (i & 63);
        twice[i >> 6] |= seen[i >> 6] & bit;
        seen[i >> 6] |= bit;
      });
      maybe.clear();
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

std::vector<std::uint64_t> repeated_ids(IdHashes& ids, unsigned threads) {
  std::vector<std::uint64_t> out, other;
  std::atomic<std::size_t> next{0};
  ids.seal();
  std::size_t hashes = 0;
  for (std::size_t b = 0; b < IdHashes::buckets; ++b) hashes += ids.size(b);
  // Under 65.536 hashes (0,3 ms on one thread) a helper saves less than its start can cost.
  if (threads > 1 && hashes >= 65'536) {
    // The buckets are taken one at a time, not split in halves: the second thread can come
    // late (its core woken by the host), and this one then does the buckets the other has
    // not taken instead of waiting for it.
    WorkerPool::process().run(2, [&](unsigned w) { repeated_in(ids, next, w == 0 ? out : other); });
    out.insert(out.end(), other.begin(), other.end());
  } else {
    repeated_in(ids, next, out);
  }
  ids.release();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jaring
