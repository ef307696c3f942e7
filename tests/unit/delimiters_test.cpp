// Delimiters (engine/io/delimiters.hpp): every `,` and LF of a block, in order, once, and
// nothing read past its end, for blocks of every length around the 64-byte steps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/io/delimiters.hpp"

using namespace jaring;

namespace {

std::vector<std::size_t> expected(const std::string& s) {
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == ',' || s[i] == '\n') at.push_back(i);
  return at;
}

std::vector<std::size_t> found(const char* begin, std::size_t size) {
  Delimiters d(begin, begin + size);
  std::vector<std::size_t> at;
  for (const char* q = d.next(); q != begin + size; q = d.next()) at.push_back(static_cast<std::size_t>(q - begin));
  CHECK(d.next() == begin + size);  // and stays at the end
  return at;
}

}  // namespace

TEST_CASE("every comma and line end once, in order, at any length", "[delimiters]") {
  std::mt19937 rng(11);
  // Commas, LFs, CRs, quotes, bytes over 0x7F (negative chars) and the bytes next to ',' and LF.
  const std::string alphabet = std::string(",\n\r\"\x80\xff+-\t\x0b\x0c") + "abc019";
  for (std::size_t size = 0; size <= 300; ++size)
    for (int round = 0; round < 4; ++round) {
      std::string s(size, 'x');
      for (char& c : s) c = alphabet[rng() % alphabet.size()];
      if (round == 1)
        for (char& c : s) c = 'y';  // none at all
      if (round == 2)
        for (char& c : s) c = ',';  // one at every byte
      // Alone in an allocation of its exact size (the sanitizers see a read past the end).
      const auto copy = std::make_unique<char[]>(size + 1);
      s.copy(copy.get(), size);
      INFO("size " << size << ", round " << round);
      CHECK(found(copy.get(), size) == expected(s));
    }
}

TEST_CASE("a block that starts anywhere in a buffer", "[delimiters]") {
  std::string s;
  for (int i = 0; i < 50; ++i) s += "3672010101800001,Warga " + std::to_string(i) + ",1980-01-01,ketua_rt,36.72\n";
  for (std::size_t from = 0; from < 70; ++from) {
    const std::string part = s.substr(from, s.size() - from - from / 2);
    std::vector<std::size_t> want = expected(part);
    CHECK(found(s.data() + from, part.size()) == want);
  }
}

TEST_CASE("skipping to any byte: the delimiters from there on, once each", "[delimiters]") {
  std::mt19937 rng(12);
  const std::string alphabet = ",\n\"abc";
  for (std::size_t size = 1; size <= 260; size += 7)
    for (int round = 0; round < 20; ++round) {
      std::string s(size, 'x');
      for (auto& ch : s) ch = alphabet[rng() % alphabet.size()];
      const std::vector<std::size_t> all = expected(s);
      Delimiters d(s.data(), s.data() + s.size());
      // Take a few, skip to a point at or after the last taken (as a line's end is), take the rest.
      std::vector<std::size_t> got;
      const std::size_t taken = all.empty() ? 0 : rng() % (all.size() + 1);
      for (std::size_t i = 0; i < taken; ++i) got.push_back(static_cast<std::size_t>(d.next() - s.data()));
      const std::size_t from = (taken ? got.back() + 1 : 0) + rng() % 130;
      d.skip_to(s.data() + std::min(from, s.size()));
      for (const char* q = d.next(); q != s.data() + s.size(); q = d.next())
        got.push_back(static_cast<std::size_t>(q - s.data()));
      std::vector<std::size_t> want(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(taken));
      for (const std::size_t at : all)
        if (at >= from) want.push_back(at);
      INFO("size " << size << ", taken " << taken << ", from " << from);
      CHECK(got == want);
    }
}
