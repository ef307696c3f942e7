// `jaring fmt`: a policy's text in its canonical layout, comments kept. Only blanks, line breaks
// and (when asked) the language of keywords, type, function, level and `total` names change, so
// the formatted text parses to the same policy: its dump and hash are the original's.
// The layout (README "Formatting"):
// - one declaration per line start, each block item (a field, a group's item, a test's line) on
//   a line of its own in a block written over several lines; a block written on one line stays
//   there, its items two spaces apart: `add group g { when role == "x"  covers JKM  paid_by a }`;
// - two spaces of indentation per block; a line that continues an item is indented two more, or
//   inside a bracket opened on an earlier line aligned after that bracket (`given { a: 1,` /
//   `          b: 2 }`);
// - one space between tokens, none inside `()` and `[]`, before `,` and `:` (but `name : type`);
//   the fields of a record aligned on their colon, the header's `region`, `basis` and `valid`
//   on their value; the user's line breaks inside an item kept, at most one blank line in a
//   row, none at the start or end of a block or the file;
// - a comment on a line of its own is indented as the line after it; a comment after code stays
//   there, at its column or two spaces after the code;
// - literals as written; LF line ends, a final newline, no byte order mark.
#pragma once

#include <optional>
#include <string>

#include "engine/base/diagnostic.hpp"
#include "engine/base/source.hpp"

namespace jaring {

// The language keywords and the names of types, functions and region levels are written in:
// as written (each as it is, a file may mix), or all in English or Indonesian.
enum class KeywordLanguage { AsWritten, English, Indonesian };

struct FormatOptions {
  KeywordLanguage keywords = KeywordLanguage::AsWritten;
};

// The source `id` in the canonical layout; nothing when it does not parse (its syntax or literal
// errors are added to `diags`, as `parse` reports them). Idempotent: formatting the result again
// gives it back.
std::optional<std::string> format_policy(const SourceMap& sources, SourceId id, Diagnostics& diags,
                                         const FormatOptions& options = {});

}  // namespace jaring
