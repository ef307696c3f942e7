// Seeded synthetic populations for tests and benchmarks: a JSON spec in, a CSV of records out.
// The same spec and seed give a byte-identical file on any machine (std::mt19937_64 with our
// own mapping to ranges; no floating point after the spec is read).
//
// Spec (a JSON object; `--records` and `--seed` override `records` and `seed`):
//   "seed"           integer, default 1
//   "records"        integer >= 1 (required unless given on the command line)
//   "region"         "PP" or "PP.KK": the area whose residents qualify (`domicile within`)
//   "villages"       {"count": 43, "districts": 8, "pattern": "kelurahan"|"desa"|"mixed",
//                     "prefix": "PP.KK"}: villages spread evenly over kecamatan CC = 01..districts
//                    of `prefix` (default `region`, which must then be PP.KK; a prefix must lie
//                    within the region); codes PP.KK.CC.VVVV with VVVV 1001.. for a kelurahan,
//                    2001.. for a desa, `mixed` alternating in each kecamatan
//   "roles"          [{"role": "ketua_rt", "weight": 1600}, ...]: integer weights. When they sum
//                    to `records` they are exact headcounts; otherwise each role gets its share
//                    of `records` (largest remainder, ties to the earlier role), still exact.
//                    Per role, optional "female_share" and "birth_years" override the global ones.
//   "birth_years"    [first, last], at most 100 years inclusive; birth dates uniform over the days
//   "female_share"   fraction of women, default 0.5 (women's NIK day is the day + 40)
//   "registered_on"  ["YYYY-MM-DD", "YYYY-MM-DD"]: uniform registration dates, inclusive
//   "noise"          fractions of records made ineligible or unreadable on purpose, each exactly
//                    round(fraction x records) rows, disjoint: "outside_region" (domicile in the
//                    next kabupaten/kota or province), "registered_pu" (registered_pu = true),
//                    "missing_birth_date" (empty cell), "malformed_nik" (not 16 digits)
//   "declared_income" optional {"share": 0.1, "min": 1000000, "max": 5000000, "step": 50000}:
//                    adds the column; `share` of rows get a whole-rupiah amount min + k x step
//                    (<= max), the rest an empty cell (the schema default applies)
//   "kcm_roster"     optional {"share": 0.05, "roles": ["ketua_rt"]}: adds the column; `share` of
//                    the rows with one of `roles` (every role when omitted) get true
//   "village_column" the village column's header (default "village")
//   "desa_column"    adds a true/false column of that name: the village is a desa
//   "flags"          [{"name": "village_decree", "share": 0.95, "roles": [...]}]: extra yes/no columns
//   "blank"          optional {"registered_on": 0.3, "village": 0.1}: cells left empty, as real
//                    lists leave optional fields: per column named, exactly
//                    round(fraction x records) rows, chosen apart from the other columns' and the
//                    noise; up to 8 of the columns registered_pu, registered_on, the village
//                    column, the desa column, kcm_roster and the flags
//   "repeated"       optional fraction: rows that carry the NIK of an earlier row, as lists merged
//                    from several offices list one person twice; exactly round(fraction x records)
//                    rows, among those with a well-formed NIK, each given the NIK of an earlier
//                    such row (a copy's copy the same: some NIKs three times or more), chosen
//                    apart from the rest: the same population otherwise
// Columns: nik,name,birth_date,role,domicile,village,registered_pu,registered_on
// [,declared_income][,kcm_roster]. NIK: PPKKCC of the person's kecamatan, DDMMYY of birth
// (DD + 40 for women), a serial 0001.. per (kecamatan, birth date, sex): unique per record
// (but for the rows `repeated` gives another's).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/date.hpp"

namespace jaring {

// Birth years, inclusive.
struct YearRange {
  int first = 0;
  int last = 0;
};

// One role of the population and its weight (a headcount when the weights sum to `records`).
struct SynthRole {
  std::string role;
  std::uint64_t weight = 0;
  std::optional<std::uint32_t> female_ppm;  // parts per million
  std::optional<YearRange> birth_years;
};

// Fractions of records spoiled on purpose (see `noise` above).
struct SynthNoise {
  double outside_region = 0;
  double registered_pu = 0;
  double missing_birth_date = 0;
  double malformed_nik = 0;
};

// Which rows carry a declared income, and its range in whole rupiah.
struct SynthIncome {
  std::uint32_t share_ppm = 0;
  std::int64_t min = 0;  // rupiah
  std::int64_t max = 0;
  std::int64_t step = 1;
};

// Which rows are on the Kader Cilegon Mandiri roster.
struct SynthRoster {
  std::uint32_t share_ppm = 0;
  std::vector<std::string> roles;  // empty: every role
};

// An extra yes/no column: `share` of the rows of `roles` (every role when empty) get `true`.
struct SynthFlag {
  std::string name;
  std::uint32_t share_ppm = 0;
  std::vector<std::string> roles;
};

// A population spec as read from JSON (the format above), validated.
struct SynthSpec {
  std::uint64_t seed = 1;
  std::uint64_t records = 0;
  std::string region;  // PP or PP.KK
  std::string prefix;  // PP.KK of the villages
  std::uint32_t villages = 1;
  std::uint32_t districts = 1;
  std::string pattern = "kelurahan";
  std::vector<SynthRole> roles;
  YearRange birth_years;
  std::uint32_t female_ppm = 500'000;
  Period registered_on;
  SynthNoise noise;
  std::optional<SynthIncome> declared_income;
  std::optional<SynthRoster> kcm_roster;
  std::string village_column = "village";  // `village_column`: the header of the village column
  std::optional<std::string> desa_column;  // `desa_column`: adds true/false, the village is a desa
  std::vector<SynthFlag> flags;            // `flags`: extra yes/no columns, after the others
  // `blank`: per column (its header), the fraction of its cells left empty, in ppm.
  std::vector<std::pair<std::string, std::uint32_t>> blank;
  std::uint32_t repeated_ppm = 0;  // `repeated`: rows that carry an earlier row's NIK
};

// What a generated population holds: exact headcounts per role (spec order) and per noise kind.
struct SynthStats {
  std::uint64_t records = 0;
  std::vector<std::pair<std::string, std::uint64_t>> roles;
  std::uint64_t outside_region = 0;
  std::uint64_t registered_pu = 0;
  std::uint64_t missing_birth_date = 0;
  std::uint64_t malformed_nik = 0;
  std::vector<std::pair<std::string, std::uint64_t>> blank;  // per `blank` column, its empty cells
  std::uint64_t repeated = 0;                                // rows that carry an earlier row's NIK
};

// Reads a spec from JSON text; throws std::runtime_error naming the offending key.
SynthSpec parse_synth_spec(std::string_view json_text);

// The headcount of each role (spec order) for `spec.records` records.
std::vector<std::uint64_t> role_headcounts(const SynthSpec& spec);

// Writes the population of `spec` as CSV (header first) to `out`; throws std::runtime_error
// when the spec cannot be met (e.g. more noise rows than records, a NIK serial past 9999).
SynthStats synthesize(const SynthSpec& spec, std::ostream& out);

// The text of examples/synth/cilegon-2024.json, built in for `jaring bench`.
std::string_view cilegon_2024_spec();

}  // namespace jaring
