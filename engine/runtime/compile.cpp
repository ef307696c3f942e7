#include "engine/runtime/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/sha256.hpp"
#include "engine/language/builtins.hpp"
#include "engine/language/dump.hpp"
#include "engine/language/engine_reasons.hpp"
#include "engine/language/types.hpp"
#include "engine/runtime/evaluate.hpp"

namespace jaring {

const char* part_name(PartKind p) { return p == PartKind::Employer ? "employer" : "worker"; }

namespace {

using ast::ExprKind;

RuleInfo info(const ast::Ident& name, const std::optional<ast::Text>& label, const std::optional<ast::Text>& citation) {
  return {name.name, label ? label->text : name.name, citation ? citation->text : ""};
}

class Compiler {
 public:
  explicit Compiler(const Policy& p) : policy_(p) {}

  std::shared_ptr<const Program> run();
  Node constant(const ast::Expr& e) { return node(e); }

 private:
  Value literal(const ast::Expr& e) const {
    switch (e.kind) {
      case ExprKind::Int: return Value::integer(e.int_value);
      case ExprKind::Money: return Value::money(e.int_value);
      case ExprKind::Percent: return Value::percent_millionths(e.int_value);
      case ExprKind::Date: return Value::date(static_cast<Day>(e.int_value));
      case ExprKind::Text: return Value::text(e.text);
      case ExprKind::Bool: return Value::boolean(e.int_value != 0);
      case ExprKind::Region: return Value::region(e.text);
      default: throw InternalError("compile: not a literal");
    }
  }

  Node node(const ast::Expr& e);     // with the expression's span
  Node node_of(const ast::Expr& e);  // the node itself
  Node name(const ast::Expr& e);
  Node call(const ast::Expr& e);
  Node set_membership(const ast::Expr& e);
  std::uint32_t field_slot(const std::string& field) const {
    auto i = program_->schema.index_of(field);
    if (!i) throw InternalError("compile: unknown field " + field);
    return static_cast<std::uint32_t>(*i);
  }
  std::uint32_t index_of_requirement(const std::string& name) const {
    for (std::uint32_t i = 0; i < program_->requirements.size(); ++i)
      if (program_->requirements[i].info.name == name) return i;
    throw InternalError("compile: unknown requirement " + name);
  }
  template <typename T>
  static std::uint32_t index_named(const std::vector<T>& items, const std::string& name) {
    for (std::uint32_t i = 0; i < items.size(); ++i)
      if (items[i].info.name == name) return i;
    throw InternalError("compile: unknown name " + name);
  }

  void parameters();
  void groups();
  CGroup group(const ast::GroupDecl& g);

  const Policy& policy_;
  std::shared_ptr<Program> program_ = std::make_shared<Program>();
  std::map<std::string, std::uint32_t> lets_;
  std::map<std::string, std::uint32_t> params_;
};

Node Compiler::name(const ast::Expr& e) {
  Node n;
  if (e.text == "as_of") {
    n.kind = NodeKind::AsOf;
  } else if (auto f = program_->schema.index_of(e.text)) {
    n.kind = NodeKind::Field;
    n.slot = static_cast<std::uint32_t>(*f);
  } else if (auto l = lets_.find(e.text); l != lets_.end()) {
    n.kind = NodeKind::Let;
    n.slot = l->second;
  } else if (auto p = params_.find(e.text); p != params_.end()) {
    n.kind = NodeKind::Param;
    n.slot = p->second;
  } else {
    throw InternalError("compile: unknown name " + e.text);
  }
  return n;
}

Node Compiler::call(const ast::Expr& e) {
  const auto index = find_builtin(e.text);
  if (!index) throw InternalError("compile: unknown function " + e.text);
  Node n;
  n.kind = NodeKind::Call;
  n.slot = static_cast<std::uint32_t>(*index);
  for (const auto& a : e.args) n.kids.push_back(node(*a));
  return n;
}

// `x in [...]` over constant text becomes a hash-set lookup, also through a `let` that names
// such a set (`let roles : set = [...]`, compiled before the groups that use it).
Node Compiler::set_membership(const ast::Expr& e) {
  Node n;
  n.kind = e.negated ? NodeKind::NotIn : NodeKind::In;
  n.kids.push_back(node(*e.args[0]));
  n.kids.push_back(node(*e.args[1]));
  const Node* set = &n.kids[1];
  if (set->kind == NodeKind::Let && set->slot < program_->lets.size()) set = &program_->lets[set->slot];
  const auto* elems = set->kind == NodeKind::Const && set->constant.set ? set->constant.set.get() : nullptr;
  const bool texts_only = elems && std::all_of(elems->begin(), elems->end(), [](const Value& v) {
                            return v.kind == ValueKind::Text || v.kind == ValueKind::Region;
                          });
  if (texts_only) {
    auto texts = std::make_shared<std::unordered_set<std::string>>();
    for (const auto& v : *elems) texts->insert(v.s);
    n.text_set = std::move(texts);
  }
  return n;
}

Node Compiler::node(const ast::Expr& e) {
  Node n = node_of(e);
  n.span = e.span;
  return n;
}

Node Compiler::node_of(const ast::Expr& e) {
  Node n;
  switch (e.kind) {
    case ExprKind::Name: return name(e);
    case ExprKind::Call: return call(e);
    case ExprKind::In: return set_membership(e);
    case ExprKind::Set: n.kind = NodeKind::SetOf; break;
    case ExprKind::Negate: n.kind = NodeKind::Neg; break;
    case ExprKind::Not: n.kind = NodeKind::Not; break;
    case ExprKind::Between: n.kind = NodeKind::Between; break;
    case ExprKind::Within: n.kind = NodeKind::Within; break;
    case ExprKind::If: n.kind = NodeKind::If; break;
    case ExprKind::Binary: {
      static constexpr NodeKind ops[] = {NodeKind::Add, NodeKind::Sub, NodeKind::Mul, NodeKind::Div,
                                         NodeKind::Eq,  NodeKind::Ne,  NodeKind::Lt,  NodeKind::Le,
                                         NodeKind::Gt,  NodeKind::Ge,  NodeKind::And, NodeKind::Or};
      n.kind = ops[static_cast<int>(e.op)];
      break;
    }
    default:
      n.kind = NodeKind::Const;
      n.constant = literal(e);
      return n;
  }
  for (const auto& a : e.args) n.kids.push_back(node(*a));
  // A set written with constants is built once here, not for every record.
  if (n.kind == NodeKind::SetOf &&
      std::all_of(n.kids.begin(), n.kids.end(), [](const Node& k) { return k.kind == NodeKind::Const; })) {
    auto elems = std::make_shared<std::vector<Value>>();
    for (auto& k : n.kids) elems->push_back(std::move(k.constant));
    n.kids.clear();
    n.kind = NodeKind::Const;
    n.constant.kind = ValueKind::Set;
    n.constant.set = std::move(elems);
  }
  return n;
}

void Compiler::parameters() {
  for (const auto& par : policy_.parameters) {
    CParameter cp;
    cp.info = info(par.name, par.label, par.citation);
    // The declared type (the checker has refused any other name): a value's kind where the
    // parameter has none on a date (the fast lane's NoValue node).
    if (const auto t = parse_type_name(par.type.name)) cp.type = t->base;
    if (par.by) cp.by_field = field_slot(par.by->name);
    for (const auto& v : par.values) {
      DatedValue dv;
      dv.since = v.since.day;
      if (v.until) dv.until = v.until->day;
      if (v.value) dv.value = node(*v.value);
      for (const auto& entry : v.table) dv.table.emplace(to_display(literal(*entry.key)), node(*entry.value));
      cp.values.push_back(std::move(dv));
    }
    program_->parameters.push_back(std::move(cp));
  }
}

CGroup Compiler::group(const ast::GroupDecl& g) {
  CGroup cg;
  cg.info = info(g.name, g.label, g.citation);
  cg.when = node(*g.when);
  for (const auto& p : g.covers) cg.programmes.push_back(index_named(program_->programmes, p.name));
  cg.scheme = scheme_of(g);
  for (const auto& line : g.paid_by) {
    CPaidBy pb;
    if (line.since) pb.since = *line.since;
    if (line.until) pb.until = *line.until;
    for (const auto& s : line.shares) {
      CShare cs;
      cs.payer = index_named(program_->payers, s.payer.name);
      if (s.share) cs.share = *s.share;
      if (s.of_field) cs.of_field = field_slot(s.of_field->name);
      if (s.for_part) cs.for_part = *s.for_part == ast::Part::Employer ? PartKind::Employer : PartKind::Worker;
      pb.shares.push_back(cs);
    }
    cg.paid_by.push_back(std::move(pb));
  }
  if (g.quota) {
    // A shared quota's places, rank and labels are the shared declaration's; a group's own are its.
    const ast::Quota* spec = &*g.quota;
    std::string label = cg.info.label;
    CQuota q;
    q.citation = cg.info.citation;
    if (g.quota->shared) {
      const auto it = std::find_if(policy_.quotas.begin(), policy_.quotas.end(),
                                   [&](const ast::QuotaDecl& d) { return d.name.name == g.quota->shared->name; });
      if (it == policy_.quotas.end()) throw InternalError("compile: unknown quota " + g.quota->shared->name);
      const auto at = static_cast<std::uint32_t>(it - policy_.quotas.begin());
      const ast::QuotaDecl& shared = *it;
      spec = &shared.quota;
      label = shared.label ? shared.label->text : shared.name.name;
      q.shared = at;
      q.citation = shared.citation ? shared.citation->text : std::string();
    }
    q.count = spec->count;
    if (spec->per) q.per_field = field_slot(spec->per->name);
    if (spec->rank_by) q.rank_by = node(*spec->rank_by);
    q.descending = spec->descending;
    cg.quota = std::move(q);
    const EngineReasonInfo& quota = engine_reason(EngineReason::Quota);
    if (cg.quota->shared) {  // its label names the quota itself: "Kuota pekerja informal (12.000 orang) …"
      cg.quota_label = fmt::format("{} ({} orang) telah terpenuhi", label, format_int(spec->count));
      cg.quota_label_en = fmt::format("{} ({} people) is full", label, format_int(spec->count));
    } else {
      cg.quota_label = fmt::format(fmt::runtime(quota.indonesian), label, format_int(spec->count));
      cg.quota_label_en = fmt::format(fmt::runtime(quota.english), label, format_int(spec->count));
    }
    const EngineReasonInfo& key = engine_reason(EngineReason::QuotaKey);
    cg.quota_key_label = fmt::format(fmt::runtime(key.indonesian), label);
    cg.quota_key_label_en = fmt::format(fmt::runtime(key.english), label);
  }
  for (const auto& w : g.waives) cg.waived.push_back(index_of_requirement(w.name));
  for (const auto& r : g.requires_) cg.own.push_back({info(r.name, r.label, r.citation), node(*r.condition)});
  if (g.valid) cg.valid = g.valid->period;
  cg.priority = g.priority;
  return cg;
}

void Compiler::groups() {
  for (const auto& q : policy_.quotas) program_->shared_quotas.push_back(q.name.name);
  for (const auto& g : policy_.groups) program_->groups.push_back(group(g));
  auto& order = program_->group_order;
  for (std::uint32_t i = 0; i < program_->groups.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const auto& pa = program_->groups[a].priority;
    const auto& pb = program_->groups[b].priority;
    if (pa && pb) return *pa < *pb;
    return pa.has_value() && !pb.has_value();
  });
}

std::shared_ptr<const Program> Compiler::run() {
  Program& p = *program_;
  const std::string canonical = dump_policy(policy_);
  p.name = policy_.name ? policy_.name->text : "";
  p.hash = "sha256:" + sha256_hex(canonical);
  if (policy_.valid) p.valid = policy_.valid->period;
  p.schema = make_schema(policy_);
  for (const auto& l : policy_.lets) {
    lets_[l.name.name] = static_cast<std::uint32_t>(p.let_names.size());
    p.let_names.push_back(l.name.name);
  }
  for (const auto& par : policy_.parameters) params_[par.name.name] = static_cast<std::uint32_t>(params_.size());
  p.lets.resize(p.let_names.size());
  for (const auto& l : policy_.lets) p.lets[lets_[l.name.name]] = node(*l.value);
  parameters();
  for (const auto& prog : policy_.programmes) {
    CProgramme cp;
    cp.info = info(prog.name, prog.label, prog.citation);
    for (const auto& s : prog.schemes)
      for (const auto& part : s.parts)
        cp.schemes[s.scheme.name].push_back(
            {part.part == ast::Part::Employer ? PartKind::Employer : PartKind::Worker, node(*part.value)});
    p.programmes.push_back(std::move(cp));
  }
  for (const auto& payer : policy_.payers) {
    CPayer cp;
    cp.info = info(payer.name, payer.label, payer.citation);
    const EngineReasonInfo& budget = engine_reason(EngineReason::Budget);
    cp.budget_label = fmt::format(fmt::runtime(budget.indonesian), cp.info.label);
    cp.budget_label_en = fmt::format(fmt::runtime(budget.english), cp.info.label);
    for (const auto& b : payer.budgets) cp.budgets[b.year] = eval_constant(p, node(*b.amount), 0).i;
    p.payers.push_back(std::move(cp));
  }
  for (const auto& r : policy_.requires_)
    p.requirements.push_back({info(r.name, r.label, r.citation), node(*r.condition)});
  groups();
  p.needs_allocation =
      std::any_of(p.groups.begin(), p.groups.end(), [](const CGroup& g) { return g.quota.has_value(); }) ||
      std::any_of(p.payers.begin(), p.payers.end(), [](const CPayer& c) { return !c.budgets.empty(); });
  return program_;
}

}  // namespace

std::shared_ptr<const Program> compile(const CheckedPolicy& policy) { return Compiler(policy.policy()).run(); }

Node compile_constant(const ast::Expr& e) {
  static const Policy empty;
  return Compiler(empty).constant(e);
}

}  // namespace jaring
