// Physical lines of a byte stream, read in large blocks: a line ends at LF, CR or CRLF in any
// mix, a UTF-8 byte order mark at the start is dropped, and a line longer than the limit is
// cut (its remaining bytes are read past, never stored), so memory stays bounded on any input.
// The lines counted here are the input's physical lines, the reconciliation's reference.
#pragma once

#include <cstdint>
#include <deque>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

struct PhysicalLine {
  std::string text;          // without its line end; at most the limit's bytes
  std::string end;           // "\n", "\r\n", "\r", or empty for a last line without one
  std::uint64_t number = 0;  // 1-based
  std::uint64_t length = 0;  // the full length of the line, also when cut
  bool cut = false;          // longer than the limit: `text` holds its first bytes only
};

class LineSource {
 public:
  LineSource(std::istream& in, std::size_t max_line_bytes);
  // The lines of `text` in memory, split and cut alike, numbered from `first` (a byte order mark
  // is not dropped: the text is a part of a file, frame_csv_record's).
  LineSource(std::string_view text, std::uint64_t first, std::size_t max_line_bytes);
  LineSource(const LineSource&) = delete;  // data_ may point into buffer_
  LineSource& operator=(const LineSource&) = delete;

  // The next line, or false at the end of the input.
  bool next(PhysicalLine& line);
  // Lines to read again, in order, before the rest of the stream.
  void unread(std::vector<PhysicalLine> lines);
  // Physical lines read from the stream so far (lines read again are not counted twice).
  std::uint64_t lines() const { return lines_; }
  // The bytes of the lines read and not read again, with their line ends.
  std::uint64_t taken() const { return taken_; }

 private:
  bool fill();

  std::istream* in_ = nullptr;  // null: the lines of text in memory
  std::size_t max_;
  std::vector<char> buffer_;
  const char* data_ = nullptr;  // buffer_'s bytes, or the text's
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t lines_ = 0;
  std::uint64_t taken_ = 0;
  std::deque<PhysicalLine> again_;
};

}  // namespace jaring
