// `jaring project POLICY --records FILE --from YYYY-MM --to YYYY-MM [--assumptions FILE.json]`:
// month-by-month headcount, contributions and expected claims per payer and per group.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/base/cores.hpp"
#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/read_flags.hpp"
#include "engine/cli/report.hpp"
#include "engine/cli/whatif_support.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/whatif/project_report.hpp"

namespace jaring::cli {

namespace {

constexpr int max_months = 120;

struct ProjectFlags {
  std::string policy, records, from, to, assumptions, input_format, html;
  std::string format;        // empty: text
  char out_delimiter = ',';  // between the cells of --format csv (--out-delimiter)
  std::string lang;          // empty: report_language() and use_message_language() choose
  std::vector<std::string> include_dirs;
  unsigned threads = 0;
  ReadOptions read;
};

// The month range, or exit status 2 with the reason printed.
int month_range(const ProjectFlags& f, whatif::Month& from, whatif::Month& to) {
  const auto a = whatif::parse_month(f.from), b = whatif::parse_month(f.to);
  if (!a || !b) {
    std::cerr << say("jaring: {} `{}` is not a month: write YYYY-MM, e.g. 2024-05\n", a ? "--to" : "--from",
                     a ? f.to : f.from);
    return 2;
  }
  if (whatif::month_number(*a) > whatif::month_number(*b)) {
    std::cerr << say("jaring: --from {} is after --to {}; give the earlier month first\n", f.from, f.to);
    return 2;
  }
  const int months = whatif::month_number(*b) - whatif::month_number(*a) + 1;
  if (months > max_months) {
    std::cerr << say("jaring: --from {} --to {} spans {} months; at most {} (10 years) can be projected\n", f.from,
                     f.to, months, max_months);
    return 2;
  }
  from = *a, to = *b;
  return 0;
}

// The assumptions from --assumptions, or the defaults; exit status 2 with the reason printed.
int read_assumptions(const ProjectFlags& f, const Program& program, whatif::Assumptions& out) {
  if (!f.assumptions.empty()) {
    std::ifstream in(f.assumptions, std::ios::binary);
    if (!in) {
      std::cerr << say("jaring: cannot read `{}`\n", f.assumptions);
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto a = whatif::parse_assumptions(text.str(), error);
    if (!a) {
      std::cerr << say("jaring: assumptions `{}`: {}\n", f.assumptions, error);
      return 2;
    }
    out = std::move(*a);
  }
  const auto field = program.schema.index_of(out.income_field);
  if (out.from_file.count("income_field") && (!field || program.schema.fields[*field].type != ValueKind::Money)) {
    std::cerr << say(
        "jaring: assumptions `{}`: `income_field` names `{}`, which is not a money field of the policy's record\n",
        f.assumptions, out.income_field);
    return 2;
  }
  return 0;
}

int run_project(const ProjectFlags& f) {
  const std::vector<NamedPath> inputs{
      {"the policy", f.policy}, {"--records", f.records}, {"--assumptions", f.assumptions}};
  if (const int status = refuse_clashing_outputs({{"--html", f.html}}, inputs)) return status;
  if (f.html == "-" && !f.format.empty()) {
    std::cerr << say_text("jaring: --html - writes the HTML report on standard output in place of --format's\n");
    return 2;
  }
  if (f.out_delimiter != ',' && f.format != "csv") {
    std::cerr << say_text("jaring: --out-delimiter applies to --format csv\n");
    return 2;
  }
  whatif::ProjectionOptions o;
  if (const int status = month_range(f, o.from, o.to)) return status;
  const CompiledPolicy policy = load_compiled(f.policy, f.include_dirs);
  if (policy.status) return policy.status;
  if (const int status = read_assumptions(f, *policy.program, o.assumptions)) return status;
  if (const int status = check_records_file(f.records, f.input_format, f.read, o.format)) return status;
  o.threads = f.threads ? f.threads : usable_cores();
  o.read = f.read;
  whatif::ProjectReport report{policy.id, f.records, f.assumptions, o.assumptions, {}, {}};
  // Created before the long work (a bad folder fails at once), named only after the report on
  // standard output was written out.
  std::optional<OutputFile> html;
  if (!f.html.empty() && f.html != "-") html.emplace(f.html);
  const auto lang = whatif::lang_of(report_language(f.lang));
  std::string out, page;
  try {  // an unreadable population, or amounts beyond what a report can hold (whatif/report_range.hpp)
    report.projection = whatif::project(*policy.program, f.records, o);
    report.years = whatif::budget_years(*policy.program, report.projection);
    out = f.html == "-"        ? whatif::project_html(report, lang)  // the page in place of the report
          : f.format == "json" ? whatif::project_json(report)
          : f.format == "csv"  ? redelimited_csv(whatif::project_csv(report), f.out_delimiter)
                               : whatif::project_text(report, lang);
    if (html) page = whatif::project_html(report, lang);
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring: " << e.what() << "\n";
    return 2;
  }
  std::cout << out;
  if (html) html->write(page);
  std::cout.flush();
  if (html) html->commit();
  note_generic_runtime(report.projection.generic, Decided::Records, report.projection.records);
  return 0;
}

}  // namespace

void add_project_command(CLI::App& app, int& status) {
  auto f = std::make_shared<ProjectFlags>();
  auto* cmd =
      app.add_subcommand("project", "Month-by-month headcount, contributions and expected claims per payer and group");
  cmd->add_option("policy", f->policy, "Policy file (.policy, or - for standard input)")->required();
  cmd->add_option("--records", f->records, "Population (CSV, JSON Lines)")->required();
  cmd->add_option("--from", f->from, "First month, YYYY-MM (each month is decided as of its 1st)")->required();
  cmd->add_option("--to", f->to, "Last month, YYYY-MM (at most 120 months in all)")->required();
  cmd->add_option("--assumptions", f->assumptions,
                  "Claims scenario (JSON; see examples/whatif/README.md); default: BPJSTK.md figures");
  cmd->add_option("--format", f->format, "text (default), json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  add_delimiter_option(cmd, "--out-delimiter", f->out_delimiter,
                       "With --format csv: the character between its cells: comma (the default), semicolon (what a "
                       "spreadsheet set to Indonesian opens as columns), tab or pipe");
  cmd->add_option("--html", f->html,
                  "Also write a self-contained HTML report here (`-`: on standard output, in place of the report)");
  add_lang_flag_for_reports(cmd, f->lang, "text and HTML reports");
  cmd->add_option("--input-format", f->input_format, "csv, jsonl or json (default: by file extension)")
      ->check(CLI::IsMember({"csv", "jsonl", "json"}));
  add_read_flags(cmd, f->read);
  cmd->add_option("--threads", f->threads,
                  "Worker threads (default: the cores this process may use: its CPU affinity, within its cgroup quota)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_project(*f);
  });
}

}  // namespace jaring::cli
