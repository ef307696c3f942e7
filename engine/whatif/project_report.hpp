// The renderings of `jaring project`: terminal tables, JSON, CSV and a self-contained HTML page,
// all from one ProjectReport. Expected claims are rounded to the sen per reported figure (each
// cell from its exact sum), so a column's cells may differ from its total by a few sen.
#pragma once

#include <string>
#include <vector>

#include "engine/whatif/claims.hpp"
#include "engine/whatif/diff_report.hpp"
#include "engine/whatif/projection.hpp"
#include "engine/whatif/table.hpp"

namespace jaring::whatif {

struct ProjectReport {
  PolicyId policy;
  std::string records_path;
  std::string assumptions_path;  // empty: the defaults
  Assumptions assumptions;
  Projection projection;
  std::vector<BudgetYear> years;
};

std::vector<Table> project_tables(const ProjectReport& r, Lang lang);
std::string project_text(const ProjectReport& r, Lang lang);
std::string project_json(const ProjectReport& r);
// One row per cell: period,dimension,name,persons,contribution_sen,expected_claims_sen,budget_sen.
std::string project_csv(const ProjectReport& r);
std::string project_html(const ProjectReport& r, Lang lang);

// The evaluation convention, in words (printed by every rendering).
std::string convention_text(Lang lang);

}  // namespace jaring::whatif
