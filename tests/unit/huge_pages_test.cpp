#include "engine/base/huge_pages.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
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

namespace {

// The VmFlags of the mapping that holds `p` (/proc/self/smaps), or "" if none is found.
std::string vm_flags(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= at && at < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line.substr(8) + " ";
    }
  }
  return "";
}

}  // namespace

TEST_CASE("huge pages: PageAllocator maps large arrays on their own, for 4 KiB pages", "[huge_pages]") {
  // The allocation's candidates (runtime/allocate.hpp) are filled in order: 4 KiB pages cost a
  // first touch less than huge pages the host must back again. Only HugePageAllocator's
  // mappings are marked for huge pages (VmFlags "hg").
  std::vector<std::uint64_t, PageAllocator<std::uint64_t>> large(300'000);
  CHECK(reinterpret_cast<std::uintptr_t>(large.data()) % 4096 == 0);
  std::iota(large.begin(), large.end(), 0);
  const std::string flags = vm_flags(large.data());
  REQUIRE_FALSE(flags.empty());
  CHECK(flags.find(" hg ") == std::string::npos);
  large.resize(700'000);
  CHECK(large[299'999] == 299'999);
  CHECK(large.back() == 0);
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> marked(300'000);
  const std::string huge_flags = vm_flags(marked.data());
  REQUIRE_FALSE(huge_flags.empty());
  if (std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) CHECK(huge_flags.find(" hg ") != std::string::npos);
  std::basic_string<char, std::char_traits<char>, PageAllocator<char>> text;
  for (int i = 0; i < 200'000; ++i) text += "id";
  CHECK(text.size() == 400'000);
  CHECK(text.substr(399'996) == "idid");
}
