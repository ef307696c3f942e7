// A population decided as `jaring eval --records` does it, for every caller that must give the
// same bytes (the CLI, and the HTTP API's population endpoint): the decisions rendered as JSON
// Lines or as CSV (with its header), in input order, and the summary, with the reader's
// accounting set so that reconciles() can be asked.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "engine/io/batch.hpp"
#include "engine/io/summary.hpp"

namespace jaring {

enum class DecisionFormat { JsonLines, Csv };

// Decides the file at `path`; writes the decisions to `out` unless it is null (then nothing is
// rendered per record); hands every final decision to `each` as well (if set). Throws
// InputError when the input's shape is unusable (nothing has been decided then).
void decide_population(const Program& program, const std::string& path, BatchOptions options, DecisionFormat format,
                       std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& each = {});

}  // namespace jaring
