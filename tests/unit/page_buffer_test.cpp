#include "engine/base/page_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

using namespace jaring;

namespace {
// How many of the pages of [p, p + bytes) are backed (mincore), without touching them.
std::size_t resident(const char* p, std::size_t bytes) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in((bytes + page - 1) / page);
  REQUIRE(::mincore(const_cast<char*>(p), bytes, in.data()) == 0);
  std::size_t n = 0;
  for (const unsigned char c : in) n += c & 1;
  return n;
}
}  // namespace

TEST_CASE("page buffer: the part to be written at once is backed before it is touched", "[page_buffer]") {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t bytes = 64 * page, ready = 8 * page + 1;  // 9 pages hold the ready part
  PageBuffer b = page_buffer(bytes, ready);
  REQUIRE(b);
#ifdef MADV_POPULATE_WRITE
  // On a kernel without MADV_POPULATE_WRITE (before 5.14) the pages come one fault at a time.
  if (::madvise(b.get() + 63 * page, page, MADV_POPULATE_WRITE) == 0) {
    CHECK(resident(b.get(), 9 * page) == 9);
    CHECK(resident(b.get() + 9 * page, 54 * page) == 0);  // the rest only when touched
  }
#endif
  std::memset(b.get(), 'x', bytes);  // the whole buffer is writable
  CHECK(b[bytes - 1] == 'x');
  CHECK(resident(b.get(), bytes) == 64);
}

TEST_CASE("page buffer: nothing ready, and an empty request", "[page_buffer]") {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  PageBuffer b = page_buffer(4 * page, 0);
  CHECK(resident(b.get(), 4 * page) == 0);
  PageBuffer tiny = page_buffer(0, 10);  // a page all the same: never a null buffer
  REQUIRE(tiny);
  tiny[0] = 'a';
  CHECK(tiny[0] == 'a');
}
