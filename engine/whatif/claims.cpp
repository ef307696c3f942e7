#include "engine/whatif/claims.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "engine/base/literals.hpp"
#include "engine/base/value.hpp"

namespace jaring::whatif {

namespace {

constexpr int128 million = 1'000'000;

int128 checked_add(int128 a, int128 b) {
  int128 out = 0;
  if (__builtin_add_overflow(a, b, &out)) throw std::overflow_error("expected claims are too large to add up exactly");
  return out;
}

int128 checked_mul(int128 a, int128 b) {
  int128 out = 0;
  if (__builtin_mul_overflow(a, b, &out)) throw std::overflow_error("expected claims are too large to compute exactly");
  return out;
}

std::int64_t fits(std::optional<std::int64_t> v) {
  if (!v) throw std::overflow_error("expected claims are too large to compute exactly");
  return *v;
}

// A rate in millionths as the reports write it: `3,5‰` below 1 %, `2%` otherwise.
std::string rate_text(std::int64_t millionths) {
  if (millionths != 0 && millionths < 10'000) {
    std::string s = format_percent(millionths * 10);  // the same digits, read as per mille
    return s.substr(0, s.size() - 1) + "‰";
  }
  return format_percent(millionths);
}

}  // namespace

Claims& Claims::operator+=(const Claims& o) {
  jkm = checked_add(jkm, o.jkm);
  jkk_death = checked_add(jkk_death, o.jkk_death);
  jkk_injury = checked_add(jkk_injury, o.jkk_injury);
  return *this;
}

Claims person_month_claims(const Assumptions& a, std::int64_t income_sen, bool covers_jkm, bool covers_jkk) {
  Claims c;
  if (covers_jkm) c.jkm = checked_mul(checked_mul(a.jkm_benefit, a.death_rate), million);
  if (covers_jkk) {
    const int128 death_benefit = checked_add(checked_mul(a.jkk_death_income_multiple, income_sen), a.jkk_death_fixed);
    c.jkk_death = checked_mul(checked_mul(death_benefit, a.work_accident_rate), a.work_accident_fatal_share);
    c.jkk_injury =
        checked_mul(checked_mul(a.jkk_injury_benefit, a.work_accident_rate), million - a.work_accident_fatal_share);
  }
  return c;
}

Claims scale_claims(const Claims& c, std::int64_t num, std::int64_t den) {
  if (den <= 0) return c;
  auto part = [&](int128 v) { return fits(floor_div({checked_mul(v, num), den})); };
  return {part(c.jkm), part(c.jkk_death), part(c.jkk_injury)};
}

std::int64_t claims_sen(int128 units) { return fits(round_half_away({units, claims_denominator})); }

std::optional<std::int64_t> loss_ratio(int128 claim_units, std::int64_t contributions_sen) {
  if (contributions_sen <= 0) return std::nullopt;
  // claims / (D × contributions) in units of 0,01 % (10^4 of them in 100 %), then millionths.
  const std::int64_t hundredths =
      fits(round_half_away({checked_mul(claim_units, 10'000), claims_denominator * contributions_sen}));
  std::int64_t millionths = 0;
  if (__builtin_mul_overflow(hundredths, std::int64_t{100}, &millionths))
    throw std::overflow_error("the loss ratio is too large to show");
  return millionths;
}

std::vector<AssumptionLine> describe(const Assumptions& a, Lang l) {
  auto source = [&](const char* key, const char* id, const char* en) {
    if (a.from_file.count(key)) return std::string(tr(l, "berkas skenario", "scenario file"));
    return std::string(tr(l, id, en));
  };
  std::vector<AssumptionLine> out;
  out.push_back({"death_rate", rate_text(a.death_rate) + tr(l, " setahun", " a year"),
                 source("death_rate", "BPJSTK.md: kematian ≈ 3,5‰ setahun pada kohort mirip BPU (1,7‰ seluruh peserta)",
                        "BPJSTK.md: deaths ≈ 3,5‰ a year in BPU-like cohorts (1,7‰ across all members)")});
  out.push_back({"work_accident_rate", rate_text(a.work_accident_rate) + tr(l, " setahun", " a year"),
                 source("work_accident_rate", "BPJSTK.md: klaim kecelakaan kerja BPU ≈ 2,2‰ setahun",
                        "BPJSTK.md: BPU work-accident claims ≈ 2,2‰ a year")});
  out.push_back(
      {"work_accident_fatal_share", rate_text(a.work_accident_fatal_share),
       source("work_accident_fatal_share", "ASUMSI (tidak ada dalam riset): bagian klaim JKK yang berupa kematian",
              "ASSUMPTION (not in the research): share of JKK claims that are deaths")});
  out.push_back({"jkm_benefit", format_money(a.jkm_benefit),
                 source("jkm_benefit", "PP 82/2019: santunan 20 jt + pemakaman 10 jt + berkala 12 jt (tanpa beasiswa)",
                        "PP 82/2019: lump sum 20 jt + funeral 10 jt + periodic 12 jt (no scholarship)")});
  out.push_back(
      {"jkk_death_income_multiple", fmt::format("{} ×", a.jkk_death_income_multiple),
       source("jkk_death_income_multiple", "PP 82/2019: kematian karena kecelakaan kerja 48 × penghasilan bulanan",
              "PP 82/2019: death from a work accident 48 × monthly income")});
  out.push_back({"jkk_death_fixed", format_money(a.jkk_death_fixed),
                 source("jkk_death_fixed", "PP 82/2019: pemakaman 10 jt + berkala 12 jt (tanpa beasiswa)",
                        "PP 82/2019: funeral 10 jt + periodic 12 jt (no scholarship)")});
  out.push_back(
      {"jkk_injury_benefit", format_money(a.jkk_injury_benefit),
       source("jkk_injury_benefit",
              "ASUMSI: rata-rata klaim JKK bukan kematian; riset domain.md §7.2: kebanyakan klaim JKK perawatan/STMB "
              "≈ Rp 5–17 jt (rata-rata nasional 2023 ≈ Rp 17,0 jt, termasuk PU dan kematian)",
              "ASSUMPTION: average non-fatal JKK claim; research domain.md §7.2: most JKK claims are care/STMB "
              "at ≈ Rp 5–17 m (national 2023 average ≈ Rp 17.0 m, incl. PU and deaths)")});
  out.push_back(
      {"income_field", a.income_field,
       source("income_field", "penghasilan bulanan untuk santunan kematian JKK (BPU: penghasilan yang dilaporkan)",
              "monthly income for the JKK death benefit (BPU: declared income)")});
  out.push_back({"default_income", format_money(a.default_income),
                 source("default_income", "bila kebijakan tidak punya kolom itu: penghasilan minimum BPU (BPJSTK.md)",
                        "when the policy has no such field: the BPU minimum income (BPJSTK.md)")});
  return out;
}

}  // namespace jaring::whatif
