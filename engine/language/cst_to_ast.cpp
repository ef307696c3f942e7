#include "engine/language/cst_to_ast.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"
#include "engine/language/limits.hpp"
#include "grammar/grammar.hpp"

namespace jaring::internal {

namespace {

namespace g = grammar;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

class Builder {
 public:
  Builder(SourceId source, Diagnostics& diags) : source_(source), diags_(diags) {}

  ast::PolicyFile file(const Node& root);

 private:
  Span span(const Node& n) const {
    return {source_, static_cast<std::uint32_t>(n.begin().byte), static_cast<std::uint32_t>(n.end().byte)};
  }
  std::string text(const Node& n) const { return std::string(n.string_view()); }
  ast::Ident ident(const Node& n) const { return {text(n), span(n)}; }
  ast::Text string_text(const Node& n) const { return {decode_string(n.string_view()), span(n)}; }
  void literal_error(const LiteralError& e, Span at) { diags_.error(e.code, at, e.message, e.help); }

  template <typename Rule>
  const Node* find(const Node& n) const {
    for (const auto& c : n.children)
      if (c->is_type<Rule>()) return c.get();
    return nullptr;
  }
  // The child the grammar guarantees; its absence is a bug in the grammar or here.
  template <typename Rule>
  const Node& child(const Node& n) const {
    if (const Node* c = find<Rule>(n)) return *c;
    throw InternalError("cst_to_ast: a node lacks a child the grammar guarantees");
  }
  template <typename Rule>
  std::vector<const Node*> find_all(const Node& n) const {
    std::vector<const Node*> out;
    for (const auto& c : n.children)
      if (c->is_type<Rule>()) out.push_back(c.get());
    return out;
  }

  ast::DateAt date(const Node& n);
  ast::DatedPeriod period(const Node& n);
  ast::DatedPeriod validity(const Node& n);  // a period or `since D`
  std::optional<ast::Text> label(const Node& n) const;
  std::optional<ast::Text> citation(const Node& n) const;

  // Builds the expression of `n` and sets `depth` to its depth (limits.hpp). A node deeper
  // than max_expression_depth is built as a leaf that keeps its span, so no tree deeper than
  // the limit ever exists (destroying one would recurse as deep); the root reports it.
  ExprPtr expr(const Node& n, std::size_t& depth);
  ExprPtr build(const Node& n, std::size_t& deepest);
  // Appends the expression of `n` to `e`'s arguments; `deepest` is the deepest argument so far.
  void add_arg(Expr& e, const Node& n, std::size_t& deepest) {
    std::size_t d = 0;
    e.args.push_back(expr(n, d));
    deepest = std::max(deepest, d);
  }
  ExprPtr bounded(ExprPtr e, std::size_t depth) {
    if (depth <= max_expression_depth) return e;
    auto leaf = std::make_unique<Expr>();
    leaf->span = e->span;
    return leaf;
  }
  // The root of a declaration's expression: reports it if it is too deep.
  ExprPtr root_expr(const Node& n);
  // The expression child of a declaration node (an `or_expr` or `if_expr` node).
  const Node* find_expr(const Node& n) const {
    for (const auto& c : n.children)
      if (c->is_type<g::or_expr>() || c->is_type<g::if_expr>()) return c.get();
    return nullptr;
  }
  ExprPtr expr_child(const Node& n) {
    const Node* e = find_expr(n);
    if (!e) throw InternalError("cst_to_ast: a node lacks the expression the grammar guarantees");
    return root_expr(*e);
  }
  ExprPtr literal(const Node& n);
  ExprPtr binary_chain(const Node& n, std::size_t& depth);
  ExprPtr comparison(const Node& n, std::size_t& deepest);
  ExprPtr make(ExprKind kind, const Node& n) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span(n);
    return e;
  }

  void header(const Node& n, ast::Header& h);
  ast::RecordDecl record(const Node& n);
  std::optional<ast::FieldConstraint> field_constraint(const Node& field);
  ast::LetDecl let(const Node& n);
  ast::ParamValue param_value(const Node& n);
  ast::ParameterDecl parameter(const Node& n);
  ast::SchemeDef scheme(const Node& n);
  std::vector<ast::SchemeDef> schemes(const Node& n);
  ast::ProgrammeDecl programme(const Node& n);
  ast::BudgetDef budget(const Node& n);
  ast::PayerDecl payer(const Node& n);
  ast::RequireDecl require(const Node& n);
  void group_items(const Node& n, ast::GroupDecl& g);
  ast::PaidBy paid_by(const Node& n);
  ast::Quota quota(const Node& n);
  // A whole number written as `n`: a rank (`rank N`) or a number of records (`others N`).
  std::int64_t whole_number(const Node& n, bool rank);
  ast::GroupDecl group(const Node& n);
  ast::TestDecl test(const Node& n);
  ast::Expectation expectation(const Node& n);
  ast::AmendDecl amend(const Node& n);
  ast::RemoveDecl remove(const Node& n);
  std::optional<ast::Decl> declaration(const Node& n);

  SourceId source_;
  Diagnostics& diags_;
};

ast::DateAt Builder::date(const Node& n) {
  if (auto d = parse_date(n.string_view())) return {*d, span(n)};
  diags_.error("invalid-date", span(n), say("`{}` is not a calendar date", n.string_view()),
               say_text("dates are `YYYY-MM-DD` and must exist (February has 28 days, 29 in leap years)"));
  return {0, span(n)};
}

ast::DatedPeriod Builder::period(const Node& n) {
  const Node& p = n.is_type<g::period>() ? n : child<g::period>(n);
  const auto a = date(*p.children.at(0));
  const auto b = date(*p.children.at(1));
  const bool both_valid = parse_date(p.children.at(0)->string_view()) && parse_date(p.children.at(1)->string_view());
  if (both_valid && b.day < a.day)
    diags_.error("empty-period", span(p), say_text("the period ends before it starts"),
                 say("swap the dates: `{} .. {}`", format_date(b.day), format_date(a.day)));
  return {{a.day, b.day}, span(p)};
}

ast::DatedPeriod Builder::validity(const Node& n) {
  const Node* since = find<g::valid_since_date>(n);
  if (!since) return period(n);
  return {{date(*since).day, open_end}, span(*since)};
}

std::optional<ast::Text> Builder::label(const Node& n) const {
  if (const Node* l = find<g::label>(n)) return string_text(*l);
  return std::nullopt;
}

std::optional<ast::Text> Builder::citation(const Node& n) const {
  if (const Node* c = find<g::citation>(n)) {
    const Node* t = find<g::citation_text>(*c);
    std::string s = t ? text(*t) : std::string();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    return ast::Text{s, span(*c)};
  }
  return std::nullopt;
}

ExprPtr Builder::literal(const Node& n) {
  if (n.is_type<g::money>()) {
    auto e = make(ExprKind::Money, n);
    auto r = decode_money(n.string_view());
    if (r.error) literal_error(*r.error, span(n));
    e->int_value = r.value.value_or(0);
    return e;
  }
  if (n.is_type<g::percent>()) {
    auto e = make(ExprKind::Percent, n);
    auto r = decode_percent(n.string_view());
    if (r.error) literal_error(*r.error, span(n));
    e->int_value = r.value.value_or(0);
    return e;
  }
  if (n.is_type<g::date>()) {
    auto e = make(ExprKind::Date, n);
    e->int_value = date(n).day;
    return e;
  }
  if (n.is_type<g::string_lit>()) {
    auto e = make(ExprKind::Text, n);
    e->text = decode_string(n.string_view());
    return e;
  }
  if (n.is_type<g::true_lit>() || n.is_type<g::false_lit>()) {
    auto e = make(ExprKind::Bool, n);
    e->int_value = n.is_type<g::true_lit>() ? 1 : 0;
    return e;
  }
  auto r = decode_number(n.string_view());
  if (r.error) {
    literal_error(*r.error, span(n));
    return make(ExprKind::Int, n);
  }
  if (r.value->kind == NumberKind::Region) {
    auto e = make(ExprKind::Region, n);
    e->text = r.value->region;
    return e;
  }
  auto e = make(ExprKind::Int, n);
  e->int_value = r.value->value;
  return e;
}

ast::Op op_of(const Node& n) {
  if (n.is_type<g::op_add>()) return ast::Op::Add;
  if (n.is_type<g::op_sub>()) return ast::Op::Sub;
  if (n.is_type<g::op_mul>()) return ast::Op::Mul;
  if (n.is_type<g::op_div>()) return ast::Op::Div;
  if (n.is_type<g::op_eq>()) return ast::Op::Eq;
  if (n.is_type<g::op_ne>()) return ast::Op::Ne;
  if (n.is_type<g::op_lt>()) return ast::Op::Lt;
  if (n.is_type<g::op_le>()) return ast::Op::Le;
  if (n.is_type<g::op_gt>()) return ast::Op::Gt;
  return ast::Op::Ge;
}

// additive / multiplicative nodes: operand (op operand)*, folded left.
// and_expr / or_expr nodes: operand (operand)*, the operator given by the node type.
// A chain of N operands folds into a tree N deep; the fold is a loop, so a chain longer than
// the limit is measured (every operand is still built, for its own errors) but never built.
ExprPtr Builder::binary_chain(const Node& n, std::size_t& depth) {
  const bool logical = n.is_type<g::and_expr>() || n.is_type<g::or_expr>();
  ExprPtr acc = expr(*n.children.at(0), depth);
  for (std::size_t i = 1; i < n.children.size();) {
    ast::Op op = n.is_type<g::and_expr>() ? ast::Op::And : ast::Op::Or;
    if (!logical) op = op_of(*n.children[i++]);
    std::size_t rhs_depth = 0;
    ExprPtr rhs = expr(*n.children.at(i++), rhs_depth);
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Binary;
    e->op = op;
    e->span = {source_, acc->span.begin, rhs->span.end};
    e->args.push_back(std::move(acc));
    e->args.push_back(std::move(rhs));
    depth = std::max(depth, rhs_depth) + 1;
    acc = bounded(std::move(e), depth);
  }
  return acc;
}

// The depth of the deepest operand goes to `deepest`.
ExprPtr Builder::comparison(const Node& n, std::size_t& deepest) {
  ExprPtr lhs = expr(*n.children.at(0), deepest);
  const Node& tail = *n.children.at(1);
  auto e = make(ExprKind::Binary, n);
  e->args.push_back(std::move(lhs));
  if (tail.is_type<g::cmp_tail>()) {
    e->op = op_of(*tail.children.at(0));
    add_arg(*e, *tail.children.at(1), deepest);
  } else if (tail.is_type<g::in_tail>() || tail.is_type<g::not_in_tail>()) {
    e->kind = ExprKind::In;
    e->negated = tail.is_type<g::not_in_tail>();
    add_arg(*e, *tail.children.at(0), deepest);
  } else if (tail.is_type<g::between_tail>()) {
    e->kind = ExprKind::Between;
    add_arg(*e, *tail.children.at(0), deepest);
    add_arg(*e, *tail.children.at(1), deepest);
  } else {
    e->kind = ExprKind::Within;
    add_arg(*e, *tail.children.at(0), deepest);
  }
  return e;
}

ExprPtr Builder::expr(const Node& n, std::size_t& depth) {
  if (n.is_type<g::additive>() || n.is_type<g::multiplicative>() || n.is_type<g::and_expr>() || n.is_type<g::or_expr>())
    return binary_chain(n, depth);
  if (n.is_type<g::paren_expr>()) {
    auto inner = expr(*n.children.at(0), depth);
    inner->span = span(n);
    return inner;
  }
  if (n.is_type<g::comparison>() && n.children.size() == 1) return expr(*n.children[0], depth);
  if (n.is_type<g::not_expr>() && !n.children.at(0)->is_type<g::not_expr>()) return expr(*n.children[0], depth);
  std::size_t deepest = 0;  // of the arguments; a leaf has none
  ExprPtr e = build(n, deepest);
  depth = deepest + 1;
  return bounded(std::move(e), depth);
}

// One node that is not a chain, a parenthesis or a bare comparison; its arguments' deepest
// depth goes to `deepest`.
ExprPtr Builder::build(const Node& n, std::size_t& deepest) {
  if (n.is_type<g::comparison>()) return comparison(n, deepest);
  if (n.is_type<g::not_expr>()) {
    // `not x` is not_expr[not_expr[...]]; a plain comparison is not_expr[comparison].
    auto e = make(ExprKind::Not, n);
    add_arg(*e, *n.children.at(0), deepest);
    return e;
  }
  if (n.is_type<g::negate>()) {
    auto e = make(ExprKind::Negate, n);
    add_arg(*e, *n.children.at(0), deepest);
    return e;
  }
  if (n.is_type<g::if_expr>()) {
    auto e = make(ExprKind::If, n);
    for (const auto& c : n.children) add_arg(*e, *c, deepest);
    return e;
  }
  if (n.is_type<g::set_lit>()) {
    auto e = make(ExprKind::Set, n);
    for (const auto& c : n.children) add_arg(*e, *c, deepest);
    return e;
  }
  if (n.is_type<g::call>()) {
    auto e = make(ExprKind::Call, n);
    e->text = text(*n.children.at(0));
    for (std::size_t i = 1; i < n.children.size(); ++i) add_arg(*e, *n.children[i], deepest);
    return e;
  }
  if (n.is_type<g::name>()) {
    auto e = make(ExprKind::Name, n);
    e->text = text(n);
    return e;
  }
  return literal(n);
}

ExprPtr Builder::root_expr(const Node& n) {
  std::size_t depth = 0;
  ExprPtr e = expr(n, depth);
  if (depth > max_expression_depth)
    diags_.error(
        "too-deep", e->span,
        say("this expression is {} levels deep; at most {} are allowed", depth, max_expression_depth),
        say_text("every operator, call, `not`, minus and `if` adds a level, so a chain such as `a + b + c` is as "
                 "deep as it has terms; split it with `let` declarations"));
  return e;
}

void Builder::header(const Node& n, ast::Header& h) {
  if (n.is_type<g::policy_decl>()) {
    if (h.name)
      diags_.error("duplicate-header", span(n), say_text("the policy is named twice"),
                   say_text("keep one `policy` line"));
    h.name = string_text(child<g::string_lit>(n));
    if (const Node* a = find<g::amends_target>(n)) h.amends = ast::Text{decode_string(a->string_view()), span(*a)};
  } else if (n.is_type<g::region_decl>()) {
    const Node& code = child<g::number>(n);
    auto r = decode_number(code.string_view());
    if (r.error) {
      literal_error(*r.error, span(code));
    } else if (r.value->kind != NumberKind::Region) {
      diags_.error("malformed-region", span(code), say("malformed region code `{}`", code.string_view()),
                   say_text("a Kemendagri region code is `PP.KK`, such as `36.72`"));
    }
    if (h.region_code)
      diags_.error("duplicate-header", span(n), say_text("the region is given twice"),
                   say_text("keep one `region` line"));
    h.region_code = ast::Text{r.value ? r.value->region : std::string(), span(code)};
    h.region_name = string_text(child<g::string_lit>(n));
  } else if (n.is_type<g::basis_decl>()) {
    h.basis.push_back(string_text(child<g::string_lit>(n)));
  } else if (n.is_type<g::valid_decl>()) {
    if (h.valid)
      diags_.error("duplicate-header", span(n), say_text("the validity is given twice"),
                   say_text("keep one `valid` line"));
    h.valid = validity(n);
  } else if (n.is_type<g::use_decl>()) {
    const Node& p = child<g::use_path>(n);
    std::string path = p.string_view().front() == '"' ? decode_string(p.string_view()) : text(p);
    h.uses.push_back({path, span(p)});
  }
}

ast::RecordDecl Builder::record(const Node& n) {
  ast::RecordDecl r{ident(child<g::decl_name>(n)), {}, span(n)};
  for (const Node* f : find_all<g::field_decl>(n)) {
    ast::FieldDecl fd{ident(child<g::field_name>(*f)), ident(child<g::field_type>(*f)), false, nullptr, span(*f), {}};
    fd.optional = find<g::optional_flag>(*f) != nullptr;
    if (const Node* d = find<g::field_default>(*f)) fd.default_value = expr_child(*d);
    fd.constraint = field_constraint(*f);
    r.fields.push_back(std::move(fd));
  }
  return r;
}

std::optional<ast::FieldConstraint> Builder::field_constraint(const Node& field) {
  using ast::ConstraintKind;
  ast::FieldConstraint c;
  auto level = [&](const Node& l) { c.level = ident(child<g::level_name>(l)); };
  if (const Node* b = find<g::between_constraint>(field)) {
    c.kind = ConstraintKind::Between;
    c.low = root_expr(*b->children.at(0));
    c.high = root_expr(*b->children.at(1));
    c.span = span(*b);
  } else if (const Node* i = find<g::in_constraint>(field)) {
    c.kind = ConstraintKind::OneOf;
    c.values = root_expr(*i->children.at(0));
    c.span = span(*i);
  } else if (const Node* w = find<g::within_constraint>(field)) {
    c.kind = ConstraintKind::Within;
    c.area = root_expr(*w->children.at(0));
    if (const Node* l = find<g::level_constraint>(*w)) level(*l);
    c.span = span(*w);
  } else if (const Node* l = find<g::level_constraint>(field)) {
    c.kind = ConstraintKind::Level;
    level(*l);
    c.span = span(*l);
  } else {
    return std::nullopt;
  }
  return c;
}

ast::LetDecl Builder::let(const Node& n) {
  ast::LetDecl l{ident(child<g::decl_name>(n)), std::nullopt, nullptr, span(n)};
  l.value = expr_child(n);
  if (const Node* t = find<g::field_type>(n)) l.type = ident(*t);
  return l;
}

ast::ParamValue Builder::param_value(const Node& n) {
  ast::ParamValue v;
  v.span = span(n);
  v.since = date(child<g::since_date>(n));
  if (const Node* u = find<g::until_date>(n)) v.until = date(*u);
  if (const Node* t = find<g::table>(n)) {
    v.is_table = true;
    for (const Node* entry : find_all<g::table_entry>(*t)) {
      const Node& key = child<g::table_key>(*entry);
      ExprPtr k;
      if (const Node* num = find<g::number>(key)) {
        k = literal(*num);
      } else if (const Node* str = find<g::string_lit>(key)) {
        k = literal(*str);
      } else {
        k = make(ExprKind::Text, key);
        k->text = text(key);
      }
      v.table.push_back({std::move(k), expr_child(*entry), span(*entry)});
    }
  } else {
    v.value = expr_child(n);
  }
  return v;
}

ast::ParameterDecl Builder::parameter(const Node& n) {
  ast::ParameterDecl p;
  p.name = ident(child<g::decl_name>(n));
  p.label = label(n);
  p.type = ident(child<g::field_type>(n));
  if (const Node* b = find<g::by_field>(n)) p.by = ident(*b);
  p.citation = citation(n);
  for (const Node* v : find_all<g::param_value>(n)) p.values.push_back(param_value(*v));
  p.span = span(n);
  return p;
}

ast::SchemeDef Builder::scheme(const Node& n) {
  ast::SchemeDef s;
  s.span = span(n);
  if (n.is_type<g::contribution_def>()) {
    s.scheme = {std::string(ast::default_scheme), span(n)};
    s.shorthand = true;
    s.parts.push_back({ast::Part::Worker, expr_child(n), span(n)});
    return s;
  }
  s.scheme = ident(child<g::scheme_name>(n));
  for (const Node* p : find_all<g::part_def>(n)) {
    const bool employer = find<g::key_employer>(child<g::part_name>(*p)) != nullptr;
    s.parts.push_back({employer ? ast::Part::Employer : ast::Part::Worker, expr_child(*p), span(*p)});
  }
  return s;
}

std::vector<ast::SchemeDef> Builder::schemes(const Node& n) {
  std::vector<ast::SchemeDef> out;
  for (const auto& c : n.children)
    if (c->is_type<g::contribution_def>() || c->is_type<g::scheme_def>()) out.push_back(scheme(*c));
  return out;
}

ast::ProgrammeDecl Builder::programme(const Node& n) {
  return {ident(child<g::decl_name>(n)), label(n), citation(n), schemes(n), span(n)};
}

ast::BudgetDef Builder::budget(const Node& n) {
  const Node& y = child<g::budget_year>(n);
  ast::BudgetDef b{std::stoi(text(y)), span(y), nullptr, span(n)};  // four digits: stoi cannot throw
  b.amount = expr_child(n);
  return b;
}

ast::PayerDecl Builder::payer(const Node& n) {
  ast::PayerDecl p{ident(child<g::decl_name>(n)), label(n), citation(n), {}, span(n)};
  for (const Node* b : find_all<g::budget_def>(n)) p.budgets.push_back(budget(*b));
  return p;
}

ast::RequireDecl Builder::require(const Node& n) {
  ast::RequireDecl r{ident(child<g::decl_name>(n)), label(n), citation(n), nullptr, span(n)};
  r.condition = expr_child(n);
  return r;
}

ast::PaidBy Builder::paid_by(const Node& n) {
  ast::PaidBy pb;
  pb.span = span(n);
  for (const Node* s : find_all<g::payer_share>(n)) {
    ast::PayerShare ps;
    ps.span = span(*s);
    ps.payer = ident(child<g::payer_ref>(*s));
    if (const Node* sh = find<g::share>(*s)) {
      auto r = decode_percent(sh->string_view());
      if (r.error) literal_error(*r.error, span(*sh));
      ps.share = r.value.value_or(0);
      ps.share_span = span(*sh);
    }
    if (const Node* o = find<g::of_field>(*s)) ps.of_field = ident(*o);
    if (const Node* f = find<g::for_part>(*s))
      ps.for_part = find<g::key_employer>(child<g::part_name>(*f)) ? ast::Part::Employer : ast::Part::Worker;
    pb.shares.push_back(std::move(ps));
  }
  if (const Node* d = find<g::during_clause>(n)) {
    const auto p = period(*d);
    pb.since = p.period.start;
    pb.until = p.period.end;
  }
  if (const Node* s = find<g::since_clause>(n)) pb.since = date(child<g::since_date>(*s)).day;
  if (const Node* u = find<g::until_only_clause>(n)) pb.until = date(child<g::until_date>(*u)).day;
  return pb;
}

std::int64_t Builder::whole_number(const Node& n, bool rank) {
  auto r = decode_number(n.string_view());
  if (r.error) literal_error(*r.error, span(n));
  else if (r.value->kind != NumberKind::Int)
    diags_.error("type-mismatch", span(n),
                 rank ? say_text("a rank is a whole number, not a region code")
                      : say_text("a number of records is a whole number, not a region code"));
  else return r.value->value;
  return 0;
}

ast::Quota Builder::quota(const Node& n) {
  ast::Quota q;
  q.span = span(n);
  if (const Node* ref = find<g::shared_quota_ref>(n)) {
    q.shared = ident(*ref);
    return q;
  }
  const Node& spec = child<g::quota_spec>(n);
  const Node& count = child<g::quota_count>(spec);
  q.count_span = span(count);
  auto r = decode_number(count.string_view());
  if (r.error) literal_error(*r.error, span(count));
  else if (r.value->kind != NumberKind::Int)
    diags_.error("type-mismatch", span(count), say_text("a quota is a whole number of persons, not a region code"));
  else q.count = r.value->value;
  if (const Node* p = find<g::per_field>(spec)) q.per = ident(*p);
  if (const Node* rc = find<g::rank_clause>(spec)) {
    q.rank_by = expr_child(*rc);
    q.descending = find<g::rank_desc>(*rc) != nullptr;
  }
  return q;
}

void Builder::group_items(const Node& n, ast::GroupDecl& gd) {
  for (const auto& c : n.children) {
    const Node& item = *c;
    if (item.is_type<g::when_item>()) {
      if (gd.when)
        diags_.error("duplicate-item", span(item), say_text("the group has two `when` conditions"),
                     say_text("combine them with `and`"));
      gd.when = expr_child(item);
    } else if (item.is_type<g::covers_item>()) {
      if (gd.has_covers)
        diags_.error("duplicate-item", span(item), say_text("the group has two `covers` lines"),
                     say_text("list every programme on one line: `covers JKK, JKM`"));
      gd.has_covers = true;
      for (const Node* p : find_all<g::programme_ref>(item)) gd.covers.push_back(ident(*p));
      if (const Node* s = find<g::scheme_ref>(item)) gd.scheme = ident(*s);
    } else if (item.is_type<g::paid_by_item>()) {
      gd.paid_by.push_back(paid_by(item));
    } else if (item.is_type<g::quota_item>()) {
      if (gd.quota) diags_.error("duplicate-item", span(item), say_text("the group has two quotas"));
      gd.quota = quota(item);
    } else if (item.is_type<g::waive_item>()) {
      for (const Node* w : find_all<g::waived_ref>(item)) gd.waives.push_back(ident(*w));
    } else if (item.is_type<g::require_decl>()) {
      gd.requires_.push_back(require(item));
    } else if (item.is_type<g::priority_item>()) {
      const Node& number = child<g::number>(item);
      auto r = decode_number(number.string_view());
      if (r.error) literal_error(*r.error, span(number));
      else if (r.value->kind != NumberKind::Int)
        diags_.error("type-mismatch", span(number), say_text("a priority is a whole number, not a region code"));
      gd.priority = r.value && r.value->kind == NumberKind::Int ? r.value->value : 0;
    } else if (item.is_type<g::group_valid_item>()) {
      gd.valid = validity(item);
    }
  }
}

ast::GroupDecl Builder::group(const Node& n) {
  ast::GroupDecl gd;
  gd.name = ident(child<g::decl_name>(n));
  gd.label = label(n);
  gd.citation = citation(n);
  gd.span = span(n);
  group_items(n, gd);
  return gd;
}

// `because kuota` / `because anggaran`: the engine reasons `quota` and `budget` are keywords,
// written in either language; every other name is as written.
ast::Ident reason_name(ast::Ident id) {
  if (id.name == "kuota") id.name = "quota";
  else if (id.name == "anggaran") id.name = "budget";
  return id;
}

ast::Expectation Builder::expectation(const Node& n) {
  ast::Expectation e;
  e.span = span(n);
  if (n.is_type<g::expect_eligible>()) e.kind = ast::ExpectKind::Eligible;
  else if (n.is_type<g::expect_not_eligible>()) e.kind = ast::ExpectKind::NotEligible;
  else if (n.is_type<g::expect_waitlisted>()) e.kind = ast::ExpectKind::Waitlisted;
  else if (n.is_type<g::expect_rejected>()) e.kind = ast::ExpectKind::Rejected;
  else if (n.is_type<g::expect_group>()) e.kind = ast::ExpectKind::Group;
  else if (n.is_type<g::expect_scheme>()) e.kind = ast::ExpectKind::Scheme;
  else if (n.is_type<g::expect_paid_by>()) e.kind = ast::ExpectKind::PaidBy;
  else if (n.is_type<g::expect_because>()) e.kind = ast::ExpectKind::Because;
  else if (n.is_type<g::expect_rank>()) {
    e.kind = ast::ExpectKind::Rank;
    e.rank = whole_number(child<g::expect_rank_value>(n), true);
  } else e.kind = ast::ExpectKind::Contribution;
  for (const auto& kid : n.children) {
    if (kid->is_type<g::expect_ref>()) e.names.push_back(reason_name(ident(*kid)));
    else if (kid->is_type<g::expect_payer_amount>())  // the amount of the payer just named
      e.amounts.push_back({e.names.back(), expr_child(*kid), span(*kid)});
  }
  for (const Node* a : find_all<g::expect_amount>(n))
    e.amounts.push_back({ident(child<g::amount_name>(*a)), expr_child(*a), span(*a)});
  return e;
}

ast::TestDecl Builder::test(const Node& n) {
  ast::TestDecl t;
  t.span = span(n);
  t.name = string_text(child<g::test_name>(n));
  t.on = date(child<g::test_date>(n));
  for (const Node* gv : find_all<g::given_entry>(n))
    t.given.push_back({ident(child<g::given_field>(*gv)), expr_child(*gv), span(*gv)});
  for (const Node* o : find_all<g::others_block>(n)) {
    ast::OthersDecl others;
    others.span = span(*o);
    const Node& count = child<g::others_count>(*o);
    others.count_span = span(count);
    others.count = whole_number(count, false);
    for (const Node* gv : find_all<g::given_entry>(*o))
      others.changed.push_back({ident(child<g::given_field>(*gv)), expr_child(*gv), span(*gv)});
    t.others.push_back(std::move(others));
  }
  for (const Node* line : find_all<g::expect_line>(n))
    for (const auto& item : line->children) t.expects.push_back(expectation(*item));
  return t;
}

ast::AmendDecl Builder::amend(const Node& n) {
  ast::AmendDecl a;
  a.span = span(n);
  const Node& t = *n.children.back();  // after the article, if any
  a.name = ident(child<g::decl_name>(t));
  if (t.is_type<g::amend_group>()) {
    a.target = ast::DeclKind::Group;
    a.group.name = a.name;
    a.group.span = span(t);
    group_items(t, a.group);
  } else if (t.is_type<g::amend_parameter>()) {
    a.target = ast::DeclKind::Parameter;
    for (const Node* v : find_all<g::param_value>(t)) a.values.push_back(param_value(*v));
  } else if (t.is_type<g::amend_require>()) {
    a.target = ast::DeclKind::Require;
    a.require = require(t);
  } else if (t.is_type<g::amend_quota>()) {
    a.target = ast::DeclKind::Quota;
    a.quota = quota(t);
  } else if (t.is_type<g::amend_payer>()) {
    a.target = ast::DeclKind::Payer;
    for (const Node* b : find_all<g::budget_def>(t)) a.budgets.push_back(budget(*b));
  } else {
    a.target = ast::DeclKind::Programme;
    a.schemes = schemes(t);
  }
  return a;
}

ast::RemoveDecl Builder::remove(const Node& n) {
  const Node& kind = child<g::remove_kind>(n);
  ast::DeclKind k = ast::DeclKind::Let;
  if (find<g::key_group>(kind)) k = ast::DeclKind::Group;
  else if (find<g::key_require>(kind)) k = ast::DeclKind::Require;
  else if (find<g::key_parameter>(kind)) k = ast::DeclKind::Parameter;
  else if (find<g::key_programme>(kind)) k = ast::DeclKind::Programme;
  else if (find<g::key_payer>(kind)) k = ast::DeclKind::Payer;
  else if (find<g::key_quota>(kind)) k = ast::DeclKind::Quota;
  return {k, ident(child<g::decl_name>(n)), span(n)};
}

std::optional<ast::Decl> Builder::declaration(const Node& n) {
  if (n.is_type<g::record_decl>()) return record(n);
  if (n.is_type<g::let_decl>()) return let(n);
  if (n.is_type<g::parameter_decl>()) return parameter(n);
  if (n.is_type<g::programme_decl>()) return programme(n);
  if (n.is_type<g::payer_decl>()) return payer(n);
  if (n.is_type<g::require_decl>()) return require(n);
  if (n.is_type<g::group_decl>()) return group(n);
  if (n.is_type<g::quota_decl>())
    return ast::QuotaDecl{ident(child<g::decl_name>(n)), label(n), citation(n), quota(n), span(n)};
  if (n.is_type<g::test_decl>()) return test(n);
  if (n.is_type<g::amend_decl>()) return amend(n);
  if (n.is_type<g::remove_decl>()) return remove(n);
  return std::nullopt;
}

ast::PolicyFile Builder::file(const Node& root) {
  ast::PolicyFile f;
  f.source = source_;
  for (const auto& c : root.children) {
    std::optional<ast::Text> article;
    if (const Node* a = find<g::amend_article>(*c)) article = citation(*a);
    if (c->is_type<g::add_decl>()) {
      if (auto d = declaration(*c->children.back())) f.decls.push_back({std::move(*d), true, std::move(article)});
    } else if (auto d = declaration(*c)) {
      f.decls.push_back({std::move(*d), false, std::move(article)});
    } else {
      header(*c, f.header);
    }
  }
  return f;
}

}  // namespace

ast::PolicyFile to_ast(const Node& root, SourceId source, Diagnostics& diags) {
  return Builder(source, diags).file(root);
}

}  // namespace jaring::internal
