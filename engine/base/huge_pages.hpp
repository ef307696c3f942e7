// Allocators for large arrays that are filled once and read a few times (the allocation's
// candidates, their sort keys, the ids' hashes): blocks of 1 MiB and more are mapped on their
// own, so that what is never written is never backed and what is freed goes back to the
// system at once; smaller blocks come from operator new. HugePageAllocator's are aligned to
// 2 MiB and marked for huge pages, so the system backs them 2 MiB at a time; PageAllocator's
// take 4 KiB pages as they are touched. Which is cheaper depends on where the memory comes
// from. A page a virtual machine touches first costs a fault, the kernel's zeroing, and,
// when the host no longer backs that memory, the host's own fault. Here (AMD EPYC, 2 vCPUs,
// 64 MiB touched once a page, medians): 4 KiB pages 0,36-0,41 ms a MiB however long the
// memory was free; huge pages 0,045 ms a MiB when another process freed them under half a
// second before, but 0,75-1,7 ms after a second or more, once the guest has reported the
// free 2 MiB blocks to the host and the host has taken them back (free page reporting takes
// only blocks of that size: 4 KiB pages come from lists it leaves alone). So huge pages serve
// arrays touched at random (a sort's keys: fewer TLB misses) and small ones a run touches
// often (id_hashes.hpp); arrays filled in order take 4 KiB pages (allocate.hpp).
#pragma once

#include <cstddef>
#include <new>

namespace jaring {

namespace huge_pages {
// `bytes` (rounded up to whole pages) mapped on their own: with `huge`, at a huge page's
// boundary and marked for huge pages; throws std::bad_alloc when the system refuses.
void* map(std::size_t bytes, bool huge = true);
void unmap(void* p, std::size_t bytes, bool huge = true);
inline constexpr std::size_t threshold = std::size_t{1} << 20;
}  // namespace huge_pages

template <typename T, bool Huge>
struct MappedAllocator {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = MappedAllocator<U, Huge>;
  };
  MappedAllocator() = default;
  template <typename U>
  MappedAllocator(const MappedAllocator<U, Huge>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_pages::threshold) return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
    return static_cast<T*>(huge_pages::map(bytes, Huge));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < huge_pages::threshold) ::operator delete (p, std::align_val_t{alignof(T)});
    else huge_pages::unmap(p, bytes, Huge);
  }
  template <typename U>
  bool operator==(const MappedAllocator<U, Huge>&) const noexcept {
    return true;
  }
};

template <typename T>
using HugePageAllocator = MappedAllocator<T, true>;
template <typename T>
using PageAllocator = MappedAllocator<T, false>;

}  // namespace jaring
