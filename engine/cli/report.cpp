#include "engine/cli/report.hpp"
#include "engine/base/i18n.hpp"

#include <fmt/format.h>

#include <iostream>

namespace jaring::cli {

OpenedPolicy open_for_command(const std::string& path, const std::vector<std::string>& include_dirs, SourceMap& sources,
                              Diagnostics& diags) {
  LoadOptions options;
  for (const auto& d : include_dirs) options.search_paths.emplace_back(d);
  return open_policy(path, sources, diags, options);
}

void print_diagnostics(const Diagnostics& diags, const SourceMap& sources, const std::string& format, bool strict) {
  if (format == "json") {
    std::cout << "[";
    bool first = true;
    for (auto d : diags.all()) {
      if (strict) d.severity = Severity::Error;
      std::cout << (first ? "\n  " : ",\n  ") << render_json(d, sources);
      first = false;
    }
    std::cout << (first ? "]\n" : "\n]\n");
    return;
  }
  for (auto d : diags.all()) {
    if (strict) d.severity = Severity::Error;
    std::cerr << render_text(d, sources) << "\n";
  }
  if (diags.dropped() > 0) std::cerr << say("note: {} more diagnostics not shown\n", diags.dropped());
}

}  // namespace jaring::cli
