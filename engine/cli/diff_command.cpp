// `jaring diff BASE PROPOSAL [--records FILE --as-of D [--base-as-of D]]`: what a proposal
// changes against a base policy, in its rules and, with a population, record by record.
#include <fmt/format.h>

#include <iostream>

#include "engine/base/cores.hpp"
#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/read_flags.hpp"
#include "engine/cli/report.hpp"
#include "engine/cli/whatif_support.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/whatif/diff_report.hpp"
#include "engine/whatif/schema_compat.hpp"

namespace jaring::cli {

namespace {

struct DiffFlags {
  std::string base, proposal, records, as_of, base_as_of, input_format, html;
  std::string format;        // empty: text
  char out_delimiter = ',';  // between the cells of --format csv (--out-delimiter)
  std::string lang;          // empty: report_language() and use_message_language() choose
  std::vector<std::string> include_dirs;
  unsigned threads = 0;
  std::size_t sample = 5;
  ReadOptions read;
};

// Refuses two policies whose record schemas differ in a way that matters (exit 2).
bool schemas_agree(const CompiledPolicy& base, const CompiledPolicy& proposal, const DiffFlags& f) {
  const auto conflicts = whatif::schema_conflicts(base.program->schema, proposal.program->schema, "`" + f.base + "`",
                                                  "`" + f.proposal + "`");
  if (conflicts.empty()) return true;
  std::cerr << say(
      "jaring: the record schemas of the two policies differ in {} field{}; one population cannot "
      "be decided under both:\n",
      conflicts.size(), conflicts.size() == 1 ? "" : "s");
  for (const auto& c : conflicts) std::cerr << fmt::format("  field `{}`: {}\n", c.field, c.problem);
  return false;
}

int population(const DiffFlags& f, const CompiledPolicy& base, const CompiledPolicy& proposal,
               whatif::DiffReport& report) {
  const auto as_of = parse_date(f.as_of);
  const auto base_as_of = f.base_as_of.empty() ? as_of : parse_date(f.base_as_of);
  if (!as_of || !base_as_of) {
    std::cerr << say("jaring: {} `{}` is not a date (YYYY-MM-DD)\n", as_of ? "--base-as-of" : "--as-of",
                     as_of ? f.base_as_of : f.as_of);
    return 2;
  }
  whatif::PopulationOptions o;
  if (const int status = check_records_file(f.records, f.input_format, f.read, o.format)) return status;
  o.as_of = *as_of;
  o.base_as_of = *base_as_of;
  o.threads = f.threads ? f.threads : usable_cores();
  o.read = f.read;
  o.sample = f.sample;
  report.records_path = f.records;
  report.population = whatif::diff_population(*base.program, *proposal.program, f.records, o);
  return 0;
}

int run_diff(const DiffFlags& f) {
  if (f.records.empty() != f.as_of.empty() || (!f.base_as_of.empty() && f.records.empty())) {
    std::cerr << say_text("jaring: --records and --as-of go together (and --base-as-of needs them)\n");
    return 2;
  }
  const std::vector<NamedPath> inputs{{"the base", f.base}, {"the proposal", f.proposal}, {"--records", f.records}};
  if (const int status = refuse_clashing_outputs({{"--html", f.html}}, inputs)) return status;
  if (f.html == "-" && !f.format.empty()) {
    std::cerr << say_text("jaring: --html - writes the HTML report on standard output in place of --format's\n");
    return 2;
  }
  if (f.out_delimiter != ',' && f.format != "csv") {
    std::cerr << say_text("jaring: --out-delimiter applies to --format csv\n");
    return 2;
  }
  const CompiledPolicy base = load_compiled(f.base, f.include_dirs);
  if (base.status) return base.status;
  const CompiledPolicy proposal = load_compiled(f.proposal, f.include_dirs);
  if (proposal.status) return proposal.status;
  if (!schemas_agree(base, proposal, f)) return 2;
  whatif::DiffReport report{base.id, proposal.id,
                            whatif::diff_policies(base.policy->policy(), proposal.policy->policy()), "", std::nullopt};
  // Created before the long work (a bad folder fails at once), named only after the report on
  // standard output was written out.
  std::optional<OutputFile> html;
  if (!f.html.empty() && f.html != "-") html.emplace(f.html);
  const auto lang = whatif::lang_of(report_language(f.lang));
  std::string out, page;
  try {  // an unreadable population, or amounts beyond what a report can hold (whatif/report_range.hpp)
    if (!f.records.empty())
      if (const int status = population(f, base, proposal, report)) return status;
    out = f.html == "-"        ? whatif::diff_html(report, lang)  // the page in place of the report
          : f.format == "json" ? whatif::diff_json(report)
          : f.format == "csv"  ? redelimited_csv(whatif::diff_csv(report), f.out_delimiter)
                               : whatif::diff_text(report, lang);
    if (html) page = whatif::diff_html(report, lang);
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring: " << e.what() << "\n";
    return 2;
  }
  std::cout << out;
  if (html) html->write(page);
  std::cout.flush();
  if (html) html->commit();
  if (report.population) {
    note_generic_runtime(report.population->base_generic, Decided::Base, report.population->records);
    note_generic_runtime(report.population->proposal_generic, Decided::Proposal, report.population->records);
  }
  return 0;
}

}  // namespace

void add_diff_command(CLI::App& app, int& status) {
  auto f = std::make_shared<DiffFlags>();
  auto* cmd = app.add_subcommand(
      "diff", "What a proposal changes against a base policy (rules; with --records, per record and per payer)");
  cmd->add_option("base", f->base, "Base policy (.policy, or - for standard input)")->required();
  cmd->add_option("proposal", f->proposal, "Proposal: an amendment of the base, or any other policy")->required();
  cmd->add_option("--records", f->records, "Population to decide under both (CSV, JSON Lines)");
  add_read_flags(cmd, f->read);
  cmd->add_option("--as-of", f->as_of, "Decision date, YYYY-MM-DD (both policies, unless --base-as-of)");
  cmd->add_option("--base-as-of", f->base_as_of,
                  "Decide the base as of this date instead (e.g. the same month a year earlier)");
  cmd->add_option("--sample", f->sample, "Records shown per kind of change (first by id; default 5)")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--format", f->format, "text (default), json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  add_delimiter_option(cmd, "--out-delimiter", f->out_delimiter,
                       "With --format csv: the character between its cells: comma (the default), semicolon (what a "
                       "spreadsheet set to Indonesian opens as columns), tab or pipe");
  cmd->add_option("--html", f->html,
                  "Also write a self-contained HTML report here (`-`: on standard output, in place of the report)");
  add_lang_flag_for_reports(cmd, f->lang, "text and HTML reports");
  cmd->add_option("--input-format", f->input_format, "csv, jsonl or json (default: by file extension)")
      ->check(CLI::IsMember({"csv", "jsonl", "json"}));
  cmd->add_option("--threads", f->threads,
                  "Worker threads (default: the cores this process may use: its CPU affinity, within its cgroup quota)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_diff(*f);
  });
}

}  // namespace jaring::cli
