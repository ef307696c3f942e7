#include "engine/runtime/allocate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <tuple>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"

namespace jaring {

void DuplicateIds::add(std::string_view id, std::uint64_t line) {
  seen_.push_back({std::hash<std::string_view>{}(id), line, ids_.size(), static_cast<std::uint32_t>(id.size())});
  ids_.append(id);
}

void DuplicateIds::seal() {
  // By hash, then by text within a hash (a collision keeps distinct ids apart), then by line.
  std::sort(seen_.begin(), seen_.end(), [&](const Seen& a, const Seen& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (const int c = text(a).compare(text(b)); c != 0) return c < 0;
    return a.line < b.line;
  });
  constexpr std::size_t lines_shown = 10;
  for (std::size_t i = 0; i < seen_.size();) {
    std::size_t j = i + 1;
    while (j < seen_.size() && seen_[j].hash == seen_[i].hash && text(seen_[j]) == text(seen_[i])) ++j;
    if (j - i > 1) {
      const std::string id(text(seen_[i]));
      std::string lines;
      for (std::size_t k = i; k < j && k < i + lines_shown; ++k)
        lines += (k > i ? ", " : "") + std::to_string(seen_[k].line);
      if (j - i > lines_shown) lines += ", …";
      details_.emplace(id, say_later("id `{}` is on {} records (lines {}); resolve the duplicate", id, j - i, lines));
    }
    i = j;
  }
  seen_ = {};
  ids_ = {};
}

const Message* DuplicateIds::detail(const std::string& id) const {
  const auto it = details_.find(id);
  return it == details_.end() ? nullptr : &it->second;
}

void mark_duplicate(const Program& program, Decision& d, const Message& detail) {
  if (d.status == Status::Rejected) {
    d.errors.push_back(
        {program.schema.id_field ? program.schema.fields[*program.schema.id_field].name : "", render(detail)});
    return;
  }
  d.status = Status::NotEligible;
  d.reasons.push_back(engine_ref(EngineReason::DuplicateId, detail));
  d.programmes.clear();
  d.payers.clear();
  d.total = 0;
  d.rank.reset();
}

void Allocator::add(const Decision& d, std::uint64_t index) {
  Candidate c;
  c.index = index;
  c.line = d.line;
  c.group = static_cast<std::uint32_t>(d.group_index);
  c.id = d.id;
  if (!d.rank_value.is_missing() && d.rank_value.kind != ValueKind::Set) {
    c.has_rank = true;
    c.rank = as_rational(d.rank_value);
  }
  c.quota_key = d.quota_key;
  c.first_cost = static_cast<std::uint32_t>(costs_.size());
  for (const auto& p : d.payers) {
    auto [it, fresh] = account_ids_.emplace(p.account, static_cast<std::uint32_t>(account_ids_.size()));
    if (fresh) account_payer_.push_back(p.payer_index);
    costs_.push_back({it->second, p.sen * d.budget_months});
  }
  c.cost_count = static_cast<std::uint32_t>(d.payers.size());
  candidates_.push_back(std::move(c));
}

void Allocator::mark_duplicates() {
  std::vector<std::uint32_t> by_id(candidates_.size());
  for (std::uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(candidates_[a].id, candidates_[a].index) < std::tie(candidates_[b].id, candidates_[b].index);
  });
  for (std::size_t i = 0; i < by_id.size();) {
    std::size_t j = i + 1;
    while (j < by_id.size() && candidates_[by_id[j]].id == candidates_[by_id[i]].id) ++j;
    if (j - i > 1) {
      std::string lines;
      for (std::size_t k = i; k < j; ++k) lines += (k > i ? ", " : "") + std::to_string(candidates_[by_id[k]].line);
      for (std::size_t k = i; k < j; ++k) {
        Outcome& out = outcomes_[by_id[k]];
        out.allocated = false;
        out.duplicate = true;
        out.reason = engine_ref(EngineReason::DuplicateId,
                                say_later("id `{}` is on {} records (lines {}); resolve the duplicate",
                                          candidates_[by_id[i]].id, j - i, lines));
      }
    }
    i = j;
  }
}

void Allocator::run() {
  const int year = ymd_from_day(as_of_).year;
  outcomes_.assign(candidates_.size(), Outcome{});
  mark_duplicates();
  std::vector<std::int64_t> used(account_ids_.size(), 0);
  std::vector<std::int64_t> budget(account_ids_.size(), -1);
  for (std::size_t a = 0; a < account_payer_.size(); ++a) {
    const auto& budgets = program_.payers[account_payer_[a]].budgets;
    if (auto it = budgets.find(year); it != budgets.end()) budget[a] = it->second;
  }
  std::vector<std::uint32_t> order(candidates_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  // Candidates compete within a unit: a shared quota's groups together, every other group
  // alone. Units are served in the order of their first group (by priority); within a unit,
  // by rank, then record id.
  const std::size_t groups = program_.groups.size();
  std::vector<std::uint32_t> unit(groups), unit_rank(groups + program_.shared_quotas.size(), UINT32_MAX);
  for (std::uint32_t g = 0; g < groups; ++g) {
    const auto& q = program_.groups[g].quota;
    unit[g] = q && q->shared ? static_cast<std::uint32_t>(groups + *q->shared) : g;
  }
  for (std::uint32_t r = 0; r < program_.group_order.size(); ++r) {
    auto& first = unit_rank[unit[program_.group_order[r]]];
    first = std::min(first, r);
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Candidate& a = candidates_[x];
    const Candidate& b = candidates_[y];
    const std::uint32_t ua = unit[a.group], ub = unit[b.group];
    if (ua != ub) return unit_rank[ua] < unit_rank[ub];
    if (a.has_rank != b.has_rank) return a.has_rank;
    if (a.has_rank) {
      const int c = compare(a.rank, b.rank);
      const auto& q = program_.groups[a.group].quota;
      if (c != 0) return q && q->descending ? c > 0 : c < 0;
    }
    if (a.id != b.id) return record_id_less(a.id, b.id);
    return a.index < b.index;
  });
  std::map<std::pair<std::uint32_t, std::string>, std::int64_t> taken, ranked;
  for (std::uint32_t ci : order) {
    const Candidate& c = candidates_[ci];
    const CGroup& g = program_.groups[c.group];
    Outcome& out = outcomes_[ci];
    if (out.duplicate) continue;
    const auto key = std::make_pair(unit[c.group], c.quota_key);
    out.rank = ++ranked[key];
    if (g.quota && taken[key] >= g.quota->count) {
      out.allocated = false;
      out.reason = {
          "quota",
          g.quota_label,
          g.quota->citation,
          c.quota_key.empty() ? say_later("rank {}", out.rank) : say_later("rank {} for {}", out.rank, c.quota_key),
          g.quota_label_en,
          std::nullopt};
      continue;
    }
    for (std::uint32_t k = 0; k < c.cost_count && out.allocated; ++k) {
      const Cost& cost = costs_[c.first_cost + k];
      if (budget[cost.account] >= 0 && used[cost.account] + cost.yearly > budget[cost.account]) {
        const CPayer& payer = program_.payers[account_payer_[cost.account]];
        out.allocated = false;
        out.reason = {
            "budget",
            payer.budget_label,
            payer.info.citation,
            say_later("budget {}: {} of {} used; this person costs {} in {}", year, format_money(used[cost.account]),
                      format_money(budget[cost.account]), format_money(cost.yearly), year),
            payer.budget_label_en,
            std::nullopt};
      }
    }
    if (!out.allocated) continue;
    ++taken[key];
    for (std::uint32_t k = 0; k < c.cost_count; ++k)
      used[costs_[c.first_cost + k].account] += costs_[c.first_cost + k].yearly;
  }
}

void Allocator::apply(Decision& d, std::uint64_t index) const {
  auto it = std::lower_bound(candidates_.begin(), candidates_.end(), index,
                             [](const Candidate& c, std::uint64_t i) { return c.index < i; });
  if (it == candidates_.end() || it->index != index) return;
  const Outcome& out = outcomes_[static_cast<std::size_t>(it - candidates_.begin())];
  if (out.duplicate) {
    d.status = Status::NotEligible;
    d.reasons.push_back(out.reason);
    d.programmes.clear();
    d.payers.clear();
    d.total = 0;
    return;
  }
  if (program_.groups[static_cast<std::size_t>(d.group_index)].quota) d.rank = out.rank;
  if (!out.allocated) {
    d.status = Status::Waitlisted;
    d.reasons.push_back(out.reason);
  }
}

}  // namespace jaring
