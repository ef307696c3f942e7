#include "engine/whatif/population_diff.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "engine/base/internal_error.hpp"
#include "engine/io/batch.hpp"
#include "engine/io/population.hpp"

namespace jaring::whatif {

namespace {

// Totals of one policy's final decisions.
struct Side {
  std::array<std::uint64_t, 4> status{};
  std::map<std::string, Cost> payers;  // by payer name (all accounts together)
  std::map<std::string, bool> keyed;   // payer name -> it has keyed accounts
  std::map<std::string, Cost> groups;
  std::map<std::string, std::uint64_t> waitlisted;

  void add(const Decision& d) {
    ++status[static_cast<int>(d.status)];
    if (d.status == Status::Waitlisted && d.group) ++waitlisted[std::string(d.group->rule)];
    if (d.status != Status::Eligible) return;
    auto& g = groups[std::string(d.group->rule)];
    ++g.persons;
    g.monthly += d.total;
    g.budget_year += d.total * d.budget_months;
    for (const auto& p : d.payers) {
      auto& c = payers[std::string(p.payer.rule)];
      ++c.persons;
      c.monthly += p.sen;
      c.budget_year += p.sen * d.budget_months;
      if (p.account.find(':') != std::string::npos) keyed[std::string(p.payer.rule)] = true;
    }
  }
};

// The first `n` samples of each transition by record id.
class Samples {
 public:
  explicit Samples(std::size_t n) : n_(n) {}
  bool wants(Transition t, const std::string& id) const {
    const auto& v = by_[static_cast<int>(t)];
    return n_ > 0 && (v.size() < n_ || record_id_less(id, v.back().id));
  }
  void add(Sample s) {
    auto& v = by_[static_cast<int>(s.transition)];
    auto at = std::upper_bound(v.begin(), v.end(), s,
                               [](const Sample& a, const Sample& b) { return record_id_less(a.id, b.id); });
    v.insert(at, std::move(s));
    if (v.size() > n_) v.pop_back();
  }
  std::vector<Sample> all() && {
    std::vector<Sample> out;
    for (auto& v : by_) std::move(v.begin(), v.end(), std::back_inserter(out));
    return out;
  }

 private:
  std::size_t n_;
  std::array<std::vector<Sample>, transition_count> by_;
};

SideView view_of(const Brief& b, const Interner& names) {
  return {b.status, names.text(b.group), names.text(b.accounts), b.total, names.text(b.reasons)};
}

// One side's batch: the same population is read by both policies, so a field only the other
// side's record has is read past, not refused.
BatchOptions batch_options(const PopulationOptions& o, Day as_of, const Program& side, const Program& other) {
  BatchOptions b;
  b.as_of = as_of;
  b.threads = o.threads;
  b.format = o.format;
  b.read = o.read;
  for (const auto& f : other.schema.fields)
    if (!side.schema.index_of(f.name)) b.read.ignore_fields.push_back(f.name);
  return b;
}

std::optional<std::int64_t> budget_in(const CPayer& p, Day as_of) {
  auto it = p.budgets.find(ymd_from_day(as_of).year);
  return it == p.budgets.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
}

template <typename Item>
const Item* named(const std::vector<Item>& items, const std::string& name) {
  for (const auto& i : items)
    if (i.info.name == name) return &i;
  return nullptr;
}

std::vector<PayerRow> payer_rows(const Program& base, const Program& proposal, const PopulationDiff& r, Side& b,
                                 Side& a) {
  std::vector<PayerRow> rows;
  auto row = [&](const CPayer* x, const CPayer* y) {
    PayerRow p;
    const CPayer& any = y ? *y : *x;
    p.name = any.info.name;
    p.label = any.info.label;
    p.in_base = x != nullptr;
    p.in_proposal = y != nullptr;
    p.keyed = b.keyed[p.name] || a.keyed[p.name];
    p.before = b.payers[p.name];
    p.after = a.payers[p.name];
    if (x) p.budget_before = budget_in(*x, r.base_as_of);
    if (y) p.budget_after = budget_in(*y, r.as_of);
    rows.push_back(std::move(p));
  };
  for (const auto& x : base.payers) row(&x, named(proposal.payers, x.info.name));
  for (const auto& y : proposal.payers)
    if (!named(base.payers, y.info.name)) row(nullptr, &y);
  return rows;
}

std::vector<GroupRow> group_rows(const Program& base, const Program& proposal, Side& b, Side& a) {
  std::vector<GroupRow> rows;
  auto row = [&](const CGroup* x, const CGroup* y) {
    GroupRow g;
    const CGroup& any = y ? *y : *x;
    g.name = any.info.name;
    g.label = any.info.label;
    g.citation = any.info.citation;
    g.in_base = x != nullptr;
    g.in_proposal = y != nullptr;
    g.before = b.groups[g.name];
    g.after = a.groups[g.name];
    g.waitlisted_before = b.waitlisted[g.name];
    g.waitlisted_after = a.waitlisted[g.name];
    if (x && x->quota) g.quota_before = x->quota->count;
    if (y && y->quota) g.quota_after = y->quota->count;
    rows.push_back(std::move(g));
  };
  for (const auto& x : base.groups) row(&x, named(proposal.groups, x.info.name));
  for (const auto& y : proposal.groups)
    if (!named(base.groups, y.info.name)) row(nullptr, &y);
  return rows;
}

// Counts every cause by (transition, rule, note); contribution notes carry amounts and are dropped.
void count_causes(std::map<std::tuple<int, std::string, std::string>, CauseCount>& counts, Transition t,
                  const std::vector<Cause>& causes) {
  for (Cause c : causes) {
    if (t == Transition::ContributionChanged) c.note.clear();
    auto& entry = counts[{static_cast<int>(t), c.rule, c.note}];
    if (entry.records == 0) entry = {t, c, 0};
    ++entry.records;
  }
}

}  // namespace

PopulationDiff diff_population(const Program& base, const Program& proposal, const std::string& path,
                               const PopulationOptions& options) {
  PopulationDiff r;
  r.base_as_of = options.base_as_of;
  r.as_of = options.as_of;
  Interner names;
  std::vector<Brief> before;
  Side b, a;
  decide_each(base, path, batch_options(options, options.base_as_of, base, proposal), [&](const Decision& d) {
    before.push_back(brief_of(d, names));
    b.add(d);
  });
  Samples samples(options.sample);
  std::map<std::tuple<int, std::string, std::string>, CauseCount> counts;
  std::uint64_t i = 0;
  decide_each(proposal, path, batch_options(options, options.as_of, proposal, base), [&](const Decision& d) {
    if (i >= before.size()) throw InternalError("diff: the proposal read more records than the base");
    const Brief& was = before[i++];
    const Brief now = brief_of(d, names);
    const Transition t = classify(was, now);
    a.add(d);
    ++r.transitions[static_cast<int>(t)];
    if (t == Transition::Unchanged) return;
    auto causes = causes_of(t, was, d, base, proposal, names);
    count_causes(counts, t, causes);
    if (samples.wants(t, d.id))
      samples.add({t, d.id, d.line, view_of(was, names), view_of(now, names), std::move(causes)});
  });
  if (i != before.size()) throw std::runtime_error("the records file changed while it was being read");
  r.records = i;
  r.status_before = b.status;
  r.status_after = a.status;
  for (auto& [key, c] : counts) r.causes.push_back(std::move(c));
  std::stable_sort(r.causes.begin(), r.causes.end(), [](const CauseCount& x, const CauseCount& y) {
    return std::tie(x.transition, y.records) < std::tie(y.transition, x.records);
  });
  r.samples = std::move(samples).all();
  r.payers = payer_rows(base, proposal, r, b, a);
  r.groups = group_rows(base, proposal, b, a);
  return r;
}

}  // namespace jaring::whatif
