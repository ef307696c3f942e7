// `jaring eval POLICY --as-of D (--record JSON | --records FILE)`: decisions for one record or
// a whole population.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "engine/base/cores.hpp"
#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/read_flags.hpp"
#include "engine/cli/report.hpp"
#include "engine/io/batch.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/explain.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/values_used.hpp"

namespace jaring::cli {

namespace {

struct EvalFlags {
  std::string policy;
  std::string as_of;
  std::string record;
  std::string records;
  std::string out;
  std::string rejects;
  std::string summary;
  std::string input_format;
  std::string lang;  // empty: report_language() and use_message_language() choose
  std::vector<std::string> include_dirs;
  ReadOptions read;
  char out_delimiter = ',';  // between the cells of the CSV outputs (--out-delimiter)
  unsigned threads = 0;
  bool explain = false;
  bool no_decisions = false;
};

int eval_one(const Program& program, const EvalFlags& f, Day as_of) {
  ReadOptions o = f.read;
  o.strict_keys = true;
  ReadResult r = read_json_record(f.record, program.schema, o);
  const Record* record = std::get_if<Record>(&r);
  const Decision d = record ? decide(program, *record, as_of) : reject(program, std::get<Rejection>(r), as_of);
  if (!f.explain) {
    std::cout << decision_json(d) + "\n";
    return 0;
  }
  const std::string lang = report_language(f.lang);
  const auto values = record ? requirement_values(program, *record, as_of, lang == "en" ? Lang::en : Lang::id)
                             : std::map<std::string, std::string>{};
  std::cout << explain(d, lang, &values);
  return 0;
}

// Copies standard input to a temporary file so a batch can read it twice. Every write is
// checked: a short copy would silently drop records.
std::string spool_stdin() {
  std::filesystem::path dir;
  try {
    dir = std::filesystem::temp_directory_path();  // $TMPDIR, else /tmp
  } catch (const std::filesystem::filesystem_error& e) {
    throw std::runtime_error(
        say("cannot create a temporary file for standard input: {} ($TMPDIR)", e.code().message()));
  }
  std::string name = (dir / "jaring-stdin-XXXXXX").string();
  const int fd = mkstemp(name.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for standard input");
  FdWriter out(fd, name);
  try {
    char block[1 << 16];
    while (std::cin.read(block, sizeof block) || std::cin.gcount() > 0)
      out.write({block, static_cast<std::size_t>(std::cin.gcount())});
    out.flush();
  } catch (...) {
    close(fd);
    std::remove(name.c_str());
    throw;
  }
  close(fd);
  return name;
}

// Removes the spooled copy of standard input however the run ends (a header the policy does
// not know, an output that cannot be written, ...).
class Spool {
 public:
  explicit Spool(std::string path) : path_(std::move(path)) {}
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove(path_, ec);
  }

 private:
  std::string path_;
};

DecisionFormat decision_format(const EvalFlags& f) {
  return std::filesystem::path(f.out).extension() == ".csv" ? DecisionFormat::Csv : DecisionFormat::JsonLines;
}

unsigned batch_threads(const EvalFlags& f) { return f.threads ? f.threads : usable_cores(); }

int eval_batch(const Program& program, const EvalFlags& f, Day as_of) {
  const auto format = records_format(f.records, f.input_format);
  if (!format) {
    std::cerr << say("jaring: cannot tell the format of `{}`; use --input-format csv|jsonl|json\n", f.records);
    return 2;
  }
  if (const int status = refuse_delimiter(f.read, *format, f.records)) return status;
  std::string path = f.records;
  const bool from_stdin = path == "-";
  if (from_stdin) path = spool_stdin();
  const Spool spool(from_stdin ? path : std::string());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    std::cerr << say("jaring: cannot read `{}`\n", f.records);
    return 2;
  }
  // The outputs are created before any record is read (a bad folder fails at once) and all
  // committed at the end, decisions, rejects, then the summary, only after every record was
  // decided and standard output was written out: a run that fails leaves them as they were.
  // `-` is standard output (refuse_misplaced_flags let one output at most have it).
  const bool rejects_stdout = f.rejects == "-", summary_stdout = f.summary == "-";
  std::optional<OutputFile> out_file, rejects_file, summary_file;
  if (!f.out.empty() && f.out != "-") out_file.emplace(f.out);
  if (!f.rejects.empty() && !rejects_stdout) rejects_file.emplace(f.rejects);
  if (!f.summary.empty() && !summary_stdout) summary_file.emplace(f.summary);
  std::ostream& out = out_file ? out_file->stream() : std::cout;
  // The rejects as CSV, with --out-delimiter's delimiter (the decisions: options.out_delimiter).
  const auto rejects_csv = [&f](std::string text) { return redelimited_csv(std::move(text), f.out_delimiter); };
  if (rejects_file) rejects_file->write(rejects_csv(rejects_csv_header()));
  // On standard output the rejects' header goes out with the first of them or at the end: a
  // run refused before (a header that does not fit) prints nothing there.
  bool rejects_begun = false;
  auto begin_rejects = [&] {
    if (rejects_stdout && !rejects_begun) std::cout << rejects_csv(rejects_csv_header());
    rejects_begun = true;
  };
  Summary summary(program, as_of);
  BatchOptions options;
  options.as_of = as_of;
  options.threads = batch_threads(f);
  options.format = *format;
  options.read = f.read;
  options.out_delimiter = f.out_delimiter;
  if (isatty(STDERR_FILENO))
    options.progress = [](std::uint64_t n, int pass, int passes) {
      std::cerr << fmt::format("\rpass {}/{}: {} records", pass, passes, n) << std::flush;
    };
  // Rejections are handed on only to a --rejects file (the summary counts them either way); one
  // written to a temporary file can be emptied, so the fast lane need not hold them back.
  std::function<void(const Decision&)> rejected;
  if (rejects_stdout)
    rejected = [&](const Decision& d) {
      begin_rejects();
      std::cout << rejects_csv(rejects_csv_rows(d));
    };
  if (rejects_file) {
    rejected = [&](const Decision& d) { rejects_file->write(rejects_csv(rejects_csv_rows(d))); };
    if (!rejects_file->temp_path().empty())
      options.rejected_restart = [&] {
        if (!rejects_file->rewind()) return false;
        rejects_file->write(rejects_csv(rejects_csv_header()));
        return true;
      };
  }
  std::string generic;  // why the generic runtime decided the run, or empty: the fast lane
  options.generic_reason = &generic;
  BatchOptions::OneAtATime one;
  options.one_at_a_time = &one;
  // --no-decisions renders nothing per record: only the summary and the rejects are kept.
  decide_population(program, path, options, decision_format(f), f.no_decisions ? nullptr : &out, summary, rejected,
                    f.no_decisions || !out_file ? nullptr : &*out_file);
  if (options.progress) std::cerr << "\n";
  if (summary_file) summary_file->write(summary.json());
  begin_rejects();
  if (summary_stdout) std::cout << summary.json();
  std::cout.flush();
  commit_all({&out_file, &rejects_file, &summary_file});
  std::cerr << summary.text();
  note_generic_runtime(generic, Decided::Records, summary.records());
  note_one_at_a_time(one.records, one.first_line, summary.records());
  return summary.reconciles() ? 0 : 1;
}

// Flags that would otherwise be read past: the outputs of a batch with --record (which prints its
// one decision on standard output), --explain with --records, and two outputs on standard
// output (`-`) at once.
int refuse_misplaced_flags(const EvalFlags& f) {
  if (f.out_delimiter != ',' && decision_format(f) != DecisionFormat::Csv && f.rejects.empty()) {
    std::cerr << say_text(
        "jaring: --out-delimiter applies to the CSV outputs (--out FILE.csv, --rejects), and this run writes "
        "none\n");
    return 2;
  }
  if (!f.record.empty()) {
    for (const auto& [flag, value] : {std::pair{"--out", &f.out}, {"--rejects", &f.rejects}, {"--summary", &f.summary}})
      if (!value->empty()) {
        std::cerr << say("jaring: {} applies to --records; --record prints its one decision on standard output\n",
                         flag);
        return 2;
      }
    if (f.read.delimiter != ',') {
      std::cerr << say_text("jaring: --delimiter separates the cells of a CSV file; --record is one JSON record\n");
      return 2;
    }
    return 0;
  }
  if (f.policy == "-" && f.records == "-") {
    std::cerr << say_text("jaring: standard input (`-`) can be read once; name one `-` at most\n");
    return 2;
  }
  if (f.explain) {
    std::cerr << say_text("jaring: --explain applies to --record; --records writes decisions with their reasons\n");
    return 2;
  }
  std::vector<std::string> on_stdout;
  if (!f.no_decisions && (f.out.empty() || f.out == "-"))
    on_stdout.push_back(f.out.empty() ? say_text("the decisions") : "--out -");
  if (f.rejects == "-") on_stdout.emplace_back("--rejects -");
  if (f.summary == "-") on_stdout.emplace_back("--summary -");
  if (on_stdout.size() > 1) {
    std::cerr << say(
        "jaring: {} and {} would both go to standard output; give one of them a file (or "
        "--no-decisions)\n",
        on_stdout[0], on_stdout[1]);
    return 2;
  }
  return 0;
}

int run_eval(const EvalFlags& f) {
  const auto as_of = parse_date(f.as_of);
  if (!as_of) {
    std::cerr << say("jaring: --as-of `{}` is not a date (YYYY-MM-DD)\n", f.as_of);
    return 2;
  }
  if (f.record.empty() == f.records.empty()) {
    std::cerr << say_text("jaring: give exactly one of --record JSON or --records FILE\n");
    return 2;
  }
  if (f.no_decisions && !f.record.empty()) {
    std::cerr << say_text("jaring: --no-decisions applies to --records; --record prints its one decision\n");
    return 2;
  }
  if (const int status = refuse_misplaced_flags(f)) return status;
  const std::vector<NamedPath> outputs{{"--out", f.out}, {"--rejects", f.rejects}, {"--summary", f.summary}};
  if (const int status = refuse_clashing_outputs(outputs, {{"the policy", f.policy}, {"--records", f.records}}))
    return status;
  // A CSV file's threads start now, while the policy is read (only the fast lane, which reads
  // CSV, uses them).
  if (!f.records.empty() && f.records != "-" && records_format(f.records, f.input_format) == InputFormat::Csv)
    prepare_population(f.records, batch_threads(f), decision_format(f), !f.no_decisions);
  SourceMap sources;
  Diagnostics diags;
  const auto opened = open_for_command(f.policy, f.include_dirs, sources, diags);
  if (opened.unreadable) {
    std::cerr << say("jaring: cannot read `{}`\n", f.policy);
    return 2;
  }
  diags.sort();
  if (!opened.ok()) {
    print_diagnostics(diags, sources, "text", false);
    return 1;
  }
  if (const int status = refuse_clashing_outputs(outputs, policy_inputs(sources))) return status;
  const auto& program = opened.program;
  try {
    return f.record.empty() ? eval_batch(*program, f, *as_of) : eval_one(*program, f, *as_of);
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void add_eval_command(CLI::App& app, int& status) {
  auto f = std::make_shared<EvalFlags>();
  auto* cmd = app.add_subcommand("eval", "Decide one record (--record) or a population (--records) as of a date");
  cmd->add_option("policy", f->policy, "Policy file (.policy, or - for standard input)")->required();
  cmd->add_option("--as-of", f->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--record", f->record, "One record as a JSON object");
  cmd->add_option("--records", f->records, "Records file (CSV, JSON Lines, or `-` for standard input)");
  cmd->add_option("--input-format", f->input_format, "csv, jsonl or json (default: by file extension)")
      ->check(CLI::IsMember({"csv", "jsonl", "json"}));
  auto* out = cmd->add_option("--out", f->out,
                              "Write decisions here (.jsonl or .csv, with a column per programme; default or `-`: "
                              "JSON Lines on stdout)");
  cmd->add_flag("--no-decisions", f->no_decisions,
                "With --records: write no decisions, only the summary (stderr, --summary) and --rejects")
      ->excludes(out);
  cmd->add_option("--rejects", f->rejects,
                  "Write rejected records here (CSV: line, id, field, reason; `-`: standard output)");
  cmd->add_option("--summary", f->summary, "Write the summary here (JSON; `-`: standard output)");
  add_delimiter_option(cmd, "--out-delimiter", f->out_delimiter,
                       "Character between the cells of the CSV outputs (--out FILE.csv, --rejects): comma (the "
                       "default), semicolon (what a spreadsheet set to Indonesian opens as columns), tab or pipe");
  add_read_flags(cmd, f->read);
  cmd->add_option("--threads", f->threads,
                  "Worker threads (default: the cores this process may use: its CPU affinity, within its cgroup quota)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_flag("--explain", f->explain, "With --record: a readable explanation instead of JSON");
  add_lang_flag_for_reports(cmd, f->lang, "--explain");
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_eval(*f);
  });
}

}  // namespace jaring::cli
