// Byte buffers mapped on their own, with the part that is written at once backed at once.
// A first touch of a 4 KiB page costs the bench's 2-core VM 13–30 µs; backing the same pages
// in one call (MADV_POPULATE_WRITE, Linux 5.14) about 1 µs each (a test program, 128 KiB and
// 1 MiB). A block reader's buffer is first written by the kernel's copy in its first read:
// 33 faults per worker before it could decide anything, 66 of the 315 of a 1M-record
// 2-thread summary run (perf record -e page-faults; 228 with the buffers backed at once).
#pragma once

#include <cstddef>
#include <memory>

namespace jaring {

struct PageUnmap {
  std::size_t bytes = 0;
  void operator()(char* p) const noexcept;
};
using PageBuffer = std::unique_ptr<char[], PageUnmap>;

// `bytes` of fresh memory, its first `ready` bytes backed now where the system can (elsewhere,
// and past `ready`, pages are backed as they are touched). Throws std::bad_alloc.
PageBuffer page_buffer(std::size_t bytes, std::size_t ready);

}  // namespace jaring
