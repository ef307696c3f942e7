// Generating a population from a spec (synth.hpp). Roles and noise are laid out as exact
// headcounts and shuffled; every other column is drawn row by row from one mt19937_64 stream
// in a fixed order, so the output depends only on the spec and the seed.
#include "engine/synth/synth.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "engine/base/rational.hpp"

namespace jaring {

namespace {

// Uniform draws that are the same on every standard library (std::mt19937_64 is specified
// bit for bit; std::uniform_int_distribution is not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n), n > 0: rejection below 2^64 mod n, then modulo.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = (0 - n) % n;
    for (;;)
      if (const std::uint64_t x = engine_(); x >= limit) return x % n;
  }
  bool chance(std::uint32_t ppm) { return below(1'000'000) < ppm; }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

enum Noise : std::uint8_t { None, OutsideRegion, RegisteredPu, MissingBirthDate, MalformedNik };

constexpr std::array<const char*, 24> women = {"Siti",    "Nur",   "Dewi",   "Sri",         "Rina",    "Euis",
                                               "Yuliani", "Ratna", "Aminah", "Maesaroh",    "Rukayah", "Nurhayati",
                                               "Fitri",   "Wulan", "Lilis",  "Iis",         "Neneng",  "Ani",
                                               "Eka",     "Tuti",  "Enung",  "Hj. Rohimah", "Suryani", "Mulyati"};
constexpr std::array<const char*, 24> men = {"Ahmad",   "Muhammad", "Dedi",        "Sukardi", "Rohman", "Jaenudin",
                                             "Mulyadi", "Rizki",    "Karta",       "Agus",    "Budi",   "Asep",
                                             "Hendra",  "Iwan",     "Ujang",       "Yayan",   "Dadang", "Hasan",
                                             "Syarif",  "Fauzi",    "H. Sulaeman", "Ade",     "Rudi",   "Jajang"};
constexpr std::array<const char*, 16> women_second = {
    "Aminah",   "Rahmawati", "Lestari", "Handayani", "Kurniasih", "Fitriani", "Suryani", "Nurlela",
    "Komariah", "Hasanah",   "Sumiati", "Rosita",    "Marlina",   "Yulianti", "Susanti", "Wahyuni"};
constexpr std::array<const char*, 16> men_second = {
    "Supriadi", "Hidayat", "Saputra", "Kurniawan", "Setiawan", "Permana", "Nugraha",   "Firmansyah",
    "Ramdani",  "Maulana", "Suryadi", "Fauzi",     "Hermawan", "Gunawan", "Syahputra", "Sudrajat"};

struct Village {
  std::string code;        // PP.KK.CC.VVVV
  std::string nik_prefix;  // PPKKCC
  std::uint32_t slot = 0;  // kecamatan index, for NIK serials
};

std::string two(unsigned v) { return {static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)}; }

std::string digits_of(std::string code) {
  code.erase(std::remove(code.begin(), code.end(), '.'), code.end());
  return code;
}

std::vector<Village> make_villages(const SynthSpec& s) {
  std::vector<Village> out;
  std::vector<unsigned> in_district(s.districts, 0);
  for (std::uint32_t i = 0; i < s.villages; ++i) {
    const auto district = static_cast<std::uint32_t>(std::uint64_t{i} * s.districts / s.villages);
    const unsigned j = in_district[district]++;
    const bool desa = s.pattern == "desa" || (s.pattern == "mixed" && j % 2 == 1);
    const unsigned serial = (desa ? 2001 : 1001) + (s.pattern == "mixed" ? j / 2 : j);
    const std::string cc = two(district + 1);
    out.push_back({s.prefix + "." + cc + "." + std::to_string(serial), digits_of(s.prefix) + cc, district});
  }
  return out;
}

// The next kabupaten/kota (or province) after the region: a domicile outside it.
std::string outside_code(const std::string& region) {
  const unsigned last = static_cast<unsigned>(std::stoi(region.substr(region.size() - 2)));
  const std::string next = two(last % 99 + 1);
  return region.size() == 2 ? next + ".01" : region.substr(0, 3) + next;
}

std::vector<std::uint8_t> noise_layout(const SynthSpec& s, SynthStats& stats) {
  const auto count = [&](double f) {
    return static_cast<std::uint64_t>(std::llround(f * static_cast<double>(s.records)));
  };
  stats.outside_region = count(s.noise.outside_region);
  stats.registered_pu = count(s.noise.registered_pu);
  stats.missing_birth_date = count(s.noise.missing_birth_date);
  stats.malformed_nik = count(s.noise.malformed_nik);
  const std::uint64_t total =
      stats.outside_region + stats.registered_pu + stats.missing_birth_date + stats.malformed_nik;
  if (total > s.records) throw std::runtime_error("spec: the `noise` fractions add up to more than every record");
  std::vector<std::uint8_t> tags(s.records, None);
  auto it = tags.begin();
  it = std::fill_n(it, stats.outside_region, OutsideRegion);
  it = std::fill_n(it, stats.registered_pu, RegisteredPu);
  it = std::fill_n(it, stats.missing_birth_date, MissingBirthDate);
  std::fill_n(it, stats.malformed_nik, MalformedNik);
  return tags;
}

// Per row, bit k: its cell of column spec.blank[k] is left empty; each column's exactly
// round(fraction x records) rows, shuffled on their own. Drawn apart from the rows (a generator
// of its own), so a spec with `blank` gives the population it gives without, cells emptied.
std::vector<std::uint8_t> blank_layout(const SynthSpec& s, SynthStats& stats) {
  std::vector<std::uint8_t> bits, column;
  if (s.blank.empty()) return bits;
  Rng rng(s.seed ^ 0x626c616e6bULL);  // "blank"
  bits.assign(s.records, 0);
  for (std::size_t k = 0; k < s.blank.size(); ++k) {
    const auto n = static_cast<std::uint64_t>((uint128{s.blank[k].second} * s.records + 500'000) / 1'000'000);
    column.assign(s.records, 0);
    std::fill_n(column.begin(), n, std::uint8_t{1});
    rng.shuffle(column);
    for (std::uint64_t i = 0; i < s.records; ++i) bits[i] |= static_cast<std::uint8_t>(column[i] << k);
    stats.blank.emplace_back(s.blank[k].first, n);
  }
  return bits;
}

// Per row, the earlier row whose NIK it carries (`repeated`), or no_source: exactly
// round(fraction x records) rows, drawn among the rows with a well-formed NIK after the first
// such row, each given the NIK of one of those before it (a copy's copy carries the same: an
// id three times). Drawn apart from the rows (a generator of its own), so a spec with
// `repeated` gives the population it gives without, NIKs replaced.
constexpr std::uint32_t no_source = UINT32_MAX;  // `records` is at most 10^9
std::vector<std::uint32_t> repeat_layout(const SynthSpec& s, const std::vector<std::uint8_t>& noise,
                                         SynthStats& stats) {
  std::vector<std::uint32_t> from;
  const auto n = static_cast<std::uint64_t>((uint128{s.repeated_ppm} * s.records + 500'000) / 1'000'000);
  if (n == 0) return from;
  std::vector<std::uint32_t> valid;  // the rows with a well-formed NIK, in order
  for (std::uint64_t i = 0; i < s.records; ++i)
    if (noise[i] != MalformedNik) valid.push_back(static_cast<std::uint32_t>(i));
  if (n >= valid.size())
    throw std::runtime_error(
        fmt::format("spec: `repeated` asks for {} rows, and {} have a well-formed NIK after the first", n,
                    valid.empty() ? 0 : valid.size() - 1));
  Rng rng(s.seed ^ 0x726570656174ULL);  // "repeat"
  std::vector<std::uint8_t> chosen(valid.size() - 1, 0);
  std::fill_n(chosen.begin(), n, std::uint8_t{1});
  rng.shuffle(chosen);
  from.assign(s.records, no_source);
  for (std::size_t k = 1; k < valid.size(); ++k)
    if (chosen[k - 1]) from[valid[k]] = valid[rng.below(k)];
  stats.repeated = n;
  return from;
}

// Fixed-width decimal digits, without a formatting library in the per-row path.
void put_digits(std::string& out, std::uint64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<std::size_t>(width));
}

void put_date(std::string& out, Day d) {
  const Ymd ymd = ymd_from_day(d);
  put_digits(out, static_cast<std::uint64_t>(ymd.year), 4);
  out += '-';
  put_digits(out, static_cast<std::uint64_t>(ymd.month), 2);
  out += '-';
  put_digits(out, static_cast<std::uint64_t>(ymd.day), 2);
}

// Spoils a valid NIK in one of three shapes (a letter, 17 digits, a dash), each one-to-one,
// so spoiled NIKs stay unique.
std::string spoil_nik(std::string nik, std::uint64_t k) {
  switch (k % 3) {
    case 0: nik.back() = static_cast<char>('A' + (nik.back() - '0')); break;
    case 1: nik += '0'; break;
    default: nik.insert(6, 1, '-'); break;
  }
  return nik;
}

// Everything the per-row loop needs, worked out once from the spec.
struct Plan {
  std::vector<Village> villages;
  std::string outside;
  std::string outside_prefix;
  Day first_birth = 0;
  std::vector<Day> role_first, role_days;  // birth range per role
  std::vector<std::uint32_t> role_female;
  std::vector<bool> roster_role;
  std::vector<std::vector<bool>> flag_role;  // per role: whether each spec flag may be true
  std::vector<std::uint16_t> serials;        // per (kecamatan slot, birth day, sex)
  std::uint64_t birth_span = 0;
  // The bit of each column in a row's blanks (blank_layout), 0 when it is never left empty.
  std::uint8_t blank_village = 0, blank_pu = 0, blank_registered = 0, blank_desa = 0, blank_kcm = 0;
  std::vector<std::uint8_t> blank_flag;

  explicit Plan(const SynthSpec& s) : villages(make_villages(s)), outside(outside_code(s.region)) {
    blank_flag.assign(s.flags.size(), 0);
    for (std::size_t k = 0; k < s.blank.size(); ++k) {
      const std::string& column = s.blank[k].first;
      const auto bit = static_cast<std::uint8_t>(1U << k);
      if (column == s.village_column) blank_village = bit;
      else if (column == "registered_pu") blank_pu = bit;
      else if (column == "registered_on") blank_registered = bit;
      else if (s.desa_column && column == *s.desa_column) blank_desa = bit;
      else if (column == "kcm_roster") blank_kcm = bit;
      for (std::size_t f = 0; f < s.flags.size(); ++f)
        if (column == s.flags[f].name) blank_flag[f] = bit;
    }
    outside_prefix = digits_of(outside) + (outside.size() == 5 ? "01" : "");
    Day last_birth = 0;
    first_birth = INT32_MAX;
    for (const auto& r : s.roles) {
      const YearRange y = r.birth_years.value_or(s.birth_years);
      role_first.push_back(day_from_ymd({y.first, 1, 1}));
      role_days.push_back(day_from_ymd({y.last, 12, 31}) - role_first.back() + 1);
      first_birth = std::min(first_birth, role_first.back());
      last_birth = std::max(last_birth, role_first.back() + role_days.back() - 1);
      role_female.push_back(r.female_ppm.value_or(s.female_ppm));
      bool listed = s.kcm_roster && s.kcm_roster->roles.empty();
      if (s.kcm_roster)
        for (const auto& k : s.kcm_roster->roles) listed = listed || k == r.role;
      roster_role.push_back(listed);
      std::vector<bool> flagged;
      for (const auto& f : s.flags)
        flagged.push_back(f.roles.empty() || std::find(f.roles.begin(), f.roles.end(), r.role) != f.roles.end());
      flag_role.push_back(std::move(flagged));
    }
    birth_span = static_cast<std::uint64_t>(std::int64_t{last_birth} - first_birth + 1);
    serials.assign((s.districts + 1) * birth_span * 2, 0);
  }

  // The next serial for a NIK of this kecamatan slot, birth day and sex.
  unsigned serial(std::uint32_t slot, Day birth, bool female) {
    std::uint16_t& n = serials[(slot * birth_span + static_cast<std::uint64_t>(birth - first_birth)) * 2 + female];
    if (n == 9999) throw std::runtime_error("spec: more than 9999 people of one sex born on one day in one kecamatan");
    return ++n;
  }
};

void put_nik(std::string& out, const std::string& prefix, Day birth, bool female, unsigned serial) {
  const Ymd ymd = ymd_from_day(birth);
  out += prefix;
  put_digits(out, static_cast<std::uint64_t>(ymd.day) + (female ? 40U : 0U), 2);
  put_digits(out, static_cast<std::uint64_t>(ymd.month), 2);
  put_digits(out, static_cast<std::uint64_t>(ymd.year % 100), 2);
  put_digits(out, serial, 4);
}

// Appends one CSV row; draws from `rng` in a fixed order (a cell left empty, bit set in
// `blanks`, draws as a written one does; so does a NIK written as `carried`, another row's).
// `written`, when given, receives the NIK written.
void write_row(const SynthSpec& spec, Plan& plan, Rng& rng, std::uint16_t role, Noise kind, std::uint8_t blanks,
               std::uint64_t& spoiled, std::string& buf, const std::string* carried = nullptr,
               std::string* written = nullptr) {
  const Village& village = plan.villages[rng.below(plan.villages.size())];
  const bool female = rng.chance(plan.role_female[role]);
  const Day birth =
      plan.role_first[role] + static_cast<Day>(rng.below(static_cast<std::uint64_t>(plan.role_days[role])));
  const auto registered_days =
      static_cast<std::uint64_t>(std::int64_t{spec.registered_on.end} - spec.registered_on.start + 1);
  const Day registered = spec.registered_on.start + static_cast<Day>(rng.below(registered_days));
  const char* given = female ? women[rng.below(women.size())] : men[rng.below(men.size())];
  const char* second = female ? women_second[rng.below(women_second.size())] : men_second[rng.below(men_second.size())];

  const bool outside = kind == OutsideRegion;
  std::string nik;
  put_nik(nik, outside ? plan.outside_prefix : village.nik_prefix, birth, female,
          plan.serial(outside ? spec.districts : village.slot, birth, female));
  if (carried) nik = *carried;
  if (written) *written = nik;
  buf += kind == MalformedNik ? spoil_nik(nik, spoiled++) : nik;
  ((buf += ',') += given) += ' ';
  (buf += second) += ',';
  if (kind != MissingBirthDate) put_date(buf, birth);
  ((buf += ',') += spec.roles[role].role) += ',';
  (buf += outside ? plan.outside : village.code) += ',';
  if (!(blanks & plan.blank_village)) buf += village.code;
  buf += ',';
  if (kind == RegisteredPu) buf += "true";  // the noise kept: its rows are exactly counted
  else if (!(blanks & plan.blank_pu)) buf += "false";
  buf += ',';
  if (!(blanks & plan.blank_registered)) put_date(buf, registered);
  if (spec.declared_income) {
    const SynthIncome& inc = *spec.declared_income;
    buf += ',';
    if (rng.chance(inc.share_ppm)) {
      const auto steps = static_cast<std::uint64_t>((inc.max - inc.min) / inc.step + 1);
      buf += std::to_string(inc.min + static_cast<std::int64_t>(rng.below(steps)) * inc.step);
    }
  }
  // A yes/no cell, or an empty one.
  const auto yes_no = [&](bool yes, std::uint8_t blank) { buf += blanks & blank ? "," : yes ? ",true" : ",false"; };
  if (spec.kcm_roster) {
    const bool listed = plan.roster_role[role] && rng.chance(spec.kcm_roster->share_ppm);
    yes_no(listed, plan.blank_kcm);
  }
  if (spec.desa_column) yes_no(village.code.size() == 13 && village.code[9] == '2', plan.blank_desa);
  for (std::size_t f = 0; f < spec.flags.size(); ++f) {
    const bool flagged = plan.flag_role[role][f] && rng.chance(spec.flags[f].share_ppm);
    yes_no(flagged, plan.blank_flag[f]);
  }
  buf += '\n';
}

}  // namespace

std::vector<std::uint64_t> role_headcounts(const SynthSpec& spec) {
  std::vector<std::uint64_t> counts;
  uint128 total = 0;
  for (const auto& r : spec.roles) total += r.weight;
  if (total == 0) throw std::runtime_error("spec: the role weights add up to 0; give at least one a weight");
  if (total == spec.records) {
    for (const auto& r : spec.roles) counts.push_back(r.weight);
    return counts;
  }
  std::vector<uint128> remainders;
  std::uint64_t given = 0;
  for (const auto& r : spec.roles) {
    const uint128 share = static_cast<uint128>(r.weight) * spec.records;
    counts.push_back(static_cast<std::uint64_t>(share / total));
    remainders.push_back(share % total);
    given += counts.back();
  }
  std::vector<std::size_t> order(counts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < spec.records; ++k, ++given) ++counts[order[k]];
  return counts;
}

SynthStats synthesize(const SynthSpec& spec, std::ostream& out) {
  if (spec.records == 0) throw std::runtime_error("spec: `records` is not given");
  SynthStats stats;
  stats.records = spec.records;
  const std::vector<std::uint64_t> heads = role_headcounts(spec);
  std::vector<std::uint16_t> roles;
  roles.reserve(spec.records);
  for (std::size_t i = 0; i < heads.size(); ++i) {
    stats.roles.emplace_back(spec.roles[i].role, heads[i]);
    roles.insert(roles.end(), heads[i], static_cast<std::uint16_t>(i));
  }
  std::vector<std::uint8_t> noise = noise_layout(spec, stats);
  Rng rng(spec.seed);
  rng.shuffle(roles);
  rng.shuffle(noise);
  const std::vector<std::uint8_t> blanks = blank_layout(spec, stats);
  const std::vector<std::uint32_t> from = repeat_layout(spec, noise, stats);
  // The NIKs of the rows another carries, kept from their own row on.
  std::vector<std::uint8_t> is_source;
  if (!from.empty()) {
    is_source.assign(spec.records, 0);
    for (const std::uint32_t f : from)
      if (f != no_source) is_source[f] = 1;
  }
  std::unordered_map<std::uint32_t, std::string> sources;
  std::string nik;
  Plan plan(spec);

  std::string buf = "nik,name,birth_date,role,domicile," + spec.village_column + ",registered_pu,registered_on";
  if (spec.declared_income) buf += ",declared_income";
  if (spec.kcm_roster) buf += ",kcm_roster";
  if (spec.desa_column) buf += "," + *spec.desa_column;
  for (const auto& f : spec.flags) buf += "," + f.name;
  buf += '\n';
  std::uint64_t spoiled = 0;
  for (std::uint64_t i = 0; i < spec.records; ++i) {
    const bool repeats = !from.empty();
    const std::string* carried = repeats && from[i] != no_source ? &sources.at(from[i]) : nullptr;
    write_row(spec, plan, rng, roles[i], static_cast<Noise>(noise[i]), blanks.empty() ? 0 : blanks[i], spoiled, buf,
              carried, repeats ? &nik : nullptr);
    if (repeats && is_source[i]) sources.emplace(static_cast<std::uint32_t>(i), nik);
    if (buf.size() >= (1u << 20)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!out) throw std::runtime_error("cannot write the population");
  return stats;
}

}  // namespace jaring
