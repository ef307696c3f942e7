#include "engine/io/block_run.hpp"
#include "engine/io/json_elements.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "engine/base/i18n.hpp"

namespace jaring {

#if defined(__x86_64__) && defined(__GNUC__)
namespace {

// count_lfs' LFs 32 bytes at a time where the processor has AVX2 (chosen when it runs: the
// build targets every x86-64), the counters summed before any can reach 255. With two workers
// every block is counted before its work (block_run.hpp); half the instructions of SSE2.
[[gnu::target("avx2")]] std::uint64_t lfs_avx2(const char* p, std::size_t size, std::size_t& i) {
  const __m256i lf = _mm256_set1_epi8('\n');
  std::uint64_t n = 0;
  while (i + 32 <= size) {
    __m256i counters = _mm256_setzero_si256();
    for (int round = 0; round < 255 && i + 32 <= size; ++round, i += 32) {
      const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
      counters = _mm256_sub_epi8(counters, _mm256_cmpeq_epi8(bytes, lf));
    }
    const __m256i sums = _mm256_sad_epu8(counters, _mm256_setzero_si256());
    n += static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 0)) +
         static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 1)) +
         static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 2)) +
         static_cast<std::uint64_t>(_mm256_extract_epi64(sums, 3));
  }
  return n;
}

const bool has_avx2 = (__builtin_cpu_init(), __builtin_cpu_supports("avx2") != 0);

}  // namespace
#endif

std::uint64_t count_lfs(std::string_view block) {
  std::uint64_t n = 0;
  std::size_t i = 0;
#if defined(__x86_64__) && defined(__GNUC__)
  if (has_avx2) n = lfs_avx2(block.data(), block.size(), i);
#endif
#ifdef __SSE2__
  // Sixteen bytes at a time: each LF subtracts -1 from its byte's counter; the counters are
  // summed (psadbw) before any can reach 255.
  const __m128i lf = _mm_set1_epi8('\n');
  while (i + 16 <= block.size()) {
    __m128i counters = _mm_setzero_si128();
    for (int round = 0; round < 255 && i + 16 <= block.size(); ++round, i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block.data() + i));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(bytes, lf));
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    n += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
         static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#else
  // Eight bytes at a time: a byte is LF exactly when its high bit stays clear in
  // ((x & 0x7F..) + 0x7F..) | x | 0x7F.., x = w ^ LFs; the high bits left are counted by one
  // multiplication.
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
  for (; i + 8 <= block.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, block.data() + i, 8);
    const std::uint64_t x = w ^ 0x0A0A0A0A0A0A0A0AULL;
    const std::uint64_t lf = ~(((x & low7) + low7) | x | low7);
    n += ((lf >> 7) * 0x0101010101010101ULL) >> 56;
  }
#endif
  for (; i < block.size(); ++i) n += block[i] == '\n';
  return n;
}

std::uint64_t count_lines(std::string_view block) {
  return block.empty() ? 0 : count_lfs(block) + (block.back() != '\n');
}

BlockReader::BlockReader(const std::string& path, std::uint64_t start, std::uint64_t first_line, std::size_t block,
                         std::size_t max_line, BlockStarts starts, const std::vector<std::uint64_t>* row_starts)
    : path_(path),
      fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
      start_(start),
      first_line_(first_line),
      block_(block),
      max_line_(std::min(max_line, std::size_t{16} << 20)),
      starts_(starts),
      row_starts_(row_starts) {
  if (fd_ < 0) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    ::close(fd_);
    throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  blocks_ = size_ > start_ ? (size_ - start_ + block_ - 1) / block_ : 0;
  if (row_starts_ && row_starts_->size() != blocks_)
    throw std::runtime_error(say("{} changed while it was read", path_));
}

BlockReader::~BlockReader() { ::close(fd_); }

std::size_t pread_full(int fd, const std::string& path, char* to, std::size_t size, std::uint64_t at) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, to + got, size - got, static_cast<off_t>(at + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

// Block k owns the lines that start in [start + k·block, start + (k+1)·block): it reads from
// one byte before its range (to see whether a line starts at its first byte) to the end of the
// last line that starts in it. A JSON array's elements likewise, from the first `{` after a
// comma in the range to the first after it (looking back up to json_lookback bytes for the
// comma).
bool BlockReader::read(std::uint64_t k, Bytes& b) const {
  constexpr std::size_t json_lookback = 256;
  const bool json = starts_ == BlockStarts::JsonElements;
  // The range and a little more for the last line's end; more only when that line is long.
  constexpr std::size_t tail = std::size_t{4} << 10;
  const std::size_t capacity = block_ + max_line_ + json_lookback + 2;
  if (b.capacity < capacity) {
    b.data = page_buffer(capacity, block_ + tail + 1);  // what every read writes, backed at once
    b.capacity = capacity;
  }
  if (row_starts_) {  // its rows known to begin at row_starts[k] and end where block k + 1's begin
    const std::uint64_t from = (*row_starts_)[k];
    const std::uint64_t to = k + 1 < blocks_ ? (*row_starts_)[k + 1] : size_;
    if (from > to || to > size_) throw std::runtime_error(say("{} changed while it was read", path_));
    if (to - from > capacity) return false;  // a row longer than the buffer: not for the lane
    const auto want = static_cast<std::size_t>(to - from);
    if (pread_full(fd_, path_, b.data.get(), want, from) < want)
      throw std::runtime_error(say("{} changed while it was read", path_));
    b.offset = 0;
    b.size = want;
    b.file_offset = from;
    b.file_end = to == size_;
    return true;
  }
  const std::uint64_t lo = start_ + k * block_;
  const std::uint64_t hi = std::min(lo + block_, size_);
  const std::uint64_t from = k == 0 ? lo : lo - (json ? std::min<std::uint64_t>(json_lookback, lo - start_) : 1);
  // Never past the buffer: with a line limit below `tail` the buffer holds less than that.
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>({size_ - from, hi - from + tail, capacity}));
  std::size_t got = pread_full(fd_, path_, b.data.get(), want, from);
  if (got < static_cast<std::size_t>(hi - from)) throw std::runtime_error(say("{} changed while it was read", path_));
  const char* const data = b.data.get();
  const std::size_t range = static_cast<std::size_t>(hi - from);
  // The first item that starts at or after `at` and before `to` (a line: after an LF in
  // [at - 1, to)): its offset, `none` if there is none, or nothing when it cannot be told (JSON:
  // whitespace back to the buffer's start).
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  auto first_start = [&](std::size_t at, std::size_t to) -> std::optional<std::size_t> {
    if (json) {
      const char* p = find_json_element(data + at, data + to, data);
      if (!p) return std::nullopt;
      return p == data + to ? none : static_cast<std::size_t>(p - data);
    }
    const void* nl = std::memchr(data + (at - 1), '\n', to - (at - 1));
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1 : none;
  };
  // The first item that starts in the range.
  std::size_t begin = 0;
  if (k > 0) {
    const auto first = first_start(lo - from, range);
    if (!first) return false;
    begin = *first;
    if (begin >= range) {  // none starts here (or the first at hi): the one before runs through the range
      b.offset = b.size = 0;
      b.file_end = false;
      return true;
    }
  }
  // The end of the last item that starts in the range: where the first at or after hi starts.
  std::size_t end = 0;
  if (hi == size_) {
    end = got;  // the file's last block runs to its end
  } else {
    std::size_t searched = range;
    auto next = first_start(searched, got);
    while (next && *next == none && got == want && want < capacity && from + want < size_) {  // a long one: read on
      const std::size_t more = static_cast<std::size_t>(
          std::min<std::uint64_t>({size_ - from - want, capacity - want, std::max<std::uint64_t>(want, tail)}));
      const std::size_t extra = pread_full(fd_, path_, b.data.get() + want, more, from + want);
      searched = got;
      want += more;
      got += extra;
      next = first_start(searched, got);
    }
    if (!next) return false;  // cannot be told: not for the lane
    if (*next != none) end = *next;
    else if (json && from + got == size_) end = got;  // no element after the last: the array's end too
    else return false;                                // longer than the buffer: not for the lane
  }
  b.offset = begin;
  b.size = end - begin;
  b.file_offset = from + begin;
  b.file_end = from + end == size_;
  return true;
}

}  // namespace jaring
