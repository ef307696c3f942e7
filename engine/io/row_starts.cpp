#include "engine/io/row_starts.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "engine/base/i18n.hpp"
#include "engine/io/block_run.hpp"
#include "engine/io/json_elements.hpp"

namespace jaring {

const RawRow* RowStarts::alone_row(std::uint64_t offset) const {
  const auto it = std::lower_bound(alone_at.begin(), alone_at.end(), offset);
  return it != alone_at.end() && *it == offset ? &alone[static_cast<std::size_t>(it - alone_at.begin())] : nullptr;
}

namespace {

// The file read forward through one buffer: `data()[0, size())` are the bytes from file offset
// `at()`; drop() lets go of those before a point, fill() reads on behind the rest.
class Window {
 public:
  Window(const std::string& path, std::uint64_t offset, std::size_t capacity)
      : path_(path),
        fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
        buffer_(new char[capacity]),  // not zeroed: every byte read is read into it first
        capacity_(capacity),
        at_(offset) {
    if (fd_ < 0) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
  }
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window() { ::close(fd_); }

  const char* data() const { return buffer_.get(); }
  std::size_t size() const { return size_; }
  std::uint64_t at() const { return at_; }
  bool eof() const { return eof_; }
  // The bytes before `keep` let go of (the rest moved to the front), and the buffer filled.
  void advance(std::size_t keep) {
    std::memmove(buffer_.get(), buffer_.get() + keep, size_ - keep);
    size_ -= keep;
    at_ += keep;
    if (eof_) return;
    const std::size_t want = capacity_ - size_;
    const std::size_t got = pread_full(fd_, path_, buffer_.get() + size_, want, at_ + size_);
    size_ += got;
    eof_ = got < want;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::uint64_t at_ = 0;
  std::size_t size_ = 0;
  bool eof_ = false;
};

}  // namespace

std::optional<RowStarts> find_csv_row_starts(const std::string& path, std::uint64_t offset, std::uint64_t first_line,
                                             std::size_t block, const RowLayout& layout, const ReadOptions& options) {
  const std::size_t max = options.max_record_bytes;
  if (max > (std::size_t{16} << 20)) return std::nullopt;
  // What read_csv may read of a row from its first line: that line (at most `max`, or it is a
  // row alone), lines on while the row's bytes stay within `max`, and the whole of the last
  // (to tell whether it is longer than `max`): twice `max`, and line ends.
  const std::size_t reach = 2 * max + 8;
  Window w(path, offset, std::max<std::size_t>(std::size_t{4} << 20, 2 * reach));
  w.advance(0);
  RowStarts found;
  std::uint64_t next_block = offset;  // the start of the first range whose first row is not known yet
  std::uint64_t line = first_line;    // of the row at `pos`
  std::size_t pos = 0;                // in the window: where a row begins
  // A row begins at file offset `r` (rows are found in order): the ranges that start at or
  // before it, and after the row before it, begin with it.
  auto row_at = [&](std::uint64_t r) {
    for (; next_block <= r; next_block += block) found.block_starts.push_back(r);
  };
  // The rows of the plain lines in [pos, stop) (no quote in them; an LF just before `stop`):
  // one after each LF, and a range that starts among them begins after the first LF at or
  // after its start's byte before.
  auto plain_lines = [&](std::size_t stop) {
    row_at(w.at() + pos);
    while (next_block <= w.at() + stop) {
      const std::size_t from = static_cast<std::size_t>(next_block - w.at()) - 1;
      const char* lf = static_cast<const char*>(std::memchr(w.data() + from, '\n', stop - from));
      row_at(w.at() + static_cast<std::size_t>(lf - w.data()) + 1);
    }
    line += count_lfs({w.data() + pos, stop - pos});
    pos = stop;
  };
  for (;;) {
    row_at(w.at() + pos);  // at the file's end, the ranges after the last row: none begins in them
    if (pos == w.size()) {
      if (w.eof()) break;
      w.advance(pos);
      pos = 0;
      continue;
    }
    const char* q = static_cast<const char*>(std::memchr(w.data() + pos, '"', w.size() - pos));
    if (!q) {  // plain lines to the last LF of the window
      const char* last = static_cast<const char*>(::memrchr(w.data() + pos, '\n', w.size() - pos));
      if (!last) {
        if (w.eof()) {  // the last line, without an LF
          line += 1;
          pos = w.size();
          continue;
        }
        if (pos == 0) return std::nullopt;  // a line longer than the window: longer than the lane reads
        w.advance(pos);
        pos = 0;
        continue;
      }
      plain_lines(static_cast<std::size_t>(last - w.data()) + 1);
      continue;
    }
    // The line with the quote: the plain lines before it first.
    const std::size_t quote = static_cast<std::size_t>(q - w.data());
    const char* before = pos < quote ? static_cast<const char*>(::memrchr(w.data() + pos, '\n', quote - pos)) : nullptr;
    if (before) plain_lines(static_cast<std::size_t>(before - w.data()) + 1);
    if (!w.eof() && w.size() - pos < reach) {  // read_csv's reach from this row, in the window
      w.advance(pos);
      pos = 0;
      continue;
    }
    const char* lf = static_cast<const char*>(std::memchr(w.data() + pos, '\n', w.size() - pos));
    const std::size_t stop = lf ? static_cast<std::size_t>(lf - w.data()) : w.size();
    std::string_view text(w.data() + pos, stop - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.size() > max || record_read::csv_line_closes(text, options.delimiter)) {  // a row of one line
      line += 1;
      pos = lf ? stop + 1 : stop;
      continue;
    }
    // A quoted field runs on: the row as read_csv reads it.
    RawRow row;
    std::size_t bytes = 0;
    const std::uint64_t lines =
        record_read::frame_csv_record({w.data() + pos, w.size() - pos}, line, layout, options, bytes, row);
    if (lines == 1) {
      if (found.alone.size() == csv_alone_max) return std::nullopt;
      found.alone_at.push_back(w.at() + pos);
      found.alone.push_back(std::move(row));
    }
    line += lines;
    pos += bytes;
  }
  const std::uint64_t size = w.at() + w.size();
  found.block_starts.resize(size > offset ? static_cast<std::size_t>((size - offset + block - 1) / block) : 0);
  return found;
}

std::optional<RowStarts> find_json_element_starts(const std::string& path, std::uint64_t offset, std::size_t block,
                                                  std::size_t max_element) {
  if (max_element > (std::size_t{16} << 20)) return std::nullopt;
  const std::size_t reach = max_element + 8;  // an element, and the comma or `]` after it
  Window w(path, offset, std::max<std::size_t>(std::size_t{4} << 20, 2 * reach));
  w.advance(0);
  RowStarts found;
  std::uint64_t next_block = offset;
  std::size_t pos = 0;  // in the window: an element's `{`
  bool closed = false;  // the `]` read
  while (!closed) {
    if (!w.eof() && w.size() - pos < reach) {
      w.advance(pos);
      pos = 0;
    }
    if (pos == w.size() || w.data()[pos] != '{') return std::nullopt;  // not an object, or no `]`
    for (; next_block <= w.at() + pos; next_block += block) found.block_starts.push_back(w.at() + pos);
    const char* p = w.data() + pos;
    const char* const end = w.data() + w.size();
    std::string_view element;
    if (!next_json_element(p, end, element)) {
      // Framed wrongly, or the element with the whitespace after it longer than the window's reach.
      return std::nullopt;
    }
    closed = element.data()[element.size()] == ']';
    if (!closed && p == end) {  // after a comma, whitespace to the window's end: the next element past it
      if (w.eof()) return std::nullopt;
      const std::size_t at = static_cast<std::size_t>(p - w.data());
      w.advance(at);
      pos = 0;
      while (pos < w.size() && json_space(w.data()[pos])) {  // more whitespace than the window holds
        if (pos + 1 == w.size() && !w.eof()) {
          w.advance(w.size());
          pos = 0;
          continue;
        }
        ++pos;
      }
      continue;
    }
    pos = static_cast<std::size_t>(p - w.data());
  }
  // After the `]` and whitespace, the file's end (next_json_element saw to it within the window).
  if (!w.eof() || pos != w.size()) return std::nullopt;
  const std::uint64_t size = w.at() + w.size();
  for (; next_block < size; next_block += block) found.block_starts.push_back(size);
  return found;
}

}  // namespace jaring
