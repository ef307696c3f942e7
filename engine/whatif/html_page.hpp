// The shell of a self-contained HTML report: one file, inline CSS, inline SVG, no script and
// no external asset, so it opens offline and prints as it shows.
#pragma once

#include <string>
#include <string_view>

#include "engine/whatif/lang.hpp"
#include "engine/whatif/table.hpp"

namespace jaring::whatif {

std::string escape_html(std::string_view s);
// A table with its title as a heading and its note under it.
std::string html_table(const Table& t);
// The whole page: `<!DOCTYPE html>` ... with `body` inside <main>.
std::string html_page(const std::string& title, const std::string& body, Lang lang);

}  // namespace jaring::whatif
