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

// The hashes seen more than once in the buckets taken from `next` one at a time, in one read
// of a bucket's hashes: each takes a slot of a table of 16-bit tags (its lowest 16 bits, never
// 0), 16 slots a hash, from the slot its bits after the bucket's index. A hash that finds its
// tag on its way (a repeat, or rarely another hash alike in those bits) or no free slot within
// `probes` (hashes alike in their index bits, which no random id makes) is a candidate; only a
// bucket with candidates is read again, counting each candidate's exact occurrences (or, when
// more than one hash in 16 is one, sorting all its hashes: a million hashes alike in their
// index bits took 98 ms counted, 36 ms sorted, as with the bitmaps). Every
// repeat is a candidate: its first occurrence holds a slot on its way (slots are only ever
// taken) or was a candidate itself. A million random ids: 2,2 ms on one thread, 1,2 ms on two,
// from 3,2 and 1,7 ms (`df89836`'s two bitmaps of 64 bits a hash, read twice: the first read
// marked the bits more than one hash set, the second kept the hashes on them, one in 64 or so,
// to sort). 32-bit tags, 8 slots a hash: 2,4 ms; 16-bit tags, 32 slots: 2,35 ms. The
// open-addressing set of whole hashes before those (16 bytes a hash, unbounded probes) took
// 6,2 ms.
void repeated_in(const IdHashes& ids, std::atomic<std::size_t>& next, std::vector<std::uint64_t>& out) {
  constexpr std::size_t probes = 16;
  std::vector<std::uint16_t> table;
  std::vector<std::uint64_t> maybe;
  std::vector<std::uint32_t> count;
  for (std::size_t b = next++; b < IdHashes::buckets; b = next++) {
    const std::size_t n = ids.size(b);
    if (n < 2) continue;
    int k = 4;  // 2^k slots, at least 16 a hash
    while ((std::size_t{1} << k) < 16 * n && k < 40) ++k;
    const int shift = 64 - IdHashes::bits - k;
    const std::uint64_t mask = (std::uint64_t{1} << k) - 1;
    table.assign(std::size_t{1} << k, 0);
    std::uint16_t* const slots = table.data();
    maybe.clear();
    const std::size_t many = n / 16;
    ids.for_each(b, [&](const std::uint64_t h) {
      if (maybe.size() > many) return;  // all to be sorted (below): nothing more to mark
      std::uint16_t tag = static_cast<std::uint16_t>(h);
      tag = static_cast<std::uint16_t>(tag + (tag == 0));
      std::uint64_t i = (h >> shift) & mask;
      for (std::size_t p = 0; p < probes; ++p, i = (i + 1) & mask) {
        if (slots[i] == 0) {
          slots[i] = tag;
          return;
        }
        if (slots[i] == tag) break;
      }
      maybe.push_back(h);
    });
    if (maybe.empty()) continue;
    if (maybe.size() > many) {  // hashes alike in their index bits: all of them sorted instead
      maybe.clear();
      ids.for_each(b, [&](const std::uint64_t h) { maybe.push_back(h); });
      std::sort(maybe.begin(), maybe.end());
      for (std::size_t i = 1; i < maybe.size(); ++i)
        if (maybe[i] == maybe[i - 1] && (i == 1 || maybe[i - 1] != maybe[i - 2])) out.push_back(maybe[i]);
      continue;
    }
    std::sort(maybe.begin(), maybe.end());
    maybe.erase(std::unique(maybe.begin(), maybe.end()), maybe.end());
    // Each hash looked up only when a 4096-bit filter of the candidates has its bit.
    std::uint64_t filter[64] = {};
    for (const std::uint64_t h : maybe) filter[(h >> 6) & 63] |= std::uint64_t{1} << (h & 63);
    count.assign(maybe.size(), 0);
    ids.for_each(b, [&](const std::uint64_t h) {
      if (!((filter[(h >> 6) & 63] >> (h & 63)) & 1)) return;
      const auto at = std::lower_bound(maybe.begin(), maybe.end(), h);
      if (at != maybe.end() && *at == h) ++count[static_cast<std::size_t>(at - maybe.begin())];
    });
    for (std::size_t i = 0; i < maybe.size(); ++i)
      if (count[i] > 1) out.push_back(maybe[i]);  // each once
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
