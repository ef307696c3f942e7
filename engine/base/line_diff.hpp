// A line diff of two texts, as `diff -u` prints it, for `jaring fmt --check` (what formatting
// would change). Myers' algorithm: a shortest edit script, so a small change is a small diff.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jaring {

// The unified diff turning `before` into `after`, headed `--- before_name` and `+++ after_name`,
// with `context` unchanged lines around each change; empty when the texts are equal. A last line
// without a line break is marked `\ No newline at end of file`. When a shortest diff needs more
// than 2.000 lines removed or added (its memory grows with the square of that), the part between
// the texts' common start and end is shown replaced whole: still a correct diff.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name, std::size_t context = 3);

}  // namespace jaring
