// The Kemendagri list of region codes (province, regency/city, district, village) and their
// names, embedded in the binary from data/kemendagri/wilayah.tsv, which
// tools/regions/generate.sh writes from the npm package idn-area-data. Read once, on first use,
// safely from any thread; nothing is read from disk at run time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

// One listed region. `level` counts the code's parts: 1 province (`36`), 2 regency or city
// (`36.72`), 3 district (`36.72.01`), 4 village (`36.72.01.1001`).
struct RegionEntry {
  std::string_view code;
  std::string_view name;  // as Kemendagri writes it: `Kota Cilegon`, `Kabupaten Tanah Bumbu`
  int level = 0;
};

// The embedded file's bytes (data/kemendagri/wilayah.tsv): `#` lines, then `code<TAB>name`
// lines sorted by code.
std::string_view embedded_region_list();

// The listed region with canonical code `code`, or nothing.
std::optional<RegionEntry> find_region(std::string_view code);

// The number of listed regions, and where the list comes from (`idn-area-data@4.0.1`).
std::size_t region_count();
std::string_view region_list_source();

// Up to `limit` listed codes of `code`'s level near an unlisted `code`, nearest first: among
// the regions inside its nearest listed ancestor (its siblings when its parent is listed)
// within the edit distance suggest() allows, ties going to the numerically closest last part.
std::vector<RegionEntry> similar_regions(std::string_view code, std::size_t limit = 3);

// The listed regency or city whose name is `name` (as same_region_name() compares), or nothing.
std::optional<RegionEntry> find_regency_by_name(std::string_view name);

// Whether `written` names the region Kemendagri calls `official`, ignoring case and spacing
// and reading `Kab.`/`Kab` as `Kabupaten` and `Adm.` as `Administrasi`.
bool same_region_name(std::string_view written, std::string_view official);

// `did you mean `36.72` (Kota Cilegon)?`, naming up to three codes, or nothing.
std::optional<std::string> region_did_you_mean(const std::vector<RegionEntry>& candidates);

}  // namespace jaring
