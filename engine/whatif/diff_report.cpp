#include "engine/whatif/diff_report.hpp"

#include <fmt/format.h>

#include "engine/base/date.hpp"
#include "engine/whatif/words.hpp"

namespace jaring::whatif {

namespace {

std::int64_t delta(std::uint64_t after, std::uint64_t before) {
  return static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
}

std::string optional_money(const std::optional<std::int64_t>& v) { return v ? money(*v) : "–"; }

Table transitions_table(const PopulationDiff& p, Lang l) {
  Table t{"transitions",
          tr(l, "Perubahan per data peserta", "Changes per record"),
          {tr(l, "perubahan", "change"), tr(l, "data", "records"), tr(l, "bagian", "share")},
          {false, true, true},
          {},
          {},
          {}};
  for (std::size_t k = 0; k < transition_count; ++k)
    t.add({transition_word(static_cast<Transition>(k), l), count(p.transitions[k]),
           share(static_cast<std::int64_t>(p.transitions[k]), static_cast<std::int64_t>(p.records))});
  t.add({tr(l, "jumlah data", "records"), count(p.records), share(1, 1)}, true);
  t.note = fmt::format(trf(l, "Kebijakan dasar diputuskan per {}, usulan per {}.",
                           "The base is decided as of {}, the proposal as of {}."),
                       format_date(p.base_as_of), format_date(p.as_of));
  return t;
}

Table causes_table(const PopulationDiff& p, Lang l) {
  Table t{"causes",
          tr(l, "Aturan yang menyebabkan perubahan", "Rules responsible for the changes"),
          {tr(l, "perubahan", "change"), tr(l, "aturan", "rule"), tr(l, "uraian", "label"),
           tr(l, "dasar hukum", "citation"), tr(l, "catatan", "note"), tr(l, "data", "records")},
          {false, false, false, false, false, true},
          {},
          {},
          {}};
  for (const auto& c : p.causes)
    t.add({transition_word(c.transition, l), c.cause.rule, c.cause.label, c.cause.citation, note_words(c.cause.note, l),
           count(c.records)});
  t.note = tr(l, "Satu data dapat gagal pada beberapa syarat sekaligus; tiap syarat dihitung.",
              "A record can fail several requirements at once; each is counted.");
  return t;
}

Table status_table(const PopulationDiff& p, Lang l) {
  Table t{"status",
          tr(l, "Status keputusan", "Decision status"),
          {tr(l, "status", "status"), tr(l, "sebelum", "before"), tr(l, "sesudah", "after"), "Δ"},
          {false, true, true, true},
          {},
          {},
          {}};
  for (int s = 0; s < 4; ++s)
    t.add({status_word(static_cast<Status>(s), l), count(p.status_before[s]), count(p.status_after[s]),
           signed_count(delta(p.status_after[s], p.status_before[s]))});
  return t;
}

Table payers_table(const PopulationDiff& p, Lang l) {
  Table t{"payers",
          tr(l, "Biaya per pembayar", "Cost per payer"),
          {tr(l, "pembayar", "payer"), tr(l, "peserta sebelum", "persons before"), tr(l, "sesudah", "after"), "Δ",
           tr(l, "iuran/bulan sebelum", "monthly before"), tr(l, "sesudah", "after"), "Δ",
           tr(l, "tahun anggaran sebelum", "budget year before"), tr(l, "sesudah", "after"), "Δ"},
          {false, true, true, true, true, true, true, true, true, true},
          {},
          {},
          {}};
  Cost before, after;
  for (const auto& r : p.payers) {
    t.add({r.name, count(r.before.persons), count(r.after.persons),
           signed_count(delta(r.after.persons, r.before.persons)), money(r.before.monthly), money(r.after.monthly),
           signed_money(r.after.monthly - r.before.monthly), money(r.before.budget_year), money(r.after.budget_year),
           signed_money(r.after.budget_year - r.before.budget_year)});
    before.monthly += r.before.monthly;
    after.monthly += r.after.monthly;
    before.budget_year += r.before.budget_year;
    after.budget_year += r.after.budget_year;
  }
  t.add({tr(l, "jumlah", "total"), "", "", "", money(before.monthly), money(after.monthly),
         signed_money(after.monthly - before.monthly), money(before.budget_year), money(after.budget_year),
         signed_money(after.budget_year - before.budget_year)},
        true);
  t.note = fmt::format(
      trf(l,
          "Tahun anggaran = tahun tanggal keputusan ({} dasar, {} usulan): iuran bulanan tiap peserta × bulan tahun "
          "itu yang dibayar baris pembayarnya, seperti jaring eval memeriksa anggaran. Peserta yang dibayar bersama "
          "beberapa pembayar dihitung pada tiap pembayar.",
          "Budget year = the year of the decision date ({} base, {} proposal): each person's monthly contribution × "
          "the months of that year their paying line pays, as jaring eval checks budgets. A person paid by several "
          "payers counts for each."),
      ymd_from_day(p.base_as_of).year, ymd_from_day(p.as_of).year);
  return t;
}

Table budgets_table(const PopulationDiff& p, Lang l) {
  Table t{"budgets",
          tr(l, "Anggaran", "Budgets"),
          {tr(l, "pembayar", "payer"),
           fmt::format(trf(l, "anggaran {} (dasar)", "budget {} (base)"), ymd_from_day(p.base_as_of).year),
           tr(l, "terpakai", "used"), tr(l, "bagian", "share"),
           fmt::format(trf(l, "anggaran {} (usulan)", "budget {} (proposal)"), ymd_from_day(p.as_of).year),
           tr(l, "terpakai", "used"), tr(l, "bagian", "share")},
          {false, true, true, true, true, true, true},
          {},
          {},
          {}};
  for (const auto& r : p.payers) {
    if (!r.budget_before && !r.budget_after) continue;
    const std::int64_t used_before = r.before.budget_year, used_after = r.after.budget_year;
    t.add({r.name + (r.keyed ? tr(l, " (per rekening)", " (per account)") : ""), optional_money(r.budget_before),
           money(used_before), r.budget_before && !r.keyed ? share(used_before, *r.budget_before) : "–",
           optional_money(r.budget_after), money(used_after),
           r.budget_after && !r.keyed ? share(used_after, *r.budget_after) : "–"});
  }
  t.note = tr(l,
              "Terpakai = iuran bulanan tiap peserta yang dialokasikan × bulan tahun anggaran yang dibayar baris "
              "pembayarnya, seperti jaring eval memeriksa anggaran.",
              "Used = each allocated person's monthly contribution × the months of the budget year their paying line "
              "pays, as jaring eval checks budgets.");
  return t;
}

Table groups_table(const PopulationDiff& p, Lang l) {
  Table t{"groups",
          tr(l, "Peserta dan biaya per kelompok", "Persons and cost per group"),
          {tr(l, "kelompok", "group"), tr(l, "peserta sebelum", "persons before"), tr(l, "sesudah", "after"), "Δ",
           tr(l, "iuran/bulan sebelum", "monthly before"), tr(l, "sesudah", "after"), "Δ",
           tr(l, "kuota sebelum", "quota before"), tr(l, "sesudah", "after"),
           tr(l, "daftar tunggu sebelum", "waitlisted before"), tr(l, "sesudah", "after")},
          {false, true, true, true, true, true, true, true, true, true, true},
          {},
          {},
          {}};
  auto quota = [](const std::optional<std::int64_t>& q) { return q ? count(static_cast<std::uint64_t>(*q)) : "–"; };
  for (const auto& g : p.groups) {
    std::string name = g.name;
    if (!g.in_base) name += tr(l, " (baru)", " (new)");
    if (!g.in_proposal) name += tr(l, " (dihapus)", " (removed)");
    t.add({name, count(g.before.persons), count(g.after.persons),
           signed_count(delta(g.after.persons, g.before.persons)), money(g.before.monthly), money(g.after.monthly),
           signed_money(g.after.monthly - g.before.monthly), quota(g.quota_before), quota(g.quota_after),
           count(g.waitlisted_before), count(g.waitlisted_after)});
  }
  return t;
}

Table samples_table(const PopulationDiff& p, Lang l) {
  Table t{"samples",
          tr(l, "Contoh data yang berubah", "Sample of changed records"),
          {tr(l, "perubahan", "change"), "id", tr(l, "baris", "line"), tr(l, "sebelum", "before"),
           tr(l, "sesudah", "after"), tr(l, "aturan", "rules")},
          {false, false, true, false, false, false},
          {},
          {},
          {}};
  for (const auto& s : p.samples) {
    std::string rules;
    for (const auto& c : s.causes) {
      rules += (rules.empty() ? "" : "; ") + c.rule;
      if (!c.citation.empty()) rules += " [" + c.citation + "]";
      if (!c.note.empty()) rules += " (" + note_words(c.note, l) + ")";
    }
    t.add({transition_word(s.transition, l), s.id, std::to_string(s.line), side_text(s.before, l),
           side_text(s.after, l), rules});
  }
  t.note = tr(l, "Per jenis perubahan, data pertama menurut id.", "Per kind of change, the first records by id.");
  return t;
}

std::string change_line(const Change& c, Lang l) {
  std::string head = fmt::format("{} {}: {}{}", section_word(c.section, l), c.name, change_word(c.kind, l),
                                 c.aspect.empty() ? "" : " " + c.aspect);
  if (!c.citation.empty()) head += "  [" + c.citation + "]";
  std::string out = head + "\n";
  if (!c.before.empty()) out += "    - " + c.before + "\n";
  if (!c.after.empty()) out += "    + " + c.after + "\n";
  return out;
}

}  // namespace

std::string side_text(const SideView& s, Lang l) {
  std::string out = status_word(s.status, l);
  if (s.status == Status::Eligible) return out + " · " + s.group + " · " + s.accounts + " · " + money(s.total);
  if (!s.group.empty()) out += " · " + s.group;
  if (!s.reasons.empty()) out += " (" + s.reasons + ")";
  return out;
}

std::vector<Table> population_tables(const PopulationDiff& p, Lang l) {
  return {transitions_table(p, l), causes_table(p, l), payers_table(p, l), budgets_table(p, l),
          groups_table(p, l),      status_table(p, l), samples_table(p, l)};
}

std::string diff_text(const DiffReport& r, Lang l) {
  std::string out =
      fmt::format("{}: {}\n  {} ({})\n{}: {}\n  {} ({})\n\n", tr(l, "Dasar", "Base"), r.base.path, r.base.name,
                  r.base.hash, tr(l, "Usulan", "Proposal"), r.proposal.path, r.proposal.name, r.proposal.hash);
  const std::string title = fmt::format(trf(l, "Perubahan aturan ({})", "Rule changes ({})"), r.changes.size());
  out += title + "\n" + std::string(text_width(title), '=') + "\n";
  if (r.changes.empty()) out += tr(l, "Tidak ada perubahan makna.\n", "No change of meaning.\n");
  for (const auto& c : r.changes) out += change_line(c, l);
  out += "\n";
  if (!r.population) return out;
  out += fmt::format(trf(l, "Populasi: {} ({} data)\n\n", "Population: {} ({} records)\n\n"), r.records_path,
                     count(r.population->records));
  for (const auto& t : population_tables(*r.population, l)) out += render_text(t);
  return out;
}

}  // namespace jaring::whatif
