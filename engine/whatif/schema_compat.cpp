#include "engine/whatif/schema_compat.hpp"

#include <fmt/format.h>

namespace jaring::whatif {

const char* field_type_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Int: return "int";
    case ValueKind::Money: return "money";
    case ValueKind::Percent: return "percent";
    case ValueKind::Date: return "date";
    case ValueKind::Bool: return "bool";
    case ValueKind::Text: return "text";
    case ValueKind::Region: return "region";
    case ValueKind::Nik: return "nik";
    default: return "?";
  }
}

namespace {

bool required(const FieldSpec& f) { return !f.optional && !f.default_value; }

// Fields `from` requires that `other` does not have.
void missing(const Schema& from, const Schema& other, const std::string& from_name, const std::string& other_name,
             std::vector<SchemaConflict>& out) {
  for (const auto& f : from.fields)
    if (required(f) && !other.index_of(f.name))
      out.push_back(
          {f.name, fmt::format("required ({}) in {}, missing in {}", field_type_name(f.type), from_name, other_name)});
}

}  // namespace

std::vector<SchemaConflict> schema_conflicts(const Schema& base, const Schema& proposal, const std::string& base_name,
                                             const std::string& proposal_name) {
  std::vector<SchemaConflict> out;
  for (const auto& f : base.fields) {
    const auto i = proposal.index_of(f.name);
    if (i && proposal.fields[*i].type != f.type)
      out.push_back({f.name, fmt::format("{} in {}, {} in {}", field_type_name(f.type), base_name,
                                         field_type_name(proposal.fields[*i].type), proposal_name)});
  }
  missing(base, proposal, base_name, proposal_name, out);
  missing(proposal, base, proposal_name, base_name, out);
  return out;
}

}  // namespace jaring::whatif
