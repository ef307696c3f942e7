#include "engine/language/dump.hpp"

#include "engine/language/builtins.hpp"
#include "engine/language/constraint.hpp"

#include <fmt/format.h>

#include "engine/base/literals.hpp"
#include "engine/language/check_internal.hpp"

namespace jaring {

namespace {

using ast::ExprKind;
using ast::Op;

int precedence(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::If: return 1;
    case ExprKind::Not: return 4;
    case ExprKind::In:
    case ExprKind::Between:
    case ExprKind::Within: return 5;
    case ExprKind::Negate: return 8;
    case ExprKind::Binary:
      switch (e.op) {
        case Op::Or: return 2;
        case Op::And: return 3;
        case Op::Add:
        case Op::Sub: return 6;
        case Op::Mul:
        case Op::Div: return 7;
        default: return 5;
      }
    default: return 9;
  }
}

const char* op_text(Op op) {
  static const char* const texts[] = {"+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
  return texts[static_cast<int>(op)];
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string print(const ast::Expr& e, int min_prec);

std::string join_args(const std::vector<ast::ExprPtr>& args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + print(*args[i], 1);
  return out;
}

std::string print_bare(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::Int: return format_int(e.int_value);
    case ExprKind::Money: return format_money(e.int_value);
    case ExprKind::Percent: return format_percent(e.int_value);
    case ExprKind::Date: return format_date(static_cast<Day>(e.int_value));
    case ExprKind::Text: return quote(e.text);
    case ExprKind::Bool: return e.int_value ? "true" : "false";
    case ExprKind::Region:
    case ExprKind::Name: return e.text;
    case ExprKind::Set: return "[" + join_args(e.args) + "]";
    case ExprKind::Call: {  // by its English name, however it was written
      const auto f = find_builtin(e.text);
      return (f ? std::string(builtins()[*f].name) : e.text) + "(" + join_args(e.args) + ")";
    }
    case ExprKind::Negate: return "-" + print(*e.args[0], 8);
    case ExprKind::Not: return "not " + print(*e.args[0], 4);
    case ExprKind::In: return print(*e.args[0], 6) + (e.negated ? " not in " : " in ") + print(*e.args[1], 6);
    case ExprKind::Between:
      return print(*e.args[0], 6) + " between " + print(*e.args[1], 6) + " and " + print(*e.args[2], 6);
    case ExprKind::Within: return print(*e.args[0], 6) + " within " + print(*e.args[1], 6);
    case ExprKind::If:
      return "if " + print(*e.args[0], 1) + " then " + print(*e.args[1], 1) + " else " + print(*e.args[2], 1);
    case ExprKind::Binary: {
      const int p = precedence(e);
      const bool comparison = p == 5;
      return print(*e.args[0], comparison ? 6 : p) + " " + op_text(e.op) + " " +
             print(*e.args[1], comparison ? 6 : p + 1);
    }
  }
  return "?";
}

std::string print(const ast::Expr& e, int min_prec) {
  std::string s = print_bare(e);
  return precedence(e) < min_prec ? "(" + s + ")" : s;
}

std::string type_text(const std::string& written) {
  auto t = internal::parse_type_name(written);
  if (!t) return written;
  return t->base == internal::Base::Set ? "set" : type_keyword(*t);
}

std::string titled(const ast::Ident& name, const std::optional<ast::Text>& label,
                   const std::optional<ast::Text>& citation) {
  std::string out = name.name;
  if (label) out += " " + quote(label->text);
  if (citation) out += " [" + citation->text + "]";
  return out;
}

std::string part_text(ast::Part p) { return p == ast::Part::Employer ? "employer" : "worker"; }

class Dumper {
 public:
  std::string out;

  void line(const std::string& s) { out += s + "\n"; }

  void header(const Policy& p) {
    if (p.name) line("policy " + quote(p.name->text) + (p.amends ? " amends " + quote(p.amends->text) : ""));
    if (p.region_code) line("region " + p.region_code->text + " " + quote(p.region_name ? p.region_name->text : ""));
    for (const auto& b : p.basis) line("basis " + quote(b.text));
    if (p.valid) line("valid " + period_text(p.valid->period));
    for (const auto& u : p.uses) line("use " + u);
  }

  void record(const ast::RecordDecl& r) {
    line("\nrecord " + r.name.name + " {");
    for (const auto& f : r.fields) {
      std::string s = "  " + f.name.name + " : " + type_text(f.type.name);
      if (f.constraint) s += " " + constraint(*f.constraint);
      if (f.optional) s += " optional";
      if (f.default_value) s += " = " + print(*f.default_value, 1);
      line(s);
    }
    line("}");
  }

  std::string constraint(const ast::FieldConstraint& c) {
    std::string level;
    if (c.level) {
      const auto known = parse_region_level(c.level->name);
      level = "level " + (known ? std::string(region_level_name(*known)) : c.level->name);
    }
    switch (c.kind) {
      case ast::ConstraintKind::Between: return "between " + print(*c.low, 6) + " and " + print(*c.high, 6);
      case ast::ConstraintKind::OneOf: return "in " + print(*c.values, 6);
      case ast::ConstraintKind::Within: return "within " + print(*c.area, 6) + (level.empty() ? "" : " " + level);
      case ast::ConstraintKind::Level: return level;
    }
    return {};
  }

  void value(const ast::ParamValue& v) {
    std::string s = "  since " + format_date(v.since.day) + " = ";
    if (v.is_table) {
      s += "{ ";
      for (std::size_t i = 0; i < v.table.size(); ++i)
        s += (i ? ", " : "") + print(*v.table[i].key, 9) + ": " + print(*v.table[i].value, 1);
      s += " }";
    } else {
      s += print(*v.value, 1);
    }
    if (v.until) s += " until " + format_date(v.until->day);
    line(s);
  }

  void parameter(const ast::ParameterDecl& p) {
    std::string s =
        "\nparameter " + p.name.name + (p.label ? " " + quote(p.label->text) : "") + " : " + type_text(p.type.name);
    if (p.by) s += " by " + p.by->name;
    if (p.citation) s += " [" + p.citation->text + "]";
    line(s);
    for (const auto& v : p.values) value(v);
  }

  void programme(const ast::ProgrammeDecl& p) {
    line("\nprogramme " + titled(p.name, p.label, p.citation));
    for (const auto& s : p.schemes) {
      std::string parts;
      for (std::size_t i = 0; i < s.parts.size(); ++i)
        parts += (i ? ", " : "") + part_text(s.parts[i].part) + " = " + print(*s.parts[i].value, 1);
      line("  scheme " + s.scheme.name + ": " + parts);
    }
  }

  void require(const ast::RequireDecl& r, const std::string& indent) {
    line(indent + "require " + titled(r.name, r.label, r.citation));
    line(indent + "  " + print(*r.condition, 1));
  }

  void group(const ast::GroupDecl& g) {
    line("\ngroup " + titled(g.name, g.label, g.citation) + " {");
    if (g.when) line("  when " + print(*g.when, 1));
    std::string covers;
    for (std::size_t i = 0; i < g.covers.size(); ++i) covers += (i ? ", " : "") + g.covers[i].name;
    if (!g.covers.empty()) line("  covers " + covers + " as " + scheme_of(g));
    for (const auto& pb : g.paid_by) line("  paid_by " + dump_paid_by(pb));
    if (g.quota) line("  quota " + dump_quota(*g.quota));
    if (!g.waives.empty()) {
      std::string w;
      for (std::size_t i = 0; i < g.waives.size(); ++i) w += (i ? ", " : "") + g.waives[i].name;
      line("  waive " + w);
    }
    for (const auto& r : g.requires_) require(r, "  ");
    if (g.priority) line("  priority " + std::to_string(*g.priority));
    if (g.valid) line("  valid " + period_text(g.valid->period));
    line("}");
  }

  void test(const ast::TestDecl& t) {
    line("\ntest " + quote(t.name.text) + " on " + format_date(t.on.day) + " {");
    std::string given;
    for (std::size_t i = 0; i < t.given.size(); ++i)
      given += (i ? ", " : "") + t.given[i].field.name + ": " + print(*t.given[i].value, 1);
    line("  given { " + given + " }");
    for (const auto& o : t.others) {
      std::string changed;
      for (std::size_t i = 0; i < o.changed.size(); ++i)
        changed += (i ? ", " : "") + o.changed[i].field.name + ": " + print(*o.changed[i].value, 1);
      line("  others " + format_int(o.count) + " { " + changed + " }");
    }
    for (const auto& e : t.expects) line("  expect " + expectation(e));
    line("}");
  }

  static std::string names(const std::vector<ast::Ident>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i].name;
    return out;
  }

  static std::string expectation(const ast::Expectation& e) {
    switch (e.kind) {
      case ast::ExpectKind::Eligible: return "eligible";
      case ast::ExpectKind::NotEligible: return "not eligible";
      case ast::ExpectKind::Waitlisted: return "waitlisted";
      case ast::ExpectKind::Rejected: return "rejected";
      case ast::ExpectKind::Group: return "group " + names(e.names);
      case ast::ExpectKind::Scheme: return "scheme " + names(e.names);
      case ast::ExpectKind::PaidBy: {
        std::string out = "paid_by ";
        for (std::size_t i = 0; i < e.names.size(); ++i) {
          out += (i ? ", " : "") + e.names[i].name;
          for (const auto& a : e.amounts)
            if (a.name.name == e.names[i].name) out += " = " + print(*a.amount, 1);
        }
        return out;
      }
      case ast::ExpectKind::Because: return "because " + names(e.names);
      case ast::ExpectKind::Rank: return "rank " + format_int(e.rank);
      case ast::ExpectKind::Contribution: {
        std::string out = "contribution ";
        for (std::size_t i = 0; i < e.amounts.size(); ++i)
          out += (i ? ", " : "") +
                 (e.amounts[i].name.name == "jumlah" ? std::string("total") : e.amounts[i].name.name) + " = " +
                 print(*e.amounts[i].amount, 1);
        return out;
      }
    }
    return "";
  }
};

}  // namespace

std::string dump_expr(const ast::Expr& e) { return print(e, 1); }

std::string dump_paid_by(const ast::PaidBy& pb) {
  std::string s;
  for (std::size_t i = 0; i < pb.shares.size(); ++i) {
    const auto& sh = pb.shares[i];
    s += (i ? ", " : "") + sh.payer.name;
    if (sh.share) s += " " + format_percent(*sh.share);
    if (sh.of_field) s += " of " + sh.of_field->name;
    if (sh.for_part) s += " for " + part_text(*sh.for_part);
  }
  if (pb.since && pb.until) s += " during " + format_date(*pb.since) + " .. " + format_date(*pb.until);
  else if (pb.since) s += " since " + format_date(*pb.since);
  else if (pb.until) s += " until " + format_date(*pb.until);
  return s;
}

std::string dump_quota(const ast::Quota& q) {
  if (q.shared) return q.shared->name;
  std::string s = format_int(q.count);
  if (q.per) s += " per " + q.per->name;
  if (q.rank_by) s += " rank by " + print(*q.rank_by, 1) + (q.descending ? " desc" : " asc");
  return s;
}

std::string dump_policy(const Policy& p) {
  Dumper d;
  d.header(p);
  if (p.record) d.record(*p.record);
  if (!p.lets.empty()) d.out += "\n";
  for (const auto& l : p.lets)
    d.line("let " + l.name.name + (l.type ? " : " + type_text(l.type->name) : "") + " = " + print(*l.value, 1));
  for (const auto& par : p.parameters) d.parameter(par);
  for (const auto& prog : p.programmes) d.programme(prog);
  for (const auto& payer : p.payers) {
    d.line("\npayer " + titled(payer.name, payer.label, payer.citation));
    for (const auto& b : payer.budgets) d.line("  budget " + std::to_string(b.year) + " = " + print(*b.amount, 1));
  }
  if (!p.requires_.empty()) d.out += "\n";
  for (const auto& r : p.requires_) d.require(r, "");
  if (!p.quotas.empty()) d.out += "\n";
  for (const auto& q : p.quotas) d.line("quota " + titled(q.name, q.label, q.citation) + " " + dump_quota(q.quota));
  for (const auto& g : p.groups) d.group(g);
  for (const auto& t : p.tests) d.test(t);
  return d.out;
}

}  // namespace jaring
