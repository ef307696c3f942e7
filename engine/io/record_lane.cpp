#include "engine/io/record_lane.hpp"

namespace jaring {

std::unique_ptr<const RecordLane> RecordLane::make(const Program& program, Day as_of) {
  auto kernel = Kernel::compile(program, as_of, nullptr, false);  // decided alone: no rank is read
  if (!kernel) return nullptr;
  return std::unique_ptr<const RecordLane>(new RecordLane(std::move(kernel)));
}

RecordLane::RecordLane(std::unique_ptr<const Kernel> kernel)
    : kernel_(std::move(kernel)), renderer_(*kernel_, true, false) {}

std::optional<RecordLane::Outcome> RecordLane::decide_json(const Record& record, std::string& out) const {
  const Program& program = kernel_->program();
  const std::size_t fields = program.schema.fields.size();
  if (record.values.size() != fields) return std::nullopt;
  thread_local std::optional<KernelRow> kept;  // this thread's, from call to call
  KernelRow& row = kernel_->row_in(kept);
  // The values as the lane converts their cells (fast_population.cpp, convert).
  row.missing = 0;
  for (std::size_t f = 0; f < fields; ++f) {
    const Value& v = record.values[f];
    if (v.is_missing() && !kernel_->uses_field(f)) continue;  // what is left in the row is not read
    if (v.is_missing() && kernel_->miss_bit(f)) {             // read with three-valued logic
      row.leave_missing(f, kernel_->miss_bit(f));
      continue;
    }
    if (v.kind != program.schema.fields[f].type) return std::nullopt;  // missing, or not a field's own kind
    switch (v.kind) {
      case ValueKind::Int:
      case ValueKind::Money:
      case ValueKind::Date:
      case ValueKind::Bool: row.num[f] = v.i; break;
      case ValueKind::Text:
      case ValueKind::Region:
      case ValueKind::Nik: row.text[f] = v.s; break;
      default: return std::nullopt;
    }
  }
  const KernelDecision d = kernel_->decide(row);
  if (d.outcome == KernelOutcome::Fallback) return std::nullopt;
  Outcome outcome;
  thread_local KernelSplit split;
  if (d.outcome == KernelOutcome::Eligible) {
    const KernelGroup& kg = kernel_->group(d.group);
    // A quota key or a payer's account read from a field: the generic runtime names it (and
    // explains one that is missing).
    if (kg.key_field || kg.keyed) return std::nullopt;
    split_payers(*kernel_, d, split);
    outcome.status = Status::Eligible;
  }
  outcome.group = d.group;  // -1 with no group (NoGroup, Outside)
  const std::size_t before = out.size();
  renderer_.render(d, split, record.id, record.line, out);
  if (out.size() > before && out.back() == '\n') out.pop_back();  // a JSON line's end
  return outcome;
}

}  // namespace jaring
