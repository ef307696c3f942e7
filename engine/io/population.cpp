#include "engine/io/population.hpp"

#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"

namespace jaring {

void decide_population(const Program& program, const std::string& path, BatchOptions options, DecisionFormat format,
                       std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& each) {
  InputCounts counts;
  options.counts = &counts;
  const bool csv = format == DecisionFormat::Csv;
  if (out && csv) *out << decision_csv_header(program);
  auto keep = [&](const Decision& d) {
    if (each) each(d);
    summary.add(d);
  };
  if (!out) {
    run_batch(program, path, options, keep);
  } else {
    auto render = [&program, csv](const Decision& d) {
      return csv ? decision_csv_row(program, d) : decision_json(d) + "\n";
    };
    run_batch(program, path, options, render, [&](const Decision& d, const std::string& text) {
      *out << text;
      keep(d);
    });
  }
  summary.set_input(counts);
}

}  // namespace jaring
