// Expected claims against contributions: the assumptions of a scenario (yearly rates, average
// benefits) and the exact expected claims of one covered person-month. No floating point:
// rates are millionths of one, money is sen, and expected claims are exact rationals over a
// fixed denominator until they are rounded (half away from zero) to the sen for display.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/rational.hpp"
#include "engine/whatif/lang.hpp"

namespace jaring::whatif {

// Defaults: ../shared/domain/BPJSTK.md and ../shared/research/domain.md §3, §7.2 (see describe()).
struct Assumptions {
  std::int64_t death_rate = 3'500;                  // JKM deaths (not from work) a year, millionths (3,5‰)
  std::int64_t work_accident_rate = 2'200;          // JKK claims a year, millionths (2,2‰)
  std::int64_t work_accident_fatal_share = 20'000;  // share of JKK claims that are deaths (2 %)
  std::int64_t jkm_benefit = 4'200'000'000;         // sen: Rp 42.000.000
  std::int64_t jkk_death_income_multiple = 48;      // × monthly income
  std::int64_t jkk_death_fixed = 2'200'000'000;     // sen: funeral Rp 10 jt + periodic Rp 12 jt
  std::int64_t jkk_injury_benefit = 1'000'000'000;  // sen: Rp 10.000.000 average non-fatal JKK claim
  std::string income_field = "declared_income";     // money field with the monthly income (JKK death)
  std::int64_t default_income = 100'000'000;        // sen: Rp 1.000.000 when the policy has no such field
  std::string scenario;                             // the file's own description, echoed
  std::set<std::string> from_file;                  // keys the scenario file set
};

// Reads a scenario file (a JSON object; format in examples/whatif/README.md). Rates are text
// (`"3,5‰"`, `"0,35%"`) or plain decimals (`0.0035`), read exactly; money is whole rupiah or
// text (`"Rp 42.000.000"`). Unknown keys, negative values, rates above 1 and amounts that are
// not exact are refused: nothing is returned and `error` names the key and the reason.
std::optional<Assumptions> parse_assumptions(const std::string& json_text, std::string& error);

// Expected claims in units of 1/claims_denominator sen (12 months × 10^6 × 10^6: a yearly
// rate in millionths times a share in millionths, spread over 12 months).
inline constexpr int128 claims_denominator = static_cast<int128>(12) * 1'000'000'000'000;

struct Claims {
  int128 jkm = 0;
  int128 jkk_death = 0;
  int128 jkk_injury = 0;

  int128 total() const { return jkm + jkk_death + jkk_injury; }
  // Adds `o`; throws std::overflow_error if a sum leaves 127 bits.
  Claims& operator+=(const Claims& o);
};

// The expected claims of one person-month covered by JKM and/or JKK, for a monthly income
// (the JKK death benefit is 48 × income + the fixed part).
Claims person_month_claims(const Assumptions& a, std::int64_t income_sen, bool covers_jkm, bool covers_jkk);
// `c` × num / den, each kind rounded down, so shares of one amount never add up to more than it.
Claims scale_claims(const Claims& c, std::int64_t num, std::int64_t den);
// An exact amount in claims units, rounded to the sen (half away from zero).
std::int64_t claims_sen(int128 units);
// Expected claims ÷ contributions, in millionths (100 % = 1.000.000), rounded half away from
// zero to 0,01 %; nothing when there are no contributions.
std::optional<std::int64_t> loss_ratio(int128 claim_units, std::int64_t contributions_sen);

// One assumption as echoed in reports: its key, value as written, and where it comes from.
struct AssumptionLine {
  std::string key;
  std::string value;
  std::string source;
};
std::vector<AssumptionLine> describe(const Assumptions& a, Lang lang);

}  // namespace jaring::whatif
