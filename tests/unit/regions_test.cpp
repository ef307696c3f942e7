#include <catch2/catch.hpp>

#include "engine/base/regions.hpp"

using namespace jaring;

namespace {

std::vector<std::string> codes_of(const std::vector<RegionEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.emplace_back(e.code);
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
