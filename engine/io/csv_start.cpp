#include "engine/io/csv_start.hpp"
#include "engine/io/json_elements.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "engine/io/block_run.hpp"
#include "engine/io/record_draft.hpp"

#include "engine/base/i18n.hpp"

namespace jaring {

bool crs_in_crlf(std::string_view block) {
  for (std::size_t at = block.find('\r'); at != std::string_view::npos; at = block.find('\r', at + 1))
    if (at + 1 >= block.size() || block[at + 1] != '\n') return false;
  return true;
}

CsvBlock csv_block_form(std::string_view block, char delimiter, bool closes_checked) {
  if (!crs_in_crlf(block)) return CsvBlock::Unreadable;
  const char* const begin = block.data();
  const char* const end = begin + block.size();
  const char* q = static_cast<const char*>(std::memchr(begin, '"', block.size()));
  if (!q) return CsvBlock::Plain;
  if (!closes_checked) return CsvBlock::Quoted;
  while (q) {  // each line with a quote, once
    const char* start = q;
    while (start > begin && start[-1] != '\n') --start;
    const char* stop = static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(end - q)));
    if (!stop) stop = end;
    std::string_view line(start, static_cast<std::size_t>(stop - start));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!record_read::csv_line_closes(line, delimiter)) return CsvBlock::Unreadable;
    q = stop == end ? nullptr : static_cast<const char*>(std::memchr(stop, '"', static_cast<std::size_t>(end - stop)));
  }
  return CsvBlock::Quoted;
}

namespace {

// A file read in blocks of whole lines from an offset: each block ends after a LF, but the
// last. A block holds about `block` bytes, more when a line runs past that, up to `max_line`.
class BlockSource {
 public:
  BlockSource(const std::string& path, std::uint64_t offset, std::size_t block, std::size_t max_line)
      : path_(path),
        fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)),
        block_(block),
        capacity_(block + std::min(max_line, std::size_t{16} << 20) + 4) {
    if (fd_ < 0) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
    if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) fail();
  }
  BlockSource(const BlockSource&) = delete;
  BlockSource& operator=(const BlockSource&) = delete;
  ~BlockSource() { ::close(fd_); }

  // The next block into `out`; false at the end. A line longer than the buffer sets `too_long`
  // (and ends the reading: the lane cannot frame it).
  bool next(Bytes& out, bool& too_long) {
    if (out.capacity < capacity_) {
      out.data = page_buffer(capacity_, block_);  // what the first read writes, backed at once
      out.capacity = capacity_;
    }
    std::memcpy(out.data.get(), carry_.data(), carry_.size());
    out.offset = 0;
    out.size = carry_.size();
    carry_.clear();
    while (!eof_ && out.size < block_) {
      ssize_t n = 0;
      do n = ::read(fd_, out.data.get() + out.size, block_ - out.size);
      while (n < 0 && errno == EINTR);
      if (n < 0) fail();
      out.size += static_cast<std::size_t>(n);
      eof_ = n == 0;
    }
    for (;;) {
      if (eof_ || out.size == 0) return out.size > 0;
      const void* last = ::memrchr(out.data.get(), '\n', out.size);
      if (last) {
        const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(last) - out.data.get()) + 1;
        carry_.assign(out.data.get() + end, out.size - end);
        out.size = end;
        return true;
      }
      if (out.size == out.capacity) {
        too_long = true;
        return false;
      }
      ssize_t n = 0;
      do n = ::read(fd_, out.data.get() + out.size, out.capacity - out.size);
      while (n < 0 && errno == EINTR);
      if (n < 0) fail();
      out.size += static_cast<std::size_t>(n);
      eof_ = n == 0;
    }
  }

 private:
  [[noreturn]] void fail() const { throw std::runtime_error(say("cannot read {}: {}", path_, std::strerror(errno))); }

  std::string path_;
  int fd_;
  std::size_t block_, capacity_;
  std::string carry_;
  bool eof_ = false;
};

}  // namespace

std::optional<LaneStart> read_plain_csv_start(const std::string& path, const Schema& schema, const ReadOptions& read) {
  // A first read of 4 KiB (more when a line runs past it): 64 KiB took 0,4 ms of a 2-thread
  // run's serial start, in memory backed and copied for a header line.
  BlockSource source(path, 0, std::size_t{1} << 12, read.max_record_bytes);
  Bytes block;
  bool too_long = false;
  LaneStart s;
  std::uint64_t offset = 0;
  bool bom_checked = false;
  while (source.next(block, too_long)) {
    std::string_view rest = block.view();
    if (!bom_checked) {
      bom_checked = true;
      if (rest.substr(0, 3) == "\xEF\xBB\xBF") {
        rest.remove_prefix(3);
        offset += 3;
      }
    }
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      if (nl == std::string_view::npos) return std::nullopt;  // no row after the header: the generic path's
      std::string_view line = rest.substr(0, nl);
      const std::string_view whole = rest.substr(0, nl + 1);
      if (csv_block_form(whole, read.delimiter) == CsvBlock::Unreadable) return std::nullopt;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      offset += nl + 1;
      rest.remove_prefix(nl + 1);
      ++s.lines;
      if (line.size() <= read.max_record_bytes && record_read::plain_csv_blank(line, read.delimiter)) {
        ++s.blank;
        continue;
      }
      s.layout = record_read::csv_line_header(line, s.lines, schema, read);
      s.offset = offset;
      return s;
    }
  }
  return std::nullopt;
}

namespace {

// A JSON input's start: column i is field i (each record's keys are found by name).
LaneStart json_start(const Schema& schema, InputFormat format) {
  LaneStart s;
  s.layout.format = format;
  for (std::size_t f = 0; f < schema.fields.size(); ++f) s.layout.field_of_column.push_back(f);
  return s;
}

}  // namespace

std::optional<LaneStart> read_json_lines_start(const std::string& path, const Schema& schema) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
  char head[3] = {};
  in.read(head, 3);
  const auto got = in.gcount();
  if (got == 0) return std::nullopt;  // empty: the generic path's
  LaneStart s = json_start(schema, InputFormat::JsonLines);
  s.offset = got == 3 && std::string_view(head, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // dropped, as LineSource drops it
  return s;
}

std::optional<LaneStart> read_json_array_start(const std::string& path, const Schema& schema) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(say("cannot read {}: {}", path, std::strerror(errno)));
  std::string head(std::size_t{64} << 10, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t at = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // dropped, as read_json_document drops it
  LaneStart s = json_start(schema, InputFormat::Json);
  auto space = [&] {
    for (; at < head.size() && json_space(head[at]); ++at) {
      if (head[at] == '\n') ++s.lines;
      else if (head[at] == '\r' && (at + 1 == head.size() || head[at + 1] != '\n')) return false;  // a lone CR
    }
    return true;
  };
  if (!space() || at == head.size() || head[at] != '[') return std::nullopt;
  ++at;
  if (!space() || at == head.size() || head[at] != '{') return std::nullopt;
  s.offset = at;
  return s;
}

}  // namespace jaring
