#include "engine/whatif/population_diff.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <tuple>

#include "engine/io/batch.hpp"
#include "engine/io/population.hpp"
#include "engine/whatif/report_range.hpp"

namespace jaring::whatif {

namespace {

// A Cost as it is added up: in 128 bits, taken into the report's 64 (report_range.hpp) at the end.
struct CostSum {
  std::uint64_t persons = 0;
  int128 monthly = 0, budget_year = 0;
};

// Totals of one policy's final decisions.
struct Side {
  std::array<std::uint64_t, 4> status{};
  std::map<std::string, CostSum> payers;  // by payer name (all accounts together)
  std::map<std::string, bool> keyed;      // payer name -> it has keyed accounts
  std::map<std::string, CostSum> groups;
  std::map<std::string, std::uint64_t> waitlisted;

  void add(const Decision& d) {
    ++status[static_cast<int>(d.status)];
    if (d.status == Status::Waitlisted && d.group) ++waitlisted[std::string(d.group->rule)];
    if (d.status != Status::Eligible) return;
    auto& g = groups[std::string(d.group->rule)];
    ++g.persons;
    g.monthly += d.total;
    g.budget_year += static_cast<int128>(d.total) * d.budget_months;
    for (const auto& p : d.payers) {
      auto& c = payers[std::string(p.payer.rule)];
      ++c.persons;
      c.monthly += p.sen;
      c.budget_year += static_cast<int128>(p.sen) * d.budget_months;
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

// One side's rows of a kind, taken into the report's range: their monthly amounts and their
// budget years each within it together.
struct Taken {
  explicit Taken(ReportKind kind) : monthly(kind), budget_year(kind) {}
  ReportAmounts monthly, budget_year;
  Cost operator()(const CostSum& s, const std::string& name) {
    return {s.persons, monthly.take(s.monthly, name), budget_year.take(s.budget_year, name)};
  }
};

template <typename Item>
const Item* named(const std::vector<Item>& items, const std::string& name) {
  for (const auto& i : items)
    if (i.info.name == name) return &i;
  return nullptr;
}

std::vector<PayerRow> payer_rows(const Program& base, const Program& proposal, const PopulationDiff& r, Side& b,
                                 Side& a) {
  std::vector<PayerRow> rows;
  Taken before(ReportKind::Payer), after(ReportKind::Payer);
  auto row = [&](const CPayer* x, const CPayer* y) {
    PayerRow p;
    const CPayer& any = y ? *y : *x;
    p.name = any.info.name;
    p.label = any.info.label;
    p.in_base = x != nullptr;
    p.in_proposal = y != nullptr;
    p.keyed = b.keyed[p.name] || a.keyed[p.name];
    p.before = before(b.payers[p.name], p.name);
    p.after = after(a.payers[p.name], p.name);
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
  Taken before(ReportKind::Group), after(ReportKind::Group);
  auto row = [&](const CGroup* x, const CGroup* y) {
    GroupRow g;
    const CGroup& any = y ? *y : *x;
    g.name = any.info.name;
    g.label = any.info.label;
    g.citation = any.info.citation;
    g.in_base = x != nullptr;
    g.in_proposal = y != nullptr;
    g.before = before(b.groups[g.name], g.name);
    g.after = after(a.groups[g.name], g.name);
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

// The base's briefs, appended by the thread deciding the base and read as they come by the one
// deciding the proposal (record i of the proposal waits for record i of the base). Kept in
// chunks that never move; the count is published every `batch` briefs and at the end.
class BriefStream {
 public:
  static constexpr std::size_t chunk = std::size_t{1} << 14;
  static constexpr std::size_t batch = 1024;
  struct Stopped {};  // thrown at the writer when the reader gave up

  void push(const Brief& b) {
    if (stopped_.load(std::memory_order_relaxed)) throw Stopped{};
    if (written_ % chunk == 0) {
      auto fresh = std::make_unique<Brief[]>(chunk);
      current_ = fresh.get();
      std::lock_guard lock(mutex_);
      chunks_.push_back(std::move(fresh));
    }
    current_[written_ % chunk] = b;
    if (++written_ % batch == 0) publish(false, nullptr);
  }
  void finish(std::exception_ptr error) { publish(true, std::move(error)); }

  // Brief `i`, waiting for it; null when the base ended (or failed) before it.
  const Brief* get(std::size_t i) {
    if (i >= known_ || i / chunk != chunk_at_) {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return published_ > i || finished_; });
      if (published_ <= i) return nullptr;
      known_ = published_;
      chunk_at_ = i / chunk;
      reading_ = chunks_[chunk_at_].get();
    }
    return &reading_[i % chunk];
  }
  void stop() { stopped_ = true; }
  std::size_t size() const {  // after finish()
    std::lock_guard lock(mutex_);
    return published_;
  }
  std::exception_ptr error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void publish(bool finished, std::exception_ptr error) {
    {
      std::lock_guard lock(mutex_);
      published_ = written_;
      if (finished) {
        finished_ = true;
        error_ = std::move(error);
      }
    }
    ready_.notify_all();
  }

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::unique_ptr<Brief[]>> chunks_;  // appended under the lock
  std::size_t published_ = 0;                     // under the lock
  bool finished_ = false;                         // under the lock
  std::exception_ptr error_;                      // under the lock
  std::atomic<bool> stopped_{false};
  // The writer's own.
  Brief* current_ = nullptr;
  std::size_t written_ = 0;
  // The reader's own.
  std::size_t known_ = 0, chunk_at_ = 0;
  const Brief* reading_ = nullptr;
};

}  // namespace

PopulationDiff diff_population(const Program& base, const Program& proposal, const std::string& path,
                               const PopulationOptions& options) {
  PopulationDiff r;
  r.base_as_of = options.base_as_of;
  r.as_of = options.as_of;
  Interner names;
  Side b, a;
  Samples samples(options.sample);
  std::map<std::tuple<int, std::string, std::string>, CauseCount> counts;
  InternCache proposal_names(names);
  // Record `i` of the proposal against the base's brief of it.
  auto compare = [&](const Decision& d, const Brief& was) {
    const Brief now = brief_of(d, proposal_names);
    const Transition t = classify(was, now);
    a.add(d);
    ++r.transitions[static_cast<int>(t)];
    if (t == Transition::Unchanged) return;
    auto causes = causes_of(t, was, d, base, proposal, names);
    count_causes(counts, t, causes);
    if (samples.wants(t, d.id))
      samples.add({t, d.id, d.line, view_of(was, names), view_of(now, names), std::move(causes)});
  };
  BatchOptions base_batch = batch_options(options, options.base_as_of, base, proposal);
  BatchOptions proposal_batch = batch_options(options, options.as_of, proposal, base);
  base_batch.generic_reason = &r.base_generic;
  proposal_batch.generic_reason = &r.proposal_generic;
  std::uint64_t i = 0;
  // With two threads or more, both policies are decided at once, each on its share of the
  // threads: a side decided on two threads gains little (its allocation, its hand-on in input
  // order are one thread's), two sides at once keep both cores busy. The figures are the same:
  // the proposal still meets the records in input order, each against the base's.
  std::optional<std::thread> helper;
  BriefStream stream;
  if (options.threads >= 2) {
    base_batch.threads = options.threads / 2;
    proposal_batch.threads = options.threads - base_batch.threads;
    try {
      helper.emplace([&] {
        try {
          InternCache base_names(names);
          decide_each(base, path, base_batch, [&](const Decision& d) {
            stream.push(brief_of(d, base_names));
            b.add(d);
          });
          stream.finish(nullptr);
        } catch (...) {
          stream.finish(std::current_exception());
        }
      });
    } catch (const std::system_error&) {  // no thread to be had: one side after the other
      base_batch.threads = proposal_batch.threads = options.threads;
    }
  }
  if (helper) {
    struct BaseEnded {};
    try {
      decide_each(proposal, path, proposal_batch, [&](const Decision& d) {
        const Brief* was = stream.get(i);
        if (!was) throw BaseEnded{};
        ++i;
        compare(d, *was);
      });
    } catch (const BaseEnded&) {
      helper->join();
      if (auto e = stream.error()) std::rethrow_exception(e);
      throw std::runtime_error(records_file_changed);
    } catch (...) {
      stream.stop();
      helper->join();
      throw;
    }
    helper->join();
    if (auto e = stream.error()) std::rethrow_exception(e);
    if (i != stream.size()) throw std::runtime_error(records_file_changed);
  } else {
    std::vector<Brief> before;
    InternCache base_names(names);
    decide_each(base, path, base_batch, [&](const Decision& d) {
      before.push_back(brief_of(d, base_names));
      b.add(d);
    });
    decide_each(proposal, path, proposal_batch, [&](const Decision& d) {
      if (i >= before.size()) throw std::runtime_error(records_file_changed);
      compare(d, before[i++]);
    });
    if (i != before.size()) throw std::runtime_error(records_file_changed);
  }
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
