// An allocator for the small buffers a worker writes record after record (the fast lane's row
// of converted values, a block's tally): each on cache lines of its own, aligned to 64 bytes
// and rounded up to whole lines, so that no other thread's data shares a line with it. From
// malloc they lay beside other small buffers, among them those of the other worker: a block
// slot's tally is allocated by the worker that first has the slot and counted into by
// whichever has it later. Each write then took the line from the other core, and a 2-thread
// summary run of cilegon-bench spent 50 % more CPU time in Kernel::decide than a 1-thread one
// (its loads of the row's values waiting on the line), some 10 % more in all.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace jaring {

inline constexpr std::size_t cache_line = 64;

template <typename T>
struct CacheLineAllocator {
  using value_type = T;
  CacheLineAllocator() = default;
  template <typename U>
  CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}

  static std::size_t bytes_of(std::size_t n) {
    if (n > (static_cast<std::size_t>(-1) - cache_line) / sizeof(T)) throw std::bad_alloc();
    return (n * sizeof(T) + cache_line - 1) / cache_line * cache_line;
  }
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new (bytes_of(n), std::align_val_t{cache_line})); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete (p, std::align_val_t{cache_line}); }
  template <typename U>
  bool operator==(const CacheLineAllocator<U>&) const noexcept {
    return true;
  }
};

// A vector of such a buffer.
template <typename T>
using CacheLineVector = std::vector<T, CacheLineAllocator<T>>;

}  // namespace jaring
