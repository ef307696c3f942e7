// `jaring project --format json` and `--format csv` (project_report.hpp).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "engine/whatif/project_report.hpp"

namespace jaring::whatif {

namespace {

using Json = nlohmann::ordered_json;

Json claims_json(const Claims& c) {
  return {{"jkm", claims_sen(c.jkm)},
          {"jkk_death", claims_sen(c.jkk_death)},
          {"jkk_other", claims_sen(c.jkk_injury)},
          {"total", claims_sen(c.total())}};
}

Json figures_json(const Figures& f, bool person_months) {
  Json j = {{person_months ? "person_months" : "persons", f.persons},
            {"contributions_sen", f.contributions},
            {"expected_claims_sen", claims_json(f.claims)}};
  if (person_months) {
    const auto ratio = loss_ratio(f.claims.total(), f.contributions);
    j["loss_ratio_millionths"] = ratio ? Json(*ratio) : Json(nullptr);
    j["loss_ratio"] = ratio ? Json(percent(*ratio)) : Json(nullptr);
  }
  return j;
}

Json rows_json(const char* key, const std::vector<RuleInfo>& items, const std::vector<std::vector<Figures>>& cells,
               const Projection& p) {
  Json out = Json::array();
  for (std::size_t k = 0; k < items.size(); ++k) {
    Json months = Json::array();
    for (std::size_t m = 0; m < p.months.size(); ++m) {
      Json cell = {{"month", format_month(p.months[m])}};
      cell.update(figures_json(cells[k][m], false));
      months.push_back(std::move(cell));
    }
    out.push_back({{key, items[k].name},
                   {"label", items[k].label},
                   {"citation", items[k].citation},
                   {"months", months},
                   {"total", figures_json(sum(cells[k]), true)}});
  }
  return out;
}

// Contributions and expected claims of payer `k` in `year`.
Figures year_figures(const Projection& p, std::size_t k, int year) {
  Figures f;
  for (std::size_t m = 0; m < p.months.size(); ++m)
    if (p.months[m].year == year) f += p.by_payer[k][m];
  return f;
}

}  // namespace

std::string project_json(const ProjectReport& r) {
  const Projection& p = r.projection;
  Json j;
  j["policy"] = {{"path", r.policy.path}, {"name", r.policy.name}, {"hash", r.policy.hash}};
  j["records_path"] = r.records_path;
  j["records"] = p.records;
  j["from"] = format_month(p.months.front());
  j["to"] = format_month(p.months.back());
  j["convention"] = "each month is decided as of its first day; that decision stands for the whole month";
  Json months = Json::array();
  for (std::size_t m = 0; m < p.months.size(); ++m) {
    Json status = Json::object();
    for (int s = 0; s < 4; ++s) status[status_name(static_cast<Status>(s))] = p.status[m][s];
    Json month = {
        {"month", format_month(p.months[m])}, {"as_of", format_date(first_day(p.months[m]))}, {"status", status}};
    month.update(figures_json(p.total[m], false));
    months.push_back(std::move(month));
  }
  j["months"] = months;
  j["payers"] = rows_json("payer", p.payers, p.by_payer, p);
  j["groups"] = rows_json("group", p.groups, p.by_group, p);
  j["total"] = figures_json(sum(p.total), true);
  Json years = Json::array();
  for (const auto& y : r.years)
    years.push_back({{"year", y.year},
                     {"payer", p.payers[y.payer].name},
                     {"months", y.months},
                     {"contributions_sen", y.contributions},
                     {"budget_sen", y.budget ? Json(*y.budget) : Json(nullptr)},
                     {"budget_per_account", y.per_account}});
  j["budget_years"] = years;
  Json assumptions = Json::array();
  for (const auto& a : describe(r.assumptions, Lang::En))
    assumptions.push_back({{"key", a.key}, {"value", a.value}, {"source", a.source}});
  j["assumptions"] = {{"file", r.assumptions_path},
                      {"scenario", r.assumptions.scenario},
                      {"income_from_records", p.income_from_records},
                      {"values", assumptions}};
  return j.dump(2) + "\n";
}

std::string project_csv(const ProjectReport& r) {
  const Projection& p = r.projection;
  std::string out = "period,dimension,name,persons,contribution_sen,expected_claims_sen,budget_sen\n";
  auto row = [&](const std::string& period, const char* dimension, const std::string& name, const Figures& f,
                 const std::string& budget) {
    out += fmt::format("{},{},{},{},{},{},{}\n", period, dimension, csv_field(name), f.persons, f.contributions,
                       claims_sen(f.claims.total()), budget);
  };
  for (std::size_t m = 0; m < p.months.size(); ++m) {
    const std::string month = format_month(p.months[m]);
    for (std::size_t k = 0; k < p.payers.size(); ++k) row(month, "payer", p.payers[k].name, p.by_payer[k][m], "");
    for (std::size_t k = 0; k < p.groups.size(); ++k) row(month, "group", p.groups[k].name, p.by_group[k][m], "");
    row(month, "total", "", p.total[m], "");
  }
  for (const auto& y : r.years)
    row(std::to_string(y.year), y.per_account ? "payer_year_per_account" : "payer_year", p.payers[y.payer].name,
        year_figures(p, y.payer, y.year), y.budget ? std::to_string(*y.budget) : "");
  const std::string range = format_month(p.months.front()) + ".." + format_month(p.months.back());
  for (std::size_t k = 0; k < p.payers.size(); ++k) row(range, "payer", p.payers[k].name, sum(p.by_payer[k]), "");
  for (std::size_t k = 0; k < p.groups.size(); ++k) row(range, "group", p.groups[k].name, sum(p.by_group[k]), "");
  row(range, "total", "", sum(p.total), "");
  return out;
}

}  // namespace jaring::whatif
