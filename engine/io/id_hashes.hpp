// The hashes of record ids the fast lane (fast_population.cpp) collects on its workers, and
// the ones among them that occur more than once: the duplicated ids to be named by the
// generic scan (batch.hpp scan_ids).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace jaring {

// An id's hash; never 0 (repeated_ids' empty slot).
inline std::uint64_t id_hash(std::string_view id) {
  const std::uint64_t h = std::hash<std::string_view>{}(id);
  return h ? h : 1;
}

// Hashes kept as they come, bucketed by their top 8 bits, so that the repeats can be found
// bucket by bucket (repeated_ids) with no copy to group them.
class IdHashes {
 public:
  static constexpr int bits = 8;
  using Buckets = std::array<std::vector<std::uint64_t>, std::size_t{1} << bits>;

  // Room for about `expected` hashes, so the buckets do not grow by copying.
  void expect(std::uint64_t expected);
  bool expecting() const { return expecting_; }
  void add(const std::vector<std::uint64_t>& hashes) {
    for (auto h : hashes) buckets_[h >> (64 - bits)].push_back(h);
  }
  Buckets& buckets() { return buckets_; }

 private:
  Buckets buckets_;
  bool expecting_ = false;
};

// The hashes (of all workers) seen more than once, sorted; with two threads or more, half the
// buckets on another thread. The buckets are released.
std::vector<std::uint64_t> repeated_ids(std::vector<IdHashes>& all, unsigned threads);

}  // namespace jaring
