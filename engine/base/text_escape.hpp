// Small text transformations shared by stages that cannot share each other: percent-decoding
// (URLs for the server, `file://` URIs for the language server) and Markdown table cells (policy
// documents, hover texts).
#pragma once

#include <string>
#include <string_view>

namespace jaring {

// Percent-decoding of a path (`+` stays) or of a query component (`+` is a space). Malformed
// escapes stay as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Text as one cell of a Markdown table: `|` escaped, line breaks as spaces.
std::string markdown_cell(std::string_view text);

}  // namespace jaring
