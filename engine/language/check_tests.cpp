// Checks of `test` blocks: given fields exist and are constants of the field's type; expected
// groups, payers, schemes, requirements and programmes exist; expectations do not conflict.
#include <fmt/format.h>

#include <algorithm>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/check_internal.hpp"
#include "engine/language/engine_reasons.hpp"
#include "engine/language/limits.hpp"

namespace jaring::internal {

namespace {

template <typename T>
bool has_named(const std::vector<T>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const T& i) { return i.name.name == name; });
}

void check_given(Checker& c, const std::vector<ast::GivenField>& given) {
  std::set<std::string> seen;
  for (const auto& g : given) {
    if (!seen.insert(g.field.name).second)
      c.diags_.error("duplicate-name", g.field.span, say("test gives `{}` twice", g.field.name));
    auto it = c.fields_.find(g.field.name);
    if (it == c.fields_.end()) {
      c.diags_.error(
          "unknown-field", g.field.span,
          say("record `{}` has no field `{}`", c.policy_.record ? c.policy_.record->name.name : "?", g.field.name),
          did_you_mean(g.field.name, [&] {
            std::vector<std::string> f;
            for (const auto& [n, ty] : c.fields_) f.push_back(n);
            return f;
          }()));
      continue;
    }
    const bool known_name =
        g.value->kind == ast::ExprKind::Name && (c.fields_.count(g.value->text) || c.lets_.count(g.value->text) ||
                                                 c.parameters_.count(g.value->text) || g.value->text == "as_of");
    if (g.value->kind == ast::ExprKind::Name && !known_name && it->second.base == Base::Text)  // `role: ketua_rt`
      c.diags_.error("not-constant", g.value->span,
                     say("`{}` is not a value: text is written in double quotes", g.value->text),
                     say("write `{}: \"{}\"`", g.field.name, g.value->text));
    else if (!c.is_constant(*g.value))
      c.diags_.error("not-constant", g.value->span, say_text("a test's given value must be a constant"));
    else c.expect_type(*g.value, it->second, say("the value of `{}`", g.field.name));
  }
}

void check_reference(Checker& c, const ast::Expectation& e) {
  const auto& p = c.policy_;
  for (const auto& n : e.names) {
    switch (e.kind) {
      case ast::ExpectKind::Group:
        if (!has_named(p.groups, n.name))
          c.diags_.error("unknown-group", n.span, say("the test expects group `{}`, which does not exist", n.name),
                         did_you_mean(n.name, names_of(p.groups)));
        break;
      case ast::ExpectKind::PaidBy:
        if (!has_named(p.payers, n.name))
          c.diags_.error("unknown-payer", n.span, say("unknown payer `{}`", n.name),
                         did_you_mean(n.name, names_of(p.payers)));
        break;
      case ast::ExpectKind::Scheme:
        if (!c.schemes_.count(n.name))
          c.diags_.error("unknown-scheme", n.span, say("no programme defines scheme `{}`", n.name),
                         did_you_mean(n.name, std::vector<std::string>(c.schemes_.begin(), c.schemes_.end())));
        break;
      case ast::ExpectKind::Because:
        if (!c.requirement_names_.count(n.name) && !has_named(p.groups, n.name) && !has_named(p.programmes, n.name) &&
            !has_named(p.payers, n.name) && !is_engine_reason(n.name)) {
          std::vector<std::string> candidates(c.requirement_names_.begin(), c.requirement_names_.end());
          for (const auto& r : engine_reasons) candidates.emplace_back(r.rule);
          c.diags_.error("unknown-requirement", n.span, say("the test names `{}`, which is not a requirement", n.name),
                         did_you_mean(n.name, candidates));
        }
        break;
      default: break;
    }
  }
  std::set<std::string> amounts;
  const bool payers = e.kind == ast::ExpectKind::PaidBy;
  for (const auto& a : e.amounts) {
    if (!amounts.insert(a.name.name).second)
      c.diags_.error(
          "duplicate-name", a.name.span,
          say("the test expects the {} of `{}` twice", say_text(payers ? "amount" : "contribution"), a.name.name));
    if (payers) {  // the payer's name was checked above
      if (!c.is_constant(*a.amount))
        c.diags_.error("not-constant", a.amount->span, say_text("an expected amount must be a constant"));
      else c.expect_money(*a.amount, say("the expected amount of payer `{}`", a.name.name));
      continue;
    }
    if (a.name.name != "total" && a.name.name != "jumlah" && !has_named(p.programmes, a.name.name)) {
      auto candidates = names_of(p.programmes);
      candidates.push_back("total");
      c.diags_.error("unknown-programme", a.name.span, say("unknown programme `{}`", a.name.name),
                     did_you_mean(a.name.name, candidates));
    }
    if (!c.is_constant(*a.amount))
      c.diags_.error("not-constant", a.amount->span, say_text("an expected amount must be a constant"));
    else c.expect_money(*a.amount, say("the expected contribution of `{}`", a.name.name));
  }
}

// `others N` (rank: `rank N`) outside 1 to max_test_records.
void check_count(Checker& c, std::int64_t n, Span span, bool rank) {
  if (n >= 1 && n <= max_test_records) return;
  const std::string most = format_int(max_test_records);
  c.diags_.error("invalid-count", span,
                 rank ? say("a rank must be 1 to {}", most) : say("the number of other records must be 1 to {}", most));
}

void check_test(Checker& c, const ast::TestDecl& t) {
  check_given(c, t.given);
  std::int64_t records = 1;
  for (const auto& o : t.others) {
    check_count(c, o.count, o.count_span, false);
    check_given(c, o.changed);
    records += std::max<std::int64_t>(o.count, 0);
  }
  if (records > max_test_records)
    c.diags_.error("invalid-count", t.others.back().span,
                   say("a test decides at most {} records; these `others` make {}", format_int(max_test_records),
                       format_int(records)));
  int statuses = 0;
  bool eligible = false, not_eligible = false, rejected = false;
  for (const auto& e : t.expects) {
    check_reference(c, e);
    if (e.kind == ast::ExpectKind::Eligible || e.kind == ast::ExpectKind::NotEligible ||
        e.kind == ast::ExpectKind::Waitlisted || e.kind == ast::ExpectKind::Rejected) {
      if (++statuses == 2)
        c.diags_.error("conflicting-expectations", e.span, say_text("the test expects more than one outcome"),
                       say_text("a record is either `eligible`, `not eligible`, `waitlisted` or `rejected`"));
      eligible |= e.kind == ast::ExpectKind::Eligible;
      not_eligible |= e.kind == ast::ExpectKind::NotEligible;
      rejected |= e.kind == ast::ExpectKind::Rejected;
    } else if (rejected) {
      c.diags_.error(
          "conflicting-expectations", e.span,
          say_text("a rejected record is not decided: it has no group, scheme, payer, reason or contribution"),
          say_text("expect `rejected` alone"));
    }
    if (e.kind == ast::ExpectKind::Rank) {
      check_count(c, e.rank, e.span, true);
      if (e.rank > records)
        c.diags_.error("conflicting-expectations", e.span,
                       say("rank {} is beyond the test's {} records", format_int(e.rank), format_int(records)),
                       say_text("add records ahead of it with `others N { ... }`"));
    }
    if (e.kind == ast::ExpectKind::Because && eligible)
      c.diags_.error("conflicting-expectations", e.span,
                     say_text("an eligible record has no failing requirement to name"),
                     say_text("write `expect not eligible because ...`"));
    if ((e.kind == ast::ExpectKind::Contribution || e.kind == ast::ExpectKind::PaidBy) && not_eligible)
      c.diags_.error("conflicting-expectations", e.span,
                     say_text("a record that is not eligible has no payer or contribution"));
  }
  if (statuses == 0)
    c.diags_.error("missing-expectation", t.name.span, say_text("the test expects no outcome"),
                   say_text("add `expect eligible`, `expect not eligible because ...` or `expect waitlisted`"));
}

}  // namespace

void Checker::check_tests() {
  std::set<std::string> names;
  for (const auto& t : policy_.tests) {
    if (!names.insert(t.name.text).second)
      diags_.error("duplicate-name", t.name.span, say("two tests are named \"{}\"", t.name.text));
    check_test(*this, t);
  }
}

}  // namespace jaring::internal
