#include "engine/io/fast_render.hpp"

#include <atomic>
#include <cstring>
#include <unordered_map>

#include "engine/base/json_text.hpp"
#include "engine/base/literals.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/evaluate.hpp"

namespace jaring {

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace

void split_payers(const Kernel& kernel, const KernelDecision& d, KernelSplit& out) {
  const KernelGroup& g = kernel.group(d.group);
  const auto& shares = g.line->shares;
  out.payers = shares.size();
  if (pays_whole(shares)) {
    const auto parts = static_cast<std::uint32_t>(g.parts.size());
    out.items[0] = parts;
    for (std::uint32_t pi = 0; pi < parts; ++pi) {
      out.item_part[0][pi] = pi;
      out.item_sen[0][pi] = d.parts[pi];
    }
    out.sen[0] = d.total;
    return;
  }
  for (std::size_t i = 0; i < shares.size(); ++i) out.items[i] = 0;
  for (std::uint32_t pi = 0; pi < g.parts.size(); ++pi) {
    const KernelPart& part = g.parts[pi];
    const std::int64_t sen = d.parts[pi];
    std::int64_t given = 0;
    std::size_t first = shares.size();
    for (std::size_t i = 0; i < shares.size(); ++i) {
      const CShare& s = shares[i];
      if (s.for_part && *s.for_part != part.part) continue;
      if (first == shares.size()) first = i;
      std::int64_t amount = sen;
      if (s.share != 1'000'000) {  // floor(sen × share / 1.000.000); at most 100 %, so it fits
        const int128 x = static_cast<int128>(sen) * s.share;
        int128 q = x / 1'000'000;
        if (x % 1'000'000 != 0 && x < 0) --q;
        amount = static_cast<std::int64_t>(q);
      }
      out.item_part[i][out.items[i]] = pi;
      out.item_sen[i][out.items[i]++] = amount;
      given += amount;
    }
    // The remainder goes to the first payer's items of this programme and part kind.
    if (first < shares.size())
      for (std::size_t k = 0; k < out.items[first]; ++k) {
        const KernelPart& other = g.parts[out.item_part[first][k]];
        if (other.programme == part.programme && other.part == part.part) out.item_sen[first][k] += sen - given;
      }
  }
  for (std::size_t i = 0; i < shares.size(); ++i) {
    out.sen[i] = 0;
    for (std::size_t k = 0; k < out.items[i]; ++k) out.sen[i] += out.item_sen[i][k];
  }
}

namespace {

// Collects a shape: literals between holes.
struct ShapeSink {
  FastRenderer::Shape shape;
  std::string text;
  void lit(std::string_view s) { text += s; }
  void hole(std::uint32_t h) {
    shape.literals.push_back(std::move(text));
    text.clear();
    shape.holes.push_back(h);
  }
  FastRenderer::Shape done() {
    shape.literals.push_back(std::move(text));
    for (const std::string& literal : shape.literals) shape.fixed_bound += literal.size();
    for (std::uint32_t i = 0; i < shape.holes.size(); ++i) {
      const std::uint32_t h = shape.holes[i];
      if (h >= FastRenderer::hole_number || h == FastRenderer::hole_line || h == FastRenderer::hole_rank)
        shape.fixed_bound += 20;  // write_decimal's most
      else shape.text_holes.push_back(i);
    }
    return std::move(shape);
  }
};

constexpr std::size_t max_shaped_checks = 10;

const std::vector<KernelCheck> no_checks;  // a decision on a date the policy is not valid on

}  // namespace

RuleRef check_ref(const Kernel& kernel, const KernelDecision& d, const std::vector<KernelCheck>& checks,
                  std::size_t i) {
  RuleRef r = rule_ref(checks[i].requirement->info);
  if (const std::optional<EvalProblem> p = missing_problem(d, i)) {
    r.detail = describe(*p, kernel.program(), kernel.as_of());
    r.problem = p;
  }
  return r;
}

const std::vector<KernelCheck>& FastRenderer::checks_of(const KernelDecision& d) const {
  if (d.outcome == KernelOutcome::Outside) return no_checks;
  return d.group >= 0 ? kernel_.group(d.group).checks : kernel_.general();
}

// The JSON decision_json() writes for the decision, as literals and holes (see Shape).
template <typename Sink>
void FastRenderer::json_shape(const KernelDecision& d, bool waitlisted, Sink& sink) const {
  const Program& p = kernel_.program();
  const bool grouped = d.group >= 0;
  const bool eligible = grouped && d.outcome == KernelOutcome::Eligible;
  sink.lit(prefix_);
  if (!grouped) {
    sink.lit("null,\"id\":");
  } else {
    std::string ref;
    append_rule_json(ref, rule_ref(p.groups[static_cast<std::size_t>(d.group)].info));
    sink.lit(ref);
    sink.lit(",\"id\":");
  }
  sink.hole(hole_json_id);
  sink.lit(",\"line\":");
  sink.hole(hole_line);
  sink.lit(",\"payers\":[");
  const KernelGroup* kg = grouped ? &kernel_.group(d.group) : nullptr;
  std::uint32_t number = hole_number;
  const std::uint32_t total_hole = number++;
  std::vector<std::uint32_t> programme_holes, payer_holes, item_holes, part_holes;
  if (eligible) {
    // The numbers in the order numbers() gives them.
    std::uint32_t programmes = 0;
    for (std::uint32_t i = 0; i < kg->parts.size(); ++i)
      if (i == 0 || kg->parts[i].programme != kg->parts[i - 1].programme) ++programmes;
    for (std::uint32_t i = 0; i < programmes; ++i) programme_holes.push_back(number++);
    for (std::size_t i = 0; i < kg->line->shares.size(); ++i) payer_holes.push_back(number++);
    std::vector<std::vector<std::uint32_t>> items(kg->line->shares.size());
    for (std::uint32_t part = 0; part < kg->parts.size(); ++part)
      for (std::size_t i = 0; i < kg->line->shares.size(); ++i) {
        const CShare& share = kg->line->shares[i];
        if (share.for_part && *share.for_part != kg->parts[part].part) continue;
        items[i].push_back(part);
      }
    for (std::size_t i = 0; i < items.size(); ++i)
      for (std::size_t k = 0; k < items[i].size(); ++k) item_holes.push_back(number++);
    for (std::uint32_t i = 0; i < kg->parts.size(); ++i) part_holes.push_back(number++);
    std::size_t item = 0;
    for (std::size_t i = 0; i < kg->line->shares.size(); ++i) {
      const RuleInfo& payer = p.payers[kg->line->shares[i].payer].info;
      if (i) sink.lit(",");
      if (kg->line->shares[i].of_field) {
        sink.lit("{\"account\":");
        sink.hole(hole_account + static_cast<std::uint32_t>(i));
        sink.lit(",\"amount_sen\":");
      } else {
        sink.lit("{\"account\":" + json_string(payer.name) + ",\"amount_sen\":");
      }
      sink.hole(payer_holes[i]);
      sink.lit(",\"citation\":" + json_string(payer.citation) + ",\"items\":[");
      for (std::size_t k = 0; k < items[i].size(); ++k) {
        const KernelPart& part = kg->parts[items[i][k]];
        sink.lit(k ? ",{\"amount_sen\":" : "{\"amount_sen\":");
        sink.hole(item_holes[item++]);
        sink.lit(",\"part\":" + json_string(part_name(part.part)) +
                 ",\"programme\":" + json_string(p.programmes[part.programme].info.name) + "}");
      }
      sink.lit("],\"label\":" + json_string(payer.label) + ",\"payer\":" + json_string(payer.name) + "}");
    }
  }
  sink.lit("]");
  sink.lit(policy_);
  sink.lit(",\"programmes\":[");
  if (eligible) {
    std::uint32_t j = 0;
    for (std::uint32_t i = 0; i < kg->parts.size(); ++j) {
      const std::uint32_t first = i, programme = kg->parts[i].programme;
      while (i < kg->parts.size() && kg->parts[i].programme == programme) ++i;
      const CProgramme& cp = p.programmes[programme];
      if (j) sink.lit(",");
      sink.lit("{\"citation\":" + json_string(cp.info.citation) + ",\"label\":" + json_string(cp.info.label) +
               ",\"parts_sen\":{");
      bool first_key = true;
      for (PartKind kind : {PartKind::Employer, PartKind::Worker})
        for (std::uint32_t k = first; k < i; ++k)
          if (kg->parts[k].part == kind) {
            sink.lit((first_key ? "" : ",") + json_string(part_name(kind)) + ":");
            first_key = false;
            sink.hole(part_holes[k]);
          }
      sink.lit("},\"programme\":" + json_string(cp.info.name) + ",\"total_sen\":");
      sink.hole(programme_holes[j]);
      sink.lit("}");
    }
  }
  // After allocation (a policy with quotas or budgets): a quota's key and rank.
  const bool allocated = eligible && p.needs_allocation;
  const bool ranked = allocated && kg->quota && allocated_;  // alone: no rank
  if (allocated && kg->key_field) {
    sink.lit("],\"quota_key\":");
    sink.hole(hole_key);
    sink.lit(ranked ? ",\"rank\":" : ",\"reasons\":[");
  } else if (ranked) {
    sink.lit("],\"rank\":");
  } else {
    sink.lit("],\"reasons\":[");
  }
  if (ranked) {
    sink.hole(hole_rank);
    sink.lit(",\"reasons\":[");
  }
  if (waitlisted) sink.hole(hole_reason);
  const std::vector<KernelCheck>& checks = checks_of(d);
  bool first = true;
  if (d.outcome == KernelOutcome::NoGroup) {
    sink.lit(d.invalid >= 0 ? invalid_reasons_[static_cast<std::size_t>(d.invalid)] : no_group_reason_);
    first = false;
  }
  if (d.outcome == KernelOutcome::Outside) {
    sink.lit(outside_reason_);
    first = false;
  }
  if (d.outcome != KernelOutcome::Eligible)
    for (std::size_t i = 0; i < checks.size(); ++i)
      if (d.failed >> i & 1) {
        if (!first) sink.lit(",");
        first = false;
        std::string reason;
        append_rule_json(reason, check_ref(kernel_, d, checks, i));
        sink.lit(reason);
      }
  sink.lit("],\"requirements\":[");
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (i) sink.lit(",");
    const KernelCheck& c = checks[i];
    std::string entry;
    append_requirement_json(entry, check_ref(kernel_, d, checks, i),
                            c.waived              ? Outcome::Waived
                            : (d.failed >> i & 1) ? Outcome::Fail
                                                  : Outcome::Pass);
    sink.lit(entry);
  }
  sink.lit("],\"scheme\":");
  if (!grouped) {
    sink.lit("null");
  } else {
    const std::string& scheme = p.groups[static_cast<std::size_t>(d.group)].scheme;
    sink.lit(scheme.empty() ? "null" : json_string(scheme));
  }
  sink.lit(waitlisted ? ",\"status\":\"waitlisted\",\"total_sen\":"
           : eligible ? ",\"status\":\"eligible\",\"total_sen\":"
                      : ",\"status\":\"not_eligible\",\"total_sen\":");
  if (eligible) sink.hole(total_hole);
  else sink.lit("0");
  sink.lit(",\"waived\":[");
  if (grouped) {
    bool first_waived = true;
    for (const KernelCheck& c : kg->checks)
      if (c.waived) {
        if (!first_waived) sink.lit(",");
        first_waived = false;
        std::string entry;
        append_waived_json(entry, rule_ref(c.requirement->info), p.groups[static_cast<std::size_t>(d.group)].info.name);
        sink.lit(entry);
      }
  }
  sink.lit("]}\n");
}

// The row decision_csv_row() writes for the decision, as literals and holes.
template <typename Sink>
void FastRenderer::csv_shape(const KernelDecision& d, bool waitlisted, Sink& sink) const {
  const Program& p = kernel_.program();
  const bool grouped = d.group >= 0;
  const bool eligible = grouped && d.outcome == KernelOutcome::Eligible;
  const KernelGroup* kg = grouped ? &kernel_.group(d.group) : nullptr;
  sink.hole(hole_csv_id);
  sink.lit(",");
  sink.hole(hole_line);
  sink.lit(waitlisted ? ",waitlisted," : eligible ? ",eligible," : ",not_eligible,");
  if (grouped) {
    std::string cells;
    append_csv_cell(cells, p.groups[static_cast<std::size_t>(d.group)].info.name);
    cells += ',';
    append_csv_cell(cells, p.groups[static_cast<std::size_t>(d.group)].scheme);
    sink.lit(cells);
  } else {
    sink.lit(",");
  }
  sink.lit(",");
  std::uint32_t programmes = 0;
  if (eligible) {
    for (std::uint32_t i = 0; i < kg->parts.size(); ++i)
      if (i == 0 || kg->parts[i].programme != kg->parts[i - 1].programme) ++programmes;
    sink.hole(hole_number);
  } else {
    sink.lit("0");
  }
  sink.lit(",");
  if (eligible)  // account=sen;… — names are identifiers, so the cell never needs quotes
    for (std::size_t i = 0; i < kg->line->shares.size(); ++i) {
      if (kg->line->shares[i].of_field) {  // `payer:KEY`; a plain file's key has no comma or quote
        if (i) sink.lit(";");
        sink.hole(hole_account + static_cast<std::uint32_t>(i));
        sink.lit("=");
      } else {
        sink.lit((i ? ";" : "") + p.payers[kg->line->shares[i].payer].info.name + "=");
      }
      sink.hole(hole_number + 1 + programmes + static_cast<std::uint32_t>(i));
    }
  sink.lit(",");
  bool first = true;
  if (d.outcome == KernelOutcome::NoGroup || d.outcome == KernelOutcome::Outside) {
    sink.lit(
        engine_reason(d.outcome == KernelOutcome::NoGroup ? EngineReason::NoGroup : EngineReason::PolicyValidity).rule);
    first = false;
  }
  const std::vector<KernelCheck>& checks = checks_of(d);
  if (d.outcome != KernelOutcome::Eligible)
    for (std::size_t i = 0; i < checks.size(); ++i)
      if (d.failed >> i & 1) {
        sink.lit((first ? "" : ";") + checks[i].requirement->info.name);
        first = false;
      }
  if (waitlisted) sink.hole(hole_reason);
  sink.lit(",");
  if (eligible && p.needs_allocation && kg->quota) sink.hole(hole_rank);
  for (std::uint32_t pi = 0; pi < p.programmes.size(); ++pi) {
    sink.lit(",");
    if (!eligible) continue;
    std::uint32_t j = 0;
    for (std::uint32_t i = 0; i < kg->parts.size(); ++j) {
      const std::uint32_t programme = kg->parts[i].programme;
      while (i < kg->parts.size() && kg->parts[i].programme == programme) ++i;
      if (programme == pi) sink.hole(hole_number + 1 + j);
    }
  }
  sink.lit("\n");
}

FastRenderer::Shape FastRenderer::shape(const KernelDecision& d, bool waitlisted) const {
  ShapeSink sink;
  if (json_) json_shape(d, waitlisted, sink);
  else csv_shape(d, waitlisted, sink);
  return sink.done();
}

FastRenderer::FastRenderer(const Kernel& kernel, bool json, bool allocated)
    : kernel_(kernel), json_(json), allocated_(allocated || !json), serial_(next_serial()) {
  const Program& p = kernel.program();
  prefix_ = "{\"as_of\":" + json_string(format_date(kernel.as_of())) + ",\"group\":";
  policy_ = ",\"policy\":{\"hash\":" + json_string(p.hash) + ",\"name\":" + json_string(p.name) + "}";
  append_rule_json(no_group_reason_, engine_ref(EngineReason::NoGroup));
  invalid_reasons_.resize(p.groups.size());
  invalid_no_group_.resize(p.groups.size());
  for (const KernelGroup& kg : kernel.groups()) {
    if (kg.valid) continue;
    RuleRef why;
    no_group_reason(why, &p.groups[kg.index], kernel.as_of());
    append_rule_json(invalid_reasons_[kg.index], why);
  }
  KernelDecision d;
  if (p.valid) {
    append_rule_json(outside_reason_, policy_validity_reason(p));
    d.outcome = KernelOutcome::Outside;
    outside_ = shape(d);
  }
  d.outcome = KernelOutcome::NoGroup;
  if (kernel.general().size() <= max_shaped_checks)
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << kernel.general().size()); ++mask) {
      d.failed = mask;
      d.invalid = -1;
      no_group_.push_back(shape(d));
      for (const KernelGroup& kg : kernel.groups()) {
        if (kg.valid) continue;
        d.invalid = static_cast<std::int32_t>(kg.index);
        invalid_no_group_[kg.index].push_back(shape(d));
      }
    }
  d.invalid = -1;
  shapes_.resize(p.groups.size());
  for (const KernelGroup& kg : kernel.groups()) {
    GroupShapes& g = shapes_[kg.index];
    d.group = static_cast<std::int32_t>(kg.index);
    if (kg.line) {
      d.outcome = KernelOutcome::Eligible;
      d.failed = 0;
      g.eligible = shape(d);
      if (p.needs_allocation && allocated_) g.waitlisted = shape(d, true);
    }
    if (kg.checks.size() > max_shaped_checks) continue;
    d.outcome = KernelOutcome::NotEligible;
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << kg.checks.size()); ++mask) {
      d.failed = mask;
      g.refused.push_back(shape(d));
    }
  }
}

std::size_t FastRenderer::numbers(const KernelDecision& d, const KernelSplit& split, std::int64_t* out) const {
  const KernelGroup& kg = kernel_.group(d.group);
  std::size_t n = 0;
  out[n++] = d.total;
  for (std::uint32_t i = 0; i < kg.parts.size();) {
    const std::uint32_t programme = kg.parts[i].programme;
    std::int64_t total = 0;
    while (i < kg.parts.size() && kg.parts[i].programme == programme) total += d.parts[i++];
    out[n++] = total;
  }
  for (std::size_t i = 0; i < split.payers; ++i) out[n++] = split.sen[i];
  for (std::size_t i = 0; i < split.payers; ++i)
    for (std::size_t k = 0; k < split.items[i]; ++k) out[n++] = split.item_sen[i][k];
  for (std::uint32_t i = 0; i < kg.parts.size(); ++i) out[n++] = d.parts[i];
  return n;
}

const FastRenderer::Shape& FastRenderer::pick(const KernelDecision& d, Shape& scratch) const {
  if (json_ && d.unknown) return missing_shape(d);
  if (d.outcome == KernelOutcome::Outside) return outside_;
  if (d.outcome == KernelOutcome::NoGroup) {
    const std::vector<Shape>& shapes =
        d.invalid >= 0 ? invalid_no_group_[static_cast<std::size_t>(d.invalid)] : no_group_;
    if (d.failed < shapes.size()) return shapes[d.failed];
    scratch = shape(d);
    return scratch;
  }
  const GroupShapes& g = shapes_[static_cast<std::size_t>(d.group)];
  if (d.outcome == KernelOutcome::Eligible) return g.eligible;
  if (d.failed < g.refused.size()) return g.refused[d.failed];
  scratch = shape(d);  // a group with very many checks: shaped for this record
  return scratch;
}

namespace {

// `s` as a JSON string at `p` (at most json_string_bound(s) bytes); returns the end.
char* write_json_string(char* p, std::string_view s) {
  if (json_plain(s)) {
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    return p;
  }
  thread_local std::string escaped;
  escaped.clear();
  append_json_string(escaped, s);
  std::memcpy(p, escaped.data(), escaped.size());
  return p + escaped.size();
}

// `s` as a CSV cell at `p` (at most 2 × its size + 2 bytes); returns the end.
char* write_csv_cell(char* p, std::string_view s) {
  if (csv_plain(s)) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  thread_local std::string cell;
  cell.clear();
  append_csv_cell(cell, s);
  std::memcpy(p, cell.data(), cell.size());
  return p + cell.size();
}

}  // namespace

// The shape's literals and its holes filled, written in place: `out` is grown once by what
// the record can take at most, written through a pointer, and cut to what was written.
void FastRenderer::fill(const Shape& s, const std::int64_t* numbers, std::string_view id, std::uint64_t line,
                        const KernelExtras* extras, std::string& out) const {
  std::size_t bound = s.fixed_bound;
  for (const std::uint32_t i : s.text_holes) {
    const std::uint32_t h = s.holes[i];
    if (h == hole_json_id) bound += json_string_bound(id);
    else if (h == hole_csv_id) bound += 2 * id.size() + 2;
    else if (h == hole_key) bound += json_string_bound(extras->key);
    else if (h == hole_reason) bound += extras->reason.size();
    else bound += json_string_bound(extras->accounts[h - hole_account]);
  }
  const std::size_t at = out.size();
  out.resize(at + bound);
  char* const start = out.data() + at;
  char* p = start;
  const auto literal = [&p](const std::string& text) {
    std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  for (std::size_t i = 0; i < s.holes.size(); ++i) {
    literal(s.literals[i]);
    const std::uint32_t h = s.holes[i];
    if (h >= hole_number) p = write_decimal(p, numbers[h - hole_number]);
    else if (h == hole_line) p = write_decimal(p, static_cast<std::int64_t>(line));
    else if (h == hole_json_id) p = write_json_string(p, id);
    else if (h == hole_csv_id) p = write_csv_cell(p, id);
    else if (h == hole_rank) p = write_decimal(p, extras->rank);
    else if (h == hole_key) p = write_json_string(p, extras->key);
    else if (h == hole_reason) {
      std::memcpy(p, extras->reason.data(), extras->reason.size());
      p += extras->reason.size();
    } else if (json_) p = write_json_string(p, extras->accounts[h - hole_account]);
    else {
      const std::string_view account = extras->accounts[h - hole_account];
      std::memcpy(p, account.data(), account.size());
      p += account.size();
    }
  }
  literal(s.literals.back());
  out.resize(at + static_cast<std::size_t>(p - start));
}

// A JSON decision whose checks failed for want of a value names the missing field in each
// (KernelDecision::unknown): its shape is also the fields', made the first time a thread meets
// it and kept (a decision's shape made per record allocated a dozen times for each).
const FastRenderer::Shape& FastRenderer::missing_shape(const KernelDecision& d) const {
  struct Kept {
    std::uint64_t renderer = 0;  // whose shapes (serial_)
    std::unordered_map<std::string, Shape> shapes;
  };
  thread_local Kept kept;
  thread_local std::string key;  // its room kept from one decision to the next
  if (kept.renderer != serial_) {
    kept.renderer = serial_;
    kept.shapes.clear();
  }
  const auto put = [](auto value) { key.append(reinterpret_cast<const char*>(&value), sizeof value); };
  key.clear();
  put(d.outcome);
  put(d.group);
  put(d.invalid);
  put(d.failed);
  put(d.unknown);
  for (std::uint64_t bits = d.unknown; bits; bits &= bits - 1)
    put(d.missing_field[static_cast<std::size_t>(__builtin_ctzll(bits))]);
  if (const auto found = kept.shapes.find(key); found != kept.shapes.end()) return found->second;
  constexpr std::size_t most_kept = 4096;  // a bound on memory whatever the records hold
  if (kept.shapes.size() >= most_kept) kept.shapes.clear();
  return kept.shapes.emplace(key, shape(d)).first->second;
}

void FastRenderer::render(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
                          std::string& out, const KernelExtras* extras) const {
  std::int64_t numbers_of[1 + 2 * kernel_max_parts + kernel_max_shares * (1 + kernel_max_parts)];
  if (d.outcome == KernelOutcome::Eligible) numbers(d, split, numbers_of);
  if (extras && extras->waitlisted) {
    fill(shapes_[static_cast<std::size_t>(d.group)].waitlisted, numbers_of, id, line, extras, out);
    return;
  }
  thread_local Shape scratch;
  fill(pick(d, scratch), numbers_of, id, line, extras, out);
}

}  // namespace jaring
