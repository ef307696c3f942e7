// The public API (include/jaring/jaring.hpp): a thin layer over what `jaring eval` calls, so an
// embedding program gets the same decisions, byte for byte.
#include "jaring/jaring.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "engine/base/cores.hpp"
#include "engine/base/date.hpp"
#include "engine/base/diagnostic.hpp"
#include "engine/base/output_file.hpp"
#include "engine/base/source.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/open_policy.hpp"

#ifndef JARING_API_VERSION
#define JARING_API_VERSION "unknown"
#endif

namespace jaring::api {

namespace {

std::string diagnostics_text(const Diagnostics& diags, const SourceMap& sources) {
  std::string text;
  for (const auto& d : diags.all()) text += render_text(d, sources) + "\n";
  if (diags.dropped() > 0) text += "note: " + std::to_string(diags.dropped()) + " more diagnostics not shown\n";
  return text;
}

Day as_of_day(const std::string& as_of) {
  const auto day = parse_date(as_of);
  if (!day) throw InputError("the date `" + as_of + "` is not a date (YYYY-MM-DD)");
  return *day;
}

// One CSV field, quoted when it must be (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

const char* version() { return JARING_API_VERSION; }

struct Policy::Impl {
  std::shared_ptr<const Program> program;
  std::string warnings;
};

Policy::Policy(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Policy::~Policy() = default;

Policy Policy::open(const std::string& path, const OpenOptions& options) {
  LoadOptions load;
  for (const auto& d : options.search_paths) load.search_paths.emplace_back(d);
  load.installed_rules = options.installed_rules;
  load.installed_rules_dir = options.installed_rules_dir;
  SourceMap sources;
  Diagnostics diags;
  const auto opened = open_policy(path, sources, diags, load);
  if (opened.unreadable) throw PolicyError("cannot read `" + path + "`");
  diags.sort();
  if (!opened.ok()) throw PolicyError(diagnostics_text(diags, sources));
  auto impl = std::make_shared<Impl>();
  impl->program = opened.program;
  impl->warnings = diagnostics_text(diags, sources);
  return Policy(std::move(impl));
}

const std::string& Policy::warnings() const { return impl_->warnings; }
const std::string& Policy::hash() const { return impl_->program->hash; }

namespace {

// The notation DecideOptions and PopulationOptions name (empty: YYYY-MM-DD only).
DateFormat date_format_option(const std::string& given) {
  if (given.empty()) return {};
  const auto dates = date_format_named(given);
  if (!dates) throw InputError(not_a_date_format(given));
  return *dates;
}

}  // namespace

std::string Policy::decide(const std::string& record_json, const std::string& as_of,
                           const DecideOptions& options) const {
  const Day day = as_of_day(as_of);
  const Program& program = *impl_->program;
  ReadOptions o;
  o.strict_keys = true;  // as `jaring eval --record`: an unknown key is an error, not a rejection
  o.date_format = date_format_option(options.date_format);
  o.ignore_fields = options.ignore_fields;
  try {
    ReadResult r = read_json_record(record_json, program.schema, o);
    const Record* record = std::get_if<Record>(&r);
    return decision_json(record ? jaring::decide(program, *record, day)
                                : jaring::reject(program, std::get<Rejection>(r), day));
  } catch (const jaring::InputError& e) {
    throw InputError(e.what());
  }
}

std::string Policy::decide(const std::map<std::string, std::string>& fields, const std::string& as_of,
                           const DecideOptions& options) const {
  const Day day = as_of_day(as_of);
  const Program& program = *impl_->program;
  ReadOptions o;
  o.date_format = date_format_option(options.date_format);
  o.ignore_fields = options.ignore_fields;
  std::string header, row;
  bool first = true;
  for (const auto& [name, text] : fields) {
    header += (first ? "" : ",") + csv_field(name);
    row += (first ? "" : ",") + csv_field(text);
    first = false;
  }
  std::istringstream in(header + "\n" + row + "\n");
  std::optional<std::string> json;
  try {
    read_records(
        in, InputFormat::Csv, program.schema,
        [&](ReadResult&& r) {
          // One record, as `jaring eval --record` numbers it (line 1), not as the CSV row it was
          // read from (line 2, after the header).
          if (Record* record = std::get_if<Record>(&r)) {
            record->line = 1;
            json = decision_json(jaring::decide(program, *record, day));
          } else {
            Rejection& rejection = std::get<Rejection>(r);
            rejection.line = 1;
            json = decision_json(jaring::reject(program, rejection, day));
          }
        },
        o);
  } catch (const jaring::InputError& e) {
    throw InputError(e.what());
  }
  if (!json) throw InputError("no record to decide");
  return *json;
}

PopulationResult Policy::decide_population(const std::string& records_path, const std::string& as_of,
                                           const std::string& out_path, const PopulationOptions& options) const {
  const Day day = as_of_day(as_of);
  const Program& program = *impl_->program;
  BatchOptions batch;
  if (const auto format = records_format(records_path, options.input_format)) batch.format = *format;
  else throw InputError("cannot tell the format of `" + records_path + "`; give input_format csv, jsonl or json");
  // A delimiter option by name (or character); empty: comma.
  const auto delimiter_named = [](const std::string& given) {
    if (given.empty()) return ',';
    if (const auto d = csv_delimiter_named(given)) return *d;
    throw InputError(not_a_delimiter(given));
  };
  batch.read.delimiter = delimiter_named(options.delimiter);
  if (batch.read.delimiter != ',' && batch.format != InputFormat::Csv)
    throw InputError("a delimiter separates the cells of a CSV file, but `" + records_path + "` is read as " +
                     std::string(format_shown(batch.format)));
  batch.read.ignore_fields = options.ignore_fields;
  batch.read.date_format = date_format_option(options.date_format);
  const bool csv_out = std::filesystem::path(out_path).extension() == ".csv";
  batch.out_delimiter = delimiter_named(options.out_delimiter);
  if (batch.out_delimiter != ',' && !csv_out)
    throw InputError("an out_delimiter separates the cells of decisions written as CSV, and `" + out_path +
                     "` is written as JSON Lines");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(records_path, ec)) throw InputError("cannot read `" + records_path + "`");
  batch.as_of = day;
  batch.threads = options.threads ? options.threads : usable_cores();
  Summary summary(program, day);
  PopulationResult result;
  batch.generic_reason = &result.runtime_reason;
  try {
    // As `jaring eval --records --out`: the outputs are created first and committed only after
    // every record was decided, the decisions before the summary.
    std::optional<OutputFile> out, summary_file;
    out.emplace(out_path);
    if (!options.summary_path.empty()) summary_file.emplace(options.summary_path);
    jaring::decide_population(program, records_path, batch, csv_out ? DecisionFormat::Csv : DecisionFormat::JsonLines,
                              &out->stream(), summary, {}, &*out);
    if (summary_file) summary_file->write(summary.json());
    commit_all({&out, &summary_file});
  } catch (const jaring::InputError& e) {
    throw InputError(e.what());
  } catch (const jaring::OutputError& e) {
    throw OutputError(e.what());
  }
  result.records = summary.records();
  result.eligible = summary.count(Status::Eligible);
  result.not_eligible = summary.count(Status::NotEligible);
  result.waitlisted = summary.count(Status::Waitlisted);
  result.rejected = summary.rejected();
  result.reconciles = summary.reconciles();
  return result;
}

}  // namespace jaring::api
