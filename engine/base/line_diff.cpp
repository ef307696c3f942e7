#include "engine/base/line_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace jaring {

namespace {

// Each line with its line break, if it has one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

enum class Op : char { Same = ' ', Removed = '-', Added = '+' };
struct Edit {
  Op op;
  std::size_t line;  // in `a` (Same, Removed) or `b` (Added)
};

constexpr std::ptrdiff_t max_edits = 2000;  // beyond: the middle replaced whole

// The edit script of a[lo_a, hi_a) into b[lo_b, hi_b), Myers' greedy algorithm with its trace
// (O((N + M) + D^2) memory), or nothing when it needs more than max_edits edits.
bool myers(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, std::size_t lo_a,
           std::size_t hi_a, std::size_t lo_b, std::size_t hi_b, std::vector<Edit>& out) {
  const auto n = static_cast<std::ptrdiff_t>(hi_a - lo_a);
  const auto m = static_cast<std::ptrdiff_t>(hi_b - lo_b);
  auto same = [&](std::ptrdiff_t x, std::ptrdiff_t y) {
    return a[lo_a + static_cast<std::size_t>(x)] == b[lo_b + static_cast<std::size_t>(y)];
  };
  const std::ptrdiff_t limit = std::min(n + m, max_edits);
  std::vector<std::vector<std::ptrdiff_t>> trace;  // trace[d][k + d]: the furthest x on diagonal k
  std::vector<std::ptrdiff_t> prev;
  for (std::ptrdiff_t d = 0; d <= limit; ++d) {
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * d + 1));
    auto at = [&](const std::vector<std::ptrdiff_t>& w, std::ptrdiff_t k, std::ptrdiff_t dd) {
      return w[static_cast<std::size_t>(k + dd)];
    };
    for (std::ptrdiff_t k = -d; k <= d; k += 2) {
      std::ptrdiff_t x = 0;
      if (d == 0) x = 0;
      else if (k == -d || (k != d && at(prev, k - 1, d - 1) < at(prev, k + 1, d - 1)))
        x = at(prev, k + 1, d - 1);         // down: a line of b added
      else x = at(prev, k - 1, d - 1) + 1;  // right: a line of a removed
      std::ptrdiff_t y = x - k;
      while (x < n && y < m && same(x, y)) ++x, ++y;
      v[static_cast<std::size_t>(k + d)] = x;
      if (x >= n && y >= m) {
        trace.push_back(std::move(v));
        // Walk back from (n, m), collecting the script in reverse.
        std::vector<Edit> rev;
        std::ptrdiff_t cx = n, cy = m;
        for (std::ptrdiff_t dd = d; dd > 0; --dd) {
          const auto& pv = trace[static_cast<std::size_t>(dd - 1)];
          const std::ptrdiff_t kk = cx - cy;
          const bool down = kk == -dd || (kk != dd && at(pv, kk - 1, dd - 1) < at(pv, kk + 1, dd - 1));
          const std::ptrdiff_t pk = down ? kk + 1 : kk - 1;
          const std::ptrdiff_t px = at(pv, pk, dd - 1), py = px - pk;
          while (cx > (down ? px : px + 1) && cy > (down ? py + 1 : py))
            rev.push_back({Op::Same, lo_a + static_cast<std::size_t>(--cx)}), --cy;
          if (down) rev.push_back({Op::Added, lo_b + static_cast<std::size_t>(--cy)});
          else rev.push_back({Op::Removed, lo_a + static_cast<std::size_t>(--cx)});
        }
        while (cx > 0) rev.push_back({Op::Same, lo_a + static_cast<std::size_t>(--cx)});
        out.insert(out.end(), rev.rbegin(), rev.rend());
        return true;
      }
    }
    trace.push_back(v);
    prev = std::move(v);
  }
  return false;
}

std::vector<Edit> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::vector<Edit> out;
  for (std::size_t i = 0; i < head; ++i) out.push_back({Op::Same, i});
  if (!myers(a, b, head, a.size() - tail, head, b.size() - tail, out)) {
    for (std::size_t i = head; i < a.size() - tail; ++i) out.push_back({Op::Removed, i});
    for (std::size_t j = head; j < b.size() - tail; ++j) out.push_back({Op::Added, j});
  }
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) out.push_back({Op::Same, i});
  return out;
}

// `-start,count` as diff -u writes it: the count left out when 1, the line before when empty.
std::string range(std::size_t first, std::size_t count) {
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name, std::size_t context) {
  if (before == after) return "";
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  const auto edits = edit_script(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  // Positions in a and b before each edit, to number the hunks.
  std::vector<std::size_t> pos_a(edits.size() + 1), pos_b(edits.size() + 1);
  for (std::size_t e = 0; e < edits.size(); ++e) {
    pos_a[e + 1] = pos_a[e] + (edits[e].op != Op::Added);
    pos_b[e + 1] = pos_b[e] + (edits[e].op != Op::Removed);
  }
  std::size_t e = 0;
  while (e < edits.size()) {
    if (edits[e].op == Op::Same) {
      ++e;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no more than 2 * context unchanged lines from the next.
    const std::size_t begin = e >= context ? e - context : 0;
    std::size_t end = e;
    while (end < edits.size()) {
      std::size_t run = 0;
      while (end + run < edits.size() && edits[end + run].op == Op::Same) ++run;
      if (end + run == edits.size() || run > 2 * context) {
        end = std::min(edits.size(), end + std::min(run, context));
        break;
      }
      end += run;
      while (end < edits.size() && edits[end].op != Op::Same) ++end;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(pos_a[begin], pos_a[end] - pos_a[begin]),
                       range(pos_b[begin], pos_b[end] - pos_b[begin]));
    for (std::size_t h = begin; h < end; ++h) {
      const std::string_view line = edits[h].op == Op::Added ? b[edits[h].line] : a[edits[h].line];
      out += static_cast<char>(edits[h].op);
      if (!line.empty() && line.back() == '\n') {
        out += line;
      } else {
        out += line;
        out += "\n\\ No newline at end of file\n";
      }
    }
    e = end;
  }
  return out;
}

}  // namespace jaring
