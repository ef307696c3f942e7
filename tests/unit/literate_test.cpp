#include <catch2/catch.hpp>

#include "engine/base/literate.hpp"
#include "engine/base/source.hpp"

using namespace jaring;

namespace {

// The literate view with spaces shown as `.` and line ends kept, to compare line by line.
std::string shown(std::string_view md) {
  std::string out = literate_code(md);
  REQUIRE(out.size() == md.size());
  for (char& c : out)
    if (c == ' ') c = '.';
  return out;
}

}  // namespace

TEST_CASE("literate: only `jaring` blocks are code, the rest spaces, offsets kept", "[literate]") {
  CHECK(shown("# Pasal 1\n```jaring\nlet a = 1\n```\ntext\n") == ".........\n.........\nlet.a.=.1\n...\n....\n");
  // Another language's block is prose; so is an indented (4 spaces) fence.
  CHECK(shown("```sh\nrm x\n```\n    ```jaring\nx\n") == ".....\n....\n...\n.............\n.\n");
  // Tildes, a longer fence, an info string with more after the language.
  CHECK(shown("~~~~ jaring title=\"Pasal 3\"\na\n~~~\nb\n~~~~\nc") ==
        "...........................\na\n~~~\nb\n....\n.");
  // A closing fence must use the opening's character and be at least as long.
  CHECK(shown("````jaring\n```\nx\n````\n") == "..........\n```\nx\n....\n");
  // Unclosed: runs to the end (CommonMark).
  CHECK(shown("```jaring\na\nb") == ".........\na\nb");
  // CRLF line ends stay in code lines; a fence line's `\r` is blanked with it.
  CHECK(literate_code("```jaring\r\na\r\n```\r\n") == "          \na\r\n    \n");
  // Not a fence: two backticks, or a backtick in a backtick fence's info.
  CHECK(shown("``jaring\nx\n```jaring `x`\ny\n") == "........\n.\n.............\n.\n");
}

TEST_CASE("literate: names", "[literate]") {
  CHECK(is_literate("rules/regions/yogyakarta-2025.policy.md"));
  CHECK_FALSE(is_literate("README.md"));
  CHECK_FALSE(is_literate(".policy.md"));
  CHECK(is_policy_file("a/b.policy"));
  CHECK(is_policy_file("a/b.policy.md"));
  CHECK_FALSE(is_policy_file("a/b.md"));
}

TEST_CASE("literate: a source parses its code view and shows its own lines", "[literate]") {
  const Source md("x.policy.md", "Prose `group`.\n```jaring\nlet a = 1\n```\n");
  CHECK(md.code() == "              \n         \nlet a = 1\n   \n");
  CHECK(md.line_text(3) == "let a = 1");
  CHECK(md.line_text(1) == "Prose `group`.");
  const Source plain("x.policy", "let a = 1\n");
  CHECK(&plain.code() == &plain.text());
}
