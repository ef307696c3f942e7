// compile: a checked policy becomes an immutable Program with names resolved to slots.
#include "eval_support.hpp"

using namespace jaring;

namespace {

const char* const groups = R"(
parameter jkm_amount "Iuran JKM" : money
  since 2024-01-01 = Rp 6.800
group late "Terakhir" {
  when role == "late"
  covers JKM
  paid_by apbd_kota
}
group first "Pertama" [Pasal 4] {
  priority 1
  when role in ["a", "b"]
  covers JKK, JKM as BPU
  paid_by apbd_kota 50%, kpu 50%
  quota 10 per village rank by registered_on desc
}
group second "Kedua" {
  priority 2
  when true
  covers JKM
  paid_by kpu
}
)";

}  // namespace

TEST_CASE("compile: names become slots; groups are ordered by priority", "[compile]") {
  auto r = test::check_text(std::string(test::base_policy) + groups);
  REQUIRE(r->checked);
  const auto p = compile(*r->checked);
  CHECK(p->name == "Uji");
  CHECK(p->hash.rfind("sha256:", 0) == 0);
  CHECK(p->hash.size() == 7 + 64);
  REQUIRE(p->schema.fields.size() == 8);
  CHECK(p->schema.fields[0].type == ValueKind::Nik);
  CHECK(p->schema.id_field == std::optional<std::size_t>(0));
  CHECK(p->let_names == std::vector<std::string>{"age"});
  REQUIRE(p->parameters.size() == 1);
  CHECK(p->parameters[0].values.size() == 1);
  REQUIRE(p->groups.size() == 3);
  // priority 1, priority 2, then the group without a priority
  CHECK(p->group_order == std::vector<std::uint32_t>{1, 2, 0});
  const CGroup& first = p->groups[1];
  CHECK(first.scheme == "BPU");
  CHECK(first.programmes.size() == 2);
  REQUIRE(first.quota);
  CHECK(first.quota->count == 10);
  CHECK(first.quota->descending);
  CHECK(first.quota->per_field == p->schema.index_of("village"));
  REQUIRE(first.paid_by.size() == 1);
  CHECK(first.paid_by[0].shares.size() == 2);
  CHECK(first.paid_by[0].shares[0].share == 500'000);
  CHECK(first.quota_label == "Kuota Pertama (10 orang) telah terpenuhi");
  CHECK(first.quota_label_en == "The quota of Pertama (10 people) is full");
  CHECK(p->needs_allocation);
  // A text set becomes a hash set; every node keeps the span it came from.
  CHECK(first.when.kind == NodeKind::In);
  REQUIRE(first.when.text_set);
  CHECK(first.when.text_set->count("b") == 1);
  CHECK(r->sources.get(first.when.span.source).slice(first.when.span) == "role in [\"a\", \"b\"]");
  // `let age = years_between(...)` is a call of the built-in's table entry.
  CHECK(p->lets[0].kind == NodeKind::Call);
}

TEST_CASE("compile: the hash names the meaning, not the spelling", "[compile]") {
  auto a = test::check_text(std::string(test::base_policy) + groups);
  auto b = test::check_text(std::string(test::base_policy) + "\n# a comment\n" + groups);
  auto c = test::check_text(std::string(test::base_policy) + groups + "payer extra \"Lain\"\n");
  REQUIRE((a->checked && b->checked && c->checked));
  CHECK(compile(*a->checked)->hash == compile(*b->checked)->hash);
  CHECK(compile(*a->checked)->hash != compile(*c->checked)->hash);
}

TEST_CASE("compile: a policy without quotas or budgets needs no allocation", "[compile]") {
  auto r = test::check_text(std::string(test::base_policy) + R"(
group g "G" {
  when true
  covers JKM
  paid_by apbd_kota
}
)");
  REQUIRE(r->checked);
  CHECK_FALSE(compile(*r->checked)->needs_allocation);
}
