#include "engine/runtime/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/runtime/eval_expr.hpp"

namespace jaring {

namespace {

using internal::EvalContext;

// The typed problem that left a rule without a value, and what it says as the detail.
void explain_problem(RuleRef& r, const EvalContext& ctx) {
  if (!ctx.problem) return;
  r.detail = describe(*ctx.problem, ctx.program, ctx.as_of);
  r.problem = ctx.problem;
}

Decision start(const Program& p, Day as_of) {
  Decision d;
  d.policy_name = p.name;
  d.policy_hash = p.hash;
  d.as_of = as_of;
  return d;
}

// The first group (by priority, then declaration) whose condition holds and that is valid.
void choose_group(const Program& p, EvalContext& ctx, Decision& d) {
  const CGroup* invalid = nullptr;
  for (std::uint32_t gi : p.group_order) {
    const CGroup& g = p.groups[gi];
    if (!internal::eval_true(g.when, ctx)) continue;
    if (g.valid && !g.valid->contains(ctx.as_of)) {
      if (!invalid) invalid = &g;
      continue;
    }
    d.group = rule_ref(g.info);
    d.group_index = static_cast<std::int32_t>(gi);
    d.scheme = g.scheme;
    return;
  }
  no_group_reason(d.reasons.emplace_back(), invalid, ctx.as_of);
}

// The general requirements (minus those `g` waives) and `g`'s own; with no group, the general
// requirements alone, so a record outside every group still hears every requirement it fails.
void check_requirements(const Program& p, const CGroup* g, EvalContext& ctx, Decision& d) {
  auto check = [&](const CRequirement& r) {
    ctx.problem.reset();
    const Value v = internal::eval(r.condition, ctx);
    RequirementResult res{rule_ref(r.info), Outcome::Pass, ""};
    if (v.is_missing() || v.i == 0) {
      res.outcome = Outcome::Fail;
      if (v.is_missing()) explain_problem(res.rule, ctx);
      d.reasons.push_back(res.rule);
    }
    d.requirements.push_back(std::move(res));
  };
  d.requirements.reserve(p.requirements.size() + (g ? g->own.size() : 0));
  for (std::uint32_t i = 0; i < p.requirements.size(); ++i) {
    if (g && std::find(g->waived.begin(), g->waived.end(), i) != g->waived.end()) {
      d.requirements.push_back({rule_ref(p.requirements[i].info), Outcome::Waived, g->info.name});
      continue;
    }
    check(p.requirements[i]);
  }
  if (g)
    for (const auto& r : g->own) check(r);
}

// A programme whose contribution cannot be paid: the reason on the programme, saying the
// problem (`problem`, or the one the evaluation met); false.
bool refused(const RuleInfo& programme, EvalContext& ctx, Decision& d, std::optional<EvalProblem> problem = {}) {
  if (problem) ctx.problem = std::move(*problem);
  RuleRef why = rule_ref(programme);
  explain_problem(why, ctx);
  d.reasons.push_back(std::move(why));
  return false;
}

// Monthly contribution of every programme, by part. False (with a reason) if one cannot be
// computed or is below zero.
bool contributions(const Program& p, const CGroup& g, EvalContext& ctx, Decision& d) {
  d.programmes.reserve(g.programmes.size());
  for (std::uint32_t pi : g.programmes) {
    const CProgramme& prog = p.programmes[pi];
    ProgrammeAmount pa{rule_ref(prog.info), {}, 0};
    const auto& parts = prog.schemes.at(g.scheme);
    pa.parts.reserve(parts.size());
    for (const CPart& part : parts) {
      ctx.problem.reset();
      const Value v = internal::eval(part.amount, ctx);
      if (v.is_missing()) return refused(prog.info, ctx, d);
      if (v.kind != ValueKind::Money && v.kind != ValueKind::Int)
        return refused(prog.info, ctx, d, EvalProblem{ProblemKind::NotMoney, part.amount.span, 0, {}});
      if (v.i < 0)  // no programme pays back: a drafting error (`m - Rp 10` for a small m), said
        return refused(prog.info, ctx, d, EvalProblem{ProblemKind::Negative, part.amount.span, 0, format_money(v.i)});
      pa.parts.push_back({part.part, v.i});
      // Parts, or all programmes, whose sum is beyond 64 bits of sen: on the last part's expression.
      if (__builtin_add_overflow(pa.total, v.i, &pa.total))
        return refused(prog.info, ctx, d, EvalProblem{ProblemKind::Overflow, part.amount.span, 0, {}});
    }
    if (__builtin_add_overflow(d.total, pa.total, &d.total))
      return refused(prog.info, ctx, d, EvalProblem{ProblemKind::Overflow, parts.back().amount.span, 0, {}});
    d.programmes.push_back(std::move(pa));
  }
  return true;
}

// The number of month starts (YYYY-MM-01) of `year` on which `line` pays for group `g`.
std::int32_t months_paid(const Program& p, const CGroup& g, const CPaidBy& line, int year) {
  std::int32_t months = 0;
  for (int m = 1; m <= 12; ++m) {
    const Day first = day_from_ymd({year, m, 1});
    const bool in_line = line.since <= first && first <= line.until;
    const bool in_group = !g.valid || g.valid->contains(first);
    const bool in_policy = !p.valid || p.valid->contains(first);
    months += in_line && in_group && in_policy;
  }
  return months;
}

// Splits every part among the payers of the line valid on the date (remainder to the first).
bool split_payers(const Program& p, const CGroup& g, EvalContext& ctx, Decision& d) {
  const CPaidBy* line = nullptr;
  for (const auto& l : g.paid_by)
    if (l.since <= ctx.as_of && ctx.as_of <= l.until) line = &l;
  if (line) d.budget_months = months_paid(p, g, *line, ymd_from_day(ctx.as_of).year);
  if (line && ctx.trace)
    ctx.trace->payer_lines.emplace(static_cast<std::uint32_t>(&g - p.groups.data()),
                                   static_cast<std::uint32_t>(line - g.paid_by.data()));
  if (!line) {
    RuleRef why = engine_ref(EngineReason::NoPayer, say_later("no `paid_by` line of group `{}` covers {}", g.info.name,
                                                              format_date(ctx.as_of)));
    why.citation = g.info.citation;
    d.reasons.push_back(std::move(why));
    return false;
  }
  d.payers.reserve(line->shares.size());
  for (const auto& s : line->shares) {
    std::string account = p.payers[s.payer].info.name;
    if (s.of_field) {
      const Value& key = ctx.record->values[*s.of_field];
      if (key.is_missing()) {
        d.reasons.push_back(rule_ref(
            p.payers[s.payer].info,
            say_later("field `{}` is missing; it chooses the payer's account", p.schema.fields[*s.of_field].name)));
        return false;
      }
      account += ":" + to_display(key);
    }
    d.payers.push_back({rule_ref(p.payers[s.payer].info), s.payer, account, 0, {}});
  }
  for (const auto& prog : d.programmes) {
    for (const auto& part : prog.parts) {
      std::int64_t given = 0;
      std::optional<std::size_t> first;
      for (std::size_t i = 0; i < line->shares.size(); ++i) {
        const CShare& s = line->shares[i];
        if (s.for_part && *s.for_part != part.part) continue;
        if (!first) first = i;
        // A share of at most 100 % of an amount: always fits.
        const std::int64_t amount =
            s.share == 1'000'000 ? part.sen : must_fit(floor_div({static_cast<int128>(part.sen) * s.share, 1'000'000}));
        d.payers[i].items.push_back({prog.programme.rule, part.part, amount});
        given += amount;
      }
      if (first) {
        for (auto& item : d.payers[*first].items)
          if (item.programme == prog.programme.rule && item.part == part.part) item.sen += part.sen - given;
      }
    }
  }
  // What each payer pays a month within 64 bits of sen, and a payer with a budget for the year
  // in the year too (the allocation compares it with the budget); beyond, the payer is named.
  const int year = ymd_from_day(ctx.as_of).year;
  for (auto& payer : d.payers) {
    std::int64_t yearly = 0;
    bool over = false;
    for (const auto& item : payer.items) over = over || __builtin_add_overflow(payer.sen, item.sen, &payer.sen);
    if (over || (p.payers[payer.payer_index].budgets.count(year) > 0 &&
                 __builtin_mul_overflow(payer.sen, d.budget_months, &yearly))) {
      d.reasons.push_back(rule_ref(p.payers[payer.payer_index].info,
                                   say_later("what {} pays a month, {} months of {}, is beyond an amount's range",
                                             payer.account, d.budget_months, year)));
      return false;
    }
  }
  return true;
}

void ranking(const CGroup& g, EvalContext& ctx, Decision& d) {
  if (!g.quota) return;
  if (g.quota->rank_by) {
    ctx.problem.reset();
    d.rank_value = internal::eval(*g.quota->rank_by, ctx);
  }
  if (g.quota->per_field) {
    const Value& key = ctx.record->values[*g.quota->per_field];
    d.quota_key = key.is_missing() ? "" : to_display(key);
  }
}

// A quota counted `per FIELD` needs the field: without it the record cannot be ranked.
bool quota_key_known(const Program& p, const CGroup& g, const Record& record, Decision& d) {
  if (!g.quota || !g.quota->per_field || !record.values[*g.quota->per_field].is_missing()) return true;
  const std::string& field = p.schema.fields[*g.quota->per_field].name;
  d.reasons.push_back(
      {engine_reason(EngineReason::QuotaKey).rule, g.quota_key_label, g.quota->citation,
       say_later("field `{}` is missing; the quota of group `{}` is counted per {}", field, g.info.name, field),
       g.quota_key_label_en, std::nullopt});
  return false;
}

// A rule that failed because a parameter table has no row for the record's key: the record
// holds a value the policy does not know (`risk_class` 9 where the table has 1 to 5), a data
// error, so the record is rejected naming the field, not refused.
std::optional<FieldError> unknown_table_key(const Program& p, const Decision& d, Day as_of) {
  for (const auto& r : d.reasons) {
    if (!r.problem || r.problem->kind != ProblemKind::NoTableEntry) continue;
    const CParameter& par = p.parameters[r.problem->subject];
    const std::string& field = p.schema.fields[*par.by_field].name;
    const DatedValue* at = nullptr;
    for (const auto& v : par.values)
      if (v.since <= as_of) at = &v;
    std::string keys;
    constexpr std::size_t keys_shown = 12;
    std::size_t n = 0;
    if (at)
      for (const auto& entry : at->table) {
        if (n++ == keys_shown) {
          keys += ", …";
          break;
        }
        keys += (keys.empty() ? "" : ", ") + entry.first;
      }
    return FieldError{field, fmt::format("`{}` has no row in parameter `{}`, which has rows for {}", r.problem->key,
                                         par.info.name, keys)};
  }
  return std::nullopt;
}

Decision decide_rules(const Program& p, const Record& record, std::string id, Day as_of, internal::Trace* trace);

Decision decide_with_id(const Program& p, const Record& record, std::string id, Day as_of, internal::Trace* trace) {
  Decision d = decide_rules(p, record, std::move(id), as_of, trace);
  if (auto error = unknown_table_key(p, d, as_of)) return reject(p, Rejection{record.line, d.id, {*error}}, as_of);
  return d;
}

}  // namespace

RuleRef policy_validity_reason(const Program& p) {
  return engine_ref(EngineReason::PolicyValidity,
                    p.valid->open() ? say_later("the policy is valid since {}", format_date(p.valid->start))
                                    : say_later("the policy is valid from {} to {}", format_date(p.valid->start),
                                                format_date(p.valid->end)));
}

void no_group_reason(RuleRef& into, const CGroup* invalid, Day as_of) {
  Message detail = std::move(into.detail);
  into = engine_ref(EngineReason::NoGroup);
  if (invalid) {
    say_later_in(detail, "group `{}` is not valid on {}", invalid->info.name, format_date(as_of));
    into.detail = std::move(detail);
  }
}

Decision decide(const Program& p, const Record& record, Day as_of, internal::Trace* trace) {
  return decide_with_id(p, record, record.id, as_of, trace);
}

Decision decide(const Program& p, Record&& record, Day as_of) {
  std::string id = std::move(record.id);
  return decide_with_id(p, record, std::move(id), as_of, nullptr);
}

namespace {

Decision decide_rules(const Program& p, const Record& record, std::string id, Day as_of, internal::Trace* trace) {
  Decision d = start(p, as_of);
  d.id = std::move(id);
  d.line = record.line;
  d.id_read = p.schema.id_field && !record.values[*p.schema.id_field].is_missing();
  if (p.valid && !p.valid->contains(as_of)) {
    d.reasons.push_back(policy_validity_reason(p));
    return d;
  }
  thread_local std::vector<std::optional<Value>> lets;  // capacity kept from record to record
  EvalContext ctx(p, &record, as_of, lets);
  ctx.trace = trace;
  choose_group(p, ctx, d);
  if (d.group_index < 0) {
    check_requirements(p, nullptr, ctx, d);  // after `no_group`, every general requirement it fails
    return d;
  }
  const CGroup& g = p.groups[static_cast<std::size_t>(d.group_index)];
  check_requirements(p, &g, ctx, d);
  if (!d.reasons.empty()) return d;
  if (!quota_key_known(p, g, record, d) || !contributions(p, g, ctx, d) || !split_payers(p, g, ctx, d)) {
    d.programmes.clear();
    d.payers.clear();
    d.total = 0;
    return d;
  }
  ranking(g, ctx, d);
  d.status = Status::Eligible;
  return d;
}

}  // namespace

Decision reject(const Program& p, const Rejection& r, Day as_of) {
  Decision d = start(p, as_of);
  d.id = r.id.empty() ? std::to_string(r.line) : r.id;  // like Record::id: the line when no id was read
  d.line = r.line;
  d.status = Status::Rejected;
  d.errors = r.errors;
  return d;
}

Value eval_constant(const Program& p, const Node& node, Day as_of) {
  Record empty;
  empty.values.resize(p.schema.fields.size());
  std::vector<std::optional<Value>> lets;
  EvalContext ctx(p, &empty, as_of, lets);
  return internal::eval(node, ctx);
}

}  // namespace jaring
