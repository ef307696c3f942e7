#include "engine/runtime/test_runner.hpp"
#include "engine/runtime/open_policy.hpp"
#include "eval_support.hpp"

using namespace jaring;

namespace {

const std::string groups = R"(
require adult "Berusia 15 tahun" [Pasal 3 huruf c]
  age >= 15
group rt "Ketua RT" [Pasal 4] {
  when role == "ketua_rt"
  covers JKK, JKM
  paid_by apbd_kota
}
group kpu_staff "Petugas KPU" [Pasal 5] {
  when role == "kpps"
  covers JKM
  paid_by apbd_kota during 2024-01-01 .. 2024-03-20
  paid_by kpu since 2024-03-21
}
)";

std::vector<TestResult> run(const std::string& tests, Coverage* coverage = nullptr) {
  test::Compiled c(std::string(test::base_policy) + groups + tests);
  return run_tests(*c.checked->policy, *c.program, coverage);
}

}  // namespace

TEST_CASE("test runner: a test that holds passes", "[test-runner]") {
  const auto r = run(R"(test "RT layak" on 2024-08-01 {
    given { role: "ketua_rt", birth_date: 1984-05-01, domicile: 36.72 }
    expect eligible, group rt, paid_by apbd_kota
    expect contribution JKK = Rp 10.000, JKM = Rp 6.800, total = Rp 16.800
  })");
  REQUIRE(r.size() == 1);
  CHECK(r[0].passed);
}

TEST_CASE("test runner: a wrong expectation fails with expected and actual", "[test-runner]") {
  const auto r = run(R"(test "salah" on 2024-08-01 {
    given { role: "ketua_rt", birth_date: 1984-05-01, domicile: 36.72 }
    expect eligible, group kpu_staff
    expect contribution total = Rp 16.000
  })");
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].passed);
  REQUIRE(r[0].mismatches.size() == 2);
  CHECK(r[0].mismatches[0] == std::make_pair(std::string("group kpu_staff"), std::string("group rt")));
  CHECK(r[0].mismatches[1].second == "contribution total = Rp 16.800");
}

TEST_CASE("test runner: `because` must name exactly the failing requirements", "[test-runner]") {
  const std::string given = R"(given { role: "ketua_rt", birth_date: 2015-05-01, domicile: 36.73 })";
  CHECK(run("test \"dua\" on 2024-08-01 { " + given + " expect not eligible because in_region, adult }")[0].passed);
  CHECK_FALSE(run("test \"satu\" on 2024-08-01 { " + given + " expect not eligible because adult }")[0].passed);
}

TEST_CASE("test runner: missing fields without a default fail the rules that need them", "[test-runner]") {
  const auto r = run(R"(test "tanpa tanggal lahir" on 2024-08-01 {
    given { role: "ketua_rt", domicile: 36.72 }
    expect not eligible because adult
  })");
  CHECK(r[0].passed);
  CHECK(render(r[0].decision.reasons[0].detail, Lang::en) == "field `birth_date` is missing");
}

TEST_CASE("test runner: coverage lists what no test exercised", "[test-runner]") {
  Coverage coverage;
  run(R"(test "RT" on 2024-08-01 {
    given { role: "ketua_rt", birth_date: 1984-05-01, domicile: 36.72 }
    expect eligible
  })",
      &coverage);
  const auto& u = coverage.untested;
  CHECK(std::find(u.begin(), u.end(), "group `kpu_staff` [Pasal 5]") != u.end());
  CHECK(std::find(u.begin(), u.end(), "payer line 1 of group `kpu_staff`") != u.end());
  CHECK(std::find(u.begin(), u.end(), "payer line 2 of group `kpu_staff`") != u.end());
  CHECK(std::find(u.begin(), u.end(), "group `rt` [Pasal 4]") == u.end());
  CHECK(std::find(u.begin(), u.end(), "citation [Pasal 5]") != u.end());
}

TEST_CASE("test runner: `because` may name a reason the engine gives", "[test-runner]") {
  const auto r = run(R"(test "bukan sasaran" on 2024-08-01 {
    given { role: "pedagang", birth_date: 1984-05-01, domicile: 36.72 }
    expect not eligible because no_group
  })");
  CHECK(r[0].passed);
}

TEST_CASE("test runner: `paid_by` may give each payer's monthly amount", "[test-runner]") {
  const std::string shared = R"(
group kader "Kader" [Pasal 6] {
  when role == "kader"
  covers JKK, JKM
  paid_by kpu 50%, apbd_kota 50%
}
)";
  auto run_shared = [&](const std::string& expect) {
    test::Compiled c(std::string(test::base_policy) + groups + shared + "test \"kader\" on 2024-08-01 {\n" +
                     "  given { role: \"kader\", birth_date: 1984-05-01, domicile: 36.72 }\n  expect " + expect +
                     "\n}\n");
    return run_tests(*c.checked->policy, *c.program);
  };
  CHECK(run_shared("eligible, paid_by kpu = Rp 8.400, apbd_kota = Rp 8.400")[0].passed);
  CHECK(run_shared("eligible, paid_by kpu, apbd_kota = Rp 8.400")[0].passed);  // amounts optional
  const auto wrong = run_shared("eligible, paid_by kpu = Rp 8.400, apbd_kota = Rp 8.000");
  REQUIRE(wrong[0].mismatches.size() == 1);
  CHECK(wrong[0].mismatches[0] ==
        std::make_pair(std::string("paid_by apbd_kota = Rp 8.000"), std::string("paid_by apbd_kota = Rp 8.400")));
}

TEST_CASE("test runner: an expected payer amount must be money", "[test-runner]") {
  auto r = test::check_text(std::string(test::base_policy) + groups + R"(test "x" on 2024-08-01 {
  given { role: "ketua_rt" }
  expect eligible, paid_by apbd_kota = 5%
})");
  CHECK(r->has("type-mismatch"));
}

TEST_CASE("test runner: an amendment runs its base's tests and shows what it changes", "[test-runner]") {
  SourceMap sources;
  Diagnostics diags;
  const auto opened =
      open_policy(std::string(JARING_SOURCE_DIR) + "/tests/unit/fixtures/tested_amendment.policy", sources, diags);
  REQUIRE(opened.ok());
  const Policy& policy = opened.checked->policy();
  CHECK(policy.tests.size() == 1);       // its own
  CHECK(policy.base_tests.size() == 5);  // the base's, kept apart
  CHECK(run_tests(policy, *opened.program)[0].passed);
  const auto base = run_base_tests(policy, *opened.program);
  REQUIRE(base.size() == 4);  // "Bukan sasaran" is replaced by the amendment's own test
  std::map<std::string, const TestResult*> by_name;
  for (const auto& r : base) by_name[r.name] = &r;
  // Written for 2024-08-01, run on 2025-08-01: the amendment is valid from 2025 on.
  CHECK(format_date(by_name.at("RT layak")->on) == "2025-08-01");
  CHECK(format_date(by_name.at("RT layak")->written_on) == "2024-08-01");
  CHECK_FALSE(by_name.at("RT layak")->passed);  // rt_rw removed
  CHECK_FALSE(by_name.at("KPU dibagi dua")->passed);
  CHECK(by_name.at("KPU dibagi dua")->mismatches[0].second == "paid_by apbd_prov");
  CHECK_FALSE(by_name.at("Luar kota")->passed);  // no group now, so `no_group` comes first
  CHECK(by_name.at("Pedagang luar kota")->passed);
}
