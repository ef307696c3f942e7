#include "engine/whatif/policy_diff.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "engine/base/literals.hpp"
#include "engine/base/value.hpp"
#include "engine/language/check_internal.hpp"
#include "engine/language/dump.hpp"
#include "engine/runtime/record.hpp"
#include "engine/whatif/policy_diff_internal.hpp"
#include "engine/whatif/schema_compat.hpp"

namespace jaring::whatif {

const char* section_name(Section s) {
  static const char* const names[] = {"header", "record",  "let",   "parameter", "programme",
                                      "payer",  "require", "quota", "group"};
  return names[static_cast<int>(s)];
}

const char* change_kind_name(ChangeKind k) {
  static const char* const names[] = {"added", "removed", "changed"};
  return names[static_cast<int>(k)];
}

namespace internal {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string text_of(const std::optional<ast::Text>& t) { return t ? t->text : std::string(); }

std::string requirement_text(const ast::RequireDecl& r) {
  std::string out;
  if (r.label) out += quoted(r.label->text) + " ";
  if (r.citation) out += "[" + r.citation->text + "] ";
  return out + dump_expr(*r.condition);
}

}  // namespace internal

namespace {

using internal::find_named;
using internal::quoted;
using internal::SectionDiff;
using internal::text_of;

std::string type_text(const std::string& written) {
  auto t = jaring::internal::parse_type_name(written);
  if (!t) return written;
  return t->base == jaring::internal::Base::Set ? "set" : jaring::type_keyword(*t);
}

std::string period_text(const std::optional<ast::DatedPeriod>& p) { return p ? jaring::period_text(p->period) : ""; }

void diff_header(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Header, out);
  d.changed("policy", "name", text_of(b.name), text_of(p.name), "");
  d.changed("policy", "region", text_of(b.region_code) + " " + text_of(b.region_name),
            text_of(p.region_code) + " " + text_of(p.region_name), "");
  d.changed("policy", "valid", period_text(b.valid), period_text(p.valid), "");
  auto has = [](const std::vector<ast::Text>& list, const std::string& s) {
    return std::any_of(list.begin(), list.end(), [&](const ast::Text& t) { return t.text == s; });
  };
  for (const auto& x : b.basis)
    if (!has(p.basis, x.text)) d.changed("policy", "basis", x.text, "", "");
  for (const auto& x : p.basis)
    if (!has(b.basis, x.text)) d.changed("policy", "basis", "", x.text, "");
}

std::string field_text(const FieldSpec& f) {
  std::string s = field_type_name(f.type);
  if (f.constraint) s += " " + constraint_text(*f.constraint);
  if (f.optional) s += " optional";
  if (f.default_value) s += " = " + to_display(*f.default_value);
  return s;
}

void diff_record(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Record, out);
  const Schema sb = make_schema(b), sp = make_schema(p);
  for (const auto& f : sb.fields) {
    const auto i = sp.index_of(f.name);
    if (!i) d.removed(f.name, field_text(f), "");
    else d.changed(f.name, "field", field_text(f), field_text(sp.fields[*i]), "");
  }
  for (const auto& f : sp.fields)
    if (!sb.index_of(f.name)) d.added(f.name, field_text(f), "");
}

std::string let_text(const ast::LetDecl& l) {
  return (l.type ? type_text(l.type->name) + " = " : "") + dump_expr(*l.value);
}

void diff_lets(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Let, out, &p.articles);
  for (const auto& l : b.lets) {
    const auto* q = find_named(p.lets, l.name.name);
    if (!q) d.removed(l.name.name, let_text(l), "");
    else d.changed(l.name.name, "value", let_text(l), let_text(*q), "");
  }
  for (const auto& l : p.lets)
    if (!find_named(b.lets, l.name.name)) d.added(l.name.name, let_text(l), "");
}

std::string value_text(const ast::ParamValue& v) {
  std::string s;
  if (v.is_table) {
    for (const auto& e : v.table) s += (s.empty() ? "{ " : ", ") + dump_expr(*e.key) + ": " + dump_expr(*e.value);
    s += " }";
  } else {
    s = dump_expr(*v.value);
  }
  return v.until ? s + " until " + format_date(v.until->day) : s;
}

std::string parameter_text(const ast::ParameterDecl& par) {
  std::string s = (par.label ? quoted(par.label->text) + " " : "") + ": " + type_text(par.type.name);
  if (par.by) s += " by " + par.by->name;
  for (const auto& v : par.values) s += "; since " + format_date(v.since.day) + " = " + value_text(v);
  return s;
}

void diff_parameter(SectionDiff& d, const ast::ParameterDecl& x, const ast::ParameterDecl& y) {
  const std::string& n = x.name.name;
  const std::string cite = text_of(y.citation);
  d.changed(n, "label", text_of(x.label), text_of(y.label), cite);
  d.changed(n, "citation", text_of(x.citation), text_of(y.citation), cite);
  d.changed(n, "type", type_text(x.type.name) + (x.by ? " by " + x.by->name : ""),
            type_text(y.type.name) + (y.by ? " by " + y.by->name : ""), cite);
  auto at = [](const ast::ParameterDecl& par, Day day) -> const ast::ParamValue* {
    for (const auto& v : par.values)
      if (v.since.day == day) return &v;
    return nullptr;
  };
  for (const auto& v : x.values) {
    const auto* w = at(y, v.since.day);
    d.changed(n, "since " + format_date(v.since.day), value_text(v), w ? value_text(*w) : "", cite);
  }
  for (const auto& w : y.values)
    if (!at(x, w.since.day)) d.changed(n, "since " + format_date(w.since.day), "", value_text(w), cite);
}

void diff_parameters(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Parameter, out, &p.articles);
  for (const auto& x : b.parameters) {
    const auto* y = find_named(p.parameters, x.name.name);
    if (!y) d.removed(x.name.name, parameter_text(x), text_of(x.citation));
    else diff_parameter(d, x, *y);
  }
  for (const auto& y : p.parameters)
    if (!find_named(b.parameters, y.name.name)) d.added(y.name.name, parameter_text(y), text_of(y.citation));
}

std::string scheme_text(const ast::SchemeDef& s) {
  std::string out;
  for (const auto& part : s.parts)
    out += (out.empty() ? "" : ", ") + std::string(part.part == ast::Part::Employer ? "employer" : "worker") + " = " +
           dump_expr(*part.value);
  return out;
}

const ast::SchemeDef* find_scheme(const ast::ProgrammeDecl& p, const std::string& name) {
  for (const auto& s : p.schemes)
    if (s.scheme.name == name) return &s;
  return nullptr;
}

std::string programme_text(const ast::ProgrammeDecl& p) {
  std::string s = p.label ? quoted(p.label->text) : "";
  for (const auto& sc : p.schemes) s += "; scheme " + sc.scheme.name + ": " + scheme_text(sc);
  return s;
}

void diff_programmes(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Programme, out, &p.articles);
  for (const auto& x : b.programmes) {
    const auto* y = find_named(p.programmes, x.name.name);
    if (!y) {
      d.removed(x.name.name, programme_text(x), text_of(x.citation));
      continue;
    }
    const std::string cite = text_of(y->citation);
    d.changed(x.name.name, "label", text_of(x.label), text_of(y->label), cite);
    d.changed(x.name.name, "citation", text_of(x.citation), text_of(y->citation), cite);
    for (const auto& s : x.schemes) {
      const auto* t = find_scheme(*y, s.scheme.name);
      d.changed(x.name.name, "scheme " + s.scheme.name, scheme_text(s), t ? scheme_text(*t) : "", cite);
    }
    for (const auto& t : y->schemes)
      if (!find_scheme(x, t.scheme.name)) d.changed(x.name.name, "scheme " + t.scheme.name, "", scheme_text(t), cite);
  }
  for (const auto& y : p.programmes)
    if (!find_named(b.programmes, y.name.name)) d.added(y.name.name, programme_text(y), text_of(y.citation));
}

std::string budget_of(const ast::PayerDecl& p, int year) {
  for (const auto& b : p.budgets)
    if (b.year == year) return dump_expr(*b.amount);
  return "";
}

std::string payer_text(const ast::PayerDecl& p) {
  std::string s = p.label ? quoted(p.label->text) : "";
  for (const auto& b : p.budgets) s += fmt::format("; budget {} = {}", b.year, dump_expr(*b.amount));
  return s;
}

void diff_payers(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Payer, out, &p.articles);
  for (const auto& x : b.payers) {
    const auto* y = find_named(p.payers, x.name.name);
    if (!y) {
      d.removed(x.name.name, payer_text(x), text_of(x.citation));
      continue;
    }
    const std::string cite = text_of(y->citation);
    d.changed(x.name.name, "label", text_of(x.label), text_of(y->label), cite);
    d.changed(x.name.name, "citation", text_of(x.citation), text_of(y->citation), cite);
    for (const auto& bd : x.budgets)
      d.changed(x.name.name, fmt::format("budget {}", bd.year), dump_expr(*bd.amount), budget_of(*y, bd.year), cite);
    for (const auto& bd : y->budgets)
      if (budget_of(x, bd.year).empty())
        d.changed(x.name.name, fmt::format("budget {}", bd.year), "", dump_expr(*bd.amount), cite);
  }
  for (const auto& y : p.payers)
    if (!find_named(b.payers, y.name.name)) d.added(y.name.name, payer_text(y), text_of(y.citation));
}

void diff_requirements(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Requirement, out, &p.articles);
  for (const auto& x : b.requires_) {
    const auto* y = find_named(p.requires_, x.name.name);
    if (!y) d.removed(x.name.name, internal::requirement_text(x), text_of(x.citation));
    else
      d.changed(x.name.name, "require", internal::requirement_text(x), internal::requirement_text(*y),
                text_of(y->citation));
  }
  for (const auto& y : p.requires_)
    if (!find_named(b.requires_, y.name.name)) d.added(y.name.name, internal::requirement_text(y), text_of(y.citation));
}

std::string quota_text(const ast::QuotaDecl& q) {
  return (q.label ? quoted(q.label->text) + " " : std::string()) + dump_quota(q.quota);
}

void diff_quotas(const Policy& b, const Policy& p, std::vector<Change>& out) {
  SectionDiff d(Section::Quota, out, &p.articles);
  for (const auto& x : b.quotas) {
    const auto* y = find_named(p.quotas, x.name.name);
    if (!y) {
      d.removed(x.name.name, quota_text(x), text_of(x.citation));
      continue;
    }
    const std::string cite = text_of(y->citation);
    d.changed(x.name.name, "label", text_of(x.label), text_of(y->label), cite);
    d.changed(x.name.name, "citation", text_of(x.citation), text_of(y->citation), cite);
    d.changed(x.name.name, "quota", dump_quota(x.quota), dump_quota(y->quota), cite);
  }
  for (const auto& y : p.quotas)
    if (!find_named(b.quotas, y.name.name)) d.added(y.name.name, quota_text(y), text_of(y.citation));
}

}  // namespace

std::vector<Change> diff_policies(const Policy& base, const Policy& proposal) {
  std::vector<Change> out;
  diff_header(base, proposal, out);
  diff_record(base, proposal, out);
  diff_lets(base, proposal, out);
  diff_parameters(base, proposal, out);
  diff_programmes(base, proposal, out);
  diff_payers(base, proposal, out);
  diff_requirements(base, proposal, out);
  diff_quotas(base, proposal, out);
  internal::diff_groups(base, proposal, out);
  return out;
}

}  // namespace jaring::whatif
