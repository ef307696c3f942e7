#include "engine/io/fast_render.hpp"

#include <charconv>

#include "engine/base/json_text.hpp"
#include "engine/base/literals.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/runtime/decision.hpp"

namespace jaring {

namespace {

RuleRef ref(const RuleInfo& info) { return {info.name, info.label, info.citation, {}, {}, std::nullopt}; }

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

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

FastRenderer::FastRenderer(const Kernel& kernel) : kernel_(kernel) {
  const Program& p = kernel.program();
  prefix_ = "{\"as_of\":" + json_string(format_date(kernel.as_of())) + ",\"group\":";
  policy_ = ",\"policy\":{\"hash\":" + json_string(p.hash) + ",\"name\":" + json_string(p.name) + "}";
  append_rule_json(no_group_reason_, engine_ref(EngineReason::NoGroup, ""));
  groups_.resize(p.groups.size());
  for (const KernelGroup& kg : kernel.groups()) {
    const CGroup& cg = p.groups[kg.index];
    Group& g = groups_[kg.index];
    append_rule_json(g.ref, ref(cg.info));
    g.scheme = cg.scheme.empty() ? "null" : json_string(cg.scheme);
    bool first_waived = true;
    for (const KernelCheck& c : kg.checks) {
      const RuleRef r = ref(c.requirement->info);
      std::string pass, fail, reason;
      append_requirement_json(pass, r, c.waived ? Outcome::Waived : Outcome::Pass);
      append_requirement_json(fail, r, Outcome::Fail);
      append_rule_json(reason, r);
      g.pass.push_back(std::move(pass));
      g.fail.push_back(std::move(fail));
      g.reason.push_back(std::move(reason));
      if (c.waived) {
        if (!first_waived) g.waived += ',';
        first_waived = false;
        append_waived_json(g.waived, r, cg.info.name);
      }
    }
    for (std::uint32_t i = 0; i < kg.parts.size();) {
      Programme prog;
      prog.programme = kg.parts[i].programme;
      prog.first = i;
      while (i < kg.parts.size() && kg.parts[i].programme == prog.programme) ++i;
      prog.count = i - prog.first;
      const CProgramme& cp = p.programmes[prog.programme];
      prog.head = "{\"citation\":" + json_string(cp.info.citation) + ",\"label\":" + json_string(cp.info.label) +
                  ",\"parts_sen\":{";
      for (PartKind kind : {PartKind::Employer, PartKind::Worker})
        for (std::uint32_t k = prog.first; k < prog.first + prog.count; ++k)
          if (kg.parts[k].part == kind)
            prog.keys.emplace_back((prog.keys.empty() ? "" : ",") + json_string(part_name(kind)) + ":", k);
      prog.middle = "},\"programme\":" + json_string(cp.info.name) + ",\"total_sen\":";
      g.programmes.push_back(std::move(prog));
    }
    for (const KernelPart& part : kg.parts)
      g.item_tail.push_back(",\"part\":" + json_string(part_name(part.part)) +
                            ",\"programme\":" + json_string(p.programmes[part.programme].info.name) + "}");
    if (kg.line)
      for (const CShare& s : kg.line->shares) {
        const RuleInfo& payer = p.payers[s.payer].info;
        g.payer_head.push_back("{\"account\":" + json_string(payer.name) + ",\"amount_sen\":");
        g.payer_middle.push_back(",\"citation\":" + json_string(payer.citation) + ",\"items\":[");
        g.payer_tail.push_back("],\"label\":" + json_string(payer.label) + ",\"payer\":" + json_string(payer.name) +
                               "}");
        g.payer_name.push_back(payer.name);
      }
    append_csv_cell(g.csv_group, cg.info.name);
    g.csv_group += ',';
    append_csv_cell(g.csv_group, cg.scheme);
  }
}

void FastRenderer::json(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
                        std::string& out) const {
  const bool grouped = d.group >= 0;
  const Group* g = grouped ? &groups_[static_cast<std::size_t>(d.group)] : nullptr;
  const bool eligible = d.outcome == KernelOutcome::Eligible;
  out += prefix_;
  out += grouped ? std::string_view(g->ref) : std::string_view("null");
  out += ",\"id\":";
  append_json_string(out, id);
  out += ",\"line\":";
  append_int(out, static_cast<std::int64_t>(line));
  out += ",\"payers\":[";
  if (eligible)
    for (std::size_t i = 0; i < split.payers; ++i) {
      if (i) out += ',';
      out += g->payer_head[i];
      append_int(out, split.sen[i]);
      out += g->payer_middle[i];
      for (std::size_t k = 0; k < split.items[i]; ++k) {
        out += k ? ",{\"amount_sen\":" : "{\"amount_sen\":";
        append_int(out, split.item_sen[i][k]);
        out += g->item_tail[split.item_part[i][k]];
      }
      out += g->payer_tail[i];
    }
  out += ']';
  out += policy_;
  out += ",\"programmes\":[";
  if (eligible)
    for (std::size_t i = 0; i < g->programmes.size(); ++i) {
      const Programme& prog = g->programmes[i];
      if (i) out += ',';
      out += prog.head;
      std::int64_t total = 0;
      for (const auto& [key, part] : prog.keys) {
        out += key;
        append_int(out, d.parts[part]);
      }
      for (std::uint32_t k = prog.first; k < prog.first + prog.count; ++k) total += d.parts[k];
      out += prog.middle;
      append_int(out, total);
      out += '}';
    }
  out += "],\"reasons\":[";
  if (d.outcome == KernelOutcome::NoGroup) out += no_group_reason_;
  bool first = true;
  if (d.outcome == KernelOutcome::NotEligible)
    for (std::size_t i = 0; i < g->reason.size(); ++i)
      if (d.failed >> i & 1) {
        if (!first) out += ',';
        first = false;
        out += g->reason[i];
      }
  out += "],\"requirements\":[";
  if (grouped)
    for (std::size_t i = 0; i < g->pass.size(); ++i) {
      if (i) out += ',';
      out += (d.failed >> i & 1) ? g->fail[i] : g->pass[i];
    }
  out += "],\"scheme\":";
  out += grouped ? std::string_view(g->scheme) : std::string_view("null");
  out += eligible ? ",\"status\":\"eligible\",\"total_sen\":" : ",\"status\":\"not_eligible\",\"total_sen\":";
  append_int(out, eligible ? d.total : 0);
  out += ",\"waived\":[";
  if (grouped) out += g->waived;
  out += "]}\n";
}

void FastRenderer::csv(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
                       std::string& out) const {
  const bool grouped = d.group >= 0;
  const Group* g = grouped ? &groups_[static_cast<std::size_t>(d.group)] : nullptr;
  const bool eligible = d.outcome == KernelOutcome::Eligible;
  append_csv_cell(out, id);
  out += ',';
  append_int(out, static_cast<std::int64_t>(line));
  out += eligible ? ",eligible," : ",not_eligible,";
  out += grouped ? std::string_view(g->csv_group) : std::string_view(",");
  out += ',';
  append_int(out, eligible ? d.total : 0);
  out += ',';
  if (eligible) {
    // account=sen;… — names are identifiers, so the cell never needs quotes.
    for (std::size_t i = 0; i < split.payers; ++i) {
      if (i) out += ';';
      out += g->payer_name[i];
      out += '=';
      append_int(out, split.sen[i]);
    }
  }
  out += ',';
  if (d.outcome == KernelOutcome::NoGroup) out += engine_reason(EngineReason::NoGroup).rule;
  bool first = true;
  if (d.outcome == KernelOutcome::NotEligible)
    for (std::size_t i = 0; i < g->reason.size(); ++i)
      if (d.failed >> i & 1) {
        if (!first) out += ';';
        first = false;
        out += kernel_.group(d.group).checks[i].requirement->info.name;
      }
  out += ',';  // rank: the kernel has no quotas
  const Program& p = kernel_.program();
  for (std::uint32_t pi = 0; pi < p.programmes.size(); ++pi) {
    out += ',';
    if (!eligible) continue;
    for (const Programme& prog : g->programmes) {
      if (prog.programme != pi) continue;
      std::int64_t total = 0;
      for (std::uint32_t k = prog.first; k < prog.first + prog.count; ++k) total += d.parts[k];
      append_int(out, total);
    }
  }
  out += '\n';
}

}  // namespace jaring
