// Checks of groups: condition, programmes and scheme, payers (shares, parts, accounts and
// periods without overlap or gap), quota, waivers, own requirements, overlapping groups.
#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/check_internal.hpp"

namespace jaring::internal {

namespace {

constexpr std::int64_t hundred_percent = 1'000'000;

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& i : items)
    if (i.name.name == name) return &i;
  return nullptr;
}

void check_covers(Checker& c, const ast::GroupDecl& g) {
  const std::string scheme = scheme_of(g);
  if (g.scheme && !c.schemes_.count(scheme)) {
    std::vector<std::string> known(c.schemes_.begin(), c.schemes_.end());
    c.diags_.error("unknown-scheme", g.scheme->span, say("no programme defines scheme `{}`", scheme),
                   did_you_mean(scheme, known));
    return;
  }
  std::set<std::string> seen;
  for (const auto& ref : g.covers) {
    if (!seen.insert(ref.name).second) {
      c.diags_.error("duplicate-name", ref.span, say("group `{}` covers `{}` twice", g.name.name, ref.name));
      continue;
    }
    const auto* prog = find_named(c.policy_.programmes, ref.name);
    if (!prog) {
      c.diags_.error("unknown-programme", ref.span, say("unknown programme `{}`", ref.name),
                     did_you_mean(ref.name, names_of(c.policy_.programmes)));
      continue;
    }
    const bool has =
        std::any_of(prog->schemes.begin(), prog->schemes.end(), [&](const auto& s) { return s.scheme.name == scheme; });
    if (!has)
      c.diags_.error(
          "missing-scheme", ref.span, say("programme `{}` has no contribution under scheme `{}`", ref.name, scheme),
          g.scheme ? std::nullopt
                   : std::optional<std::string>(say_text("name another scheme with `as`, such as `covers JP as PU`")));
  }
}

// Each part (employer, worker) must be paid exactly once: shares of the payers that pay it
// (all payers without `for`, plus those `for` that part) must sum to 100 %.
void check_shares(Checker& c, const ast::GroupDecl& g, const ast::PaidBy& line) {
  for (const ast::Part part : {ast::Part::Employer, ast::Part::Worker}) {
    const bool any_share = std::any_of(line.shares.begin(), line.shares.end(), [&](const auto& s) {
      return s.share.has_value() && (!s.for_part || *s.for_part == part);
    });
    std::int64_t total = 0;
    int payers = 0;
    for (const auto& s : line.shares) {
      if (s.for_part && *s.for_part != part) continue;
      ++payers;
      total += s.share.value_or(any_share ? 0 : hundred_percent);
    }
    const std::string part_name = say_text(part == ast::Part::Employer ? "employer" : "worker");
    if (payers > 1 && !any_share) {
      c.diags_.error(
          "missing-share", line.span,
          say("group `{}`: {} payers share the {} part but no shares are given", g.name.name, payers, part_name),
          say_text("give each payer its share, such as `paid_by apbd_prov 50%, apbd_kota 50%`"));
      return;
    }
    if (payers == 0) {
      c.diags_.error("unpaid-part", line.span, say("group `{}`: nobody pays the {} part", g.name.name, part_name),
                     say("add a payer `for {}`", part_name));
      return;
    }
    if (total != hundred_percent) {
      c.diags_.error("shares-not-100", line.span,
                     say("group `{}`: the shares of the {} part sum to {}, not 100%", g.name.name, part_name,
                         format_percent(total)));
      return;
    }
  }
}

void check_payer_refs(Checker& c, const ast::GroupDecl& g, const ast::PaidBy& line) {
  std::set<std::pair<std::string, int>> seen;
  for (const auto& s : line.shares) {
    const int part = s.for_part ? static_cast<int>(*s.for_part) : -1;
    if (!seen.insert({s.payer.name, part}).second)
      c.diags_.error("duplicate-name", s.payer.span,
                     say("payer `{}` appears twice in one `paid_by` line", s.payer.name),
                     say_text("give the payer one share: `paid_by apbd_kota 100%`"));
    if (!find_named(c.policy_.payers, s.payer.name))
      c.diags_.error("unknown-payer", s.payer.span, say("unknown payer `{}`", s.payer.name),
                     did_you_mean(s.payer.name, names_of(c.policy_.payers)));
    if (s.share && (*s.share <= 0 || *s.share > hundred_percent))
      c.diags_.error("invalid-share", s.share_span, say_text("a share must be more than 0% and at most 100%"));
    if (s.of_field) {
      auto it = c.fields_.find(s.of_field->name);
      if (it == c.fields_.end())
        c.diags_.error("unknown-field", s.of_field->span,
                       say("record `{}` has no field `{}`", c.policy_.record ? c.policy_.record->name.name : "?",
                           s.of_field->name),
                       did_you_mean(s.of_field->name, c.value_names()));
      else if (it->second.base != Base::Region && it->second.base != Base::Text && it->second.base != Base::Int)
        c.diags_.error("type-mismatch", s.of_field->span,
                       say("a payer's account is chosen by a region, text or int field; `{}` is {}", s.of_field->name,
                           type_name(it->second)));
    }
  }
  check_shares(c, g, line);
}

// Payer lines must not overlap, and together must cover the group's (or policy's) validity.
void check_periods(Checker& c, const ast::GroupDecl& g) {
  std::vector<const ast::PaidBy*> lines;
  for (const auto& l : g.paid_by) lines.push_back(&l);
  auto start = [](const ast::PaidBy* l) { return l->since.value_or(INT_MIN); };
  auto end = [](const ast::PaidBy* l) { return l->until.value_or(INT_MAX); };
  std::stable_sort(lines.begin(), lines.end(), [&](auto a, auto b) { return start(a) < start(b); });
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto* prev = lines[i - 1];
    const auto* cur = lines[i];
    if (start(cur) <= end(prev)) {
      c.diags_.error("overlapping-payers", cur->span,
                     say("group `{}`: this payer line overlaps the one at {}", g.name.name, c.where(prev->span)),
                     say_text("payer periods in one group must not overlap; end the earlier one the day before"));
    } else if (static_cast<std::int64_t>(start(cur)) > static_cast<std::int64_t>(end(prev)) + 1) {
      c.diags_.error("payer-gap", cur->span,
                     say("group `{}`: nobody pays from {} to {}", g.name.name, format_date(end(prev) + 1),
                         format_date(start(cur) - 1)),
                     say_text("start this line the day after the previous one ends"));
    }
  }
  const std::optional<Period> valid = g.valid           ? std::optional(g.valid->period)
                                      : c.policy_.valid ? std::optional(c.policy_.valid->period)
                                                        : std::nullopt;
  if (!valid || lines.empty()) return;
  if (start(lines.front()) > valid->start)
    c.diags_.error("payer-gap", lines.front()->span,
                   say("group `{}`: nobody pays from {} to {}", g.name.name, format_date(valid->start),
                       format_date(start(lines.front()) - 1)),
                   say_text("the first payer line must start when the group becomes valid"));
  Day last_end = INT_MIN;
  const ast::PaidBy* last = nullptr;
  for (const auto* l : lines)
    if (end(l) >= last_end) last_end = end(l), last = l;
  if (last && last_end < valid->end)
    c.diags_.error("payer-gap", last->span,
                   valid->open() ? say("group `{}`: nobody pays from {} on", g.name.name, format_date(last_end + 1))
                                 : say("group `{}`: nobody pays from {} to {}", g.name.name, format_date(last_end + 1),
                                       format_date(valid->end)),
                   say_text("the last payer line must run until the group's validity ends"));
}

void check_quota(Checker& c, const ast::GroupDecl& g) {
  const auto& ref = *g.quota->shared;
  if (!find_named(c.policy_.quotas, ref.name))
    c.diags_.error("unknown-quota", ref.span,
                   say("group `{}` counts against quota `{}`, which is not declared", g.name.name, ref.name),
                   did_you_mean(ref.name, names_of(c.policy_.quotas))
                       .value_or(say_text("declare it: `quota NAME \"label\" [citation] 12.000 rank by registered_on`, "
                                          "or write the group's own number: `quota 1.528`")));
}

void check_quota(Checker& c, const ast::Quota& q) {
  if (q.count <= 0) c.diags_.error("invalid-quota", q.count_span, say_text("a quota must be at least 1"));
  if (q.per && !c.fields_.count(q.per->name) && !c.lets_.count(q.per->name))
    c.diags_.error(
        "unknown-field", q.per->span,
        say("record `{}` has no field `{}`", c.policy_.record ? c.policy_.record->name.name : "?", q.per->name),
        did_you_mean(q.per->name, c.value_names()));
  if (q.rank_by) {
    const Type t = c.type_of(*q.rank_by);
    if (t.base != no_type && t.base != Base::Date && t.base != Base::Int && t.base != Base::Money &&
        t.base != Base::Percent)
      c.diags_.error("type-mismatch", q.rank_by->span,
                     say("candidates are ranked by a date or a number, found {}", type_name(t)));
  }
}

void check_group(Checker& c, const ast::GroupDecl& g) {
  if (!g.when)
    c.diags_.error("missing-condition", g.name.span, say("group `{}` has no `when` condition", g.name.name),
                   say_text("write `when true` for a group that applies to every record"));
  else c.expect_type(*g.when, Type{Base::Bool}, say("the condition of group `{}`", g.name.name));
  if (g.covers.empty())
    c.diags_.error("group-without-programme", g.name.span, say("group `{}` covers no programme", g.name.name),
                   say_text("add `covers JKK, JKM`"));
  else check_covers(c, g);
  if (g.paid_by.empty())
    c.diags_.error("group-without-payer", g.name.span, say("group `{}` has no payer", g.name.name),
                   say_text("add `paid_by` with a payer, such as `paid_by apbd_kota`"));
  for (const auto& line : g.paid_by) check_payer_refs(c, g, line);
  check_periods(c, g);
  if (g.quota && g.quota->shared) check_quota(c, g);
  else if (g.quota) check_quota(c, *g.quota);
  std::set<std::string> waived;
  for (const auto& w : g.waives)
    if (!waived.insert(w.name).second)
      c.diags_.error("duplicate-name", w.span, say("group `{}` waives `{}` twice", g.name.name, w.name));
    else if (!find_named(c.policy_.requires_, w.name))
      c.diags_.error("unknown-requirement", w.span,
                     say("group `{}` waives `{}`, which is not a general requirement", g.name.name, w.name),
                     did_you_mean(w.name, names_of(c.policy_.requires_)));
  for (const auto& r : g.requires_) {
    if (!c.requirement_names_.insert(r.name.name).second)
      c.diags_.error("duplicate-name", r.name.span, say("requirement `{}` is declared twice", r.name.name),
                     say_text("requirement names are shared by all groups so tests can name them"));
    c.expect_type(*r.condition, Type{Base::Bool}, say("the condition of requirement `{}`", r.name.name));
  }
  if (g.valid && c.policy_.valid &&
      (g.valid->period.start < c.policy_.valid->period.start || g.valid->period.end > c.policy_.valid->period.end))
    c.diags_.warning("group-outside-policy", g.valid->span,
                     say("group `{}` is valid outside the policy's own period", g.name.name),
                     say_text("the group decides nothing on days the policy is not valid"));
}

// The values a group's `when` fixes for one field: `f == "x"`, `f in [...]`, in a top-level
// conjunction. Empty when the condition does not pin the field.
void pinned_values(const ast::Expr& e, std::map<std::string, std::set<std::string>>& out) {
  if (e.kind == ast::ExprKind::Binary && e.op == ast::Op::And) {
    pinned_values(*e.args[0], out);
    pinned_values(*e.args[1], out);
    return;
  }
  const bool eq = e.kind == ast::ExprKind::Binary && e.op == ast::Op::Eq;
  const bool in = e.kind == ast::ExprKind::In && !e.negated;
  if ((!eq && !in) || e.args[0]->kind != ast::ExprKind::Name) return;
  std::set<std::string> values;
  if (eq && e.args[1]->kind == ast::ExprKind::Text) values.insert(e.args[1]->text);
  else if (in && e.args[1]->kind == ast::ExprKind::Set) {
    for (const auto& a : e.args[1]->args) {
      if (a->kind != ast::ExprKind::Text) return;
      values.insert(a->text);
    }
  } else return;
  out[e.args[0]->text] = values;
}

void check_overlaps(Checker& c) {
  const auto& groups = c.policy_.groups;
  std::vector<std::map<std::string, std::set<std::string>>> pins(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i].when) pinned_values(*groups[i].when, pins[i]);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    for (std::size_t j = i + 1; j < groups.size(); ++j) {
      if (groups[i].priority || groups[j].priority) continue;
      // Overlap is certain enough to warn when every field both pin shares a value.
      bool common = false, disjoint = false;
      std::string field_name, value;
      for (const auto& [field, values] : pins[j]) {
        auto it = pins[i].find(field);
        if (it == pins[i].end()) continue;
        common = true;
        auto shared =
            std::find_if(values.begin(), values.end(), [&](const auto& v) { return it->second.count(v) > 0; });
        if (shared == values.end()) disjoint = true;
        else if (field_name.empty()) field_name = field, value = *shared;
      }
      if (common && !disjoint)
        c.diags_.warning("overlapping-groups", groups[j].name.span,
                         say("a record with {} `{}` can match groups `{}` and `{}`; the first declared wins",
                             field_name, value, groups[i].name.name, groups[j].name.name),
                         say_text("give one of them `priority N` to make the choice explicit"));
    }
  }
}

}  // namespace

void Checker::check_groups() {
  for (const auto& q : policy_.quotas) {
    check_quota(*this, q.quota);
    const bool used = std::any_of(policy_.groups.begin(), policy_.groups.end(), [&](const ast::GroupDecl& g) {
      return g.quota && g.quota->shared && g.quota->shared->name == q.name.name;
    });
    if (!used)
      diags_.warning("unused-quota", q.name.span, say("no group counts against quota `{}`", q.name.name),
                     say("write `quota {}` in each group that shares its places", q.name.name));
  }
  for (const auto& g : policy_.groups) check_group(*this, g);
  check_overlaps(*this);
}

}  // namespace jaring::internal
