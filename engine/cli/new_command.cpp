// `jaring new --region CODE [--name NAME] [--year Y] [--out FILE]`: a skeleton policy for a new
// region that checks clean and whose tests pass: the region's code and its Kemendagri name, the national
// pack, one group, payer and the general requirements, with worked examples as tests. Every
// `TODO` marks what the drafter replaces with the regulation's own text and articles.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <regex>

#include "engine/base/i18n.hpp"
#include "engine/base/output_file.hpp"
#include "engine/base/regions.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/report.hpp"
#include "engine/runtime/test_runner.hpp"

namespace jaring::cli {

namespace {

struct NewFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::string region, name, out;
  int year = 0;
  bool force = false;
  std::vector<std::string> include_dirs;
};

// The region's own budget: a city's APBD (`Kota …`) or a regency's.
struct Payer {
  std::string name, label;
};

Payer payer_of(const std::string& name) {
  const bool city = name.size() > 5 && (name.rfind("Kota ", 0) == 0 || name.rfind("kota ", 0) == 0);
  return {city ? "apbd_kota" : "apbd_kabupaten", "APBD " + name};
}

// A NIK of someone registered in the region: its first six digits are the province, the
// regency or city and a district (`01`), then a birth date (DDMMYY) and a serial.
std::string nik_in(const std::string& region, const char* birth_ddmmyy, const char* serial) {
  return region.substr(0, 2) + region.substr(3, 2) + "01" + birth_ddmmyy + serial;
}

std::string skeleton(const NewFlags& f) {
  const Payer payer = payer_of(f.name);
  const std::string elsewhere = f.region.rfind("31", 0) == 0 ? "32.01" : "31.71";
  const std::string nik = nik_in(f.region, "010585", "0001");
  return fmt::format(
      R"(# {name} ({region}), {year}: JKK and JKM (BPU) for vulnerable workers, paid from the {payer_label}.
# Written by `jaring new`. Replace every TODO with the regulation's own text and articles, then
# `jaring check`, `jaring test --coverage` and `jaring eval` (README, "From an article to a
# tested rule").

policy "Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan {name} {year}"
region {region} "{name}"
basis  "TODO: Peraturan ... Nomor ... Tahun {year} tentang ..."
valid  {year}-01-01 .. {year}-12-31
use national/bpjstk

record participant {{
  nik           : nik
  birth_date    : date
  role          : text                 # TODO: the role codes of the groups below
  domicile      : region               # from the KTP (Kemendagri code)
  registered_pu : bool = false         # already an active wage-earner (PU) participant
}}

let age = years_between(birth_date, as_of)

payer {payer} "{payer_label}" [TODO Pasal ...]
  budget {year} = Rp 1.000.000.000     # TODO: the amount in the budget

require in_region "Berdomisili di {name}" [TODO Pasal 3 huruf a]
  domicile within {region}

require not_pu "Belum terdaftar sebagai peserta penerima upah" [TODO Pasal 3 huruf b]
  not registered_pu

require working_age "Berusia 15 sampai 65 tahun" [TODO Pasal 3 huruf c]
  age between 15 and 65

group pekerja_rentan "Pekerja rentan" [TODO Pasal 4] {{
  when role == "pekerja_rentan"
  covers JKK, JKM
  paid_by {payer}
}}

test "Pekerja rentan di {name} dilindungi, dibayar {payer_label}" on {year}-07-01 {{
  given {{ nik: "{nik}", birth_date: 1985-05-01, role: "pekerja_rentan", domicile: {region} }}
  expect eligible, group pekerja_rentan, paid_by {payer} = Rp 16.800
  expect contribution JKK = Rp 10.000, JKM = Rp 6.800, total = Rp 16.800
}}

test "Berdomisili di luar {name}" on {year}-07-01 {{
  given {{ nik: "{nik}", birth_date: 1985-05-01, role: "pekerja_rentan", domicile: {elsewhere} }}
  expect not eligible because in_region
}}

test "Berusia 66 tahun" on {year}-07-01 {{
  given {{ nik: "{nik}", birth_date: {old}-06-30, role: "pekerja_rentan", domicile: {region} }}
  expect not eligible because working_age
}}

test "Sudah peserta penerima upah" on {year}-07-01 {{
  given {{ nik: "{nik}", birth_date: 1985-05-01, role: "pekerja_rentan", domicile: {region}, registered_pu: true }}
  expect not eligible because not_pu
}}

test "Bukan kelompok sasaran" on {year}-07-01 {{
  given {{ nik: "{nik}", birth_date: 1985-05-01, role: "pedagang", domicile: {region} }}
  expect not eligible because no_group
}}
)",
      fmt::arg("name", f.name), fmt::arg("region", f.region), fmt::arg("year", f.year), fmt::arg("payer", payer.name),
      fmt::arg("payer_label", payer.label), fmt::arg("nik", nik), fmt::arg("elsewhere", elsewhere),
      fmt::arg("old", f.year - 66));
}

int run_new_command(NewFlags f) {
  static const std::regex code(R"(\d{2}\.\d{2})");
  if (!std::regex_match(f.region, code)) {
    std::cerr << say(
        "jaring: --region `{}` is not the Kemendagri code of a regency or city: write PP.KK, such as `36.73`\n",
        f.region);
    return 2;
  }
  const auto listed = find_region(f.region);
  if (!listed) {
    const auto help = region_did_you_mean(similar_regions(f.region));
    std::cerr << say("jaring: --region `{}` is not a regency or city in the Kemendagri list{}\n", f.region,
                     help ? ": " + *help : "");
    return 2;
  }
  if (f.name.empty()) f.name = listed->name;
  if (f.name.find_first_of("\"\\\n") != std::string::npos) {
    std::cerr << say_text(
        "jaring: --name must be the region's name, without quotes or line breaks, such as `Kota Serang`\n");
    return 2;
  }
  if (!same_region_name(f.name, listed->name)) {
    std::cerr << fmt::format(
        "jaring: --name `{}` is not Kemendagri's name for {}, which is `{}`: leave out --name to use it\n", f.name,
        f.region, listed->name);
    return 2;
  }
  if (f.year < 1900 || f.year > 2999) {
    std::cerr << say("jaring: --year {} is not a plausible year\n", f.year);
    return 2;
  }
  std::error_code ec;
  if (f.out.empty() || f.out == "-") {
    std::cout << skeleton(f);
    return 0;
  }
  if (std::filesystem::exists(f.out, ec) && !f.force) {
    std::cerr << say("jaring: `{}` exists; choose another --out or add --force to replace it\n", f.out);
    return 2;
  }
  try {
    OutputFile out(f.out);
    out.write(skeleton(f));
    out.commit();
  } catch (const OutputError& e) {
    std::cerr << "jaring: " << e.what() << "\n";
    return 2;
  }
  // The skeleton checks and its tests pass wherever the national pack is found from it.
  SourceMap sources;
  Diagnostics diags;
  const auto opened = open_for_command(f.out, f.include_dirs, sources, diags);
  diags.sort();
  print_diagnostics(diags, sources, "text", false);
  if (!opened.ok()) {
    std::cerr << say(
        "jaring: wrote `{}`, which does not check here: put it in a rules folder beside `national/`, or name that "
        "folder with -I or JARING_PATH\n",
        f.out);
    return 1;
  }
  const auto results = run_tests(opened.checked->policy(), *opened.program);
  const auto passed = std::count_if(results.begin(), results.end(), [](const TestResult& r) { return r.passed; });
  std::cout << say("wrote {}: checks clean, {} of {} tests pass; replace each TODO with the regulation's text\n", f.out,
                   passed, results.size());
  return passed == static_cast<std::ptrdiff_t>(results.size()) ? 0 : 1;
}

}  // namespace

void add_new_command(CLI::App& app, int& status) {
  auto flags = std::make_shared<NewFlags>();
  auto* cmd = app.add_subcommand("new", "Write a skeleton policy for a new region that checks clean, with tests");
  cmd->add_option("--region", flags->region, "The regency's or city's Kemendagri code, such as 36.73")->required();
  cmd->add_option("--name", flags->name,
                  "The region's name, such as \"Kota Serang\" (default: its name in the Kemendagri list)");
  cmd->add_option("--year", flags->year, "The year the policy is valid in (default: this year)");
  cmd->add_option("--out", flags->out,
                  "Write the policy to FILE, then check it and run its tests (default or `-`: print)");
  cmd->add_flag("--force", flags->force, "Replace --out if it exists");
  cmd->add_option("-I,--include", flags->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);
  add_lang_flag(cmd, flags->lang, "diagnostics");
  cmd->callback([flags, &status] {
    use_message_language(flags->lang);
    if (flags->year == 0) {
      const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
      flags->year = static_cast<int>(std::chrono::year_month_day(today).year());
    }
    status = run_new_command(*flags);
  });
}

}  // namespace jaring::cli
