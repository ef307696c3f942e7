// engine/base/line_diff.hpp: what `jaring fmt --check` prints, as `diff -u` would.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/line_diff.hpp"

using namespace jaring;

TEST_CASE("line diff: the shortest edit, as diff -u prints it", "[line_diff]") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "x", "y") == "");
  CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n", "x", "y") == "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  CHECK(unified_diff("", "a\n", "x", "y") == "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n");
  CHECK(unified_diff("a", "a\n", "x", "y") == "--- x\n+++ y\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n");
  // Two changes far apart are two hunks with three lines of context each.
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 ? "two" : i == 18 ? "eighteen" : std::to_string(i)) + "\n";
  }
  CHECK(unified_diff(before, after, "x", "y") ==
        "--- x\n+++ y\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n"
        " 19\n 20\n");
  // Insertions and deletions interleaved.
  CHECK(unified_diff("a\nb\nc\nd\n", "b\nc\nx\nd\ne\n", "x", "y") ==
        "--- x\n+++ y\n@@ -1,4 +1,5 @@\n-a\n b\n c\n+x\n d\n+e\n");
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// Applies a unified diff made with any context; also counts its removed and added lines.
std::string apply(const std::string& before, const std::string& diff, std::size_t& changed) {
  const auto a = lines_of(before);
  std::vector<std::string> out;
  std::size_t next = 0;  // the next line of `a` not yet copied
  changed = 0;
  for (const auto& line : lines_of(diff)) {
    if (line.rfind("---", 0) == 0 || line.rfind("+++", 0) == 0) continue;
    if (line.rfind("@@ -", 0) == 0) {
      std::size_t start = std::stoul(line.substr(4));
      const std::size_t comma = line.find(',');
      const bool empty = comma < line.find(' ', 4) && line.substr(comma + 1, 2) == "0 ";
      if (!empty && start > 0) --start;  // 1-based, except `-N,0`: after line N
      while (next < start) out.push_back(a[next++]);
      continue;
    }
    if (line[0] == ' ') out.push_back(a[next++]);
    if (line[0] == '-') ++next, ++changed;
    if (line[0] == '+') out.push_back(line.substr(1)), ++changed;
  }
  while (next < a.size()) out.push_back(a[next++]);
  std::string text;
  for (const auto& l : out) text += l + "\n";
  return text;
}

std::size_t lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t[a.size()][b.size()];
}

}  // namespace

TEST_CASE("line diff: random texts, the diff applies and is a shortest one", "[line_diff]") {
  std::uint32_t seed = 12345;
  auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 16; };
  for (int round = 0; round < 300; ++round) {
    std::string before, after;
    const auto n = next() % 30, m = next() % 30;
    for (std::uint32_t i = 0; i < n; ++i) before += std::string(1, static_cast<char>('a' + next() % 4)) + "\n";
    for (std::uint32_t i = 0; i < m; ++i) after += std::string(1, static_cast<char>('a' + next() % 4)) + "\n";
    const std::string diff = unified_diff(before, after, "x", "y", next() % 4);
    std::size_t changed = 0;
    INFO(before << "=====\n" << after << "=====\n" << diff);
    CHECK(apply(before, diff, changed) == after);
    CHECK(changed == n + m - 2 * lcs(lines_of(before), lines_of(after)));
  }
}

TEST_CASE("line diff: texts too different for a shortest diff still get a correct one", "[line_diff]") {
  std::string before, after;
  for (int i = 0; i < 3000; ++i) {
    before += "a" + std::to_string(i) + "\n";
    after += "b" + std::to_string(i) + "\n";
  }
  std::size_t changed = 0;
  CHECK(apply(before, unified_diff(before, after, "x", "y"), changed) == after);
  CHECK(changed == 6000);
}
