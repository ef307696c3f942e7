// Literate policies: a `.policy.md` file is the regulation's own text in Markdown, with the
// rules that encode it in fenced code blocks whose info string is `jaring` (```jaring ... ```,
// or ~~~jaring). Only those blocks are policy text; everything else is prose for the reader.
// The parser reads a view of the file of the same length in which every byte outside those
// blocks (the fences included) is a space, so every offset, line and column a diagnostic
// names is the Markdown file's own.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

// The name ends in `.policy.md`.
bool is_literate(std::string_view name);
// A policy file by its name: `.policy` or `.policy.md`.
bool is_policy_file(const std::filesystem::path& path);

// The `jaring` code of a Markdown text, in place: each byte outside a `jaring` block becomes a
// space, line ends stay. Fences follow CommonMark: up to 3 spaces of indent, 3 or more backticks
// or tildes, closed by a fence of the same character at least as long; an unclosed block runs
// to the end of the file.
std::string literate_code(std::string_view markdown);

// The code of each `jaring` block: the bytes from the line after its opening fence to the
// start of its closing fence's line (or the end of the file), in order.
struct CodeBlock {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::vector<CodeBlock> literate_blocks(std::string_view markdown);

}  // namespace jaring
