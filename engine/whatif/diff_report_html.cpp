// `jaring diff --html FILE` (diff_report.hpp): KPIs, before/after charts, then the tables.
#include <fmt/format.h>

#include "engine/base/date.hpp"
#include "engine/whatif/diff_report.hpp"
#include "engine/whatif/html_page.hpp"
#include "engine/whatif/svg_chart.hpp"
#include "engine/whatif/words.hpp"

namespace jaring::whatif {

namespace {

std::string kpi(const std::string& value, const std::string& label) {
  return fmt::format("<div class=\"kpi\"><b>{}</b><span>{}</span></div>", escape_html(value), escape_html(label));
}

std::string kpis(const PopulationDiff& p, Lang l) {
  std::int64_t before = 0, after = 0;
  for (const auto& r : p.payers) before += r.before.monthly, after += r.after.monthly;
  std::string out = "<div class=\"kpis\">";
  out += kpi(count(p.records), tr(l, "data peserta", "records"));
  out +=
      kpi(count(p.transitions[static_cast<int>(Transition::GainedCover)]), transition_word(Transition::GainedCover, l));
  out += kpi(count(p.transitions[static_cast<int>(Transition::LostCover)]), transition_word(Transition::LostCover, l));
  out += kpi(money(after),
             fmt::format(trf(l, "iuran per bulan sesudah (sebelum {})", "monthly contributions after (before {})"),
                         money(before)));
  out += kpi(signed_money(12 * (after - before)), tr(l, "selisih setahun", "annual difference"));
  return out + "</div>\n";
}

std::string charts(const PopulationDiff& p, Lang l) {
  std::vector<Bar> transitions;
  for (std::size_t k = 0; k < transition_count; ++k)
    if (static_cast<Transition>(k) != Transition::Unchanged)
      transitions.push_back(
          {transition_word(static_cast<Transition>(k), l), static_cast<std::int64_t>(p.transitions[k])});
  std::vector<Pair> payers, groups;
  for (const auto& r : p.payers) payers.push_back({r.name, r.before.monthly, r.after.monthly});
  for (const auto& g : p.groups)
    groups.push_back({g.name, static_cast<std::int64_t>(g.before.persons), static_cast<std::int64_t>(g.after.persons)});
  const std::string before = fmt::format(trf(l, "sebelum ({})", "before ({})"), format_date(p.base_as_of));
  const std::string after = fmt::format(trf(l, "sesudah ({})", "after ({})"), format_date(p.as_of));
  std::string out = "<div class=\"charts\">\n";
  out += paired_bars(tr(l, "Iuran per bulan per pembayar", "Monthly contributions per payer"), payers, before, after,
                     Unit::Money, l);
  out += paired_bars(tr(l, "Peserta per kelompok", "Persons per group"), groups, before, after, Unit::Count, l);
  out += bars(tr(l, "Data yang berubah, per jenis perubahan", "Changed records by kind of change"), transitions,
              std::nullopt, Unit::Count);
  return out + "</div>\n";
}

Table changes_table(const std::vector<Change>& changes, Lang l) {
  Table t{"changes",
          fmt::format(trf(l, "Perubahan aturan ({})", "Rule changes ({})"), changes.size()),
          {tr(l, "bagian", "section"), tr(l, "nama", "name"), tr(l, "perubahan", "change"), tr(l, "sebelum", "before"),
           tr(l, "sesudah", "after"), tr(l, "dasar hukum", "citation")},
          {false, false, false, false, false, false},
          {},
          {},
          {}};
  for (const auto& c : changes)
    t.add({section_word(c.section, l), c.name,
           std::string(change_word(c.kind, l)) + (c.aspect.empty() ? "" : " " + c.aspect), c.before, c.after,
           c.citation});
  if (changes.empty()) t.note = tr(l, "Tidak ada perubahan makna.", "No change of meaning.");
  return t;
}

std::string change_chart(const std::vector<Change>& changes, Lang l) {
  std::vector<Bar> by_section;
  for (int s = 0; s <= static_cast<int>(Section::Group); ++s) {
    std::int64_t n = 0;
    for (const auto& c : changes) n += c.section == static_cast<Section>(s);
    if (n) by_section.push_back({section_word(static_cast<Section>(s), l), n});
  }
  return bars(tr(l, "Perubahan aturan per bagian", "Rule changes by section"), by_section, std::nullopt, Unit::Count);
}

}  // namespace

std::string diff_html(const DiffReport& r, Lang l) {
  const std::string title = fmt::format(trf(l, "Perbandingan kebijakan: {} → {}", "Policy comparison: {} → {}"),
                                        r.base.name, r.proposal.name);
  std::string body = "<h1>" + escape_html(title) + "</h1>\n";
  body += fmt::format("<p class=\"lead\">{}: <code>{}</code> ({})<br>{}: <code>{}</code> ({})</p>\n",
                      tr(l, "Dasar", "Base"), escape_html(r.base.path), escape_html(r.base.hash),
                      tr(l, "Usulan", "Proposal"), escape_html(r.proposal.path), escape_html(r.proposal.hash));
  if (r.population) {
    const auto& p = *r.population;
    body += fmt::format("<p class=\"lead\">{}</p>\n",
                        escape_html(fmt::format(trf(l, "Populasi {}: dasar diputuskan per {}, usulan per {}.",
                                                    "Population {}: the base decided as of {}, the proposal as of {}."),
                                                r.records_path, format_date(p.base_as_of), format_date(p.as_of))));
    body += kpis(p, l) + charts(p, l);
    for (const auto& t : population_tables(p, l)) body += html_table(t);
  } else {
    body += "<div class=\"charts\">" + change_chart(r.changes, l) + "</div>\n";
  }
  body += html_table(changes_table(r.changes, l));
  body += fmt::format("<p class=\"note\">{}</p>\n",
                      escape_html(tr(l, "Dibuat oleh jaring diff. Uang dalam rupiah, tepat sampai sen.",
                                     "Made by jaring diff. Money in rupiah, exact to the sen.")));
  return html_page(title, body, l);
}

}  // namespace jaring::whatif
