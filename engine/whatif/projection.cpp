#include "engine/whatif/projection.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "engine/io/batch.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_read.hpp"
#include "engine/whatif/report_range.hpp"

namespace jaring::whatif {

Figures& Figures::operator+=(const Figures& o) {
  persons += o.persons;
  contributions = add_sen(contributions, o.contributions);
  claims += o.claims;
  return *this;
}

Figures sum(const std::vector<Figures>& cells) {
  Figures out;
  for (const auto& c : cells) out += c;
  return out;
}

namespace {

// The field of every record's monthly income for the JKK death benefit: the assumptions'
// income field when the schema has it as money. Without it every record has the default.
std::optional<std::size_t> income_field(const Program& program, const ProjectionOptions& o) {
  const auto field = program.schema.index_of(o.assumptions.income_field);
  if (!field || program.schema.fields[*field].type != ValueKind::Money) return std::nullopt;
  return field;
}

bool covers(const Decision& d, std::string_view programme) {
  for (const auto& p : d.programmes)
    if (p.programme.rule == programme) return true;
  return false;
}

// One month's cells, filled by one worker and copied into the projection's column when done.
struct MonthFigures {
  std::vector<Figures> by_payer, by_group;
  Figures total;
  std::array<std::uint64_t, 4> status{};
};

// Adds one eligible decision to its group, its payers (claims split like the contribution: in
// proportion to each payer's amount, the remainder to the first) and the total.
void add_decision(MonthFigures& f, const Decision& d, const Claims& claims) {
  Figures& g = f.by_group[static_cast<std::size_t>(d.group_index)];
  ++g.persons;
  g.contributions = add_sen(g.contributions, d.total);
  g.claims += claims;
  Claims given;
  for (std::size_t k = 0; k < d.payers.size(); ++k) {
    const auto& pa = d.payers[k];
    const Claims share = k == 0 || d.total <= 0 ? Claims{} : scale_claims(claims, pa.sen, d.total);
    given += share;
    Figures& payer = f.by_payer[pa.payer_index];
    ++payer.persons;
    payer.contributions = add_sen(payer.contributions, pa.sen);
    payer.claims += share;
  }
  if (!d.payers.empty()) {  // the first payer gets what the others did not
    const Claims rest{claims.jkm - given.jkm, claims.jkk_death - given.jkk_death, claims.jkk_injury - given.jkk_injury};
    f.by_payer[d.payers.front().payer_index].claims += rest;
  }
  ++f.total.persons;
  f.total.contributions = add_sen(f.total.contributions, d.total);
  f.total.claims += claims;
}

// Decides every record as of month `m`'s first day on `threads` threads and puts the month's
// figures into column `m` of `p` (its own cells: months decided at once touch no common cell).
// `income` by input position, or null: the default for all. With `read_income` (a field), the
// incomes are read into `income` on the way, each before its record's decision (its default
// when the cell is empty, the assumptions' when the record has none). `generic` receives why
// the generic runtime decided the month, or is emptied (the fast lane). Returns the records
// decided.
std::size_t project_month(const Program& program, const std::string& path, const ProjectionOptions& o,
                          std::vector<std::int64_t>* income, std::optional<std::size_t> read_income, std::size_t m,
                          unsigned threads, Projection& p, std::string& generic) {
  MonthFigures f;
  f.by_payer.assign(p.payers.size(), Figures{});
  f.by_group.assign(p.groups.size(), Figures{});
  BatchOptions b;
  b.as_of = first_day(p.months[m]);
  b.threads = threads;
  b.format = o.format;
  b.read = o.read;
  b.generic_reason = &generic;
  b.amounts_only = true;  // statuses, groups and amounts are all a month adds up
  if (read_income) b.capture = BatchOptions::Capture{*read_income, o.assumptions.default_income, income};
  std::size_t i = 0;
  decide_each(program, path, b, [&](const Decision& d) {
    const std::size_t index = i++;
    ++f.status[static_cast<int>(d.status)];
    if (d.status != Status::Eligible) return;
    if (income && index >= income->size()) throw std::runtime_error(records_file_changed);
    add_decision(f, d,
                 person_month_claims(o.assumptions, income ? (*income)[index] : o.assumptions.default_income,
                                     covers(d, "JKM"), covers(d, "JKK")));
  });
  for (std::size_t k = 0; k < f.by_payer.size(); ++k) p.by_payer[k][m] = f.by_payer[k];
  for (std::size_t k = 0; k < f.by_group.size(); ++k) p.by_group[k][m] = f.by_group[k];
  p.total[m] = f.total;
  p.status[m] = f.status;
  return i;
}

// Every month of every payer, and of every group, within the report's range together
// (report_range.hpp): the reports add them up by year and over the projection.
void within_range(const Projection& p) {
  auto take = [](ReportKind kind, const std::vector<RuleInfo>& rows, const std::vector<std::vector<Figures>>& cells) {
    ReportAmounts amounts(kind);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      int128 row = 0;  // its months without their signs: any of their sums within
      for (const Figures& f : cells[k])
        row += f.contributions < 0 ? -static_cast<int128>(f.contributions) : f.contributions;
      amounts.take(row, rows[k].name);
    }
  };
  take(ReportKind::Payer, p.payers, p.by_payer);
  take(ReportKind::Group, p.groups, p.by_group);
}

}  // namespace

bool keyed_payer(const Program& program, std::size_t payer) {
  for (const auto& g : program.groups)
    for (const auto& line : g.paid_by)
      for (const auto& share : line.shares)
        if (share.payer == payer && share.of_field) return true;
  return false;
}

Projection project(const Program& program, const std::string& path, const ProjectionOptions& o) {
  Projection p;
  p.months = month_range(o.from, o.to);
  for (const auto& x : program.payers) p.payers.push_back(x.info);
  for (const auto& g : program.groups) p.groups.push_back(g.info);
  p.by_payer.assign(p.payers.size(), std::vector<Figures>(p.months.size()));
  p.by_group.assign(p.groups.size(), std::vector<Figures>(p.months.size()));
  p.total.assign(p.months.size(), Figures{});
  p.status.assign(p.months.size(), {});
  const auto field = income_field(program, o);
  p.income_from_records = field.has_value();
  std::vector<std::int64_t> income;
  std::vector<std::int64_t>* const by_record = field ? &income : nullptr;
  const std::size_t months = p.months.size();
  std::vector<std::size_t> decided(months);  // records decided per month: all alike, or the file changed
  std::vector<std::string> generic(months);  // per month: why the generic runtime decided it, or empty
  auto counted = [&] {
    p.records = field ? income.size() : months ? decided[0] : 0;
    for (const std::size_t n : decided)
      if (n != p.records) throw std::runtime_error(records_file_changed);
    for (const std::string& why : generic)
      if (p.generic.empty()) p.generic = why;
    within_range(p);
    return p;
  };
  // The first month on every thread, reading the records' incomes on the way (the later months
  // need them all): the file is not read once more beforehand by the generic reader (0,8 s of a
  // million records, one thread's).
  std::size_t first = 0;
  if (field && months > 0)
    decided[first++] = project_month(program, path, o, by_record, field, 0, o.threads, p, generic[0]);
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(std::max(o.threads, 1U), months - first));
  if (workers <= 1) {
    for (std::size_t m = first; m < months; ++m)
      decided[m] = project_month(program, path, o, by_record, std::nullopt, m, o.threads, p, generic[m]);
    return counted();
  }
  // Months are independent: each worker decides whole months on one thread. A month decided on
  // two threads gains 1,2x (its allocation, its repeated ids and its start are one thread's
  // work); two months at once keep both cores busy. The figures are the same: each month is
  // still added up in input order, into cells of its own.
  std::atomic<std::size_t> next{first};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(months);
  auto work = [&] {
    for (std::size_t m = next++; m < months && !failed; m = next++) {
      try {
        decided[m] = project_month(program, path, o, by_record, std::nullopt, m, 1, p, generic[m]);
      } catch (...) {
        errors[m] = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {  // no more threads to be had: those running take the months
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors)  // the earliest month's, whichever worker failed first
    if (e) std::rethrow_exception(e);
  return counted();
}

std::vector<BudgetYear> budget_years(const Program& program, const Projection& p) {
  std::vector<BudgetYear> out;
  std::map<int, std::vector<std::size_t>> by_year;  // year -> month indices
  for (std::size_t m = 0; m < p.months.size(); ++m) by_year[p.months[m].year].push_back(m);
  for (const auto& [year, months] : by_year) {
    for (std::size_t k = 0; k < p.payers.size(); ++k) {
      BudgetYear y;
      y.year = year;
      y.payer = k;
      y.months = static_cast<int>(months.size());
      for (std::size_t m : months) y.contributions = add_sen(y.contributions, p.by_payer[k][m].contributions);
      y.per_account = keyed_payer(program, k);
      const auto& budgets = program.payers[k].budgets;
      if (auto it = budgets.find(year); it != budgets.end()) y.budget = it->second;
      out.push_back(y);
    }
  }
  return out;
}

}  // namespace jaring::whatif
