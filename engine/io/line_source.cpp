#include "engine/io/line_source.hpp"

#include <algorithm>

namespace jaring {

namespace {
constexpr std::size_t line_block_bytes = std::size_t{1} << 16;
}

LineSource::LineSource(std::istream& in, std::size_t max_line_bytes)
    : in_(&in), max_(max_line_bytes), buffer_(line_block_bytes), data_(buffer_.data()) {
  fill();
  if (end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;
}

LineSource::LineSource(std::string_view text, std::uint64_t first, std::size_t max_line_bytes)
    : max_(max_line_bytes), data_(text.data()), end_(text.size()), lines_(first - 1) {}

bool LineSource::fill() {
  if (!in_) return false;  // text in memory: all of it there from the start
  pos_ = end_ = 0;
  if (!*in_) return false;
  in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  end_ = static_cast<std::size_t>(in_->gcount());
  return end_ > 0;
}

bool LineSource::next(PhysicalLine& line) {
  if (!again_.empty()) {
    line = std::move(again_.front());
    again_.pop_front();
    taken_ += line.length + line.end.size();
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
    const char* const from = data_ + pos_;
    const char* const last = data_ + end_;
    const char* const stop = std::find_if(from, last, [](char c) { return c == '\n' || c == '\r'; });
    const auto run = static_cast<std::size_t>(stop - from);
    const std::size_t room = max_ > line.text.size() ? max_ - line.text.size() : 0;
    line.text.append(from, std::min(run, room));
    if (run > room) line.cut = true;
    line.length += run;
    pos_ += run;
    if (stop == last) continue;
    const char c = data_[pos_++];
    line.end = c;
    if (c == '\r' && (pos_ < end_ || fill()) && data_[pos_] == '\n') {
      line.end += '\n';
      ++pos_;
    }
    break;
  }
  line.number = ++lines_;
  taken_ += line.length + line.end.size();
  return true;
}

void LineSource::unread(std::vector<PhysicalLine> lines) {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    taken_ -= it->length + it->end.size();
    again_.push_front(std::move(*it));
  }
}

}  // namespace jaring
