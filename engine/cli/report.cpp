#include "engine/cli/report.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace jaring::cli {

Loaded load_and_check(const std::string& path, SourceMap& sources, Diagnostics& diags,
                      const std::vector<std::string>& include_dirs) {
  LoadOptions options;
  for (const auto& d : include_dirs) options.search_paths.emplace_back(d);
  Loaded out;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    out.unreadable = true;
    return out;
  }
  out.policy = load_policy(path, sources, diags, options);
  if (out.policy) check(*out.policy, sources, diags);
  return out;
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
  if (diags.dropped() > 0) std::cerr << fmt::format("note: {} more diagnostics not shown\n", diags.dropped());
}

}  // namespace jaring::cli
