#include "engine/io/population.hpp"

#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <variant>

#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/fast_population.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/worker_pool.hpp"

namespace jaring {

RuntimeChoice runtime_choice() {
  const char* v = std::getenv("JARING_RUNTIME");
  const std::string_view choice = v ? v : "";
  if (choice == "generic") return RuntimeChoice::Generic;
  if (choice == "fast") return RuntimeChoice::Fast;
  if (!choice.empty() && choice != "auto")
    throw std::runtime_error("JARING_RUNTIME must be auto, fast or generic, not `" + std::string(choice) + "`");
  return RuntimeChoice::Auto;
}

namespace {

// Whether `fast` (the fast lane on the run) decided it, as JARING_RUNTIME lets it try; when it
// did not, the reason goes to options.generic_reason, or under JARING_RUNTIME=fast is thrown.
bool fast_lane_decided(const BatchOptions& options, const std::function<bool(std::string* why)>& fast) {
  const RuntimeChoice runtime = runtime_choice();
  std::string why = "JARING_RUNTIME=generic";
  if (runtime != RuntimeChoice::Generic) {
    why.clear();
    if (fast(&why)) {
      if (options.generic_reason) options.generic_reason->clear();
      return true;
    }
    if (runtime == RuntimeChoice::Fast)
      throw std::runtime_error("JARING_RUNTIME=fast: the fast lane does not apply: " + why);
  }
  if (options.generic_reason) *options.generic_reason = why;
  if (options.one_at_a_time) *options.one_at_a_time = {};  // the whole run was the generic runtime's
  return false;
}

}  // namespace

void decide_population(const Program& program, const std::string& path, BatchOptions options, DecisionFormat format,
                       std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& rejected,
                       OutputFile* file) {
  InputCounts counts;
  options.counts = &counts;
  const bool csv = format == DecisionFormat::Csv;
  if (fast_lane_decided(options, [&](std::string* why) {
        return fast_decide_population(program, path, options, csv, out, summary, rejected, file, why);
      })) {
    summary.set_input(counts);
    return;
  }
  const char delimiter = options.out_delimiter;
  if (out && csv) *out << redelimited_csv(decision_csv_header(program), delimiter);
  auto keep = [&](const Decision& d) {
    if (rejected && d.status == Status::Rejected) rejected(d);
    summary.add(d);
  };
  if (!out) {
    run_batch(program, path, options, keep);
  } else {
    auto render = [&program, csv, delimiter](const Decision& d) {
      if (!csv) return decision_json(d) + "\n";
      return redelimited_csv(decision_csv_row(program, d), delimiter);
    };
    run_batch(program, path, options, render, [&](const Decision& d, const std::string& text) {
      *out << text;
      keep(d);
    });
  }
  summary.set_input(counts);
}

void prepare_population(const std::string& path, unsigned threads, DecisionFormat format, bool rendered) {
  struct stat st {};
  if (threads < 2 || ::stat(path.c_str(), &st) != 0) return;
  const bool json_lines = rendered && format == DecisionFormat::JsonLines;
  if (static_cast<std::uint64_t>(st.st_size) > fast_block_bytes(json_lines)) WorkerPool::process().prepare(threads);
}

void decide_each(const Program& program, const std::string& path, const BatchOptions& options,
                 const std::function<void(const Decision&)>& each) {
  if (fast_lane_decided(options, [&](std::string* why) { return fast_decide_each(program, path, options, each, why); }))
    return;
  if (const auto& c = options.capture) {  // read whole beforehand, by the generic reader
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    read_records(
        in, options.format, program.schema, [&](ReadResult&& r) { c->values->push_back(c->of(r)); }, options.read);
  }
  run_batch(program, path, options, each);
}

}  // namespace jaring
