// What the API tells about the policies it serves: a summary per policy for
// `GET /v1/policies`, and the full description for `GET /v1/policies/{id}` (metadata, groups
// and requirements with label and citation, programmes, payers, the record schema).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/server/policy_store.hpp"

namespace jaring::server {

// {id, name, region {code, name} | null, valid {from, to} | null, hash}.
nlohmann::json policy_summary(const ServedPolicy& p);

// The summary plus basis, amends, groups, requirements, programmes, payers and record.
nlohmann::json policy_detail(const ServedPolicy& p);

// The name of a record field type as the language writes it (`date`, `money`, ...).
const char* field_type_name(ValueKind kind);

}  // namespace jaring::server
