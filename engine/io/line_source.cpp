#include "engine/io/line_source.hpp"

#include <algorithm>

namespace jaring {

namespace {
constexpr std::size_t block_bytes = std::size_t{1} << 16;
}

LineSource::LineSource(std::istream& in, std::size_t max_line_bytes)
    : in_(in), max_(max_line_bytes), buffer_(block_bytes) {
  fill();
  if (end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;
}

bool LineSource::fill() {
  pos_ = end_ = 0;
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  end_ = static_cast<std::size_t>(in_.gcount());
  return end_ > 0;
}

bool LineSource::next(PhysicalLine& line) {
  if (!again_.empty()) {
    line = std::move(again_.front());
    again_.pop_front();
    return true;
  }
  line.text.clear();
  line.end.clear();
  line.length = 0;
  line.cut = false;
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (!any) return false;
      break;
    }
    any = true;
    const char* const from = buffer_.data() + pos_;
    const char* const last = buffer_.data() + end_;
    const char* const stop = std::find_if(from, last, [](char c) { return c == '\n' || c == '\r'; });
    const auto run = static_cast<std::size_t>(stop - from);
    const std::size_t room = max_ > line.text.size() ? max_ - line.text.size() : 0;
    line.text.append(from, std::min(run, room));
    if (run > room) line.cut = true;
    line.length += run;
    pos_ += run;
    if (stop == last) continue;
    const char c = buffer_[pos_++];
    line.end = c;
    if (c == '\r' && (pos_ < end_ || fill()) && buffer_[pos_] == '\n') {
      line.end += '\n';
      ++pos_;
    }
    break;
  }
  line.number = ++lines_;
  return true;
}

void LineSource::unread(std::vector<PhysicalLine> lines) {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) again_.push_front(std::move(*it));
}

}  // namespace jaring
