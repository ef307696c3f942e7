// Reading a population spec (synth.hpp) from JSON: every key checked, unknown keys refused, so a
// typo in a spec is an error and not a silently different population.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/synth/synth.hpp"

namespace jaring {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error("spec: " + message); }

void only_keys(const json& obj, std::string_view where, std::initializer_list<std::string_view> allowed) {
  if (!obj.is_object()) fail(fmt::format("`{}` must be an object", where));
  for (const auto& item : obj.items()) {
    bool known = false;
    for (auto a : allowed) known = known || item.key() == a;
    if (!known) fail(fmt::format("unknown key `{}` in `{}`", item.key(), where));
  }
}

const json* find(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const json& need(const json& obj, const char* key, std::string_view where) {
  const json* j = find(obj, key);
  if (!j) fail(where == "spec" ? fmt::format("the spec needs `{}`", key) : fmt::format("`{}` needs `{}`", where, key));
  return *j;
}

std::uint64_t whole(const json& j, std::string_view what, std::uint64_t lo, std::uint64_t hi) {
  if (!j.is_number_unsigned() && !(j.is_number_integer() && j.get<std::int64_t>() >= 0))
    fail(fmt::format("`{}` must be a whole number from {} to {}", what, lo, hi));
  const auto v = j.get<std::uint64_t>();
  if (v < lo || v > hi) fail(fmt::format("`{}` must be from {} to {}, found {}", what, lo, hi, v));
  return v;
}

double fraction(const json& j, std::string_view what) {
  if (!j.is_number()) fail(fmt::format("`{}` must be a number from 0 to 1", what));
  const double v = j.get<double>();
  if (!(v >= 0 && v <= 1)) fail(fmt::format("`{}` must be from 0 to 1", what));
  return v;
}

std::uint32_t ppm(const json& j, std::string_view what) {
  return static_cast<std::uint32_t>(std::llround(fraction(j, what) * 1e6));
}

std::string text(const json& j, std::string_view what) {
  if (!j.is_string() || j.get_ref<const std::string&>().empty()) fail(fmt::format("`{}` must be non-empty text", what));
  return j.get<std::string>();
}

// A CSV-safe role code: letters, digits, `_`, `-`, `.`, space.
std::string role_code(const json& j, std::string_view what) {
  std::string r = text(j, what);
  for (char c : r)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' && c != ' ')
      fail(fmt::format("`{}` may hold only letters, digits, `_`, `-`, `.` and spaces, found `{}`", what, r));
  return r;
}

bool two_digits(std::string_view s) {
  return s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) && s != "00";
}

// `PP.KK`, or also `PP` when `allow_province`.
std::string region_code(const json& j, std::string_view what, bool allow_province) {
  std::string r = text(j, what);
  const bool province = two_digits(r);
  const bool kota = r.size() == 5 && r[2] == '.' && two_digits(r.substr(0, 2)) && two_digits(r.substr(3));
  if (!kota && !(allow_province && province))
    fail(fmt::format("`{}` must be a region code {}, found `{}`", what, allow_province ? "PP or PP.KK" : "PP.KK", r));
  return r;
}

YearRange years(const json& j, std::string_view what) {
  if (!j.is_array() || j.size() != 2) fail(fmt::format("`{}` must be [first, last]", what));
  YearRange y{static_cast<int>(whole(j.at(0), what, 1900, 9999)), static_cast<int>(whole(j.at(1), what, 1900, 9999))};
  if (y.first > y.last || y.last - y.first > 99)
    fail(fmt::format("`{}` must run forward over at most 100 years (NIKs write two-digit years)", what));
  return y;
}

Period dates(const json& j, std::string_view what) {
  if (!j.is_array() || j.size() != 2 || !j.at(0).is_string() || !j.at(1).is_string())
    fail(fmt::format("`{}` must be [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]", what));
  const auto a = parse_date(j.at(0).get<std::string>());
  const auto b = parse_date(j.at(1).get<std::string>());
  if (!a || !b || *a > *b) fail(fmt::format("`{}` must be two calendar dates, the first not after the second", what));
  return {*a, *b};
}

void read_villages(const json& v, SynthSpec& s) {
  only_keys(v, "villages", {"count", "districts", "pattern", "prefix"});
  s.villages =
      static_cast<std::uint32_t>(whole(need(v, "count", "villages"), "villages.count", 1, std::uint64_t{99} * 999));
  if (const json* d = find(v, "districts"))
    s.districts = static_cast<std::uint32_t>(whole(*d, "villages.districts", 1, 99));
  if (const json* p = find(v, "pattern")) s.pattern = text(*p, "villages.pattern");
  if (s.pattern != "kelurahan" && s.pattern != "desa" && s.pattern != "mixed")
    fail(fmt::format("`villages.pattern` must be `kelurahan`, `desa` or `mixed`, found `{}`", s.pattern));
  if (s.districts > s.villages) fail("`villages.districts` cannot exceed `villages.count`");
  if ((s.villages + s.districts - 1) / s.districts > 999) fail("more than 999 villages in one kecamatan");
  s.prefix = s.region;
  if (const json* p = find(v, "prefix")) s.prefix = region_code(*p, "villages.prefix", false);
  if (s.prefix.size() != 5) fail("`villages.prefix` is needed when `region` is a province");
  if (s.prefix.compare(0, s.region.size(), s.region) != 0)
    fail(fmt::format("`villages.prefix` `{}` is not within `region` `{}`", s.prefix, s.region));
}

void read_roles(const json& roles, SynthSpec& s) {
  if (!roles.is_array() || roles.empty() || roles.size() > 1000) fail("`roles` must be a list of 1 to 1000 roles");
  std::uint64_t total = 0;
  for (const json& r : roles) {
    only_keys(r, "roles[]", {"role", "weight", "female_share", "birth_years"});
    SynthRole role;
    role.role = role_code(need(r, "role", "roles[]"), "roles[].role");
    role.weight = whole(need(r, "weight", "roles[]"), "roles[].weight", 0, 1'000'000'000'000);
    if (const json* f = find(r, "female_share")) role.female_ppm = ppm(*f, "roles[].female_share");
    if (const json* y = find(r, "birth_years")) role.birth_years = years(*y, "roles[].birth_years");
    for (const auto& other : s.roles)
      if (other.role == role.role) fail(fmt::format("role `{}` is listed twice", role.role));
    total += role.weight;
    s.roles.push_back(std::move(role));
  }
  if (total == 0) fail("the `roles` weights sum to 0");
}

void read_noise(const json& n, SynthSpec& s) {
  only_keys(n, "noise", {"outside_region", "registered_pu", "missing_birth_date", "malformed_nik"});
  if (const json* f = find(n, "outside_region")) s.noise.outside_region = fraction(*f, "noise.outside_region");
  if (const json* f = find(n, "registered_pu")) s.noise.registered_pu = fraction(*f, "noise.registered_pu");
  if (const json* f = find(n, "missing_birth_date"))
    s.noise.missing_birth_date = fraction(*f, "noise.missing_birth_date");
  if (const json* f = find(n, "malformed_nik")) s.noise.malformed_nik = fraction(*f, "noise.malformed_nik");
}

SynthIncome read_income(const json& j) {
  only_keys(j, "declared_income", {"share", "min", "max", "step"});
  constexpr std::uint64_t max_rupiah = 1'000'000'000'000'000;
  SynthIncome in;
  in.share_ppm = ppm(need(j, "share", "declared_income"), "declared_income.share");
  in.min = static_cast<std::int64_t>(whole(need(j, "min", "declared_income"), "declared_income.min", 0, max_rupiah));
  in.max = static_cast<std::int64_t>(whole(need(j, "max", "declared_income"), "declared_income.max", 0, max_rupiah));
  if (const json* st = find(j, "step"))
    in.step = static_cast<std::int64_t>(whole(*st, "declared_income.step", 1, max_rupiah));
  if (in.min > in.max) fail("`declared_income.min` exceeds `declared_income.max`");
  return in;
}

SynthRoster read_roster(const json& j) {
  only_keys(j, "kcm_roster", {"share", "roles"});
  SynthRoster r;
  r.share_ppm = ppm(need(j, "share", "kcm_roster"), "kcm_roster.share");
  if (const json* roles = find(j, "roles")) {
    if (!roles->is_array()) fail("`kcm_roster.roles` must be a list of role codes");
    for (const json& role : *roles) r.roles.push_back(role_code(role, "kcm_roster.roles[]"));
  }
  return r;
}

std::vector<SynthFlag> read_flags(const json& j) {
  if (!j.is_array()) fail("`flags` must be a list of {\"name\", \"share\", \"roles\"}");
  std::vector<SynthFlag> out;
  for (const json& f : j) {
    only_keys(f, "flags[]", {"name", "share", "roles"});
    SynthFlag flag;
    flag.name = role_code(need(f, "name", "flags[]"), "flags[].name");
    flag.share_ppm = ppm(need(f, "share", "flags[]"), "flags[].share");
    if (const json* roles = find(f, "roles")) {
      if (!roles->is_array()) fail("`flags[].roles` must be a list of role codes");
      for (const json& role : *roles) flag.roles.push_back(role_code(role, "flags[].roles[]"));
    }
    out.push_back(std::move(flag));
  }
  return out;
}

// `blank`, after the columns it may name are known: each an optional column of this spec.
void read_blank(const json& j, SynthSpec& s) {
  if (!j.is_object()) fail("`blank` must be an object of column names and fractions");
  std::vector<std::string> may = {"registered_pu", "registered_on", s.village_column};
  if (s.desa_column) may.push_back(*s.desa_column);
  if (s.kcm_roster) may.emplace_back("kcm_roster");
  for (const auto& f : s.flags) may.push_back(f.name);
  std::string listed;
  for (const auto& m : may) listed += (listed.empty() ? "`" : ", `") + m + "`";
  for (const auto& [column, fraction] : j.items()) {
    if (std::find(may.begin(), may.end(), column) == may.end())
      fail(fmt::format("`blank` names `{}`, which is not a column this spec may leave empty ({})", column, listed));
    s.blank.emplace_back(column, ppm(fraction, "blank." + column));
  }
  if (s.blank.size() > 8) fail("`blank` may name at most 8 columns");
}

// Two-digit NIK years repeat after a century: all birth years together span at most 100.
void check_birth_span(const SynthSpec& s) {
  YearRange all = s.birth_years;
  for (const auto& r : s.roles)
    if (r.birth_years) all = {std::min(all.first, r.birth_years->first), std::max(all.last, r.birth_years->last)};
  if (all.last - all.first > 99) fail("all `birth_years` together must span at most 100 years");
}

}  // namespace

SynthSpec parse_synth_spec(std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) fail("not valid JSON");
  only_keys(j, "spec",
            {"seed", "records", "region", "villages", "roles", "birth_years", "female_share", "registered_on", "noise",
             "declared_income", "kcm_roster", "village_column", "desa_column", "flags", "blank", "repeated"});
  SynthSpec s;
  if (const json* v = find(j, "seed")) s.seed = whole(*v, "seed", 0, UINT64_MAX);
  if (const json* v = find(j, "records")) s.records = whole(*v, "records", 1, 1'000'000'000);
  s.region = region_code(need(j, "region", "spec"), "region", true);
  read_villages(need(j, "villages", "spec"), s);
  read_roles(need(j, "roles", "spec"), s);
  s.birth_years = years(need(j, "birth_years", "spec"), "birth_years");
  if (const json* v = find(j, "female_share")) s.female_ppm = ppm(*v, "female_share");
  check_birth_span(s);
  s.registered_on = dates(need(j, "registered_on", "spec"), "registered_on");
  if (const json* v = find(j, "noise")) read_noise(*v, s);
  if (const json* v = find(j, "declared_income")) s.declared_income = read_income(*v);
  if (const json* v = find(j, "kcm_roster")) s.kcm_roster = read_roster(*v);
  if (const json* v = find(j, "village_column")) s.village_column = role_code(*v, "village_column");
  if (const json* v = find(j, "desa_column")) s.desa_column = role_code(*v, "desa_column");
  if (const json* v = find(j, "flags")) s.flags = read_flags(*v);
  if (const json* v = find(j, "blank")) read_blank(*v, s);
  if (const json* v = find(j, "repeated")) s.repeated_ppm = ppm(*v, "repeated");
  return s;
}

}  // namespace jaring
