// The renderings of `jaring diff`: terminal tables, JSON, CSV and a self-contained HTML page.
// The same DiffReport feeds all four; money is in sen in JSON/CSV and `Rp 1.234.567` elsewhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/whatif/lang.hpp"
#include "engine/whatif/policy_diff.hpp"
#include "engine/whatif/population_diff.hpp"
#include "engine/whatif/table.hpp"

namespace jaring::whatif {

struct PolicyId {
  std::string path;
  std::string name;
  std::string hash;
};

struct DiffReport {
  PolicyId base, proposal;
  std::vector<Change> changes;
  std::string records_path;                  // empty without --records
  std::optional<PopulationDiff> population;  // with --records
};

std::string diff_text(const DiffReport& r, Lang lang);
std::string diff_json(const DiffReport& r);
// One row per fact: section,name,aspect,before,after,delta,citation (money in sen).
std::string diff_csv(const DiffReport& r);
std::string diff_html(const DiffReport& r, Lang lang);

// The population tables (transitions, causes, payers, budgets, groups, samples) for text and HTML.
std::vector<Table> population_tables(const PopulationDiff& p, Lang lang);
// One side of a sampled record in words: `layak · rt_rw · apbd_kota · Rp 16.800`.
std::string side_text(const SideView& s, Lang lang);

}  // namespace jaring::whatif
