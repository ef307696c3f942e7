// How deep evaluation descends through lets and parameters (limits.hpp, max_value_depth).
// Evaluating a name descends into the definition it names, so a let is as deep as its own
// expression with every name it uses counting one more than that name's definition. Runs
// before the lets are typed (typing descends the same way) and walks the lets and parameters
// with an explicit stack, so a chain of any length is measured without recursing along it.
#include <algorithm>

#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/language/check_internal.hpp"
#include "engine/language/limits.hpp"

namespace jaring::internal {

namespace {

// A let or a parameter: the expressions evaluation may descend into.
struct Definition {
  const ast::Ident* name = nullptr;
  bool is_let = false;
  std::vector<const ast::Expr*> exprs;
};

class DepthCheck {
 public:
  explicit DepthCheck(Checker& c) : c_(c) {}

  void run() {
    collect();
    // Lets first, in the order the typer visits them.
    for (bool lets : {true, false})
      for (std::size_t v = 0; v < defs_.size(); ++v)
        if (defs_[v].is_let == lets && state_[v] == State::New) walk(v);
  }

 private:
  enum class State { New, Open, Done };

  // The checker's order of resolving a name: fields first, then parameters, then lets.
  std::optional<std::size_t> definition_of(const std::string& name) const {
    if (c_.fields_.count(name)) return std::nullopt;
    auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

  void collect() {
    for (const auto& par : c_.policy_.parameters) {
      if (!c_.parameters_.count(par.name.name) || index_.count(par.name.name)) continue;
      Definition d{&par.name, false, {}};
      for (const auto& v : par.values) {
        if (v.value) d.exprs.push_back(v.value.get());
        for (const auto& entry : v.table) d.exprs.push_back(entry.value.get());
      }
      add(std::move(d));
    }
    for (const auto& let : c_.policy_.lets) {
      auto it = c_.lets_.find(let.name.name);
      if (it == c_.lets_.end() || it->second != &let || index_.count(let.name.name)) continue;
      add({&let.name, true, {let.value.get()}});
    }
  }

  void add(Definition d) {
    index_.emplace(d.name->name, defs_.size());
    defs_.push_back(std::move(d));
    state_.push_back(State::New);
    depth_.push_back(1);
    cut_.push_back(false);
  }

  // The lets and parameters `e` names. Recursion is bounded by max_expression_depth.
  void uses(const ast::Expr& e, std::vector<std::size_t>& out) const {
    if (e.kind == ast::ExprKind::Name) {
      if (auto v = definition_of(e.text)) out.push_back(*v);
      return;
    }
    for (const auto& a : e.args) uses(*a, out);
  }

  // The depth of `e` once the definitions it names are measured; a name still open (a cycle,
  // which the typer reports) counts as a leaf.
  std::size_t depth(const ast::Expr& e) const {
    if (e.kind == ast::ExprKind::Name) {
      const auto v = definition_of(e.text);
      return v && state_[*v] == State::Done ? 1 + depth_[*v] : 1;
    }
    std::size_t deepest = 0;
    for (const auto& a : e.args) deepest = std::max(deepest, depth(*a));
    return deepest + 1;
  }

  // Depth-first from `start`, measuring each definition after those it names.
  void walk(std::size_t start) {
    struct Frame {
      std::size_t v;
      std::vector<std::size_t> uses;
      std::size_t next = 0;
    };
    std::vector<Frame> stack;
    auto open = [&](std::size_t v) {
      state_[v] = State::Open;
      Frame f{v, {}, 0};
      for (const ast::Expr* e : defs_[v].exprs) uses(*e, f.uses);
      stack.push_back(std::move(f));
    };
    open(start);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < f.uses.size()) {
        const std::size_t u = f.uses[f.next++];
        if (state_[u] == State::New) open(u);  // invalidates `f`
        else if (state_[u] == State::Open) cycle(stack, u);
        continue;
      }
      measure(f.v, f.uses);
      state_[f.v] = State::Done;
      stack.pop_back();
    }
  }

  // `u`, open on `stack`, names itself through the definitions above it. The typer reports
  // a cycle of lets; one through a parameter only shows here (the typer takes a parameter's
  // declared type), and evaluating it would never end.
  template <typename Frames>
  void cycle(const Frames& stack, std::size_t u) {
    std::size_t i = stack.size();
    while (i > 0 && stack[i - 1].v != u) --i;
    bool through_parameter = false;
    for (std::size_t j = i - 1; j < stack.size(); ++j)
      through_parameter = through_parameter || !defs_[stack[j].v].is_let;
    if (!through_parameter) return;
    c_.diags_.error("circular-let", defs_[u].name->span, say("`{}` is defined in terms of itself", defs_[u].name->name),
                    say_text("a let or parameter may use other lets and parameters, but not in a cycle"));
  }

  // Reports a definition that is too deep, once: those that use it are cut without a report.
  void measure(std::size_t v, const std::vector<std::size_t>& used) {
    const Definition& d = defs_[v];
    bool cut = false;
    for (std::size_t u : used) cut = cut || cut_[u];
    std::size_t deepest = 0;
    if (!cut) {
      for (const ast::Expr* e : d.exprs) deepest = std::max(deepest, depth(*e));
      if (deepest > max_value_depth) {
        c_.diags_.error(
            "too-deep", d.name->span,
            say("`{}` is {} levels deep counting the lets and parameters it uses; at most {} are "
                "allowed",
                d.name->name, deepest, max_value_depth),
            say_text("a name is one level deeper than the definition it names; build it from fewer lets that "
                     "each use the one before"));
        cut = true;
      }
    }
    cut_[v] = cut;
    depth_[v] = cut ? 1 : deepest;
    // Typed as nothing, so typing never descends into it (its error is already reported).
    if (cut && d.is_let) c_.let_types_[d.name->name] = Type{};
  }

  Checker& c_;
  std::vector<Definition> defs_;
  std::map<std::string, std::size_t> index_;
  std::vector<State> state_;
  std::vector<std::size_t> depth_;
  std::vector<bool> cut_;  // too deep, or using one that is
};

}  // namespace

void Checker::check_depths() { DepthCheck(*this).run(); }

}  // namespace jaring::internal
