// `jaring fmt FILE...`: policies in the canonical layout (engine/language/format.hpp), rewritten
// in place, printed (`--stdout`, or `-` for standard input), or checked (`--check`: the diff, and
// exit 1 when a file is not formatted). A file that does not parse is left as it is: its
// diagnostics, and exit 2.
#include <fmt/format.h>

#include <iostream>
#include <iterator>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/base/line_diff.hpp"
#include "engine/base/output_file.hpp"
#include "engine/base/read_file.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/report.hpp"
#include "engine/language/format.hpp"

namespace jaring::cli {

namespace {

struct FmtFlags {
  std::vector<std::string> files;
  std::string keywords;  // --keywords en|id; empty: as written
  std::string lang;      // --lang; empty: JARING_LANG, else English
  bool check = false;
  bool to_stdout = false;
};

std::optional<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad()) return std::nullopt;
    return text;
  }
  std::string error;
  return read_file(path, error);
}

class Formatter {
 public:
  explicit Formatter(const FmtFlags& flags) : flags_(flags) {
    if (flags.keywords == "en") options_.keywords = KeywordLanguage::English;
    if (flags.keywords == "id") options_.keywords = KeywordLanguage::Indonesian;
  }

  // Formats, prints or checks one file; false when it cannot be read or does not parse.
  bool file(const std::string& path) {
    const auto text = read_input(path);
    if (!text) {
      std::cerr << say("jaring: cannot read `{}`\n", path);
      return false;
    }
    const SourceId id = sources_.add(path, *text);
    Diagnostics diags;
    const auto formatted = format_policy(sources_, id, diags, options_);
    if (!formatted) {
      diags.sort();
      print_diagnostics(diags, sources_, "text", false);
      return false;
    }
    const bool changed = *formatted != *text;
    unformatted_ += changed ? 1 : 0;
    if (flags_.check) {
      std::cout << unified_diff(*text, *formatted, path, path + " (formatted)");
    } else if (flags_.to_stdout || path == "-") {
      std::cout << *formatted;
    } else if (changed) {
      OutputFile out(path);  // a temporary file renamed over `path`: never half written
      out.write(*formatted);
      out.commit();
      std::cerr << say("formatted `{}`\n", path);
    }
    return true;
  }

  std::size_t unformatted() const { return unformatted_; }

 private:
  const FmtFlags& flags_;
  FormatOptions options_;
  SourceMap sources_;
  std::size_t unformatted_ = 0;
};

int run_fmt(const FmtFlags& flags) {
  const auto files = policy_files(flags.files);
  if (flags.to_stdout && files.size() != 1) {
    std::cerr << say_text("jaring: --stdout prints one file; name exactly one\n");
    return 2;
  }
  Formatter formatter(flags);
  std::size_t failed = 0;
  for (const auto& f : files) failed += formatter.file(f) ? 0 : 1;
  if (flags.check) {  // of the files read and parsed: the others were not checked
    const std::size_t n = formatter.unformatted(), read = files.size() - failed;
    std::cerr << say("{} of {} file{} not formatted{}\n", n, read, read == 1 ? "" : "s",
                     n > 0 ? say_text("; `jaring fmt FILE` rewrites them") : "");
  }
  if (failed > 0)
    std::cerr << say("{} file{} not read or not parsed (see above): left unchanged\n", failed, failed == 1 ? "" : "s");
  if (failed > 0) return 2;
  return flags.check && formatter.unformatted() > 0 ? 1 : 0;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<FmtFlags>();
  auto* cmd = app.add_subcommand("fmt", "Rewrite policy files in the canonical layout, keeping comments");
  cmd->add_option("files", flags->files, "Policy files (.policy), folders of them, or - for standard input")
      ->required();
  auto* check =
      cmd->add_flag("--check", flags->check, "Change nothing: print what formatting would change, exit 1 if anything");
  cmd->add_flag("--stdout", flags->to_stdout, "Print the formatted file instead of rewriting it")->excludes(check);
  cmd->add_option("--keywords", flags->keywords,
                  "Write keywords and type, function and level names in English (en) or Indonesian (id); "
                  "without it each stays as written")
      ->check(CLI::IsMember({"en", "id"}));
  add_lang_flag(cmd, flags->lang, "diagnostics");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    status = run_fmt(*flags);
  });
}

}  // namespace jaring::cli
