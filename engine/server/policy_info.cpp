#include "engine/server/policy_info.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

json rule_json(const RuleInfo& r) { return json{{"rule", r.name}, {"label", r.label}, {"citation", r.citation}}; }

json period_json(const std::optional<Period>& p) {
  if (!p) return nullptr;
  return json{{"from", format_date(p->start)}, {"to", p->open() ? json(nullptr) : json(format_date(p->end))}};
}

// A default as JSON the record reader accepts back: booleans and whole numbers as JSON,
// everything else as its written form (`Rp 1.000.000`, `2024-01-01`, `36.72`).
json default_json(const std::optional<Value>& v) {
  if (!v || v->is_missing()) return nullptr;
  if (v->kind == ValueKind::Bool) return v->i != 0;
  if (v->kind == ValueKind::Int) return v->i;
  return to_display(*v);
}

json record_json(const Schema& schema) {
  json fields = json::array();
  for (const auto& f : schema.fields)
    fields.push_back({{"name", f.name},
                      {"type", field_type_name(f.type)},
                      {"optional", f.optional},
                      {"default", default_json(f.default_value)},
                      {"constraint", f.constraint ? json(constraint_text(*f.constraint)) : json(nullptr)}});
  json id_field = nullptr;
  if (schema.id_field) id_field = schema.fields[*schema.id_field].name;
  return json{{"name", schema.name}, {"id_field", id_field}, {"fields", std::move(fields)}};
}

json group_json(const Program& program, const CGroup& g) {
  json out = rule_json(g.info);
  out["scheme"] = g.scheme;
  json programmes = json::array();
  for (auto i : g.programmes) programmes.push_back(program.programmes[i].info.name);
  out["programmes"] = std::move(programmes);
  json waives = json::array();
  for (auto i : g.waived) waives.push_back(program.requirements[i].info.name);
  out["waives"] = std::move(waives);
  json own = json::array();
  for (const auto& r : g.own) own.push_back(rule_json(r.info));
  out["requirements"] = std::move(own);
  out["priority"] = g.priority ? json(*g.priority) : json(nullptr);
  out["valid"] = period_json(g.valid);
  out["quota"] = g.quota ? json(g.quota->count) : json(nullptr);
  out["shared_quota"] = g.quota && g.quota->shared ? json(program.shared_quotas[*g.quota->shared]) : json(nullptr);
  return out;
}

json rules_json(const auto& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(rule_json(item.info));
  return out;
}

}  // namespace

const char* field_type_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Int: return "int";
    case ValueKind::Money: return "money";
    case ValueKind::Percent: return "percent";
    case ValueKind::Date: return "date";
    case ValueKind::Bool: return "bool";
    case ValueKind::Region: return "region";
    case ValueKind::Nik: return "nik";
    default: return "text";
  }
}

json policy_summary(const ServedPolicy& p) {
  json region = nullptr;
  if (p.region_code) region = {{"code", *p.region_code}, {"name", p.region_name.value_or("")}};
  return json{{"id", p.id},
              {"name", p.program->name},
              {"region", std::move(region)},
              {"valid", period_json(p.program->valid)},
              {"hash", p.program->hash}};
}

json policy_detail(const ServedPolicy& p) {
  const Program& program = *p.program;
  json out = policy_summary(p);
  out["basis"] = p.basis;
  out["amends"] = p.amends ? json(*p.amends) : json(nullptr);
  json groups = json::array();
  for (auto i : program.group_order) groups.push_back(group_json(program, program.groups[i]));
  out["groups"] = std::move(groups);
  out["requirements"] = rules_json(program.requirements);
  out["programmes"] = rules_json(program.programmes);
  out["payers"] = rules_json(program.payers);
  out["record"] = record_json(program.schema);
  return out;
}

}  // namespace jaring::server
