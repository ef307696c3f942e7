// `jaring project --html FILE` (project_report.hpp): KPIs, charts (cost per payer per month,
// persons per group per month, budgets, loss ratios), then the tables.
#include <fmt/format.h>

#include "engine/whatif/html_page.hpp"
#include "engine/whatif/project_report.hpp"
#include "engine/whatif/svg_chart.hpp"

namespace jaring::whatif {

namespace {

std::string kpi(const std::string& value, const std::string& label) {
  return fmt::format("<div class=\"kpi\"><b>{}</b><span>{}</span></div>", escape_html(value), escape_html(label));
}

std::vector<Series> series_of(const std::vector<RuleInfo>& items, const std::vector<std::vector<Figures>>& cells,
                              bool money_values) {
  std::vector<Series> out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    Series s{items[k].name, {}};
    bool any = false;
    for (const auto& f : cells[k]) {
      s.values.push_back(money_values ? f.contributions : static_cast<std::int64_t>(f.persons));
      any = any || s.values.back() != 0;
    }
    if (any) out.push_back(std::move(s));
  }
  return out;
}

std::vector<Bar> ratios(const std::vector<RuleInfo>& items, const std::vector<std::vector<Figures>>& cells,
                        const std::string& prefix) {
  std::vector<Bar> out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Figures f = sum(cells[k]);
    if (auto r = loss_ratio(f.claims.total(), f.contributions)) out.push_back({prefix + items[k].name, *r});
  }
  return out;
}

std::string charts(const ProjectReport& r, Lang l) {
  const Projection& p = r.projection;
  std::vector<std::string> months;
  for (const auto& m : p.months) months.push_back(month_label(m, l));
  std::string out = "<div class=\"charts\">\n";
  out += stacked_bars(tr(l, "Iuran per pembayar per bulan", "Contributions per payer per month"), months,
                      series_of(p.payers, p.by_payer, true), Unit::Money, l);
  out += stacked_bars(tr(l, "Peserta per kelompok per bulan", "Persons per group per month"), months,
                      series_of(p.groups, p.by_group, false), Unit::Count, l);
  std::vector<Pair> budgets;
  for (const auto& y : r.years)
    if (y.budget && !y.per_account)
      budgets.push_back({fmt::format("{} {}", p.payers[y.payer].name, y.year), *y.budget, y.contributions});
  if (!budgets.empty())
    out += paired_bars(tr(l, "Anggaran dan iuran per tahun", "Budget and contributions per year"), budgets,
                       tr(l, "anggaran", "budget"), tr(l, "iuran dalam proyeksi", "projected contributions"),
                       Unit::Money, l);
  std::vector<Bar> loss = ratios(p.payers, p.by_payer, "");
  for (auto& b : ratios(p.groups, p.by_group, "")) loss.push_back(std::move(b));
  if (auto total = loss_ratio(sum(p.total).claims.total(), sum(p.total).contributions))
    loss.push_back({tr(l, "jumlah", "total"), *total});
  out += bars(tr(l, "Rasio klaim (perkiraan klaim ÷ iuran)", "Loss ratio (expected claims ÷ contributions)"), loss,
              1'000'000, Unit::Percent);
  return out + "</div>\n";
}

}  // namespace

std::string project_html(const ProjectReport& r, Lang l) {
  const Projection& p = r.projection;
  const std::string title = fmt::format(trf(l, "Proyeksi bulanan: {}", "Monthly projection: {}"), r.policy.name);
  std::string body = "<h1>" + escape_html(title) + "</h1>\n";
  body += fmt::format("<p class=\"lead\"><code>{}</code> ({})<br>{}</p>\n<p class=\"lead\">{}</p>\n",
                      escape_html(r.policy.path), escape_html(r.policy.hash),
                      escape_html(fmt::format(trf(l, "Populasi {} ({} data), {} sampai {} ({} bulan).",
                                                  "Population {} ({} records), {} to {} ({} months)."),
                                              r.records_path, count(p.records), month_label(p.months.front(), l),
                                              month_label(p.months.back(), l), p.months.size())),
                      escape_html(convention_text(l)));
  const Figures all = sum(p.total);
  const auto ratio = loss_ratio(all.claims.total(), all.contributions);
  body += "<div class=\"kpis\">" +
          kpi(money(all.contributions), tr(l, "iuran dalam proyeksi", "contributions in the projection"));
  body += kpi(count(all.persons), tr(l, "orang-bulan", "person-months"));
  body += kpi(money(claims_sen(all.claims.total())), tr(l, "perkiraan klaim", "expected claims"));
  body += kpi(ratio ? percent(*ratio) : "–", tr(l, "rasio klaim", "loss ratio")) + "</div>\n";
  body += charts(r, l);
  for (const auto& t : project_tables(r, l)) body += html_table(t);
  body +=
      fmt::format("<p class=\"note\">{}</p>\n",
                  escape_html(tr(l,
                                 "Dibuat oleh jaring project. Uang dalam rupiah, tepat sampai sen; perkiraan klaim "
                                 "dibulatkan ke sen.",
                                 "Made by jaring project. Money in rupiah, exact to the sen; expected claims rounded "
                                 "to the sen.")));
  return html_page(title, body, l);
}

}  // namespace jaring::whatif
