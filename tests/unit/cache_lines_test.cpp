// Buffers a worker writes record after record sit on cache lines of their own
// (engine/base/cache_lines.hpp): the fast lane's row and a block's tally.
#include "engine/base/cache_lines.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "engine/base/date.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/kernel.hpp"
#include "eval_support.hpp"

namespace jaring::test {
namespace {

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

// No byte of [a, a + a_size) shares a cache line with a byte of [b, b + b_size).
bool apart(const void* a, std::size_t a_size, const void* b, std::size_t b_size) {
  const std::uintptr_t a_first = address(a) / cache_line, a_last = (address(a) + a_size - 1) / cache_line;
  const std::uintptr_t b_first = address(b) / cache_line, b_last = (address(b) + b_size - 1) / cache_line;
  return a_last < b_first || b_last < a_first;
}

TEST_CASE("cache lines: small buffers begin on a line and share none", "[cache_lines]") {
  // Seven 8-byte values: 56 bytes, which malloc puts 16 bytes from the next chunk.
  std::vector<CacheLineVector<std::int64_t>> buffers;
  for (int i = 0; i < 32; ++i) buffers.emplace_back(7, i);
  for (std::size_t i = 0; i < buffers.size(); ++i) {
    CHECK(address(buffers[i].data()) % cache_line == 0);
    CHECK(buffers[i][6] == static_cast<std::int64_t>(i));
    for (std::size_t j = 0; j < i; ++j) CHECK(apart(buffers[i].data(), 56, buffers[j].data(), 56));
  }
  // Grown past a line: moved whole, still aligned.
  buffers[0].resize(100, 5);
  CHECK(address(buffers[0].data()) % cache_line == 0);
  CHECK(buffers[0][0] == 0);
  CHECK(buffers[0][99] == 5);
}

TEST_CASE("cache lines: a lane row's values and a tally's counts have lines of their own", "[cache_lines]") {
  const Compiled c(R"(
policy "Baris"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  birth_date : date
  role : text
}
let age = years_between(birth_date, as_of)
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd "APBD"
require adult "Dewasa" [P 1]
  age >= 18
group semua "Semua" {
  when role == "ketua_rt"
  covers JKM
  paid_by apbd
}
)");
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  std::vector<KernelRow> rows;
  for (int i = 0; i < 4; ++i) rows.push_back(kernel->row());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(address(rows[i].num.data()) % cache_line == 0);
    CHECK(address(rows[i].text.data()) % cache_line == 0);
    CHECK(address(rows[i].code.data()) % cache_line == 0);
    for (std::size_t j = 0; j < i; ++j)
      CHECK(apart(rows[i].num.data(), rows[i].num.size() * 8, rows[j].num.data(), rows[j].num.size() * 8));
  }
  std::vector<Tally> tallies(4);
  for (Tally& t : tallies) t.reset(3, 2, 5);
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    CHECK(address(tallies[i].candidates.data()) % cache_line == 0);
    CHECK(address(tallies[i].persons.data()) % cache_line == 0);
    CHECK(address(tallies[i].monthly.data()) % cache_line == 0);
    CHECK(address(tallies[i].reasons.data()) % cache_line == 0);
    CHECK(address(tallies[i].first_reasons.data()) % cache_line == 0);
    for (std::size_t j = 0; j < i; ++j) {
      CHECK(apart(tallies[i].persons.data(), 16, tallies[j].persons.data(), 16));
      CHECK(apart(tallies[i].reasons.data(), 40, tallies[j].first_reasons.data(), 40));
    }
  }
}

}  // namespace
}  // namespace jaring::test
