// Groups in the structural diff (policy_diff.hpp): each aspect of a group in canonical text.
#include <fmt/format.h>

#include "engine/base/literals.hpp"
#include "engine/language/dump.hpp"
#include "engine/whatif/policy_diff_internal.hpp"

namespace jaring::whatif::internal {

namespace {

std::string join_names(const std::vector<ast::Ident>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id.name;
  return out;
}

std::string covers_text(const ast::GroupDecl& g) {
  if (g.covers.empty()) return "";
  return join_names(g.covers) + " as " + scheme_of(g);
}

std::string paid_by_text(const ast::GroupDecl& g) {
  std::string s;
  for (const auto& pb : g.paid_by) s += (s.empty() ? "" : "; ") + dump_paid_by(pb);
  return s;
}

std::string quota_text(const ast::GroupDecl& g) { return g.quota ? dump_quota(*g.quota) : ""; }

std::string valid_text(const ast::GroupDecl& g) { return g.valid ? period_text(g.valid->period) : ""; }

std::string priority_text(const ast::GroupDecl& g) { return g.priority ? std::to_string(*g.priority) : ""; }

// The whole group on one line, for a group added or removed.
std::string group_text(const ast::GroupDecl& g) {
  std::string s = g.label ? quoted(g.label->text) : "";
  auto add = [&](const char* keyword, const std::string& text) {
    if (!text.empty()) s += (s.empty() ? "" : "; ") + std::string(keyword) + " " + text;
  };
  add("when", g.when ? dump_expr(*g.when) : "");
  add("covers", covers_text(g));
  add("paid_by", paid_by_text(g));
  add("quota", quota_text(g));
  add("waive", join_names(g.waives));
  for (const auto& r : g.requires_) add(("require " + r.name.name).c_str(), requirement_text(r));
  add("priority", priority_text(g));
  add("valid", valid_text(g));
  return s;
}

void diff_own_requirements(SectionDiff& d, const ast::GroupDecl& x, const ast::GroupDecl& y) {
  for (const auto& r : x.requires_) {
    const auto* s = find_named(y.requires_, r.name.name);
    d.changed(x.name.name, "require " + r.name.name, requirement_text(r), s ? requirement_text(*s) : "",
              s ? text_of(s->citation) : text_of(r.citation));
  }
  for (const auto& s : y.requires_)
    if (!find_named(x.requires_, s.name.name))
      d.changed(x.name.name, "require " + s.name.name, "", requirement_text(s), text_of(s.citation));
}

void diff_group(SectionDiff& d, const ast::GroupDecl& x, const ast::GroupDecl& y) {
  const std::string& n = x.name.name;
  const std::string cite = text_of(y.citation);
  d.changed(n, "label", text_of(x.label), text_of(y.label), cite);
  d.changed(n, "citation", text_of(x.citation), text_of(y.citation), cite);
  d.changed(n, "when", x.when ? dump_expr(*x.when) : "", y.when ? dump_expr(*y.when) : "", cite);
  d.changed(n, "covers", covers_text(x), covers_text(y), cite);
  d.changed(n, "paid_by", paid_by_text(x), paid_by_text(y), cite);
  d.changed(n, "quota", quota_text(x), quota_text(y), cite);
  d.changed(n, "waive", join_names(x.waives), join_names(y.waives), cite);
  diff_own_requirements(d, x, y);
  d.changed(n, "priority", priority_text(x), priority_text(y), cite);
  d.changed(n, "valid", valid_text(x), valid_text(y), cite);
}

}  // namespace

void diff_groups(const Policy& base, const Policy& proposal, std::vector<Change>& out) {
  SectionDiff d(Section::Group, out, &proposal.articles);
  for (const auto& x : base.groups) {
    const auto* y = find_named(proposal.groups, x.name.name);
    if (!y) d.removed(x.name.name, group_text(x), text_of(x.citation));
    else diff_group(d, x, *y);
  }
  for (const auto& y : proposal.groups)
    if (!find_named(base.groups, y.name.name)) d.added(y.name.name, group_text(y), text_of(y.citation));
}

}  // namespace jaring::whatif::internal
