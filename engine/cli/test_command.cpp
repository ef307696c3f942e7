// `jaring test FILE|DIR...`: run the `test` blocks of policies; `--coverage` lists what no
// test exercised. Exit 0 only if every file checks and every test passes. An amendment's run
// also runs the amended policy's tests against it and shows which it changes (not failures:
// changing outcomes is what an amendment is for).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/report.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/runtime/test_runner.hpp"

namespace jaring::cli {

namespace {

namespace fs = std::filesystem;

struct TestFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::vector<std::string> paths;
  std::vector<std::string> include_dirs;
  bool coverage = false;
  bool coverage_used = false;
};

// The policy files of `paths` (report.hpp's policy_files); a path that is neither a folder nor
// a file is named on standard error and counted in `missing`.
std::vector<std::string> policy_files(const std::vector<std::string>& paths, std::size_t& missing) {
  std::vector<std::string> readable;
  for (const auto& p : paths) {
    std::error_code ec;
    if (p == "-" || fs::is_directory(p, ec) || fs::is_regular_file(p, ec)) {  // `-`: standard input
      readable.push_back(p);
    } else {
      std::cerr << say("jaring: cannot read `{}`\n", p);
      ++missing;
    }
  }
  return cli::policy_files(readable);
}

// `changed`: a base test an amendment changes (CHANGED), else a failure (FAIL).
void print_failure(const TestResult& r, const SourceMap& sources, bool changed = false) {
  const Source& src = sources.get(r.span.source);
  const std::string word = changed ? say_text("CHANGED ") : say_text("FAIL  ");
  std::cout << say("  {}{} ({}:{}, on {}{})\n", word, r.name, src.name(), src.line_col(r.span.begin).line,
                   format_date(r.on), r.written_on != r.on ? say(", written for {}", format_date(r.written_on)) : "");
  const std::string expected = say_text("expected");
  std::size_t width = expected.size();
  for (const auto& [want, got] : r.mismatches) width = std::max(width, want.size());
  std::cout << fmt::format("        {:<{}}   {}\n", expected, width, say_text("actual"));
  for (const auto& [want, got] : r.mismatches) std::cout << fmt::format("        {:<{}}   {}\n", want, width, got);
  for (const auto& reason : r.decision.reasons)
    std::cout << say("        reason: {} — {}{}\n", reason.rule, reason.label,
                     reason.detail.empty() ? "" : " (" + render(reason.detail) + ")");
}

int run_test_command(const TestFlags& flags) {
  std::size_t missing = 0;
  const auto files = policy_files(flags.paths, missing);
  std::size_t passed = 0, failed = 0, broken = 0, changed_total = 0;
  for (const auto& file : files) {
    SourceMap sources;
    Diagnostics diags;
    const auto opened = open_for_command(file, flags.include_dirs, sources, diags);
    diags.sort();
    if (!opened.ok()) {
      print_diagnostics(diags, sources, "text", false);
      std::cout << say("{}: does not check; its tests were not run\n", file);
      ++broken;
      continue;
    }
    Coverage coverage;
    coverage.used_files = flags.coverage_used;
    const bool measured = flags.coverage || flags.coverage_used;
    const auto results = run_tests(opened.checked->policy(), *opened.program, measured ? &coverage : nullptr);
    std::cout << say("{} ({} test{})\n", file, results.size(), results.size() == 1 ? "" : "s");
    for (const auto& r : results) {
      if (r.passed) {
        ++passed;
        std::cout << fmt::format("  ok    {}\n", r.name);
      } else {
        ++failed;
        print_failure(r, sources);
      }
    }
    // An amendment: the tests of the policy it amends, run against it, show what it changes.
    const auto base = run_base_tests(opened.checked->policy(), *opened.program);
    if (!base.empty()) {
      std::size_t changed = 0, not_run = 0;
      for (const auto& r : base) {
        if (!r.not_run.empty()) {
          ++not_run;
          std::cout << say("  base  {}: not run: {}\n", r.name, r.not_run);
        } else if (!r.passed) {
          ++changed;
          print_failure(r, sources, true);
        }
      }
      const std::size_t replaced = opened.checked->policy().base_tests.size() - base.size();
      std::cout << say("  tests of the amended policy: {} unchanged, {} changed by this amendment{}{}\n",
                       base.size() - changed - not_run, changed, not_run ? say(", {} not run", not_run) : "",
                       replaced ? say(", {} replaced by this file's own", replaced) : "");
      changed_total += changed;
    }
    if (flags.coverage || flags.coverage_used) {
      if (coverage.untested.empty())
        std::cout << say_text(
            "  coverage: every group, requirement, payer line, parameter value and citation was exercised\n");
      for (const auto& u : coverage.untested) std::cout << say("  untested: {}\n", u);
    }
  }
  if (broken > 0) std::cout << say("{} file{} did not check\n", broken, broken == 1 ? "" : "s");
  if (missing > 0) std::cout << say("{} path{} could not be read\n", missing, missing == 1 ? "" : "s");
  std::cout << say("{} passed, {} failed{}\n", passed, failed,
                   changed_total ? say("; {} base test{} changed by amendments (not failures)", changed_total,
                                       changed_total == 1 ? "" : "s")
                                 : "");
  if (missing) return 2;
  return failed == 0 && broken == 0 ? 0 : 1;
}

}  // namespace

void add_test_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<TestFlags>();
  auto* cmd = app.add_subcommand("test", "Run the test blocks of policies (files or folders)");
  cmd->add_option("paths", flags->paths, "Policy files or folders, or - for standard input")->required();
  cmd->add_flag("--coverage", flags->coverage,
                "List every group, requirement, payer line, parameter value and citation of the files given (and "
                "the policies they amend) that no test exercised");
  cmd->add_flag("--coverage-used", flags->coverage_used,
                "Like --coverage, and also what the files they `use` declare (the national pack's parameters)");
  cmd->add_option("-I,--include", flags->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  add_lang_flag(cmd, flags->lang, "diagnostics and test results");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    status = run_test_command(*flags);
  });
}

}  // namespace jaring::cli
