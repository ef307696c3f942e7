// Deciding a whole population: read records (streaming), decide them on N threads in chunks,
// apply quotas and budgets, and hand every final decision to a sink in input order. The input
// is first scanned for its shape (an unusable header or unknown JSON key throws InputError
// before anything is decided) and for ids on more than one record (every copy is flagged
// `duplicate_id`, in every policy). When the policy has quotas or budgets it is then read
// twice more (decide + allocate, then decide + emit), so memory holds only what allocation
// must keep, not the decisions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/io/record_read.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

// How a generic_reason (below) names what the kernel does not compile: this, then the kernel's
// phrase (runtime/kernel.cpp), which cli/report.cpp says in the message language.
inline constexpr std::string_view generic_reason_policy_has = "the policy has ";

struct BatchOptions {
  Day as_of = 0;
  unsigned threads = 1;
  // The fast lane's block, in bytes of input; 0: its own (fast_population.hpp
  // fast_block_bytes). Tests and fuzzing set a few dozen bytes, so that a small input is cut
  // into many blocks, and where blocks begin, end and are handed on is exercised by it.
  std::size_t block_bytes = 0;
  InputFormat format = InputFormat::Csv;
  ReadOptions read;
  // decide_population: the byte between the cells of decisions written as CSV
  // (`--out-delimiter`; decision_csv.hpp redelimit_csv).
  char out_delimiter = ',';
  // If set, receives the accounting of the input's lines (the last pass's).
  InputCounts* counts = nullptr;
  // decide_population, decide_each: if set, receives why the generic runtime decided the run
  // rather than the fast lane (the reason the lane gave, or that JARING_RUNTIME chose it);
  // emptied when the fast lane decided it.
  std::string* generic_reason = nullptr;
  // decide_population: if set, receives how many records the fast lane handed to the generic
  // runtime one at a time and it decided (not rejected: a rejection is always the generic
  // reader's), and the first one's line: values written as only the generic reader reads them,
  // a decision the kernel leaves to it (the last pass's; zero for a run the lane did not take).
  struct OneAtATime {
    std::uint64_t records = 0;
    std::uint64_t first_line = 0;
  };
  OneAtATime* one_at_a_time = nullptr;
  // Called now and then with the number of records read so far in the current pass.
  std::function<void(std::uint64_t records, int pass, int passes)> progress;
  // decide_each: a reader that only adds up statuses, groups and amounts (`jaring project`)
  // may be handed decisions without their requirements and reasons (the fast lane then makes
  // none; the generic runtime's decisions still have them).
  bool amounts_only = false;
  // decide_each: the value of money field `field` on each record (its default when the cell is
  // empty; `missing` when the record has none or is rejected) appended to `values` before the
  // record's decision is handed on, read on the way by the fast lane (`jaring project`'s
  // incomes for the claims).
  struct Capture {
    std::size_t field = 0;
    std::int64_t missing = 0;
    std::vector<std::int64_t>* values = nullptr;
    // The value on a record as the generic reader reads it.
    std::int64_t of(const ReadResult& r) const {
      const auto* record = std::get_if<Record>(&r);
      return record && !record->values[field].is_missing() ? record->values[field].i : missing;
    }
  };
  std::optional<Capture> capture;
  // decide_population: empties what its `rejected` was given and starts it again (the CLI's
  // --rejects file, rewound and its header written again); false when it cannot. With it, a
  // fast lane's pass that may have to decide again (io/fast_population.hpp: before it knows
  // that no id repeats) passes each rejection on as it comes; without it, such a pass holds
  // them (up to 10.000: past that, the file is decided a second time).
  std::function<bool()> rejected_restart;
};

// The ids on more than one record of the file at `path`, as run_batch finds them before deciding
// (throws InputError for an unusable header). `passes` is for options.progress.
DuplicateIds scan_ids(const Program& program, const std::string& path, const BatchOptions& options, int passes);
// What scan_ids reads of one framed row: its id and line, or false when it has none (its id
// cell's, as csv_row_id reads it; else the decoded record's or rejection's). `read` as
// id_scan_options makes it (ids only; a JSON row's unknown key throws InputError).
ReadOptions id_scan_options(const ReadOptions& read);
bool scanned_row_id(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& read,
                    std::string& id, std::uint64_t& line);

// Decides every record of the file at `path` (a seekable file). Returns the record count.
std::uint64_t run_batch(const Program& program, const std::string& path, const BatchOptions& options,
                        const std::function<void(const Decision&)>& sink);

// The same, with each final decision also rendered (e.g. to a JSON line) by `render` on the
// worker threads; `sink` receives the decision and its rendering, in input order.
std::uint64_t run_batch(const Program& program, const std::string& path, const BatchOptions& options,
                        const std::function<std::string(const Decision&)>& render,
                        const std::function<void(const Decision&, const std::string&)>& sink);

}  // namespace jaring
