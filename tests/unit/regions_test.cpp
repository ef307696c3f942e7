#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "engine/base/regions.hpp"
#include "support.hpp"

using namespace jaring;
using jaring::test::base_policy;
using jaring::test::check_text;

namespace {

std::vector<std::string> codes_of(const std::vector<RegionEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.emplace_back(e.code);
  return out;
}

// The code lines of the embedded list as they are (no `#` line, no blank line).
std::vector<std::string_view> listed_lines() {
  const std::string_view text = embedded_region_list();
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.front() != '#') out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("regions: the embedded Kemendagri list names codes of every level", "[regions]") {
  CHECK(region_count() == 91'599);  // 38 provinces, 514 regencies and cities, 7.285 districts, 83.762 villages
  CHECK(region_list_source() == "idn-area-data@4.0.1");
  REQUIRE(find_region("36"));
  CHECK(find_region("36")->name == "Banten");
  CHECK(find_region("36")->level == 1);
  REQUIRE(find_region("36.73"));
  CHECK(find_region("36.73")->name == "Kota Serang");
  CHECK(find_region("36.73")->level == 2);
  CHECK(find_region("36.72")->name == "Kota Cilegon");
  CHECK(find_region("63.10")->name == "Kabupaten Tanah Bumbu");
  CHECK(find_region("34.71")->name == "Kota Yogyakarta");
  CHECK(find_region("36.72.01")->name == "Cibeber");
  CHECK(find_region("36.72.01")->level == 3);
  CHECK(find_region("63.10.01.2005")->name == "Segumbang");
  CHECK(find_region("63.10.01.2005")->level == 4);
  // The first and last lines of the file.
  CHECK(find_region("11")->name == "Aceh");
  CHECK(find_region("96.71.10.1004")->name == "Tanjung Kasuari");
  CHECK_FALSE(find_region("36.99"));
  CHECK_FALSE(find_region("36.72.09"));
  CHECK_FALSE(find_region("63.10.01.2001"));
  CHECK_FALSE(find_region("3"));
  CHECK_FALSE(find_region(""));
  CHECK_FALSE(find_region("99.99.99.9999"));
}

TEST_CASE("regions: the embedded list is sorted by code, one tab a line (lookups rely on it)", "[regions]") {
  std::string_view previous;
  std::size_t lines = 0;
  for (const std::string_view line : listed_lines()) {
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string_view::npos);
    REQUIRE(line.find('\t', tab + 1) == std::string_view::npos);
    const std::string_view code = line.substr(0, tab);
    INFO(code);
    const auto dots = static_cast<std::size_t>(std::count(code.begin(), code.end(), '.'));
    REQUIRE(dots < 4);
    CHECK(code.size() == std::array<std::size_t, 4>{2, 5, 8, 13}[dots]);  // PP, PP.KK, PP.KK.CC, PP.KK.CC.VVVV
    REQUIRE(previous < code);
    previous = code;
    ++lines;
  }
  CHECK(lines == region_count());
}

TEST_CASE("regions: every listed code and regency name is found by the index-free lookups", "[regions]") {
  std::size_t found = 0, regencies = 0;
  for (const std::string_view line : listed_lines()) {
    const std::string_view code = line.substr(0, line.find('\t'));
    const std::string_view name = line.substr(line.find('\t') + 1);
    INFO(code);
    const auto e = find_region(code);
    REQUIRE(e);
    CHECK(e->code == code);
    CHECK(e->name == name);
    CHECK(find_region(std::string(code) + "0") == std::nullopt);  // just after it, not listed
    ++found;
    if (e->level == 2) {
      ++regencies;
      const auto r = find_regency_by_name(name);
      REQUIRE(r);
      CHECK(r->level == 2);
      CHECK(same_region_name(r->name, name));
      CHECK(r->code <= code);  // the first regency of that name
    }
  }
  CHECK(found == region_count());
  CHECK(regencies > 500);
  CHECK_FALSE(find_regency_by_name("Kota Atlantis"));
  CHECK_FALSE(find_regency_by_name(""));
}

TEST_CASE("regions: an unlisted code gets its listed neighbours, same parent first", "[regions]") {
  // Siblings, the numerically nearest first among equally near codes.
  CHECK(codes_of(similar_regions("36.99")) == std::vector<std::string>{"36.74", "36.73", "36.72"});
  CHECK(codes_of(similar_regions("36.72.09")) == std::vector<std::string>{"36.72.08", "36.72.07", "36.72.06"});
  CHECK(codes_of(similar_regions("63.10.01.2001")).front() == "63.10.01.2005");
  // An unlisted district: the villages of the regency, nearest first.
  CHECK(codes_of(similar_regions("36.72.99.1001")).front() == "36.72.01.1001");
  // Two digits swapped count as one slip.
  CHECK(codes_of(similar_regions("36.37")).front() == "36.73");
  // An unlisted province: the regencies of every province.
  CHECK(codes_of(similar_regions("39.72")).front() == "31.72");
  CHECK(similar_regions("36.73").empty());  // listed: nothing to suggest
  CHECK(similar_regions("36.72", 1).empty());
  CHECK(similar_regions("36.99", 1).size() == 1);
  CHECK(*region_did_you_mean(similar_regions("36.72.09", 1)) == "did you mean `36.72.08` (Citangkil)?");
  CHECK(*region_did_you_mean(similar_regions("36.99")) ==
        "did you mean `36.74` (Kota Tangerang Selatan), `36.73` (Kota Serang) or `36.72` (Kota Cilegon)?");
  CHECK_FALSE(region_did_you_mean({}));
}

TEST_CASE("regions: names compare as Kemendagri writes them", "[regions]") {
  CHECK(same_region_name("Kota Cilegon", "Kota Cilegon"));
  CHECK(same_region_name("  kota   CILEGON ", "Kota Cilegon"));
  CHECK(same_region_name("Kab. Tanah Bumbu", "Kabupaten Tanah Bumbu"));
  CHECK(same_region_name("Kab Tanah Bumbu", "Kabupaten Tanah Bumbu"));
  CHECK(same_region_name("Kota Adm. Jakarta Pusat", "Kota Administrasi Jakarta Pusat"));
  CHECK_FALSE(same_region_name("Kota Cilgon", "Kota Cilegon"));
  CHECK_FALSE(same_region_name("Cilegon", "Kota Cilegon"));
  CHECK_FALSE(same_region_name("Kabupaten Serang", "Kota Serang"));
  REQUIRE(find_regency_by_name("kota serang"));
  CHECK(find_regency_by_name("kota serang")->code == "36.73");
  CHECK(find_regency_by_name("Kab. Serang")->code == "36.04");
  CHECK_FALSE(find_regency_by_name("Banten"));  // a province, not a regency
}

TEST_CASE("check: a region code outside the Kemendagri list is an error with its neighbours", "[check][regions]") {
  auto r = check_text(std::string(base_policy) + "require x \"x\" domicile within 36.99\n");
  REQUIRE(r->has("unknown-region"));
  CHECK(r->underlined("unknown-region") == "36.99");
  const auto& d = r->diags.all().front();
  CHECK(d.message == "`36.99` is not a regency or city code in the Kemendagri list");
  CHECK(d.help == "did you mean `36.74` (Kota Tangerang Selatan), `36.73` (Kota Serang) or `36.72` (Kota Cilegon)?");
  CHECK_FALSE(r->checked);
  // Every place a code is written: constraints, defaults, comparisons, lists, tests' given values.
  for (const char* extra : {"require x \"x\" domicile == 36.72.09\n", "require x \"x\" domicile in [36.72, 36.72.09]\n",
                            "let home : region = 36.72.09\n",
                            "test \"t\" on 2024-08-01 { given { nik: \"3672010101800001\", birth_date: 1980-01-01, "
                            "role: \"x\", domicile: 36.72.09 } expect not eligible }\n"}) {
    auto bad = check_text(std::string(base_policy) + extra);
    CHECK(bad->underlined("unknown-region") == "36.72.09");
  }
  auto fine =
      check_text(std::string(base_policy) + "require x \"x\" domicile within 36.72.01 or domicile == 36.72.01.1001\n");
  CHECK(fine->codes().empty());
}

TEST_CASE("check: the region line is checked against the list, code and name", "[check][regions]") {
  std::string policy = base_policy;
  const std::string header = "region 36.72 \"Kota Cilegon\"";
  auto with_header = [&](const std::string& h) {
    std::string p = policy;
    p.replace(p.find(header), header.size(), h);
    return check_text(p);
  };
  auto unknown = with_header("region 39.72 \"Kota Cilegon\"");
  REQUIRE(unknown->has("unknown-region"));
  CHECK(unknown->diags.all().front().help->rfind("did you mean `36.72` (Kota Cilegon)", 0) == 0);
  auto misspelt = with_header("region 36.72 \"Kota Cilgon\"");
  CHECK(misspelt->codes() == std::vector<std::string>{"region-name-mismatch"});
  CHECK(misspelt->underlined("region-name-mismatch") == "\"Kota Cilgon\"");
  CHECK(misspelt->diags.all().front().help == "write `region 36.72 \"Kota Cilegon\"`");
  CHECK(misspelt->checked);  // a warning
  auto other = with_header("region 36.72 \"Kota Serang\"");
  REQUIRE(other->has("region-name-mismatch"));
  CHECK(other->diags.all().front().help->find("`Kota Serang` is 36.73") != std::string::npos);
  CHECK(with_header("region 36.72 \"kota  cilegon\"")->codes().empty());
}
