// An allocator for large arrays that are filled once and read a few times (the allocation's
// candidates and their sort keys): blocks of 1 MiB and more are mapped on their own, aligned
// to 2 MiB and marked for huge pages, so the system backs them 2 MiB at a time. A first touch
// of a 4 KiB page costs a virtual machine about 15 µs (id_hashes.hpp): a million candidates'
// 150 MB would cost over half a second in page faults. Smaller blocks come from operator new.
#pragma once

#include <cstddef>
#include <new>

namespace jaring {

namespace huge_pages {
// `bytes` (rounded up to whole huge pages) mapped at a huge page's boundary; throws
// std::bad_alloc when the system refuses.
void* map(std::size_t bytes);
void unmap(void* p, std::size_t bytes);
inline constexpr std::size_t threshold = std::size_t{1} << 20;
}  // namespace huge_pages

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_pages::threshold) return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    return static_cast<T*>(huge_pages::map(bytes));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_pages::threshold) ::operator delete (p, std::align_val_t{alignof(T)});
    else huge_pages::unmap(p, bytes);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace jaring
