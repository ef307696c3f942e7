#include "engine/base/page_buffer.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <new>

namespace jaring {

void PageUnmap::operator()(char* p) const noexcept {
  if (p) ::munmap(p, bytes);
}

PageBuffer page_buffer(std::size_t bytes, std::size_t ready) {
  bytes = std::max<std::size_t>(bytes, 1);
  void* const p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_POPULATE_WRITE
  // A hint: an older kernel refuses it (EINVAL) and the pages come one fault at a time.
  if (ready > 0) ::madvise(p, std::min(ready, bytes), MADV_POPULATE_WRITE);
#endif
  return PageBuffer(static_cast<char*>(p), PageUnmap{bytes});
}

}  // namespace jaring
