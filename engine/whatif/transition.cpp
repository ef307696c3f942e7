#include "engine/whatif/transition.hpp"

#include <fmt/format.h>

#include "engine/base/literals.hpp"

namespace jaring::whatif {

const char* transition_name(Transition t) {
  static const char* const names[] = {"gained_cover",         "lost_cover",       "moved_group", "payer_changed",
                                      "contribution_changed", "newly_waitlisted", "unchanged"};
  return names[static_cast<int>(t)];
}

std::uint32_t Interner::id(std::string_view s) {
  std::lock_guard lock(mutex_);
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  const auto n = static_cast<std::uint32_t>(texts_.size());
  texts_.emplace_back(s);
  ids_.emplace(texts_.back(), n);
  return n;
}

const std::string& Interner::text(std::uint32_t id) const {
  std::lock_guard lock(mutex_);
  return texts_[id];
}

namespace {

template <typename Names>
Brief brief_with(const Decision& d, Names& names) {
  Brief b;
  b.status = d.status;
  if (d.group) b.group = names.id(d.group->rule);
  std::string reasons;
  for (const auto& r : d.reasons) reasons += (reasons.empty() ? "" : ",") + std::string(r.rule);
  if (d.status == Status::Rejected) reasons = "invalid_record";
  b.reasons = names.id(reasons);
  if (d.status != Status::Eligible) return b;
  std::string accounts, amounts;
  for (const auto& p : d.programmes)
    amounts += fmt::format("{}{}={}", amounts.empty() ? "" : ";", p.programme.rule, p.total);
  amounts += "|";
  for (const auto& p : d.payers) {
    accounts += (accounts.empty() ? "" : ",") + p.account;
    amounts += fmt::format("{}={};", p.account, p.sen);
  }
  b.accounts = names.id(accounts);
  b.amounts = names.id(amounts);
  b.total = d.total;
  return b;
}

}  // namespace

Brief brief_of(const Decision& d, Interner& names) { return brief_with(d, names); }
Brief brief_of(const Decision& d, InternCache& names) { return brief_with(d, names); }

Transition classify(const Brief& before, const Brief& after) {
  const bool was = before.status == Status::Eligible;
  const bool is = after.status == Status::Eligible;
  if (after.status == Status::Waitlisted && before.status != Status::Waitlisted) return Transition::NewlyWaitlisted;
  if (!was && is) return Transition::GainedCover;
  if (was && !is) return Transition::LostCover;
  if (!was) return Transition::Unchanged;
  if (before.group != after.group) return Transition::MovedGroup;
  if (before.accounts != after.accounts) return Transition::PayerChanged;
  if (before.amounts != after.amounts || before.total != after.total) return Transition::ContributionChanged;
  return Transition::Unchanged;
}

namespace {

const CGroup* find_group(const Program& p, std::string_view name) {
  for (const auto& g : p.groups)
    if (g.info.name == name) return &g;
  return nullptr;
}

Cause cause(const RuleInfo& info, std::string note) { return {info.name, info.label, info.citation, std::move(note)}; }
Cause cause(const RuleRef& r, std::string note) {
  return {std::string(r.rule), std::string(r.label), std::string(r.citation), std::move(note)};
}

// The monthly amount of `programme` in a Brief's amounts text; -1 when absent.
std::int64_t programme_amount(const std::string& amounts, std::string_view programme) {
  const std::string key = std::string(programme) + "=";
  std::size_t at = 0;
  while (at < amounts.size() && amounts[at] != '|') {
    const std::size_t end = amounts.find_first_of(";|", at);
    if (amounts.compare(at, key.size(), key) == 0)
      return std::stoll(amounts.substr(at + key.size(), end - at - key.size()));
    at = end + (amounts[end] == ';');
  }
  return -1;
}

std::string accounts_text(const Decision& d) {
  std::string s;
  for (const auto& p : d.payers) s += (s.empty() ? "" : ",") + p.account;
  return s;
}

std::vector<Cause> contribution_causes(const Brief& before, const Decision& after, const Program& proposal,
                                       const Interner& names) {
  std::vector<Cause> out;
  const std::string& amounts = names.text(before.amounts);
  for (const auto& p : after.programmes) {
    const std::int64_t was = programme_amount(amounts, p.programme.rule);
    if (was == p.total) continue;
    out.push_back(cause(p.programme, was < 0 ? "programme added" : format_money(was) + " -> " + format_money(p.total)));
  }
  if (out.empty()) {
    const CGroup* g = find_group(proposal, after.group->rule);
    out.push_back(cause(g->info, "paid_by shares"));
  }
  return out;
}

}  // namespace

std::vector<Cause> causes_of(Transition t, const Brief& before, const Decision& after, const Program& base,
                             const Program& proposal, const Interner& names) {
  std::vector<Cause> out;
  const std::string& before_group = names.text(before.group);
  switch (t) {
    case Transition::GainedCover: {
      const CGroup* g = find_group(proposal, after.group->rule);
      const bool is_new = !find_group(base, g->info.name);
      out.push_back(cause(g->info, is_new ? "group added" : "before: " + names.text(before.reasons)));
      break;
    }
    case Transition::LostCover:
      if (!before_group.empty() && !find_group(proposal, before_group)) {
        out.push_back(cause(find_group(base, before_group)->info, "group removed"));
        break;
      }
      if (after.status == Status::Rejected) out.push_back({"invalid_record", "Data tidak dapat dibaca", "", ""});
      for (const auto& r : after.reasons) out.push_back(cause(r, ""));
      break;
    case Transition::MovedGroup: out.push_back(cause(*after.group, "from " + before_group)); break;
    case Transition::PayerChanged:
      out.push_back(cause(*after.group, "paid_by " + names.text(before.accounts) + " -> " + accounts_text(after)));
      break;
    case Transition::ContributionChanged: return contribution_causes(before, after, proposal, names);
    case Transition::NewlyWaitlisted:
      if (!after.reasons.empty()) out.push_back(cause(after.reasons.back(), ""));
      break;
    case Transition::Unchanged: break;
  }
  return out;
}

}  // namespace jaring::whatif
