#include "engine/language/types.hpp"

#include "engine/base/i18n.hpp"

namespace jaring {

namespace {

const TypeName* entry(ValueKind k) {
  for (const auto& t : type_table)
    if (t.kind == k) return &t;
  return nullptr;
}

}  // namespace

std::string type_keyword(Type t) {
  switch (t.base) {
    case ValueKind::Missing: return "error";
    case ValueKind::Unrounded: return "unrounded money";
    case ValueKind::Set: return t.elem == no_type ? "empty set" : "set of " + type_keyword(Type{t.elem});
    default: break;
  }
  const TypeName* e = entry(t.base);
  return e ? std::string(e->english) : "?";
}

std::string type_name(Type t) {
  if (message_language() == Lang::en) return type_keyword(t);
  switch (t.base) {
    case ValueKind::Missing: return say("error");
    case ValueKind::Unrounded: return say("unrounded money");
    case ValueKind::Set: return t.elem == no_type ? say("empty set") : say("set of {}", type_name(Type{t.elem}));
    default: break;
  }
  const TypeName* e = entry(t.base);
  return e ? std::string(e->indonesian) : "?";
}

std::optional<Type> parse_type_name(std::string_view name) {
  for (const auto& t : type_table)
    if (name == t.english || name == t.indonesian) return Type{t.kind, no_type};
  return std::nullopt;
}

std::vector<std::string> type_names() {
  std::vector<std::string> out;
  out.reserve(2 * type_table.size());
  for (const auto& t : type_table) out.emplace_back(t.english);
  for (const auto& t : type_table)
    if (t.indonesian != t.english) out.emplace_back(t.indonesian);
  return out;
}

std::string described(ValueKind k) {
  const TypeName* e = entry(k);
  return say_text(e ? e->described : "text");
}

bool numeric(ValueKind k) {
  return k == ValueKind::Int || k == ValueKind::Money || k == ValueKind::Unrounded || k == ValueKind::Percent;
}
bool orderable(ValueKind k) { return numeric(k) || k == ValueKind::Date; }
bool moneyish(ValueKind k) { return k == ValueKind::Money || k == ValueKind::Unrounded; }

std::optional<Type> join(Type a, Type b) {
  if (a == b) return a;
  if (moneyish(a.base) && moneyish(b.base)) return Type{ValueKind::Unrounded};
  if (a.base == ValueKind::Set && b.base == ValueKind::Set) {
    if (a.elem == no_type) return b;
    if (b.elem == no_type) return a;
  }
  if ((a.base == ValueKind::Text && b.base == ValueKind::Nik) ||
      (a.base == ValueKind::Nik && b.base == ValueKind::Text))
    return Type{ValueKind::Nik};
  return std::nullopt;
}

}  // namespace jaring
