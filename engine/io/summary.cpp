#include "engine/io/summary.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>
#include <string_view>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"

namespace jaring {

namespace {

// `yearly` as a percentage of a positive `budget`, rounded down to 0,0001 %.
std::string utilisation(std::int64_t yearly, std::int64_t budget) {
  const auto millionths = floor_div(reduce({static_cast<int128>(yearly) * 1'000'000, budget}));
  return millionths ? format_percent(*millionths) : "(too large)";
}

// A total as written: within 64 bits of sen, as every amount is; beyond, the run stops.
std::int64_t written(int128 sen, std::string_view payer) {
  if (sen > std::numeric_limits<std::int64_t>::max() || sen < std::numeric_limits<std::int64_t>::min())
    throw std::runtime_error(say("the summary's total for payer `{}` is beyond an amount's range", payer));
  return static_cast<std::int64_t>(sen);
}

}  // namespace

Summary::Summary(const Program& program, Day as_of)
    : program_(program), as_of_(as_of), groups_(program.groups.size()), payers_(program.payers.size()) {}

void Summary::add(const Decision& d) {
  ++records_;
  ++by_status_[static_cast<int>(d.status)];
  if (d.group && d.group_index >= 0) {
    auto& g = groups_.at(static_cast<std::size_t>(d.group_index));
    ++g.candidates;
    if (d.status == Status::Eligible || d.status == Status::Waitlisted) ++g.eligible;
    if (d.status == Status::Eligible) ++g.allocated;
    if (d.status == Status::Waitlisted) ++g.waitlisted;
  }
  if (d.status == Status::Eligible) {
    for (const auto& p : d.payers) {
      auto& totals = payers_.at(p.payer_index);
      ++totals.all.persons;
      totals.all.monthly += p.sen;
      totals.all.yearly += static_cast<int128>(p.sen) * d.budget_months;
      if (p.account != p.payer.rule) {
        auto it = totals.accounts.find(p.account);
        if (it == totals.accounts.end()) it = totals.accounts.emplace(p.account, AccountTotals{}).first;
        auto& account = it->second;
        ++account.persons;
        account.monthly += p.sen;
        account.yearly += static_cast<int128>(p.sen) * d.budget_months;
      }
    }
  }
  for (const auto& r : d.reasons) ++reasons_[r.rule];
  if (d.status == Status::Rejected) {
    ++reasons_["invalid_record"];
    ++first_reasons_["invalid_record"];
  } else if (!d.reasons.empty()) {
    ++first_reasons_[d.reasons.front().rule];
  }
}

void Summary::reset() {
  records_ = 0;
  input_.reset();
  for (auto& n : by_status_) n = 0;
  groups_.assign(groups_.size(), GroupTotals{});
  payers_.assign(payers_.size(), PayerTotals{});
  reasons_.clear();
  first_reasons_.clear();
}

void Tally::reset(std::size_t groups, std::size_t payers, std::size_t reason_slots) {
  eligible = not_eligible = waitlisted = 0;
  candidates.assign(groups, 0);
  allocated.assign(groups, 0);
  waitlisted_in.assign(groups, 0);
  persons.assign(payers, 0);
  monthly.assign(payers, Sum128{});
  yearly.assign(payers, Sum128{});
  reasons.assign(reason_slots, 0);
  first_reasons.assign(reason_slots, 0);
  accounts.resize(payers);
  for (auto& by_name : accounts)
    for (auto& entry : by_name) entry.second = Account{};
}

void Summary::add(const Tally& t, const std::vector<std::string_view>& reason_names) {
  records_ += t.eligible + t.not_eligible + t.waitlisted;
  by_status_[static_cast<int>(Status::Eligible)] += t.eligible;
  by_status_[static_cast<int>(Status::NotEligible)] += t.not_eligible;
  by_status_[static_cast<int>(Status::Waitlisted)] += t.waitlisted;
  for (std::size_t i = 0; i < t.candidates.size(); ++i) {
    groups_[i].candidates += t.candidates[i];
    groups_[i].eligible += t.allocated[i] + t.waitlisted_in[i];
    groups_[i].allocated += t.allocated[i];
    groups_[i].waitlisted += t.waitlisted_in[i];
  }
  for (std::size_t i = 0; i < t.persons.size(); ++i) {
    payers_[i].all.persons += t.persons[i];
    payers_[i].all.monthly += t.monthly[i].total();
    payers_[i].all.yearly += t.yearly[i].total();
    if (i < t.accounts.size())
      for (const auto& [name, a] : t.accounts[i]) {
        if (a.persons == 0) continue;  // an account of an earlier block
        AccountTotals& totals = payers_[i].accounts[name];
        totals.persons += a.persons;
        totals.monthly += a.monthly.total();
        totals.yearly += a.yearly.total();
      }
  }
  // Only reasons that occurred become keys, as add(Decision) makes them.
  for (std::size_t i = 0; i < t.reasons.size(); ++i) {
    if (t.reasons[i]) reasons_[reason_names[i]] += t.reasons[i];
    if (t.first_reasons[i]) first_reasons_[reason_names[i]] += t.first_reasons[i];
  }
}

std::string Summary::json() const {
  using nlohmann::json;
  const int year = ymd_from_day(as_of_).year;
  json j;
  j["policy"] = {{"name", program_.name}, {"hash", program_.hash}};
  j["as_of"] = format_date(as_of_);
  j["reconciliation"] = {
      {"rows_in", rows_in()}, {"decided", decided()}, {"rejected", rejected()}, {"holds", reconciles()}};
  if (input_ && input_->line_based)
    j["reconciliation"]["lines"] = {{"total", input_->lines},
                                    {"header", input_->header},
                                    {"blank", input_->blank},
                                    {"continuation", input_->continuation},
                                    {"rows", input_->rows}};
  j["status"] = {{"eligible", by_status_[0]},
                 {"not_eligible", by_status_[1]},
                 {"waitlisted", by_status_[2]},
                 {"rejected", by_status_[3]}};
  json groups = json::object();
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const auto& g = groups_[i];
    groups[program_.groups[i].info.name] = {{"candidates", g.candidates},
                                            {"eligible", g.eligible},
                                            {"allocated", g.allocated},
                                            {"waitlisted", g.waitlisted}};
  }
  j["groups"] = groups;
  json payers = json::object();
  for (std::size_t i = 0; i < program_.payers.size(); ++i) {
    const auto& p = program_.payers[i];
    const auto& totals = payers_[i];
    json pj = {{"label", p.info.label},
               {"persons", totals.all.persons},
               {"monthly_sen", written(totals.all.monthly, p.info.name)},
               {"annual_sen", written(12 * totals.all.monthly, p.info.name)},
               {"budget_year_cost_sen", written(totals.all.yearly, p.info.name)}};
    auto budget = p.budgets.find(year);
    pj["budget_year"] = year;
    pj["budget_sen"] = budget == p.budgets.end() ? json(nullptr) : json(budget->second);
    if (budget != p.budgets.end() && totals.accounts.empty() && budget->second > 0)
      pj["utilisation_percent"] = utilisation(written(totals.all.yearly, p.info.name), budget->second);
    if (!totals.accounts.empty()) {
      json accounts = json::object();
      for (const auto& [name, a] : totals.accounts) {
        json aj = {{"persons", a.persons},
                   {"monthly_sen", written(a.monthly, name)},
                   {"annual_sen", written(12 * a.monthly, name)},
                   {"budget_year_cost_sen", written(a.yearly, name)}};
        if (budget != p.budgets.end() && budget->second > 0)
          aj["utilisation_percent"] = utilisation(written(a.yearly, name), budget->second);
        accounts[name] = aj;
      }
      pj["accounts"] = accounts;
    }
    payers[p.info.name] = pj;
  }
  j["payers"] = payers;
  json reasons = json::object(), first = json::object();
  for (const auto& [rule, n] : reasons_) reasons[std::string(rule)] = n;
  for (const auto& [rule, n] : first_reasons_) first[std::string(rule)] = n;
  j["reasons"] = reasons;
  j["first_reasons"] = first;
  return j.dump(2) + "\n";
}

std::string Summary::text() const {
  std::string out =
      fmt::format("{} rows: {} eligible, {} not eligible, {} waitlisted, {} rejected{}\n", rows_in(), by_status_[0],
                  by_status_[1], by_status_[2], by_status_[3], reconciles() ? "" : " (DOES NOT RECONCILE)");
  if (input_ && input_->line_based)
    out += fmt::format("  lines {} = header {} + blank {} + continuation {} + rows {}\n", input_->lines, input_->header,
                       input_->blank, input_->continuation, input_->rows);
  for (std::size_t i = 0; i < program_.groups.size(); ++i) {
    const auto& g = program_.groups[i];
    const auto& t = groups_[i];
    out += fmt::format("  group {:<24} candidates {:>9}  allocated {:>9}  waitlisted {:>9}\n", g.info.name,
                       format_int(static_cast<std::int64_t>(t.candidates)),
                       format_int(static_cast<std::int64_t>(t.allocated)),
                       format_int(static_cast<std::int64_t>(t.waitlisted)));
  }
  for (std::size_t i = 0; i < program_.payers.size(); ++i) {
    const auto& p = program_.payers[i];
    const auto& t = payers_[i];
    if (t.all.persons == 0) continue;
    out += fmt::format("  payer {:<24} persons {:>9}  monthly {}  in {} {}\n", p.info.name,
                       format_int(static_cast<std::int64_t>(t.all.persons)),
                       format_money(written(t.all.monthly, p.info.name)), ymd_from_day(as_of_).year,
                       format_money(written(t.all.yearly, p.info.name)));
  }
  return out;
}

}  // namespace jaring
