#include "engine/base/literate.hpp"

#include <algorithm>
#include <cstddef>

namespace jaring {

namespace {

constexpr std::string_view suffix = ".policy.md";

struct Fence {
  char mark = 0;          // '`' or '~'; 0: the line is not a fence
  std::size_t size = 0;   // how many marks
  std::string_view info;  // the rest of the line, trimmed
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Fence fence(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && i < 4 && line[i] == ' ') ++i;
  if (i > 3 || i == line.size() || (line[i] != '`' && line[i] != '~')) return {};
  const char mark = line[i];
  std::size_t n = 0;
  while (i + n < line.size() && line[i + n] == mark) ++n;
  if (n < 3) return {};
  const std::string_view info = trim(line.substr(i + n));
  if (mark == '`' && info.find('`') != std::string_view::npos) return {};  // CommonMark: not a fence
  return {mark, n, info};
}

// The info string's first word names the language: ```jaring, ```jaring title="Pasal 3".
bool is_jaring(std::string_view info) {
  const std::size_t end = info.find_first_of(" \t{");
  return info.substr(0, end) == "jaring";
}

}  // namespace

bool is_literate(std::string_view name) {
  return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

bool is_policy_file(const std::filesystem::path& path) {
  return path.extension() == ".policy" || is_literate(path.filename().string());
}

std::vector<CodeBlock> literate_blocks(std::string_view markdown) {
  std::vector<CodeBlock> blocks;
  Fence open;         // the fence of the block we are in, if any
  bool code = false;  // in a `jaring` block
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    const Fence f = fence(markdown.substr(start, end - start));
    if (open.mark == 0) {
      if (f.mark != 0) {
        open = f;
        code = is_jaring(f.info);
        if (code) blocks.push_back({std::min(end + 1, markdown.size()), markdown.size()});
      }
    } else if (f.mark == open.mark && f.size >= open.size && f.info.empty()) {
      if (code) blocks.back().end = start;
      open = {};
      code = false;
    }
    start = end + 1;
  }
  return blocks;
}

std::string literate_code(std::string_view markdown) {
  std::string out(markdown.size(), ' ');
  for (std::size_t i = 0; i < markdown.size(); ++i)
    if (markdown[i] == '\n') out[i] = '\n';
  for (const CodeBlock& b : literate_blocks(markdown))
    for (std::size_t i = b.begin; i < b.end; ++i) out[i] = markdown[i];
  return out;
}

}  // namespace jaring
