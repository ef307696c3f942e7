// One vocabulary each: built-in functions, engine reasons, type names, the default scheme.
#include <set>

#include "engine/io/explain.hpp"
#include "engine/language/builtins.hpp"
#include "engine/language/engine_reasons.hpp"
#include "engine/language/types.hpp"
#include "engine/runtime/allocate.hpp"
#include "eval_support.hpp"

using namespace jaring;
using test::Compiled;

TEST_CASE("builtins: one table names, types and evaluates every function", "[vocabulary][builtins]") {
  std::set<std::string_view> names;
  for (const auto& b : builtins()) {
    CHECK(names.insert(b.name).second);
    CHECK(find_builtin(b.name).has_value());
    CHECK(b.min_args >= 1);
    CHECK(b.max_args >= b.min_args);
  }
  CHECK_FALSE(find_builtin("sqrt"));
  const Builtin& round = builtins()[*find_builtin("round")];
  CHECK(*round.type("round", {Type{ValueKind::Unrounded}}).type == Type{ValueKind::Money});
  CHECK(round.type("round", {Type{ValueKind::Date}}).message == "`round` rounds money, found date");
  // The evaluator passes its arguments by pointer.
  auto call = [](const Builtin& b, std::vector<Value> values) {
    std::vector<const Value*> args;
    for (const auto& v : values) args.push_back(&v);
    return b.eval(args);
  };
  CHECK(call(round, {Value::unrounded({5, 2})}).i == 3);  // 2,5 sen, half away from zero
  const Builtin& floor = builtins()[*find_builtin("floor")];
  CHECK(call(floor, {Value::unrounded({-5, 2})}).i == -3);
  const Builtin& max = builtins()[*find_builtin("max")];
  CHECK(call(max, {Value::money(5), Value::unrounded({11, 2}), Value::money(4)}).kind == ValueKind::Unrounded);
  const auto mixed = max.type("max", {Type{ValueKind::Money}, Type{ValueKind::Date}});
  CHECK_FALSE(mixed.type);
  CHECK(mixed.argument == std::optional<std::size_t>(1));
  CHECK(arity_text(max, 1) == "`max` takes at least 2 arguments, found 1");
  CHECK(arity_text(round, 2) == "`round` takes 1 argument, found 2");
  const Builtin& years = builtins()[*find_builtin("years_between")];
  CHECK(call(years, {Value::date(*parse_date("1984-05-02")), Value::date(*parse_date("2024-05-01"))}).i == 39);
}

TEST_CASE("builtins: the checker and the evaluator use the same table", "[vocabulary][builtins]") {
  auto r = test::check_text(std::string(test::base_policy) + "let x = rond(Rp 1)\n");
  CHECK(r->has("unknown-function"));
  CHECK(r->diags.all()[0].help == std::optional<std::string>("did you mean `round`?"));
  const Compiled c(std::string(test::base_policy) + R"(
let capped = min(declared_income, Rp 2.000.000, max(Rp 500.000, declared_income))
group g "G" {
  when round(capped * 1%) == Rp 15.000 and months_between(birth_date, as_of) > 400
  covers JKM
  paid_by apbd_kota
}
)");
  const Decision d = c.decide(
      R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72","declared_income":1500000})",
      "2024-05-01");
  CHECK(d.status == Status::Eligible);
}

TEST_CASE("engine reasons: one table; explanations in English show English labels", "[vocabulary][reasons]") {
  std::set<std::string_view> rules;
  for (const auto& r : engine_reasons) {
    CHECK(rules.insert(r.rule).second);
    CHECK(is_engine_reason(r.rule));
    CHECK(!r.indonesian.empty());
    CHECK(!r.english.empty());
    CHECK(r.english != r.indonesian);
  }
  CHECK_FALSE(is_engine_reason("not_pu"));
  const Compiled c(std::string(test::base_policy) + R"(
group g "Kader" [Pasal 4] {
  when role == "kader"
  covers JKM
  paid_by apbd_kota
  quota 1 rank by registered_on
}
)");
  const Decision none =
      c.decide(R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72"})", "2024-05-01");
  REQUIRE(!none.reasons.empty());
  CHECK(none.reasons[0].rule == "no_group");
  CHECK(explain(none, "en").find("Not in any target group") != std::string::npos);
  CHECK(explain(none, "en").find("Tidak termasuk") == std::string::npos);
  CHECK(explain(none, "id").find("Tidak termasuk kelompok sasaran mana pun") != std::string::npos);
  const Decision late =
      c.decide(R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72"})", "2025-05-01");
  CHECK(explain(late, "en").find("The policy is not in force on this date") != std::string::npos);

  // A quota's reason is made of the group's own label, in either language.
  Allocator a(*c.program, *parse_date("2024-05-01"));
  std::vector<Decision> ds;
  for (const char* nik : {"3672010105840001", "3672010105840002"})
    ds.push_back(
        c.decide(std::string(R"({"nik":")") + nik +
                     R"(","birth_date":"1984-05-01","role":"kader","domicile":"36.72","registered_on":"2024-01-01"})",
                 "2024-05-01"));
  for (std::size_t i = 0; i < ds.size(); ++i) a.add(ds[i], i);
  a.run();
  for (std::size_t i = 0; i < ds.size(); ++i) a.apply(ds[i], i);
  REQUIRE(ds[1].status == Status::Waitlisted);
  CHECK(explain(ds[1], "en").find("The quota of Kader (1 people) is full") != std::string::npos);
  CHECK(explain(ds[1], "id").find("Kuota Kader (1 orang) telah terpenuhi") != std::string::npos);
}

TEST_CASE("types: one table of names in both languages", "[vocabulary][types]") {
  for (const auto& t : type_table) {
    CHECK(parse_type_name(t.english) == std::optional<Type>(Type{t.kind}));
    CHECK(parse_type_name(t.indonesian) == std::optional<Type>(Type{t.kind}));
    if (t.kind != ValueKind::Set) CHECK(type_name(Type{t.kind}) == t.english);
  }
  CHECK_FALSE(parse_type_name("uangg"));
  CHECK(type_name(Type{ValueKind::Set, ValueKind::Text}) == "set of text");
  CHECK(described(ValueKind::Int) == "a whole number");
  CHECK(type_names().front() == "text");
}

TEST_CASE("default scheme: a group that names none is in it", "[vocabulary][scheme]") {
  const Compiled c(std::string(test::base_policy) + R"(
group g "G" {
  when true
  covers JKM
  paid_by apbd_kota
}
)");
  const Decision d =
      c.decide(R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72"})", "2024-05-01");
  CHECK(d.scheme == ast::default_scheme);
}
