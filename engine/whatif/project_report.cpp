#include "engine/whatif/project_report.hpp"

#include <fmt/format.h>

#include "engine/whatif/report_range.hpp"
#include "engine/whatif/words.hpp"

namespace jaring::whatif {

namespace {

std::vector<bool> numeric_after_first(std::size_t columns) {
  std::vector<bool> out(columns, true);
  out[0] = false;
  return out;
}

// Rows = months (then the sum), columns = the items of `cells` ([item][month]) and their total.
Table by_month(std::string id, std::string title, const std::vector<RuleInfo>& items,
               const std::vector<std::vector<Figures>>& cells, const Projection& p, bool money_values, Lang l) {
  Table t{std::move(id), std::move(title), {tr(l, "bulan", "month")}, {}, {}, {}, {}};
  for (const auto& i : items) t.headers.push_back(i.name);
  t.headers.push_back(tr(l, "jumlah", "total"));
  t.numeric = numeric_after_first(t.headers.size());
  auto value = [&](const Figures& f) { return money_values ? money(f.contributions) : count(f.persons); };
  for (std::size_t m = 0; m <= p.months.size(); ++m) {
    const bool total = m == p.months.size();
    std::vector<std::string> row{total ? std::string(tr(l, "jumlah", "total")) : format_month(p.months[m])};
    Figures all;
    for (const auto& item : cells) {
      const Figures f = total ? sum(item) : item[m];
      row.push_back(value(f));
      all += f;
    }
    row.push_back(value(all));
    t.add(std::move(row), total);
  }
  if (!money_values) t.note = tr(l, "Jumlah baris terakhir: orang-bulan.", "Last row: person-months.");
  return t;
}

void claims_row(Table& t, const std::string& name, const Figures& f, bool total) {
  const auto ratio = loss_ratio(f.claims.total(), f.contributions);
  t.add({name, count(f.persons), money(f.contributions), money(claims_sen(f.claims.jkm)),
         money(claims_sen(f.claims.jkk_death)), money(claims_sen(f.claims.jkk_injury)),
         money(claims_sen(f.claims.total())), ratio ? percent(*ratio) : "–"},
        total);
}

Table claims_table(std::string id, std::string title, const std::vector<RuleInfo>& items,
                   const std::vector<std::vector<Figures>>& cells, const Projection& p, Lang l) {
  Table t{std::move(id),
          std::move(title),
          {tr(l, "nama", "name"), tr(l, "orang-bulan", "person-months"), tr(l, "iuran", "contributions"),
           tr(l, "klaim JKM", "JKM claims"), tr(l, "klaim JKK kematian", "JKK death claims"),
           tr(l, "klaim JKK lain", "other JKK claims"), tr(l, "perkiraan klaim", "expected claims"),
           tr(l, "rasio klaim", "loss ratio")},
          {},
          {},
          {},
          {}};
  t.numeric = numeric_after_first(t.headers.size());
  for (std::size_t k = 0; k < items.size(); ++k) claims_row(t, items[k].name, sum(cells[k]), false);
  claims_row(t, tr(l, "jumlah", "total"), sum(p.total), true);
  return t;
}

Table years_table(const ProjectReport& r, Lang l) {
  Table t{
      "budget_years",
      tr(l, "Iuran per tahun anggaran terhadap anggaran pembayar",
         "Contributions per budget year against each payer's budget"),
      {tr(l, "tahun", "year"), tr(l, "pembayar", "payer"), tr(l, "bulan", "months"), tr(l, "iuran", "contributions"),
       tr(l, "anggaran", "budget"), tr(l, "bagian", "share"), tr(l, "sisa", "remaining")},
      {false, false, true, true, true, true, true},
      {},
      {},
      {}};
  for (const auto& y : r.years) {
    if (y.contributions == 0 && !y.budget) continue;
    const bool compare = y.budget && !y.per_account;
    t.add({std::to_string(y.year), r.projection.payers[y.payer].name, std::to_string(y.months), money(y.contributions),
           y.budget ? money(*y.budget) + (y.per_account ? tr(l, " per rekening", " per account") : "") : "–",
           compare ? share(y.contributions, *y.budget) : "–",
           compare ? money(add_sen(*y.budget, -y.contributions)) : "–"});
  }
  t.note = tr(l, "Iuran = jumlah iuran bulanan pada bulan-bulan tahun itu yang ada dalam proyeksi.",
              "Contributions = the sum of the monthly contributions of that year's months in the projection.");
  return t;
}

Table status_table(const Projection& p, Lang l) {
  Table t{
      "status", tr(l, "Status keputusan per bulan", "Decision status per month"), {tr(l, "bulan", "month")}, {}, {}, {},
      {}};
  for (int s = 0; s < 4; ++s) t.headers.push_back(status_word(static_cast<Status>(s), l));
  t.numeric = numeric_after_first(t.headers.size());
  for (std::size_t m = 0; m < p.months.size(); ++m) {
    std::vector<std::string> row{format_month(p.months[m])};
    for (int s = 0; s < 4; ++s) row.push_back(count(p.status[m][s]));
    t.add(std::move(row));
  }
  return t;
}

Table assumptions_table(const ProjectReport& r, Lang l) {
  Table t{"assumptions",
          tr(l, "Asumsi klaim", "Claims assumptions"),
          {tr(l, "asumsi", "assumption"), tr(l, "nilai", "value"), tr(l, "sumber", "source")},
          {false, true, false},
          {},
          {},
          {}};
  for (const auto& a : describe(r.assumptions, l)) t.add({a.key, a.value, a.source});
  std::string note = r.assumptions_path.empty()
                         ? tr(l, "Nilai bawaan (tanpa --assumptions).", "Defaults (no --assumptions).")
                         : fmt::format(trf(l, "Berkas skenario: {}.", "Scenario file: {}."), r.assumptions_path);
  if (!r.assumptions.scenario.empty()) note += " " + r.assumptions.scenario;
  if (!r.projection.income_from_records)
    note += fmt::format(trf(l, " Kebijakan tidak punya kolom uang `{}`: penghasilan bawaan dipakai untuk semua.",
                            " The policy has no money field `{}`: the default income is used for everyone."),
                        r.assumptions.income_field);
  t.note = note + tr(l, " Perkiraan klaim = orang-bulan × laju setahun ÷ 12 × manfaat; beasiswa tidak dihitung.",
                     " Expected claims = person-months × yearly rate ÷ 12 × benefit; scholarships are not counted.");
  return t;
}

}  // namespace

std::string convention_text(Lang l) {
  return tr(
      l,
      "Setiap bulan diputuskan per tanggal 1: keputusan tanggal 1 berlaku untuk sebulan penuh (iuran sebulan penuh, "
      "kuota dan anggaran diterapkan seperti pada jaring eval).",
      "Each month is decided as of its 1st: the decision on the 1st stands for the whole month (a full month's "
      "contribution; quotas and budgets applied as in jaring eval).");
}

std::vector<Table> project_tables(const ProjectReport& r, Lang l) {
  const Projection& p = r.projection;
  std::vector<Table> out;
  out.push_back(by_month("payer_contributions",
                         tr(l, "Iuran per pembayar per bulan", "Contributions per payer per month"), p.payers,
                         p.by_payer, p, true, l));
  out.push_back(by_month("payer_persons", tr(l, "Peserta per pembayar per bulan", "Persons per payer per month"),
                         p.payers, p.by_payer, p, false, l));
  out.push_back(by_month("group_persons", tr(l, "Peserta per kelompok per bulan", "Persons per group per month"),
                         p.groups, p.by_group, p, false, l));
  out.push_back(by_month("group_contributions",
                         tr(l, "Iuran per kelompok per bulan", "Contributions per group per month"), p.groups,
                         p.by_group, p, true, l));
  out.push_back(years_table(r, l));
  out.push_back(claims_table(
      "claims_payers",
      tr(l, "Perkiraan klaim terhadap iuran, per pembayar", "Expected claims against contributions, per payer"),
      p.payers, p.by_payer, p, l));
  out.push_back(claims_table(
      "claims_groups",
      tr(l, "Perkiraan klaim terhadap iuran, per kelompok", "Expected claims against contributions, per group"),
      p.groups, p.by_group, p, l));
  out.push_back(status_table(p, l));
  out.push_back(assumptions_table(r, l));
  return out;
}

std::string project_text(const ProjectReport& r, Lang l) {
  const Projection& p = r.projection;
  std::string out =
      fmt::format("{}: {}\n  {} ({})\n", tr(l, "Kebijakan", "Policy"), r.policy.path, r.policy.name, r.policy.hash);
  out += fmt::format(
      trf(l, "Populasi: {} ({} data); {} .. {} ({} bulan)\n", "Population: {} ({} records); {} .. {} ({} months)\n"),
      r.records_path, count(p.records), format_month(p.months.front()), format_month(p.months.back()), p.months.size());
  out += convention_text(l) + "\n\n";
  for (const auto& t : project_tables(r, l)) out += render_text(t);
  return out;
}

}  // namespace jaring::whatif
