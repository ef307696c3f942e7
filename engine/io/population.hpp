// A population decided as `jaring eval --records` does it, for every caller that must give the
// same bytes (the CLI, and the HTTP API's population endpoint): the decisions rendered as JSON
// Lines or as CSV (with its header), in input order, and the summary, with the reader's
// accounting set so that reconciles() can be asked.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "engine/base/output_file.hpp"
#include "engine/io/batch.hpp"
#include "engine/io/summary.hpp"

namespace jaring {

enum class DecisionFormat { JsonLines, Csv };

// Decides the file at `path`; writes the decisions to `out` unless it is null (then nothing is
// rendered per record); hands every rejected record's decision to `rejected` (if set), in
// input order. Throws InputError when the input's shape is unusable (nothing has been decided
// then). A plain CSV file and a policy the kernel can express take the fast lane
// (fast_population.hpp), with the same bytes out.
//
// `file`, if given, is the OutputFile whose stream `out` is: the fast lane may then empty it
// to decide again (OutputFile::rewind, which lets it decide before it knows that ids do not
// repeat) and write blocks of decisions at their places from several threads at once.
void decide_population(const Program& program, const std::string& path, BatchOptions options, DecisionFormat format,
                       std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& rejected = {},
                       OutputFile* file = nullptr);

// Starts the threads (io/worker_pool.hpp) that decide_population will use for the file at
// `path`, so that they are awake when it begins: call it before the policy is read. Nothing
// when the file is one of the fast lane's blocks or less (the caller's thread decides it
// alone; a thread started for a 1-record run cost it 0,4-0,8 ms).
void prepare_population(const std::string& path, unsigned threads, DecisionFormat format, bool rendered);

// Every final decision of the file at `path`, in input order, to `each`, as run_batch gives
// them (batch.hpp): through the fast lane where it applies, as decide_population.
void decide_each(const Program& program, const std::string& path, const BatchOptions& options,
                 const std::function<void(const Decision&)>& each);

// What a reader of decide_each's decisions says when they no longer match the file it read
// before (the what-if reports read a records file twice).
inline constexpr const char* records_file_changed = "the records file changed while it was being read";

// Which runtime decides populations: the environment's JARING_RUNTIME, `auto` (the fast lane
// where it applies, the default), `fast` (an error where it does not: for tests and
// measurements) or `generic` (never the fast lane). Throws for any other value.
enum class RuntimeChoice { Auto, Fast, Generic };
RuntimeChoice runtime_choice();

}  // namespace jaring
