// Whether one population file can be decided under two policies: their record schemas must
// agree on every field both read, and a field one policy requires (no default, not optional)
// must exist in the other. Added fields with a default, or optional ones, do not matter.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/record.hpp"

namespace jaring::whatif {

struct SchemaConflict {
  std::string field;
  std::string problem;  // e.g. "text in BASE, date in PROPOSAL"; "required in BASE, missing in PROPOSAL"
};

// Conflicts in field order of `base`, then of `proposal`. `base_name` and `proposal_name`
// name the two sides in the messages.
std::vector<SchemaConflict> schema_conflicts(const Schema& base, const Schema& proposal, const std::string& base_name,
                                             const std::string& proposal_name);

// The type name of a field as the language writes it (`text`, `money`, `date`, ...).
const char* field_type_name(ValueKind kind);

}  // namespace jaring::whatif
