#include "engine/cli/report.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/literate.hpp"
#include "engine/io/population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace jaring::cli {

OpenedPolicy open_for_command(const std::string& path, const std::vector<std::string>& include_dirs, SourceMap& sources,
                              Diagnostics& diags) {
  LoadOptions options;
  for (const auto& d : include_dirs) options.search_paths.emplace_back(d);
  if (path != "-") return open_policy(path, sources, diags, options);
  // Standard input, read whole, once: `use` resolves from the current folder.
  static bool stdin_read = false;
  OpenedPolicy unreadable;
  unreadable.unreadable = true;
  if (stdin_read) {
    std::cerr << say_text("jaring: standard input (`-`) can be read once; name one `-` at most\n");
    return unreadable;
  }
  stdin_read = true;
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  if (std::cin.bad()) return unreadable;
  return open_policy_text(path, std::move(text), sources, diags, options);
}

std::vector<std::string> policy_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(p, ec))
      if (entry.is_regular_file() && is_policy_file(entry.path())) found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

void print_diagnostics(const Diagnostics& diags, const SourceMap& sources, const std::string& format, bool strict) {
  if (format == "json") {
    std::cout << "[";
    bool first = true;
    for (auto d : diags.all()) {
      if (strict && d.severity == Severity::Warning) d.severity = Severity::Error;
      std::cout << (first ? "\n  " : ",\n  ") << render_json(d, sources);
      first = false;
    }
    std::cout << (first ? "]\n" : "\n]\n");
    return;
  }
  for (auto d : diags.all()) {
    if (strict && d.severity == Severity::Warning) d.severity = Severity::Error;
    std::cerr << render_text(d, sources) << "\n";
  }
  if (diags.dropped() > 0) std::cerr << say("note: {} more diagnostics not shown\n", diags.dropped());
}

namespace {

// The fast lane's reason (English, io/batch.hpp's generic_reason: a phrase of the lane's, or
// generic_reason_policy_has and one of the kernel's) in the message language.
std::string reason_in_language(const std::string& why) {
  if (why.starts_with(generic_reason_policy_has))
    return say("the policy has {}", say_text(std::string_view(why).substr(generic_reason_policy_has.size())));
  return say_text(why);
}

}  // namespace

void note_generic_runtime(const std::string& english_why, Decided whose, std::uint64_t records) {
  if (english_why.empty() || records == 0 || runtime_choice() == RuntimeChoice::Generic) return;
  const std::string why = reason_in_language(english_why);
  const std::string decided = whose == Decided::Base       ? say_text("the base policy's records")
                              : whose == Decided::Proposal ? say_text("the proposal's records")
                                                           : say_text("these records");
  std::cerr << say(
      "jaring: note: the generic runtime decided {}, not the fast lane (the same decisions, many times slower), "
      "because {}\n",
      decided, why);
}

void note_one_at_a_time(std::uint64_t decided, std::uint64_t first_line, std::uint64_t records) {
  // Said where it costs time: a thousand records and one in a hundred, or more.
  if (decided < 1000 || decided * 100 < records || runtime_choice() == RuntimeChoice::Generic) return;
  std::cerr << say(
      "jaring: note: the generic runtime decided {} of these records one at a time (the first on line {}), not the "
      "fast lane: a value of theirs is written in a form only the generic reader reads, or the kernel leaves their "
      "decision to it (the same decisions, many times slower)\n",
      format_int(static_cast<std::int64_t>(decided)), first_line);
}

}  // namespace jaring::cli
