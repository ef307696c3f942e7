#include "engine/runtime/values_used.hpp"

#include <algorithm>
#include <vector>

#include "engine/runtime/eval_expr.hpp"

namespace jaring {

namespace {

struct Reads {
  std::vector<std::uint32_t> lets, fields;
};

void collect(const Program& p, const Node& n, Reads& out) {
  if (n.kind == NodeKind::Field) {
    if (std::find(out.fields.begin(), out.fields.end(), n.slot) == out.fields.end()) out.fields.push_back(n.slot);
    return;
  }
  if (n.kind == NodeKind::Let) {
    if (std::find(out.lets.begin(), out.lets.end(), n.slot) != out.lets.end()) return;
    out.lets.push_back(n.slot);
    collect(p, p.lets[n.slot], out);  // the fields the let reads follow it
    return;
  }
  for (const auto& kid : n.kids) collect(p, kid, out);
}

}  // namespace

std::map<std::string, std::string> requirement_values(const Program& p, const Record& record, Day as_of, Lang lang) {
  std::map<std::string, std::string> out;
  const std::string missing = lang == Lang::en ? "missing" : "tidak ada";
  auto shown = [&](const Value& v) { return v.is_missing() ? missing : to_display(v); };
  std::vector<std::optional<Value>> lets;
  internal::EvalContext ctx(p, &record, as_of, lets);
  auto describe = [&](const CRequirement& r) {
    Reads reads;
    collect(p, r.condition, reads);
    std::string text;
    for (std::uint32_t l : reads.lets) {
      ctx.problem.reset();
      const Value v = internal::eval(p.lets[l], ctx);
      if (v.kind == ValueKind::Set) continue;  // a constant list (`kpu_adhoc_roles`): the policy's, not the record's
      text += (text.empty() ? "" : ", ") + p.let_names[l] + " = " + shown(v);
    }
    for (std::uint32_t f : reads.fields)
      text += (text.empty() ? "" : ", ") + p.schema.fields[f].name + " = " + shown(record.values[f]);
    if (!text.empty()) out.emplace(r.info.name, std::move(text));
  };
  for (const auto& r : p.requirements) describe(r);
  for (const auto& g : p.groups)
    for (const auto& r : g.own) describe(r);
  return out;
}

}  // namespace jaring
