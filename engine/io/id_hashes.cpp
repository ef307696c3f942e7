#include "engine/io/id_hashes.hpp"

#include <algorithm>
#include <thread>

namespace jaring {

void IdHashes::expect(std::uint64_t expected) {
  expecting_ = true;
  for (auto& b : buckets_) b.reserve(static_cast<std::size_t>(expected / buckets_.size() * 9 / 8 + 16));
}

namespace {

// The hashes (of all workers) seen more than once in buckets [first, last), found bucket by
// bucket with an open-addressing set small enough for the cache (0, which id_hash never
// gives, is empty). The buckets are released.
void repeated_in(std::vector<IdHashes>& all, std::size_t first, std::size_t last, std::vector<std::uint64_t>& out) {
  std::vector<std::uint64_t> set;
  for (std::size_t b = first; b < last; ++b) {
    std::size_t n = 0;
    for (auto& ids : all) n += ids.buckets()[b].size();
    if (n > 1) {
      std::size_t size = 16;
      while (size < 2 * n) size *= 2;
      set.assign(size, 0);
      const std::size_t mask = size - 1;
      for (auto& ids : all)
        for (const std::uint64_t k : ids.buckets()[b]) {
          std::size_t slot = (k ^ (k >> 29)) & mask;
          while (set[slot] != 0 && set[slot] != k) slot = (slot + 1) & mask;
          if (set[slot] == k) out.push_back(k);
          else set[slot] = k;
        }
    }
    for (auto& ids : all) std::vector<std::uint64_t>().swap(ids.buckets()[b]);
  }
}

}  // namespace

std::vector<std::uint64_t> repeated_ids(std::vector<IdHashes>& all, unsigned threads) {
  constexpr std::size_t buckets = std::size_t{1} << IdHashes::bits;
  std::vector<std::uint64_t> out, other;
  if (threads > 1) {
    std::thread half([&] { repeated_in(all, buckets / 2, buckets, other); });
    repeated_in(all, 0, buckets / 2, out);
    half.join();
    out.insert(out.end(), other.begin(), other.end());
  } else {
    repeated_in(all, 0, buckets, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jaring
