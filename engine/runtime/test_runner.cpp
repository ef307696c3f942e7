#include "engine/runtime/test_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"
#include "engine/language/types.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/runtime/evaluate.hpp"

namespace jaring {

namespace {

void set_given(Record& r, const std::vector<ast::GivenField>& given, const Program& program, Day on) {
  for (const auto& g : given) {
    const auto slot = program.schema.index_of(g.field.name);
    if (!slot) continue;
    Value v = eval_constant(program, compile_constant(*g.value), on);
    if (program.schema.fields[*slot].type == ValueKind::Nik && v.kind == ValueKind::Text) v.kind = ValueKind::Nik;
    r.values[*slot] = std::move(v);
  }
}

// The test's record; with `others`, one of an `others` block: the test's record with the
// block's values changed.
Record given_record(const ast::TestDecl& t, const Program& program, Day on, const ast::OthersDecl* others = nullptr) {
  Record r;
  r.line = 0;
  r.values.resize(program.schema.fields.size());
  for (std::size_t i = 0; i < program.schema.fields.size(); ++i)
    if (program.schema.fields[i].default_value) r.values[i] = *program.schema.fields[i].default_value;
  set_given(r, t.given, program, on);
  if (others) set_given(r, others->changed, program, on);
  if (program.schema.id_field && !r.values[*program.schema.id_field].is_missing())
    r.id = to_display(r.values[*program.schema.id_field]);
  else r.id = "test";
  return r;
}

// The given values outside their field's constraint: a record read with them is rejected.
std::vector<FieldError> constraint_errors(const Record& r, const Program& program) {
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < program.schema.fields.size(); ++i) {
    const FieldSpec& f = program.schema.fields[i];
    if (!f.constraint || r.values[i].kind != f.type) continue;
    if (auto why = constraint_violation(*f.constraint, r.values[i])) errors.push_back({f.name, std::move(*why)});
  }
  return errors;
}

std::string joined(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

class Comparison {
 public:
  Comparison(const Decision& d, TestResult& result) : d_(d), result_(result) {}

  void check(const ast::Expectation& e) {
    switch (e.kind) {
      case ast::ExpectKind::Eligible: return status("eligible");
      case ast::ExpectKind::NotEligible: return status("not eligible");
      case ast::ExpectKind::Waitlisted: return status("waitlisted");
      case ast::ExpectKind::Rejected: return status("rejected");
      case ast::ExpectKind::Group:
        return same("group " + e.names[0].name,
                    "group " + (d_.group ? std::string(d_.group->rule) : std::string("(none)")));
      case ast::ExpectKind::Scheme:
        return same("scheme " + e.names[0].name, "scheme " + (d_.scheme.empty() ? std::string("(none)") : d_.scheme));
      case ast::ExpectKind::PaidBy: {
        std::vector<std::string> want, got;
        for (const auto& n : e.names) want.push_back(n.name);
        for (const auto& p : d_.payers) got.emplace_back(p.payer.rule);
        same("paid_by " + joined(want), "paid_by " + joined(got));
        for (const auto& a : e.amounts) payer_amount(a);
        return;
      }
      case ast::ExpectKind::Because: {
        std::vector<std::string> want, got;
        for (const auto& n : e.names) want.push_back(n.name);
        for (const auto& r : d_.reasons) got.emplace_back(r.rule);
        return same("because " + joined(want), "because " + joined(got));
      }
      case ast::ExpectKind::Contribution:
        for (const auto& a : e.amounts) amount(a);
        return;
      case ast::ExpectKind::Rank:
        return same(fmt::format("rank {}", format_int(e.rank)),
                    d_.rank ? fmt::format("rank {}", format_int(*d_.rank)) : std::string("rank (none)"));
    }
  }

 private:
  void same(const std::string& want, const std::string& got) {
    if (want != got) result_.mismatches.emplace_back(want, got);
  }
  void status(const char* word) {
    std::string got = d_.status == Status::NotEligible ? "not eligible" : status_name(d_.status);
    if (d_.status == Status::Rejected && got != word)
      for (const auto& e : d_.errors) got += fmt::format("; `{}`: {}", e.field, e.reason);
    same(word, got);
  }
  // A payer's monthly amount, all its accounts together.
  void payer_amount(const ast::ExpectAmount& a) {
    const std::int64_t want = a.amount->kind == ast::ExprKind::Money ? a.amount->int_value : 0;
    std::optional<std::int64_t> got;
    for (const auto& p : d_.payers)
      if (p.payer.rule == a.name.name) got = got.value_or(0) + p.sen;
    same(fmt::format("paid_by {} = {}", a.name.name, format_money(want)),
         fmt::format("paid_by {} = {}", a.name.name, got ? format_money(*got) : std::string("(not paying)")));
  }
  void amount(const ast::ExpectAmount& a) {
    const std::int64_t want = a.amount->kind == ast::ExprKind::Money ? a.amount->int_value : 0;
    std::optional<std::int64_t> got;
    if (a.name.name == "total" || a.name.name == "jumlah") got = d_.total;
    for (const auto& p : d_.programmes)
      if (p.programme.rule == a.name.name) got = p.total;
    same(fmt::format("contribution {} = {}", a.name.name, format_money(want)),
         fmt::format("contribution {} = {}", a.name.name, got ? format_money(*got) : std::string("(not covered)")));
  }

  const Decision& d_;
  TestResult& result_;
};

void measure(const Policy& policy, const Program& program, const std::vector<TestResult>& results,
             const std::vector<internal::Trace>& traces, Coverage& coverage) {
  std::set<std::string> groups, requirements, citations;
  for (const auto& r : results) {
    const Decision& d = r.decision;
    if (d.group) groups.emplace(d.group->rule), citations.emplace(d.group->citation);
    for (const auto& req : d.requirements)
      if (req.outcome != Outcome::Waived) requirements.emplace(req.rule.rule), citations.emplace(req.rule.citation);
    for (const auto& p : d.programmes) citations.emplace(p.programme.citation);
    for (const auto& p : d.payers) citations.emplace(p.payer.citation);
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> params, lines;
  for (const auto& t : traces) {
    params.insert(t.parameter_values.begin(), t.parameter_values.end());
    lines.insert(t.payer_lines.begin(), t.payer_lines.end());
  }
  auto& out = coverage.untested;
  // Whether an item declared at `s` is reported: one of the files given, or any with `used_files`.
  auto reported = [&](const Span& s) {
    return coverage.used_files ||
           std::find(policy.used_sources.begin(), policy.used_sources.end(), s.source) == policy.used_sources.end();
  };
  std::set<std::string> own_groups, own_requirements, own_parameters;
  for (const auto& g : policy.groups) {
    if (reported(g.name.span)) own_groups.insert(g.name.name);
    for (const auto& r : g.requires_)
      if (reported(r.name.span)) own_requirements.insert(r.name.name);
  }
  for (const auto& r : policy.requires_)
    if (reported(r.name.span)) own_requirements.insert(r.name.name);
  for (const auto& par : policy.parameters)
    if (reported(par.name.span)) own_parameters.insert(par.name.name);
  for (const auto& g : program.groups)
    if (own_groups.count(g.info.name) && !groups.count(g.info.name))
      out.push_back(say("group `{}` [{}]", g.info.name, g.info.citation));
  auto requirement = [&](const RuleInfo& info) {
    if (own_requirements.count(info.name) && !requirements.count(info.name))
      out.push_back(say("requirement `{}` [{}]", info.name, info.citation));
  };
  for (const auto& r : program.requirements) requirement(r.info);
  for (const auto& g : program.groups)
    for (const auto& r : g.own) requirement(r.info);
  for (std::uint32_t gi = 0; gi < program.groups.size(); ++gi)
    for (std::uint32_t li = 0; li < program.groups[gi].paid_by.size(); ++li)
      if (own_groups.count(program.groups[gi].info.name) && !lines.count({gi, li}))
        out.push_back(say("payer line {} of group `{}`", li + 1, program.groups[gi].info.name));
  for (std::uint32_t pi = 0; pi < program.parameters.size(); ++pi)
    for (std::uint32_t vi = 0; vi < program.parameters[pi].values.size(); ++vi)
      if (own_parameters.count(program.parameters[pi].info.name) && !params.count({pi, vi}))
        out.push_back(say("parameter `{}` since {}", program.parameters[pi].info.name,
                          format_date(program.parameters[pi].values[vi].since)));
  std::set<std::string> all_citations;
  auto cite = [&](const std::optional<ast::Text>& c) {
    if (c && !c->text.empty() && reported(c->span)) all_citations.insert(c->text);
  };
  for (const auto& r : policy.requires_) cite(r.citation);
  for (const auto& g : policy.groups) {
    cite(g.citation);
    for (const auto& r : g.requires_) cite(r.citation);
  }
  for (const auto& c : all_citations)
    if (!citations.count(c)) out.push_back(say("citation [{}]", c));
}

// A base test's date, moved by whole years into the amendment's validity when it falls outside
// (a 2024 policy's test of 1 August is run on 1 August 2025 against a 2025 amendment); the
// validity's first day when no year holds the same day.
Day moved_into(Day on, const std::optional<Period>& valid) {
  if (!valid || valid->contains(on)) return on;
  const Ymd at = ymd_from_day(on);
  for (int year = ymd_from_day(valid->start).year; year <= std::min(ymd_from_day(valid->end).year, at.year + 100);
       ++year) {
    const Day d = day_from_ymd({year, at.month, std::min(at.day, days_in_month(year, at.month))});
    if (valid->contains(d)) return d;
  }
  return valid->start;
}

// Why a base test's given values do not fit the amendment's record, if they do not.
std::string misfit(const ast::TestDecl& t, const Program& program) {
  std::vector<const ast::GivenField*> given;
  for (const auto& g : t.given) given.push_back(&g);
  for (const auto& o : t.others)
    for (const auto& g : o.changed) given.push_back(&g);
  for (const auto* gp : given) {
    const auto& g = *gp;
    const auto slot = program.schema.index_of(g.field.name);
    if (!slot) return say("the record has no field `{}` any more", g.field.name);
    const ValueKind want = program.schema.fields[*slot].type;
    Value v;
    try {  // the base's tests were checked with the base, not against the amendment
      v = eval_constant(program, compile_constant(*g.value), t.on.day);
    } catch (const InternalError&) {
      return say("the given value of `{}` is not a constant", g.field.name);
    }
    const bool fits = v.kind == want || (want == ValueKind::Nik && v.kind == ValueKind::Text) ||
                      (want == ValueKind::Money && v.kind == ValueKind::Int);
    if (!fits) return say("field `{}` is now {}", g.field.name, type_name(Type{want}));
  }
  return {};
}

// The population phase for the test's eligible record and its `others`: each `others` block
// is decided once and stands for `count` records. In the allocation every record has a
// numbered id, the others in the order written and the test's own record last, so on an equal
// rank the others come first: `others 1.528 { ... }` ahead of the record makes it the 1.529th.
void allocate(const ast::TestDecl& t, const Program& program, Day on, Decision& decision) {
  Allocator allocator(program, on);
  std::uint64_t index = 0;
  auto numbered = [&](Decision d) {
    d.id = fmt::format("{:08}", index);
    allocator.add(d, index++);
  };
  for (const auto& o : t.others) {
    const Record record = given_record(t, program, on, &o);
    if (!constraint_errors(record, program).empty()) continue;  // a rejected record is no candidate
    const Decision d = decide(program, record, on, nullptr);
    if (d.status != Status::Eligible) continue;
    for (std::int64_t k = 0; k < o.count; ++k) numbered(d);
  }
  const std::uint64_t own = index;
  numbered(decision);
  allocator.run();
  allocator.apply(decision, own);
}

TestResult run_one(const ast::TestDecl& t, const Program& program, internal::Trace* trace, Day on) {
  TestResult result;
  result.name = t.name.text;
  result.span = t.span;
  result.on = on;
  result.written_on = t.on.day;
  const Record record = given_record(t, program, on);
  if (auto errors = constraint_errors(record, program); !errors.empty())
    result.decision = reject(program, Rejection{0, record.id, std::move(errors)}, on);
  else result.decision = decide(program, record, on, trace);
  if (result.decision.status == Status::Eligible && program.needs_allocation) allocate(t, program, on, result.decision);
  Comparison compare(result.decision, result);
  for (const auto& e : t.expects) compare.check(e);
  result.passed = result.mismatches.empty();
  return result;
}

}  // namespace

std::vector<TestResult> run_base_tests(const Policy& policy, const Program& program) {
  std::vector<TestResult> results;
  for (const auto& t : policy.base_tests) {
    const bool replaced = std::any_of(policy.tests.begin(), policy.tests.end(),
                                      [&](const ast::TestDecl& own) { return own.name.text == t.name.text; });
    if (replaced) continue;
    if (std::string why = misfit(t, program); !why.empty()) {
      TestResult r;
      r.name = t.name.text;
      r.span = t.span;
      r.on = moved_into(t.on.day, program.valid);
      r.written_on = t.on.day;
      r.not_run = std::move(why);
      results.push_back(std::move(r));
      continue;
    }
    results.push_back(run_one(t, program, nullptr, moved_into(t.on.day, program.valid)));
  }
  return results;
}

std::vector<TestResult> run_tests(const Policy& policy, const Program& program, Coverage* coverage) {
  std::vector<TestResult> results;
  std::vector<internal::Trace> traces(policy.tests.size());
  for (std::size_t i = 0; i < policy.tests.size(); ++i) {
    results.push_back(run_one(policy.tests[i], program, &traces[i], policy.tests[i].on.day));
  }
  if (coverage) measure(policy, program, results, traces, *coverage);
  return results;
}

}  // namespace jaring
