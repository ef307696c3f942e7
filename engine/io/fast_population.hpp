// The fast lane of decide_population (population.hpp) for CSV, JSON Lines and JSON array input:
// the file read in blocks of whole lines (or array elements) that worker threads split, convert into typed slots,
// decide with the kernel (runtime/kernel.hpp), count and render, handed on in input order. A record the kernel cannot
// decide, or that must be rejected, goes through the generic reader and runtime on the same worker, so every output is
// byte for byte the generic path's.
//
// A policy with quotas or budgets is decided twice: a first pass collects the candidates and
// writes nothing, the allocation (runtime/allocate.hpp) runs over them, and a second pass
// decides again and renders each decision as the allocation left it.
//
// The lane applies to a policy the kernel can express and to a CSV file whose every line is a
// row (a quoted field closes on its line), JSON Lines, or a JSON array of objects whose blocks
// frame (json_elements.hpp); line ends LF or CRLF, no line longer than the block, and ids of
// an ordinary form. It finds that out before anything is written.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "engine/base/output_file.hpp"
#include "engine/io/batch.hpp"
#include "engine/io/summary.hpp"

namespace jaring {

// Decides the file at `path` as decide_population does, or returns false, having written
// nothing, when the lane does not apply (`why_not` says why). `rejected` sees every rejected
// record's decision, in input order.
//
// When `out` is null or is the stream of `file`, which can be emptied (OutputFile::rewind),
// the lane decides optimistically: the ids are checked while deciding instead of by a scan
// before, so the file is read once; if ids repeat after all, the output is emptied and the
// file decided again. With `file`, each worker also writes its block of decisions at its
// place (OutputFile::write_at), so the writing is shared by the threads too.
bool fast_decide_population(const Program& program, const std::string& path, const BatchOptions& options, bool csv,
                            std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& rejected,
                            OutputFile* file, std::string* why_not = nullptr);

// Decides the file at `path` as run_batch does (batch.hpp), handing every final decision to
// `each` in input order (those the kernel decides made into the Decision the generic runtime
// would give, allocation applied; only `rank_value`, which feeds the allocation, is left
// missing), or returns false, having called nothing, when the lane does not apply.
bool fast_decide_each(const Program& program, const std::string& path, const BatchOptions& options,
                      const std::function<void(const Decision&)>& each, std::string* why_not = nullptr);

// The bytes of a file the lane's workers take one at a time, rendering JSON Lines or not: a
// file of one block is decided on the caller's thread alone.
std::size_t fast_block_bytes(bool json_lines);

}  // namespace jaring
