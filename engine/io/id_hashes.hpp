// The hashes of record ids the fast lane (fast_population.cpp) collects on its workers, and
// the ones among them that occur more than once: the duplicated ids to be named by the
// generic scan (batch.hpp scan_ids).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/base/text_hash.hpp"

namespace jaring {

// Hashes kept as they come, bucketed by their top 8 bits, so that the repeats can be found
// bucket by bucket (repeated_ids) with no copy to group them. Each bucket has a fixed room in
// one region of memory backed by huge pages where the system offers them (a million ids are
// 8 MB: 2.048 first touches of 4 KiB pages, which cost a VM about 15 µs each, or four of 2 MiB);
// what does not fit goes to the bucket's overflow.
class IdHashes {
 public:
  static constexpr int bits = 8;
  static constexpr std::size_t buckets = std::size_t{1} << bits;

  IdHashes() = default;
  IdHashes(const IdHashes&) = delete;
  IdHashes& operator=(const IdHashes&) = delete;
  IdHashes(IdHashes&& other) noexcept;
  IdHashes& operator=(IdHashes&&) = delete;
  ~IdHashes();

  // Room for about `expected` hashes. Without it every hash goes to the overflow.
  void expect(std::uint64_t expected);
  bool expecting() const { return expecting_; }
  void add(const std::vector<std::uint64_t>& hashes) {
    for (const std::uint64_t h : hashes) {
      const std::size_t b = h >> (64 - bits);
      if (size_[b] < room_) region_[b * room_ + size_[b]++] = h;
      else overflow_[b].push_back(h);
    }
  }
  std::size_t size(std::size_t bucket) const { return size_[bucket] + overflow_[bucket].size(); }
  template <typename F>
  void for_each(std::size_t bucket, F&& f) const {
    for (std::size_t i = 0; i < size_[bucket]; ++i) f(region_[bucket * room_ + i]);
    for (const std::uint64_t h : overflow_[bucket]) f(h);
  }
  void release(std::size_t bucket) { std::vector<std::uint64_t>().swap(overflow_[bucket]); }
  void release();  // every bucket and the region

 private:
  std::uint64_t* region_ = nullptr;  // buckets × room_ hashes
  std::size_t room_ = 0;             // per bucket
  std::array<std::size_t, buckets> size_{};
  std::array<std::vector<std::uint64_t>, buckets> overflow_;
  bool expecting_ = false;
};

// The hashes (of all workers) seen more than once, sorted; with two threads or more, a
// second thread takes buckets too. The hashes are released.
std::vector<std::uint64_t> repeated_ids(std::vector<IdHashes>& all, unsigned threads);

}  // namespace jaring
