#include "engine/base/huge_pages.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

using namespace jaring;

TEST_CASE("huge pages: a large array is mapped on a huge page's boundary", "[huge_pages]") {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> large(300'000);  // 2,4 MB
  CHECK(reinterpret_cast<std::uintptr_t>(large.data()) % (std::uintptr_t{2} << 20) == 0);
  std::iota(large.begin(), large.end(), 0);
  large.resize(700'000);  // grows into a new mapping; the old one is given back
  CHECK(reinterpret_cast<std::uintptr_t>(large.data()) % (std::uintptr_t{2} << 20) == 0);
  CHECK(large[299'999] == 299'999);
  CHECK(large.back() == 0);
}

TEST_CASE("huge pages: a small array comes from operator new, aligned for its type", "[huge_pages]") {
  struct alignas(16) Wide {
    std::uint64_t v[2] = {0, 0};
  };
  std::vector<Wide, HugePageAllocator<Wide>> small(100);
  CHECK(reinterpret_cast<std::uintptr_t>(small.data()) % 16 == 0);
  std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>> text;
  for (int i = 0; i < 200'000; ++i) text += "id";  // past 1 MiB and back through every size
  CHECK(text.size() == 400'000);
  CHECK(text.substr(0, 4) == "idid");
}
