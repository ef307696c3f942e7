#include "engine/base/source.hpp"

#include <algorithm>

#include "engine/base/literate.hpp"

namespace jaring {

Source::Source(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  literate_ = is_literate(name_);
  if (literate_) code_ = literate_code(text_);
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineCol Source::line_col(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::uint32_t column = 1;
  for (std::uint32_t i = line_starts_[line - 1]; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string_view Source::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view Source::slice(const Span& span) const {
  const auto size = text_.size();
  const auto begin = std::min<std::size_t>(span.begin, size);
  const auto end = std::min<std::size_t>(std::max(span.begin, span.end), size);
  return std::string_view(text_).substr(begin, end - begin);
}

SourceId SourceMap::add(std::string name, std::string text) {
  sources_.push_back(std::make_unique<Source>(std::move(name), std::move(text)));
  return static_cast<SourceId>(sources_.size() - 1);
}

}  // namespace jaring
