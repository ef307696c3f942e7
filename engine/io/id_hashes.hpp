// The hashes of record ids the fast lane (fast_population.cpp) collects on its workers, and
// the ones among them that occur more than once: the duplicated ids to be named by the
// generic scan (batch.hpp scan_ids).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/base/text_hash.hpp"

namespace jaring {

// Hashes kept as they come, bucketed by their top 8 bits, so that the repeats can be found
// bucket by bucket (repeated_ids) with no copy to group them. Each bucket has a fixed room in
// one region of memory backed by huge pages where the system offers them; what does not fit
// goes to one overflow for all buckets (a vector each grew by doubling: with rooms for the
// share a worker was expected to take, two workers on 100.000 records made more than one
// allocation per 1.000 records), which seal() groups by bucket. The region holds each hash's
// other 56 bits in 7 bytes (its top 8 are the bucket's): memory a run touches first costs this VM 7 µs per 4 KiB when
// the host must back it again (a huge page 3,7 ms, zeroed whole), and a million ids in 8 bytes with their room took
// five huge pages at 1 thread and six at 2 (two regions), now four.
class IdHashes {
 public:
  static constexpr int bits = 8;
  static constexpr std::size_t buckets = std::size_t{1} << bits;
  static constexpr std::size_t entry = 7;  // bytes per hash in the region

  IdHashes() = default;
  IdHashes(const IdHashes&) = delete;
  IdHashes& operator=(const IdHashes&) = delete;
  IdHashes(IdHashes&& other) noexcept;
  IdHashes& operator=(IdHashes&&) = delete;
  ~IdHashes();

  // Room for about `expected` hashes and an eighth more. Without it every hash goes to the
  // overflow.
  void expect(std::uint64_t expected);
  bool expecting() const { return expecting_; }
  void add(const std::vector<std::uint64_t>& hashes) {
    for (const std::uint64_t h : hashes) {
      const std::size_t b = h >> (64 - bits);
      if (size_[b] < room_) {
        store(region_ + (b * stride() + size_[b]++) * entry, h);
      } else {
        overflow_.push_back(h);
        ++spilled_[b];
      }
    }
  }
  std::size_t size(std::size_t bucket) const { return size_[bucket] + spilled_[bucket]; }
  // Groups the overflow by bucket, for for_each(); no add() after it.
  void seal();
  template <typename F>
  void for_each(std::size_t bucket, F&& f) const {
    const std::uint64_t top = std::uint64_t{bucket} << (64 - bits);
    for (std::size_t i = 0; i < size_[bucket]; ++i) f(top | load(region_ + (bucket * stride() + i) * entry));
    for (std::size_t i = first_[bucket]; i < first_[bucket] + spilled_[bucket]; ++i) f(overflow_[i]);
  }
  void release();  // every bucket and the region
  // The room's hashes per bucket, and the bytes of memory reserved for all buckets' rooms.
  std::size_t room() const { return room_; }
  std::size_t room_bytes() const { return region_ ? region_bytes() : 0; }

 private:
  static constexpr std::uint64_t low = (std::uint64_t{1} << (64 - bits)) - 1;
  // Each bucket's room and one entry more, which the 8-byte store of its last hash runs into;
  // the region ends with 8 bytes more for the load of its last.
  std::size_t stride() const { return room_ + 1; }
  std::size_t region_bytes() const { return buckets * stride() * entry + 8; }
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

  unsigned char* region_ = nullptr;             // buckets × stride() entries
  std::size_t room_ = 0;                        // per bucket
  std::array<std::size_t, buckets> size_{};     // in the room
  std::array<std::size_t, buckets> spilled_{};  // in the overflow
  std::array<std::size_t, buckets> first_{};    // each bucket's first in the overflow, once sealed
  std::vector<std::uint64_t> overflow_;
  bool expecting_ = false;
};

// The hashes (of all workers) seen more than once, sorted; with two threads or more, a
// second thread takes buckets too. The hashes are released.
std::vector<std::uint64_t> repeated_ids(std::vector<IdHashes>& all, unsigned threads);

}  // namespace jaring
