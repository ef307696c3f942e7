// Region codes against the Kemendagri list (engine/base/regions.hpp): every code written in the
// policy — the `region` header, field constraints and defaults, conditions, values, tests'
// given values — must be listed; the header's name should be Kemendagri's name for its code.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "engine/base/i18n.hpp"
#include "engine/base/regions.hpp"
#include "engine/language/check_internal.hpp"

namespace jaring::internal {

namespace {

std::string level_words(int level) {
  switch (level) {
    case 1: return say_text("province");
    case 2: return say_text("regency or city");
    case 3: return say_text("district");
    default: return say_text("village");
  }
}

// The help for an unlisted code: the listed codes nearest to it, with their names; else the
// nearest listed region it would be inside; else where the list comes from.
std::string unknown_code_help(std::string_view code, const std::optional<RegionEntry>& by_name) {
  std::vector<RegionEntry> near;
  if (by_name) near.push_back(*by_name);
  for (const RegionEntry& e : similar_regions(code))
    if (near.size() < 3 && (!by_name || e.code != by_name->code)) near.push_back(e);
  if (auto help = region_did_you_mean(near)) return *help;
  for (std::string_view outer = code; outer.find('.') != std::string_view::npos;) {
    outer = outer.substr(0, outer.rfind('.'));
    if (auto e = find_region(outer))
      return say("`{}` ({}) is listed, but nothing inside it is numbered like `{}`", e->code, e->name, code);
  }
  return say("the list is Kemendagri's, from {}; no province has the code `{}`", region_list_source(),
             code.substr(0, 2));
}

void report_unknown(Checker& c, std::string_view code, const Span& span,
                    const std::optional<RegionEntry>& by_name = std::nullopt) {
  c.diags_.error("unknown-region", span,
                 say("`{}` is not a {} code in the Kemendagri list", code,
                     level_words(1 + static_cast<int>(std::count(code.begin(), code.end(), '.')))),
                 unknown_code_help(code, by_name));
}

void check_expr(Checker& c, const ast::Expr* e) {
  if (!e) return;
  if (e->kind == ast::ExprKind::Region && !find_region(e->text)) report_unknown(c, e->text, e->span);
  for (const auto& a : e->args) check_expr(c, a.get());
}

void check_region_line(Checker& c) {
  const Policy& p = c.policy_;
  // A code not of the form `PP.KK` is reported as malformed by the header's own check.
  if (!p.region_code || p.region_code->text.size() != 5) return;
  const std::string& code = p.region_code->text;
  const auto listed = find_region(code);
  if (listed && (!p.region_name || same_region_name(p.region_name->text, listed->name))) return;
  // Only a code and name that disagree look the name up among all regencies and cities.
  std::optional<RegionEntry> by_name;
  if (p.region_name) by_name = find_regency_by_name(p.region_name->text);
  if (!listed) {
    report_unknown(c, code, p.region_code->span, by_name);
    return;
  }
  const std::string written = p.region_name->text;
  c.diags_.warning("region-name-mismatch", p.region_name->span,
                   say("`{}` is not Kemendagri's name for region {}, which is `{}`", written, code, listed->name),
                   by_name ? say("`{}` is {}: write `region {} \"{}\"`, or `region {} \"{}\"` for {}", by_name->name,
                                 by_name->code, by_name->code, by_name->name, code, listed->name, code)
                           : say("write `region {} \"{}\"`", code, listed->name));
}

void check_record(Checker& c) {
  if (!c.policy_.record) return;
  for (const auto& f : c.policy_.record->fields) {
    check_expr(c, f.default_value.get());
    if (!f.constraint) continue;
    check_expr(c, f.constraint->low.get());
    check_expr(c, f.constraint->high.get());
    check_expr(c, f.constraint->values.get());
    check_expr(c, f.constraint->area.get());
  }
}

void check_declarations(Checker& c) {
  const Policy& p = c.policy_;
  for (const auto& let : p.lets) check_expr(c, let.value.get());
  for (const auto& par : p.parameters)
    for (const auto& v : par.values) {
      check_expr(c, v.value.get());
      for (const auto& t : v.table) check_expr(c, t.value.get());
    }
  for (const auto& prog : p.programmes)
    for (const auto& s : prog.schemes)
      for (const auto& part : s.parts) check_expr(c, part.value.get());
  for (const auto& payer : p.payers)
    for (const auto& b : payer.budgets) check_expr(c, b.amount.get());
  for (const auto& r : p.requires_) check_expr(c, r.condition.get());
  for (const auto& g : p.groups) {
    check_expr(c, g.when.get());
    if (g.quota) check_expr(c, g.quota->rank_by.get());
    for (const auto& r : g.requires_) check_expr(c, r.condition.get());
  }
  for (const auto& t : p.tests) {
    for (const auto& given : t.given) check_expr(c, given.value.get());
    for (const auto& e : t.expects)
      for (const auto& a : e.amounts) check_expr(c, a.amount.get());
  }
}

}  // namespace

void Checker::check_region_codes() {
  check_region_line(*this);
  check_record(*this);
  check_declarations(*this);
}

}  // namespace jaring::internal
