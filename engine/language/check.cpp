// The checker's driver: the value namespace (record, lets, parameters), programmes, payers
// and general requirements. Groups and tests are in check_groups.cpp and check_tests.cpp.
#include "engine/language/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/check_internal.hpp"
#include "engine/language/constraint.hpp"
#include "engine/language/limits.hpp"

namespace jaring {

namespace internal {

std::string Checker::where(const Span& s) const {
  const Source& src = sources_.get(s.source);
  return fmt::format("{}:{}", src.name(), src.line_col(s.begin).line);
}

std::vector<std::string> Checker::value_names() const {
  std::vector<std::string> out{"as_of"};
  for (const auto& [n, t] : fields_) out.push_back(n);
  for (const auto& [n, l] : lets_) out.push_back(n);
  for (const auto& [n, t] : parameters_) out.push_back(n);
  return out;
}

Type Checker::let_type(const ast::LetDecl& let) {
  if (auto it = let_types_.find(let.name.name); it != let_types_.end()) return it->second;
  // check_depths() has typed every let deeper than this as nothing, so typing never gets here.
  if (lets_in_progress_.size() > max_value_depth)
    throw InternalError("check: typing descends through more lets than the depth check allows");
  if (!lets_in_progress_.insert(let.name.name).second) {
    diags_.error("circular-let", let.name.span, say("`{}` is defined in terms of itself", let.name.name),
                 say_text("a `let` may use other lets, but not in a cycle"));
    return let_types_[let.name.name] = Type{};
  }
  Type t = type_of(*let.value);
  if (let.type) {
    if (auto declared = parse_type_name(let.type->name)) {
      expect_type(*let.value, *declared, fmt::format("`{}`", let.name.name));
      t = *declared;
      if (declared->base == Base::Set) t = type_of(*let.value);
    }
  } else if (t.base == Base::Unrounded) {
    // An unrounded let is allowed (it may be rounded where used); nothing to report.
  }
  lets_in_progress_.erase(let.name.name);
  return let_types_[let.name.name] = t;
}

namespace {

void check_type_name(Checker& c, const ast::Ident& type) {
  if (!parse_type_name(type.name))
    c.diags_.error("unknown-type", type.span, say("unknown type `{}`", type.name),
                   did_you_mean(type.name, type_names()));
}

void declare_values(Checker& c) {
  const Policy& p = c.policy_;
  std::map<std::string, Span> seen;
  auto declare = [&](const ast::Ident& name, const std::string& what) {
    if (name.name == "as_of") {
      c.diags_.error("duplicate-name", name.span, say_text("`as_of` is the evaluation date and cannot be redefined"));
      return false;
    }
    auto [it, fresh] = seen.emplace(name.name, name.span);
    if (!fresh)
      c.diags_.error("duplicate-name", name.span,
                     say("{} `{}` has the name of an earlier declaration", what, name.name),
                     say("the first is at {}", c.where(it->second)));
    return fresh;
  };
  if (p.record) {
    for (const auto& f : p.record->fields) {
      check_type_name(c, f.type);
      const auto t = parse_type_name(f.type.name);
      if (declare(f.name, say_text("field"))) c.fields_[f.name.name] = t ? *t : Type{};
      if (t && t->base == Base::Set)
        c.diags_.error("type-mismatch", f.type.span, say_text("a record field cannot be a set"),
                       say_text("use `text` and test it with `in`"));
    }
  }
  for (const auto& par : p.parameters) {
    check_type_name(c, par.type);
    const auto t = parse_type_name(par.type.name);
    if (declare(par.name, say_text("parameter"))) c.parameters_[par.name.name] = t ? *t : Type{};
  }
  for (const auto& let : p.lets) {
    if (let.type) check_type_name(c, *let.type);
    if (declare(let.name, say_text("let"))) c.lets_[let.name.name] = &let;
  }
}

void check_record_defaults(Checker& c) {
  if (!c.policy_.record) return;
  for (const auto& f : c.policy_.record->fields) {
    if (!f.default_value) continue;
    const auto t = parse_type_name(f.type.name);
    if (!literal_value(*f.default_value, t ? t->base : no_type))
      c.diags_.error("not-constant", f.default_value->span,
                     say_text("a field's default must be a value written out, such as `Rp 1.000.000` or `false`"));
    else if (t) c.expect_type(*f.default_value, *t, say("the default of `{}`", f.name.name));
    if (f.optional)
      c.diags_.warning("redundant-optional", f.span, say("field `{}` is optional and has a default", f.name.name),
                       say_text("a field with a default is never missing; drop `optional`"));
  }
}

void check_parameter(Checker& c, const ast::ParameterDecl& par) {
  const auto type = parse_type_name(par.type.name);
  Type key_type{};
  if (par.by) {
    if (auto it = c.fields_.find(par.by->name); it != c.fields_.end()) key_type = it->second;
    else
      c.diags_.error("unknown-field", par.by->span,
                     say("parameter `{}` is keyed by `{}`, which is not a record field", par.name.name, par.by->name),
                     did_you_mean(par.by->name, c.value_names()));
  }
  const std::string what = say("a value of `{}`", par.name.name);
  for (std::size_t i = 0; i < par.values.size(); ++i) {
    const auto& v = par.values[i];
    if (i > 0 && v.since.day <= par.values[i - 1].since.day)
      c.diags_.error("parameter-order", v.since.span,
                     say("the dates of `{}` must increase: {} does not come after {}", par.name.name,
                         format_date(v.since.day), format_date(par.values[i - 1].since.day)));
    if (v.until && v.until->day < v.since.day)
      c.diags_.error("empty-period", v.until->span, say_text("the value ends before it starts"));
    if (v.until && i + 1 < par.values.size() && v.until->day >= par.values[i + 1].since.day)
      c.diags_.error("parameter-overlap", v.until->span,
                     say("this value of `{}` runs until {}, past the next value's start {}", par.name.name,
                         format_date(v.until->day), format_date(par.values[i + 1].since.day)));
    if (v.is_table && !par.by)
      c.diags_.error("table-without-key", v.span, say("parameter `{}` has a table but no `by FIELD`", par.name.name),
                     say_text("write `: percent by risk_class` after the parameter's name"));
    std::set<std::string> keys;
    for (const auto& entry : v.table) {
      const std::string key =
          entry.key->kind == ast::ExprKind::Int ? std::to_string(entry.key->int_value) : entry.key->text;
      if (!keys.insert(key).second)
        c.diags_.error("duplicate-name", entry.key->span, say("table key `{}` appears twice", key));
      const Type kt = c.type_of(*entry.key);
      if (key_type.base != no_type && kt != key_type && !(key_type.base == Base::Nik && kt.base == Base::Text))
        c.diags_.error("type-mismatch", entry.key->span,
                       say("the table is keyed by `{}` ({}), but this key is {}", par.by->name, type_name(key_type),
                           type_name(kt)));
      if (type) c.expect_type(*entry.value, *type, what);
    }
    if (v.value && type) c.expect_type(*v.value, *type, what);
  }
}

void check_programme(Checker& c, const ast::ProgrammeDecl& prog) {
  std::map<std::string, Span> schemes;
  for (const auto& s : prog.schemes) {
    auto [it, fresh] = schemes.emplace(s.scheme.name, s.span);
    if (!fresh)
      c.diags_.error(
          "duplicate-scheme", s.span, say("programme `{}` defines scheme `{}` twice", prog.name.name, s.scheme.name),
          s.shorthand ? std::optional<std::string>(say_text("`contribution = ...` is the BPU scheme's worker part"))
                      : std::nullopt);
    c.schemes_.insert(s.scheme.name);
    bool parts[2] = {false, false};
    for (const auto& part : s.parts) {
      bool& seen = parts[part.part == ast::Part::Employer ? 0 : 1];
      if (seen)
        c.diags_.error(
            "duplicate-part", part.span,
            say("the {} part of `{}` under `{}` is given twice",
                say_text(part.part == ast::Part::Employer ? "employer" : "worker"), prog.name.name, s.scheme.name));
      seen = true;
      c.expect_money(*part.value, say("the contribution of `{}`", prog.name.name));
    }
  }
}

void check_payer(Checker& c, const ast::PayerDecl& payer) {
  std::set<int> years;
  for (const auto& b : payer.budgets) {
    if (!years.insert(b.year).second)
      c.diags_.error("duplicate-name", b.year_span, say("payer `{}` has two budgets for {}", payer.name.name, b.year));
    if (b.year < 1900 || b.year > 2999)
      c.diags_.error("invalid-year", b.year_span, say("`{}` is not a plausible budget year", b.year));
    // Only the file checked: an amendment inherits its base's budgets of other years.
    else if (const auto& valid = c.policy_.valid; valid && b.year_span.source == c.policy_.source) {
      const int first = ymd_from_day(valid->period.start).year, last = ymd_from_day(valid->period.end).year;
      if (b.year < first || b.year > last)
        c.diags_.warning("budget-outside-validity", b.year_span,
                         say("payer `{}` has a budget for {}, but the policy is valid {}: no decision of this "
                             "policy spends it, and the years it is valid in have no limit from it",
                             payer.name.name, b.year, valid_words(valid->period)),
                         first == last          ? say("write the budget of {}: `budget {} = ...`", first, first)
                         : valid->period.open() ? say("write a budget for each year from {} on", first)
                                                : say("write a budget for each year from {} to {}", first, last));
    }
    if (!c.is_constant(*b.amount))
      c.diags_.error("not-constant", b.amount->span, say_text("a budget must be a constant amount"));
    else c.expect_money(*b.amount, say("the budget of `{}`", payer.name.name));
  }
}

// The years in which `payer` pays on some group's line, within the line's, the group's and the
// policy's periods; an open end counts up to the year `open_until`.
std::set<int> paying_years(const Policy& p, const std::string& payer, int open_until) {
  std::set<int> years;
  const Period always{INT32_MIN, INT32_MAX};
  for (const auto& g : p.groups) {
    Period in = g.valid ? g.valid->period : always;
    if (p.valid) in = {std::max(in.start, p.valid->period.start), std::min(in.end, p.valid->period.end)};
    for (const auto& line : g.paid_by) {
      if (std::none_of(line.shares.begin(), line.shares.end(),
                       [&](const ast::PayerShare& s) { return s.payer.name == payer; }))
        continue;
      const Day from = std::max(in.start, line.since.value_or(INT32_MIN));
      const Day to = std::min(in.end, line.until.value_or(INT32_MAX));
      if (from > to || from == INT32_MIN) continue;  // never, or with no start to count from
      const int last = to == INT32_MAX || to == open_end ? open_until : ymd_from_day(to).year;
      for (int y = ymd_from_day(from).year; y <= last; ++y) years.insert(y);
    }
  }
  return years;
}

// A payer whose spending is limited by budgets, paying in a year it has no budget for: that
// year's spending has no limit (the Serang draft's `budget 2025` in a 2026 policy).
void check_budget_years(Checker& c, const ast::PayerDecl& payer) {
  if (payer.budgets.empty() || !c.policy_.valid) return;
  std::set<int> budgeted;
  for (const auto& b : payer.budgets) budgeted.insert(b.year);
  const int open_until = std::max(*budgeted.rbegin(), ymd_from_day(c.policy_.valid->period.start).year);
  std::vector<int> missing;
  for (int y : paying_years(c.policy_, payer.name.name, open_until))
    if (!budgeted.count(y)) missing.push_back(y);
  if (missing.empty()) return;
  std::string years;
  for (std::size_t i = 0; i < missing.size(); ++i)
    years += (i == 0 ? "" : i + 1 == missing.size() ? say_text(" and ") : ", ") + std::to_string(missing[i]);
  c.diags_.warning("payer-without-budget", payer.name.span,
                   say("payer `{}` pays in {} but has no budget for {}: its spending there has no limit",
                       payer.name.name, years, say_text(missing.size() == 1 ? "that year" : "those years")),
                   say("write `budget {} = ...` under payer `{}`", missing.front(), payer.name.name));
}

void check_requirement(Checker& c, const ast::RequireDecl& r) {
  c.requirement_names_.insert(r.name.name);
  c.expect_type(*r.condition, Type{Base::Bool}, say("the condition of requirement `{}`", r.name.name));
}

void check_header(Checker& c) {
  const Policy& p = c.policy_;
  if (!p.name)
    c.diags_.error("missing-policy-name", {p.source, 0, 0}, say_text("the policy has no name"),
                   say_text("start the file with `policy \"Name of the regulation\"`"));
  if (p.region_code && p.region_code->text.size() != 5)
    c.diags_.error("malformed-region", p.region_code->span,
                   say("the policy's region `{}` must be a regency or city code `PP.KK`", p.region_code->text));
  if (!p.valid && !p.groups.empty())
    c.diags_.warning("missing-validity", {p.source, 0, 0}, say_text("the policy has groups but no `valid` period"),
                     say_text("add `valid 2024-01-01 .. 2024-12-31` so decisions outside it are refused"));
}

}  // namespace

void Checker::run() {
  check_header(*this);
  check_region_codes();
  declare_values(*this);
  check_record_defaults(*this);
  check_fields();
  check_depths();
  for (const auto& let : policy_.lets) let_type(let);
  for (const auto& par : policy_.parameters) check_parameter(*this, par);
  for (const auto& prog : policy_.programmes) check_programme(*this, prog);
  for (const auto& payer : policy_.payers) {
    check_payer(*this, payer);
    check_budget_years(*this, payer);
  }
  for (const auto& r : policy_.requires_) check_requirement(*this, r);
  check_groups();
  check_tests();
}

}  // namespace internal

std::optional<CheckedPolicy> check(std::shared_ptr<const Policy> policy, const SourceMap& sources, Diagnostics& diags) {
  internal::Checker(*policy, sources, diags).run();
  if (diags.has_errors()) return std::nullopt;
  return CheckedPolicy(std::move(policy));
}

}  // namespace jaring
