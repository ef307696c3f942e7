// Field constraints: built from a declaration, checked against a read value, written back as
// the language writes them.
#include "engine/language/constraint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "engine/base/i18n.hpp"
#include "engine/base/suggest.hpp"
#include "engine/base/utf8.hpp"

namespace jaring {

namespace {

struct LevelWord {
  std::string_view word;
  RegionLevel level;
};

// English first: region_level_name() takes the first word of each level, region_level_name_id()
// the second.
constexpr std::array<LevelWord, 10> level_words = {{
    {"province", RegionLevel::Province},
    {"provinsi", RegionLevel::Province},
    {"regency", RegionLevel::Regency},
    {"kabupaten", RegionLevel::Regency},
    {"kota", RegionLevel::Regency},
    {"district", RegionLevel::District},
    {"kecamatan", RegionLevel::District},
    {"village", RegionLevel::Village},
    {"desa", RegionLevel::Village},
    {"kelurahan", RegionLevel::Village},
}};

// How a code of each level is written, for the message that asks for one.
std::string level_shape(RegionLevel level) {
  switch (level) {
    case RegionLevel::Province: return say_text("PP, such as `36`");
    case RegionLevel::Regency: return say_text("PP.KK, such as `36.72`");
    case RegionLevel::District: return say_text("PP.KK.CC, such as `36.72.01`");
    case RegionLevel::Village: return say_text("PP.KK.CC.VVVV, such as `36.72.01.1001`");
  }
  return "";
}

// A value as a constraint lists it: text in double quotes, anything else as the language writes it.
std::string listed(const Value& v) {
  if (v.kind == ValueKind::Text || v.kind == ValueKind::Nik) return "\"" + v.s + "\"";
  return to_display(v);
}

std::string joined(const std::vector<std::string>& items, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last_sep : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::optional<RegionLevel> parse_region_level(std::string_view name) {
  for (const auto& w : level_words)
    if (w.word == name) return w.level;
  return std::nullopt;
}

std::vector<std::string> region_level_names() {
  std::vector<std::string> out;
  out.reserve(level_words.size());
  for (const auto& w : level_words) out.emplace_back(w.word);
  return out;
}

RegionLevel region_level_of(std::string_view code) {
  const auto dots = std::count(code.begin(), code.end(), '.');
  return static_cast<RegionLevel>(std::clamp<long>(dots + 1, 1, 4));
}

std::string_view region_level_name(RegionLevel level) {
  for (const auto& w : level_words)
    if (w.level == level) return w.word;
  return "region";
}

std::string_view region_level_name_id(RegionLevel level) {
  const std::string_view english = region_level_name(level);
  for (const auto& w : level_words)
    if (w.level == level && w.word != english) return w.word;
  return english;
}

std::string region_level_said(RegionLevel level) {
  switch (level) {
    case RegionLevel::Province: return say_text("province");
    case RegionLevel::Regency: return say_text("regency");
    case RegionLevel::District: return say_text("district");
    case RegionLevel::Village: return say_text("village");
  }
  return say_text("region");
}

std::optional<Value> literal_value(const ast::Expr& e, ValueKind kind) {
  using ast::ExprKind;
  switch (e.kind) {
    case ExprKind::Int: return Value::integer(e.int_value);
    case ExprKind::Money: return Value::money(e.int_value);
    case ExprKind::Percent: return Value::percent_millionths(e.int_value);
    case ExprKind::Date: return Value::date(static_cast<Day>(e.int_value));
    case ExprKind::Bool: return Value::boolean(e.int_value != 0);
    case ExprKind::Region: return Value::region(e.text);
    case ExprKind::Text: return kind == ValueKind::Nik ? Value::nik(e.text) : Value::text(e.text);
    case ExprKind::Negate: {
      if (e.args.size() != 1) return std::nullopt;
      auto v = literal_value(*e.args[0], kind);
      if (!v) return std::nullopt;
      if (v->kind == ValueKind::Int || v->kind == ValueKind::Money) {
        v->i = -v->i;
        return v;
      }
      if (v->kind == ValueKind::Percent) {
        v->q.num = -v->q.num;
        return v;
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<ValueConstraint> make_constraint(const ast::FieldConstraint& c, ValueKind kind) {
  using ast::ConstraintKind;
  ValueConstraint out;
  out.kind = c.kind;
  if (c.level) {
    out.level = parse_region_level(c.level->name);
    if (!out.level) return std::nullopt;
  }
  switch (c.kind) {
    case ConstraintKind::Between: {
      if (!c.low || !c.high) return std::nullopt;
      auto lo = literal_value(*c.low, kind), hi = literal_value(*c.high, kind);
      if (!lo || !hi) return std::nullopt;
      out.low = std::move(*lo);
      out.high = std::move(*hi);
      return out;
    }
    case ConstraintKind::OneOf: {
      if (!c.values || c.values->kind != ast::ExprKind::Set) return std::nullopt;
      for (const auto& a : c.values->args) {
        auto v = literal_value(*a, kind);
        if (!v) return std::nullopt;
        out.allowed.push_back(std::move(*v));
      }
      return out;
    }
    case ConstraintKind::Within: {
      if (!c.area) return std::nullopt;
      if (c.area->kind == ast::ExprKind::Region) {
        out.areas.push_back(c.area->text);
        return out;
      }
      if (c.area->kind != ast::ExprKind::Set) return std::nullopt;
      for (const auto& a : c.area->args) {
        if (a->kind != ast::ExprKind::Region) return std::nullopt;
        out.areas.push_back(a->text);
      }
      return out;
    }
    case ConstraintKind::Level: return out;
  }
  return std::nullopt;
}

std::optional<std::string> constraint_violation(const ValueConstraint& c, const Value& v) {
  using ast::ConstraintKind;
  switch (c.kind) {
    case ConstraintKind::Between:
      if (order(v, c.low) < 0 || order(v, c.high) > 0)
        return say("{} is not between {} and {}", quoted_for_message(to_display(v)), to_display(c.low),
                   to_display(c.high));
      return std::nullopt;
    case ConstraintKind::OneOf: {
      for (const auto& a : c.allowed)
        if (equal(v, a)) return std::nullopt;
      constexpr std::size_t shown_max = 12;
      std::vector<std::string> items, words;
      for (const auto& a : c.allowed) {
        if (items.size() < shown_max) items.push_back(listed(a));
        words.push_back(to_display(a));
      }
      std::string list = c.allowed.size() > shown_max ? joined(items, ", ") + say(", … ({} in all)", c.allowed.size())
                                                      : joined(items, say_text(" or "));
      std::string message = say("{} is not one of {}", quoted_for_message(to_display(v)), list);
      if (v.kind == ValueKind::Text)
        if (const auto hint = did_you_mean(v.s, words)) message += fmt::format(" ({})", *hint);
      return message;
    }
    case ConstraintKind::Within:
    case ConstraintKind::Level: {
      if (c.kind == ConstraintKind::Within &&
          std::none_of(c.areas.begin(), c.areas.end(), [&](const auto& a) { return region_within(v.s, a); }))
        return say("{} is not within {}", quoted_for_message(v.s), joined(c.areas, say_text(" or ")));
      if (c.level && region_level_of(v.s) != *c.level)
        return say("{} is a {} code; this field needs a {} code ({})", quoted_for_message(v.s),
                   region_level_said(region_level_of(v.s)), region_level_said(*c.level), level_shape(*c.level));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string constraint_text(const ValueConstraint& c) {
  using ast::ConstraintKind;
  std::string level = c.level ? fmt::format("level {}", region_level_name(*c.level)) : "";
  switch (c.kind) {
    case ConstraintKind::Between: return fmt::format("between {} and {}", to_display(c.low), to_display(c.high));
    case ConstraintKind::OneOf: {
      std::vector<std::string> items;
      for (const auto& a : c.allowed) items.push_back(listed(a));
      return "in [" + joined(items, ", ") + "]";
    }
    case ConstraintKind::Within: {
      std::string area = c.areas.size() == 1 ? c.areas[0] : "[" + joined(c.areas, ", ") + "]";
      return "within " + area + (level.empty() ? "" : " " + level);
    }
    case ConstraintKind::Level: return level;
  }
  return {};
}

}  // namespace jaring
