#include "engine/base/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace jaring::huge_pages {

namespace {
constexpr std::size_t huge = std::size_t{2} << 20;
std::size_t whole(std::size_t bytes) { return (bytes + huge - 1) / huge * huge; }
}  // namespace

void* map(std::size_t bytes, bool huge_pages) {
  if (!huge_pages) {
    void* const mapping = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) throw std::bad_alloc();
    return mapping;
  }
  const std::size_t size = whole(bytes);
  // One huge page more, to start on a boundary; the parts before and after are given back.
  void* const mapping = ::mmap(nullptr, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapping);
  const std::uintptr_t at = (start + huge - 1) & ~(std::uintptr_t{huge} - 1);
  if (at > start) ::munmap(mapping, at - start);
  if (const std::size_t tail = start + size + huge - (at + size); tail > 0)
    ::munmap(reinterpret_cast<void*>(at + size), tail);
#ifdef MADV_HUGEPAGE
  ::madvise(reinterpret_cast<void*>(at), size, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages
#endif
  return reinterpret_cast<void*>(at);
}

void unmap(void* p, std::size_t bytes, bool huge_pages) { ::munmap(p, huge_pages ? whole(bytes) : bytes); }

}  // namespace jaring::huge_pages
