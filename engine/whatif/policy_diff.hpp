// What an amendment (or any other policy) changes, compared structurally on the resolved
// policies (after `use` and `amends`): header, record fields, lets, parameters and their dated
// values, programmes, payers and budgets, general requirements, groups (condition, cover,
// payers, quota, waivers, own requirements, priority, validity). Expressions are compared in
// their canonical form (dump_expr), so spelling and layout do not count. Tests are ignored.
#pragma once

#include <string>
#include <vector>

#include "engine/language/policy.hpp"

namespace jaring::whatif {

enum class Section { Header, Record, Let, Parameter, Programme, Payer, Requirement, Quota, Group };
enum class ChangeKind { Added, Removed, Changed };

const char* section_name(Section s);         // `header`, `record`, `let`, `parameter`, ...
const char* change_kind_name(ChangeKind k);  // `added`, `removed`, `changed`

struct Change {
  Section section = Section::Header;
  ChangeKind kind = ChangeKind::Changed;
  std::string name;      // the item: a group, parameter, field ... (`policy` for the header)
  std::string aspect;    // what changed, in the language's keywords: `when`, `paid_by`, `since 2025-01-01`,
                         // `budget 2025`, `require kader_age` ...; empty for a whole item added or removed
  std::string before;    // canonical text; empty when added
  std::string after;     // canonical text; empty when removed
  std::string citation;  // the item's citation (the proposal's; the base's for a removed item)
};

// Every difference, section by section; within a section the base's items in order (removed
// or changed), then the proposal's new items in order.
std::vector<Change> diff_policies(const Policy& base, const Policy& proposal);

}  // namespace jaring::whatif
