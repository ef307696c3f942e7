// Physical lines of a byte stream, read in large blocks: a line ends at LF, CR or CRLF in any
// mix, a UTF-8 byte order mark at the start is dropped, and a line longer than the limit is
// cut (its remaining bytes are read past, never stored), so memory stays bounded on any input.
// The lines counted here are the input's physical lines, the reconciliation's reference.
#pragma once

#include <cstdint>
#include <deque>
#include <istream>
#include <string>
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

  // The next line, or false at the end of the input.
  bool next(PhysicalLine& line);
  // Lines to read again, in order, before the rest of the stream.
  void unread(std::vector<PhysicalLine> lines);
  // Physical lines read from the stream so far (lines read again are not counted twice).
  std::uint64_t lines() const { return lines_; }

 private:
  bool fill();

  std::istream& in_;
  std::size_t max_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t lines_ = 0;
  std::deque<PhysicalLine> again_;
};

}  // namespace jaring
