// Source text and byte spans. Positions are byte offsets everywhere; line and column (in
// UTF-8 code points, 1-based) are computed only when a diagnostic is printed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

using SourceId = std::uint32_t;

// Half-open byte range [begin, end) in one source. An empty span points between characters.
struct Span {
  SourceId source = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in code points
};

// One loaded file (or string). Owns its text; line starts are computed on construction.
class Source {
 public:
  Source(std::string name, std::string text);
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // What the parser reads: the text, or for a literate policy (`.policy.md`, base/literate.hpp)
  // its `jaring` blocks with every other byte a space, so offsets are the file's own.
  const std::string& code() const { return literate_ ? code_ : text_; }
  LineCol line_col(std::uint32_t offset) const;
  // The text of the 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::string_view slice(const Span& span) const;

 private:
  std::string name_;
  std::string text_;
  bool literate_ = false;
  std::string code_;
  std::vector<std::uint32_t> line_starts_;
};

// All sources of one run; a SourceId indexes into it. Sources are never removed, so
// references stay valid for the map's lifetime.
class SourceMap {
 public:
  SourceId add(std::string name, std::string text);
  const Source& get(SourceId id) const { return *sources_.at(id); }
  std::size_t size() const { return sources_.size(); }

 private:
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace jaring
