// `jaring doc POLICY [--md | --html] [--out FILE]`: the policy as a readable document
// (engine/doc/policy_doc.hpp), its tests decided as worked examples.
#include <iostream>
#include <memory>

#include "engine/base/i18n.hpp"
#include "engine/base/output_file.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/report.hpp"
#include "engine/cli/whatif_support.hpp"
#include "engine/doc/policy_doc.hpp"

namespace jaring::cli {

void add_doc_command(CLI::App& app, int& status) {
  struct Flags {
    std::string file;
    bool markdown = false;
    bool html = false;
    std::string out = "-";
    std::string lang;
    std::vector<std::string> include_dirs;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand(
      "doc", "Write a policy as a readable document: article by article, groups, payers, budgets, worked examples");
  cmd->add_option("file", f->file, "Policy file (.policy or .policy.md; - for standard input, read as .policy)")
      ->required();
  auto* md = cmd->add_flag("--md", f->markdown, "Markdown (the default)");
  cmd->add_flag("--html", f->html, "One self-contained HTML page (no script, no external asset)")->excludes(md);
  cmd->add_option("--out", f->out, "Write the document here (default: standard output)");
  add_lang_flag_for_reports(cmd, f->lang, "the document");
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    if (const int clash = refuse_clashing_outputs({{"--out", f->out}}, {{"the policy", f->file}})) {
      status = clash;
      return;
    }
    const CompiledPolicy compiled = load_compiled(f->file, f->include_dirs);
    if (compiled.status) {
      status = compiled.status;
      return;
    }
    const Policy& policy = compiled.policy->policy();
    const auto examples = run_tests(policy, *compiled.program);
    const auto lang = whatif::lang_of(report_language(f->lang));
    const doc::Document d = doc::policy_document(policy, *compiled.program, examples, lang);
    const std::string text = f->html ? doc::render_html(d, lang) : doc::render_markdown(d);
    if (f->out == "-") {
      std::cout << text;
    } else {
      OutputFile out(f->out);  // a temporary file, renamed once written
      out.write(text);
      out.commit();
    }
    status = 0;
  });
}

}  // namespace jaring::cli
