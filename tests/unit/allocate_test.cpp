#include "engine/runtime/allocate.hpp"
#include "eval_support.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"

using namespace jaring;
using test::Compiled;

namespace {

const std::string allocation_policy = std::string(test::base_policy) + R"(
payer dana_desa "Dana Desa"
  budget 2024 = Rp 403.200
group rt_rw "Ketua RT" [Pasal 4] {
  when role == "ketua_rt"
  covers JKK, JKM
  paid_by apbd_kota
  quota 2 rank by registered_on
}
group desa "Rentan desa" {
  when role == "rentan"
  covers JKK, JKM
  paid_by kpu
  quota 1 per village rank by registered_on desc
}
group budgeted "Dibiayai Dana Desa" {
  when role == "budgeted"
  covers JKK, JKM
  paid_by dana_desa
}
)";

struct Population {
  explicit Population(const Compiled& compiled) : c(compiled) {}
  const Compiled& c;
  std::vector<Decision> decisions;
  Day as_of = *parse_date("2024-05-01");

  void add(const std::string& nik, const std::string& role, const std::string& extra = "") {
    decisions.push_back(c.decide(R"({"nik":")" + nik + R"(","birth_date":"1984-01-01","role":")" + role +
                                     R"(","domicile":"36.72")" + (extra.empty() ? "" : "," + extra) + "}",
                                 "2024-05-01"));
  }
  // Allocates in the given order; returns statuses in input order.
  std::vector<Status> allocate(const std::vector<std::size_t>& order) {
    Allocator a(*c.program, as_of);
    std::vector<std::size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i : sorted)
      if (decisions[order[i]].status == Status::Eligible) a.add(decisions[order[i]], i);
    a.run();
    std::vector<Status> out(decisions.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      Decision d = decisions[order[i]];
      if (d.status == Status::Eligible) a.apply(d, i);
      out[order[i]] = d.status;
      ranks.resize(decisions.size());
      ranks[order[i]] = d.rank.value_or(0);
      reasons.resize(decisions.size());
      reasons[order[i]] = d.reasons.empty() ? "" : std::string(d.reasons.back().rule);
    }
    return out;
  }
  std::vector<std::int64_t> ranks;
  std::vector<std::string> reasons;
};

const Compiled& compiled() {
  static const Compiled c(allocation_policy);
  return c;
}

}  // namespace

TEST_CASE("allocate: quota by rank; ties broken by record id", "[allocate]") {
  Population p(compiled());
  p.add("3672010000000003", "ketua_rt", R"("registered_on":"2024-01-02")");
  p.add("3672010000000002", "ketua_rt", R"("registered_on":"2024-01-05")");
  p.add("3672010000000001", "ketua_rt", R"("registered_on":"2024-01-05")");
  const auto s = p.allocate({0, 1, 2});
  CHECK(s == std::vector<Status>{Status::Eligible, Status::Waitlisted, Status::Eligible});
  CHECK(p.ranks == std::vector<std::int64_t>{1, 3, 2});
  CHECK(p.reasons[1] == "quota");
}

TEST_CASE("allocate: the result does not depend on input order", "[allocate]") {
  Population p(compiled());
  for (int i = 0; i < 6; ++i)
    p.add("36720100000000" + std::to_string(10 + i), "ketua_rt",
          R"("registered_on":"2024-01-0)" + std::to_string(6 - i % 3) + "\"");
  const auto forward = p.allocate({0, 1, 2, 3, 4, 5});
  const auto ranks = p.ranks;
  const auto backward = p.allocate({5, 4, 3, 2, 1, 0});
  CHECK(forward == backward);
  CHECK(ranks == p.ranks);
}

TEST_CASE("allocate: a quota per village, ranked descending", "[allocate]") {
  Population p(compiled());
  p.add("3672010000000001", "rentan", R"("village":"36.72.01.2001","registered_on":"2024-01-01")");
  p.add("3672010000000002", "rentan", R"("village":"36.72.01.2001","registered_on":"2024-02-01")");
  p.add("3672010000000003", "rentan", R"("village":"36.72.01.2002","registered_on":"2024-01-01")");
  const auto s = p.allocate({0, 1, 2});
  CHECK(s == std::vector<Status>{Status::Waitlisted, Status::Eligible, Status::Eligible});
  CHECK(p.ranks == std::vector<std::int64_t>{2, 1, 1});
}

TEST_CASE("allocate: a budget exhausted mid-rank waitlists the rest", "[allocate]") {
  // Rp 403.200 = 2 persons × Rp 16.800 × 12.
  Population p(compiled());
  for (int i = 1; i <= 4; ++i) p.add("367201000000000" + std::to_string(i), "budgeted");
  const auto s = p.allocate({0, 1, 2, 3});
  CHECK(s == std::vector<Status>{Status::Eligible, Status::Eligible, Status::Waitlisted, Status::Waitlisted});
  CHECK(p.reasons[2] == "budget");
}

TEST_CASE("allocate: candidates without a rank value come last", "[allocate]") {
  Population p(compiled());
  p.add("3672010000000001", "ketua_rt");
  p.add("3672010000000002", "ketua_rt", R"("registered_on":"2024-03-01")");
  p.add("3672010000000003", "ketua_rt", R"("registered_on":"2024-04-01")");
  const auto s = p.allocate({0, 1, 2});
  CHECK(s == std::vector<Status>{Status::Waitlisted, Status::Eligible, Status::Eligible});
}

TEST_CASE("allocate: records sharing an id are all refused, whatever the input order", "[allocate]") {
  Population p(compiled());
  p.add("3672010000000001", "ketua_rt", R"("registered_on":"2024-01-01")");
  p.add("3672010000000001", "ketua_rt", R"("registered_on":"2024-01-02")");
  p.add("3672010000000002", "ketua_rt", R"("registered_on":"2024-01-03")");
  const auto forward = p.allocate({0, 1, 2});
  CHECK(forward == std::vector<Status>{Status::NotEligible, Status::NotEligible, Status::Eligible});
  CHECK(p.reasons[0] == "duplicate_id");
  CHECK(p.allocate({2, 1, 0}) == forward);
}

namespace {

std::uint32_t group_named(const Program& p, const std::string& name) {
  for (std::uint32_t g = 0; g < p.groups.size(); ++g)
    if (p.groups[g].info.name == name) return g;
  FAIL("no group " << name);
  return 0;
}

// Runs the allocation of candidates 0 .. n-1 (their input order) and gives their ranks, 0 for
// a copy of a repeated id.
std::vector<std::int64_t> ranks_after_run(Allocator& a, std::size_t n) {
  a.run();
  std::vector<std::int64_t> out;
  std::size_t cursor = a.cursor(0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::optional<Allocator::Outcome> o = a.find(cursor, i);
    REQUIRE(o.has_value());
    out.push_back(o->verdict == Allocator::Verdict::Duplicate ? 0 : o->rank);
  }
  return out;
}

// The ranks the allocation gives candidates added from their parts (input order = position).
std::vector<std::int64_t> ranks_of(const std::vector<std::string>& ids, const std::vector<Rational>& ranks,
                                   unsigned threads) {
  const Program& p = *compiled().program;
  Allocator a(p, *parse_date("2024-05-01"));
  a.set_threads(threads);
  const std::uint32_t g = group_named(p, "rt_rw");
  for (std::size_t i = 0; i < ids.size(); ++i)
    a.add(i, i + 2, g, ids[i], i < ranks.size() ? &ranks[i] : nullptr, "", nullptr, 0);
  return ranks_after_run(a, ids.size());
}

}  // namespace

TEST_CASE("allocate: a record without an id is no copy of the record whose id spells its line", "[allocate]") {
  // As the scan for repeated ids has it (batch.cpp scan_ids): only ids read from the id field
  // repeat. Before, the allocation refused both, and the fast lane stopped on an internal error.
  const Program& p = *compiled().program;
  Allocator a(p, *parse_date("2024-05-01"));
  const std::uint32_t g = group_named(p, "rt_rw");
  a.add(0, 2, g, "2", nullptr, "", nullptr, 0, false);  // no id: its line number
  a.add(1, 3, g, "2", nullptr, "", nullptr, 0);         // the id 2
  a.add(2, 4, g, "7", nullptr, "", nullptr, 0);
  a.add(3, 5, g, "7", nullptr, "", nullptr, 0);  // a copy of 7
  const std::vector<std::int64_t> ranks = ranks_after_run(a, 4);
  CHECK(ranks[0] > 0);
  CHECK(ranks[1] > 0);
  CHECK(ranks[2] == 0);
  CHECK(ranks[3] == 0);
}

TEST_CASE("allocate: withdrawn candidates take no place, and nothing else changes", "[allocate]") {
  // The fast lane collects candidates and every id's hash in one pass, and withdraws the
  // candidates of ids found repeated after it: the others are ranked as if those had never been
  // added. Ids are matched as kept (a NIK as its digit key, a text as its bytes), and a record
  // without an id (its line number) is withdrawn when a repeated id spells it, as the lane
  // flags the generic runtime's decisions.
  const Program& p = *compiled().program;
  const std::uint32_t g = group_named(p, "rt_rw");
  const Rational r1{1, 1}, r2{2, 1}, r3{3, 1}, r4{4, 1}, r5{5, 1}, r6{6, 1};
  Allocator a(p, *parse_date("2024-05-01"));
  a.add(0, 2, g, "3672010000000002", &r1, "", nullptr, 0);  // withdrawn: a NIK
  a.add(1, 3, g, "budi", &r2, "", nullptr, 0);              // withdrawn: a text id
  a.add(2, 4, g, "7", &r3, "", nullptr, 0, false);          // withdrawn: a line number a repeated id spells
  a.add(3, 5, g, "3672010000000009", &r4, "", nullptr, 0);
  a.add(4, 6, g, "budi2", &r5, "", nullptr, 0);
  a.add(5, 7, g, "9", &r6, "", nullptr, 0);
  CHECK(a.withdraw({"3672010000000002", "budi", "7", "absent", "36720100000000020"}) == 3);
  const std::vector<std::int64_t> ranks = ranks_after_run(a, 6);
  // quota 2 by registered rank: the first two left are allocated at ranks 1 and 2.
  CHECK(ranks == std::vector<std::int64_t>{0, 0, 0, 1, 2, 3});
  std::size_t cursor = a.cursor(3);
  CHECK(a.find(cursor, 3)->verdict == Allocator::Verdict::Allocated);
  cursor = a.cursor(5);
  CHECK(a.find(cursor, 5)->verdict == Allocator::Verdict::Quota);
  // A withdrawn candidate has no reason to give: no decision asks (its record is not eligible).
  cursor = a.cursor(0);
  CHECK_THROWS_AS(a.reason(cursor), InternalError);
  CHECK_THROWS_AS(a.withdraw({"9"}), InternalError);
}

TEST_CASE("duplicate ids: the details of the ids on more than one record, looked up by their text", "[allocate]") {
  DuplicateIds ids;
  ids.add("3672010000000002", 2);
  ids.add("budi", 3);
  ids.add("3672010000000002", 9);
  ids.add("once", 4);
  ids.add("budi", 12);
  ids.add("budi", 15);
  ids.seal();
  CHECK(ids.ids() == 2);
  REQUIRE(ids.detail("3672010000000002"));
  CHECK(render(*ids.detail("3672010000000002")) ==
        "id `3672010000000002` is on 2 records (lines 2, 9); resolve the duplicate");
  REQUIRE(ids.detail("budi"));
  CHECK(render(*ids.detail("budi")) == "id `budi` is on 3 records (lines 3, 12, 15); resolve the duplicate");
  CHECK(ids.detail("once") == nullptr);
  CHECK(ids.detail("bud") == nullptr);
  CHECK(ids.detail("") == nullptr);
  std::vector<std::string_view> repeated = ids.repeated();
  std::sort(repeated.begin(), repeated.end());
  CHECK(repeated == std::vector<std::string_view>{"3672010000000002", "budi"});
  // Many: every one found, none made up.
  DuplicateIds many;
  for (int i = 0; i < 5000; ++i) {
    many.add(std::to_string(i), static_cast<std::uint64_t>(2 * i));
    if (i % 3 == 0) many.add(std::to_string(i), static_cast<std::uint64_t>(2 * i + 1));
  }
  many.seal();
  CHECK(many.ids() == 1667);
  for (int i = 0; i < 5000; ++i) CHECK((many.detail(std::to_string(i)) != nullptr) == (i % 3 == 0));
  CHECK(many.detail("5000") == nullptr);
}

TEST_CASE("allocate: a repeated id's message names the lines of its records", "[allocate]") {
  // The first two candidates' lines are their indexes (the fast lane's CSV), the next two's are
  // not: the lines kept beside the candidates from the first that differs.
  const Program& p = *compiled().program;
  Allocator a(p, *parse_date("2024-05-01"));
  const std::uint32_t g = group_named(p, "rt_rw");
  a.add(2, 2, g, "5", nullptr, "", nullptr, 0);
  a.add(3, 3, g, "6", nullptr, "", nullptr, 0);
  a.add(4, 9, g, "5", nullptr, "", nullptr, 0);
  a.add(5, 12, g, "6", nullptr, "", nullptr, 0);
  a.add(6, 6, g, "7", nullptr, "", nullptr, 0);
  a.run();
  const std::vector<std::pair<std::uint64_t, std::string>> want = {
      {2, "id `5` is on 2 records (lines 2, 9); resolve the duplicate"},
      {3, "id `6` is on 2 records (lines 3, 12); resolve the duplicate"},
      {4, "id `5` is on 2 records (lines 2, 9); resolve the duplicate"},
      {5, "id `6` is on 2 records (lines 3, 12); resolve the duplicate"}};
  for (const auto& [index, detail] : want) {
    std::size_t cursor = a.cursor(index);
    const std::optional<Allocator::Outcome> o = a.find(cursor, index);
    REQUIRE(o.has_value());
    CHECK(o->verdict == Allocator::Verdict::Duplicate);
    CHECK(render(a.reason(cursor).detail) == detail);
  }
  std::size_t cursor = a.cursor(6);
  CHECK(a.find(cursor, 6)->verdict == Allocator::Verdict::Allocated);
}

TEST_CASE("allocate: payments against budgets, as a walk of the ranking says", "[allocate]") {
  // Candidates with none to three payments to one payer's own account and two keyed accounts
  // (each with the payer's budget), in random amounts, and to a payer without a budget: taken by
  // record id, each refused when a payment no longer fits its account, with the figures of the
  // first that does not; a small payment late in the ranking may still fit. At 1 and 2 threads.
  const Program& p = *compiled().program;
  const Day as_of = *parse_date("2024-05-01");
  auto payer_named = [&](std::string_view name) {
    std::uint32_t payer = 0;
    while (p.payers[payer].info.name != name) ++payer;
    return payer;
  };
  const std::uint32_t payer = payer_named("dana_desa"), kpu = payer_named("kpu");
  REQUIRE(p.payers[kpu].budgets.empty());
  const std::int64_t budget = p.payers[payer].budgets.at(2024);
  const std::uint32_t g = group_named(p, "budgeted");
  const std::size_t n = 70'000;
  // The costs' accounts are kept once a second one pays (allocate.hpp cost_accounts_): all from
  // the start, from half-way, or never (the first `single` candidates pay the own account only).
  const std::size_t single = GENERATE(std::size_t{0}, std::size_t{35'000}, std::size_t{70'000});
  const std::string accounts[] = {"dana_desa", "dana_desa:36.72.01.2001", "dana_desa:36.72.01.2002"};
  std::mt19937_64 random(11);
  std::vector<std::string> ids;
  std::vector<std::vector<Allocator::Payment>> payments(n);
  for (std::size_t i = 0; i < n; ++i) {
    ids.push_back(std::to_string(3'672'010'000'000'000 + (i * 7'919) % n));  // distinct, not in input order
    const std::size_t count = random() % 4;
    for (std::size_t k = 0; k < count; ++k) {
      const std::int64_t yearly = 1 + static_cast<std::int64_t>(random() % 4'000);
      const std::size_t account = i < single ? 0 : random() % 3;
      if (random() % 4 == 0) payments[i].push_back({"kpu", kpu, yearly * 1'000});  // no budget: never refused
      else payments[i].push_back({accounts[account], payer, yearly});
    }
  }
  // The model: the ranking is by id (the group has no rank), the accounts' use walked along it.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return record_id_less(ids[a], ids[b]); });
  std::map<std::string_view, std::int64_t> used;
  std::vector<std::string> want(n);  // "" allocated, else the refusal's detail
  for (const std::size_t i : order) {
    for (const Allocator::Payment& pay : payments[i])
      if (pay.payer == payer && used[pay.account] + pay.yearly > budget) {
        want[i] = fmt::format("budget 2024: {} of {} used; this person costs {} in 2024", MoneyText{used[pay.account]},
                              MoneyText{budget}, MoneyText{pay.yearly});
        break;
      }
    if (want[i].empty())
      for (const Allocator::Payment& pay : payments[i]) used[pay.account] += pay.yearly;
  }
  const auto refused =
      static_cast<std::size_t>(std::count_if(want.begin(), want.end(), [](auto& w) { return !w.empty(); }));
  CHECK(refused > n / 10);
  CHECK(refused < n * 3 / 4);
  for (unsigned threads : {1u, 2u}) {
    Allocator a(p, as_of);
    a.set_threads(threads);
    for (std::size_t i = 0; i < n; ++i) a.add(i, i + 2, g, ids[i], nullptr, "", payments[i].data(), payments[i].size());
    a.run();
    std::size_t cursor = 0, wrong = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::optional<Allocator::Outcome> o = a.find(cursor, i);
      REQUIRE(o.has_value());
      const std::string got = o->verdict == Allocator::Verdict::Budget      ? render(a.reason(cursor).detail)
                              : o->verdict == Allocator::Verdict::Allocated ? ""
                                                                            : "another verdict";
      wrong += got != want[i];
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("allocate: an id kept as its digits' key is no other id with the same bytes", "[allocate]") {
  // A NIK is kept as its 8-byte digit key; an id of 8 bytes that are that key's (not digits) is
  // kept as text. Neither is the other's copy, and they rank as their text says.
  const Program& p = *compiled().program;
  const std::uint32_t g = group_named(p, "rt_rw");
  const std::string nik = "3672010105840001";
  std::uint64_t key = 1'111'111'111'111'111;  // (10^16 - 1) / 9: the key of 16 digits' "0...0"
  key += 3'672'010'105'840'001;
  std::string bytes(8, '\0');
  std::memcpy(bytes.data(), &key, 8);
  REQUIRE_FALSE(std::all_of(bytes.begin(), bytes.end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
  for (unsigned threads : {1u, 2u}) {
    Allocator a(p, *parse_date("2024-05-01"));
    a.set_threads(threads);
    a.add(0, 2, g, bytes, nullptr, "", nullptr, 0);
    a.add(1, 3, g, nik, nullptr, "", nullptr, 0);
    const std::vector<std::int64_t> ranks = ranks_after_run(a, 2);
    CHECK(ranks == (record_id_less(nik, bytes) ? std::vector<std::int64_t>{2, 1} : std::vector<std::int64_t>{1, 2}));
  }
}

TEST_CASE("allocate: quota keys count and read as their text, region codes kept packed", "[allocate]") {
  // A key of `quota 1 per village`: region codes of each level are kept packed (a mark byte
  // from 0xF9, then two digits a byte); other keys as they are, those beginning with a byte from
  // 0xF8 after an escape, so that no key kept is another's: text whose bytes are a packed
  // code's, or the escape's. Each key's second candidate (by id) is waitlisted "rank 2 for KEY".
  const Program& p = *compiled().program;
  const std::uint32_t g = group_named(p, "desa");
  std::vector<std::string> keys = {
      "36",   "36.72", "36.72.01", "36.72.01.2001", "99.09.90.0009", "\xFA\x36\x72",   "\xFF",          "\xFF\xFF",
      "\xF8", "36.7",  "3a.72",    "36-72",         "36.72.01.200",  "36.72.01.20012", "36.72.0a.2001", "desa Sukamaju",
      ""};
  // Enough keys for the counts' table to grow several times: village codes (kept packed), names
  // of up to 8 bytes and longer ones.
  for (int k = 0; k < 300; ++k) {
    keys.push_back(fmt::format("63.10.{:02}.{:04}", k % 17, 2001 + k));
    keys.push_back(fmt::format("d{}", k));
    keys.push_back(fmt::format("desa nomor {}", k));
  }
  for (unsigned threads : {1u, 2u}) {
    Allocator a(p, *parse_date("2024-05-01"));
    a.set_threads(threads);
    std::uint64_t index = 0;
    for (const std::string& key : keys)
      for (int copy = 0; copy < 2; ++copy, ++index)
        a.add(index, index + 2, g, std::to_string(1'000 + index), nullptr, key, nullptr, 0);
    a.run();
    std::size_t cursor = 0;
    for (std::uint64_t i = 0; i < index; ++i) {
      const std::optional<Allocator::Outcome> o = a.find(cursor, i);
      REQUIRE(o.has_value());
      const std::string& key = keys[i / 2];
      INFO("key `" << key << "`, copy " << i % 2);
      if (i % 2 == 0) {
        CHECK(o->verdict == Allocator::Verdict::Allocated);
      } else {
        REQUIRE(o->verdict == Allocator::Verdict::Quota);
        CHECK(render(a.reason(cursor).detail) == (key.empty() ? "rank 2" : "rank 2 for " + key));
      }
    }
  }
}

TEST_CASE("allocate: a record's position past 2^56 is refused, not cut", "[allocate]") {
  const Program& p = *compiled().program;
  Allocator a(p, *parse_date("2024-05-01"));
  const std::uint32_t g = group_named(p, "rt_rw");
  a.add((std::uint64_t{1} << 56) - 1, 2, g, "1", nullptr, "", nullptr, 0);
  CHECK_THROWS_AS(a.add(std::uint64_t{1} << 56, 3, g, "2", nullptr, "", nullptr, 0), std::length_error);
}

TEST_CASE("allocate: ids in record_id_less order, however they are written", "[allocate]") {
  // Digit ids of different lengths by length; prefixes, bytes past the 16th, NUL bytes, and
  // the empty id: the allocation's integer keys must order them as the text does.
  const std::vector<std::string> ids = {"10",
                                        "9",
                                        "0009",
                                        "abc",
                                        "ab",
                                        std::string("ab\0", 3),
                                        "b",
                                        "",
                                        "3672010105840002",
                                        "3672010105840001",
                                        "36720101058400011",
                                        "367201010584000112346",
                                        "367201010584000112345",
                                        "aaaaaaaaaaaaaaaaX",
                                        "aaaaaaaaaaaaaaaaA",
                                        "aaaaaaaaaaaaaaaa",
                                        "\xc3\xa9t\xc3\xa9",
                                        "Z"};
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return record_id_less(ids[a], ids[b]); });
  std::vector<std::int64_t> want(ids.size());
  for (std::size_t k = 0; k < order.size(); ++k) want[order[k]] = static_cast<std::int64_t>(k + 1);
  for (unsigned threads : {1u, 2u}) CHECK(ranks_of(ids, {}, threads) == want);
}

TEST_CASE("allocate: equal rank values written over different denominators tie", "[allocate]") {
  // 1/2 and 2/4 (the kernel's fractions are over 1.000.000, the generic runtime's reduced).
  const std::vector<std::string> ids = {"4", "3", "2", "1"};
  const std::vector<Rational> ranks = {{500'000, 1'000'000}, {1, 2}, {1, 3}, {2, 4}};
  CHECK(ranks_of(ids, ranks, 1) == std::vector<std::int64_t>{4, 3, 1, 2});
  // One denominator throughout: compared as integers.
  CHECK(ranks_of(ids, {{3, 1}, {1, 1}, {2, 1}, {1, 1}}, 1) == std::vector<std::int64_t>{4, 2, 3, 1});
}

TEST_CASE("allocate: a candidate from its parts is the candidate from its decision", "[allocate]") {
  Population p(compiled());
  for (int i = 1; i <= 4; ++i) p.add("367201000000000" + std::to_string(i), "budgeted");
  const Program& program = *compiled().program;
  Allocator whole(program, p.as_of), parts(program, p.as_of);
  for (std::size_t i = 0; i < p.decisions.size(); ++i) {
    const Decision& d = p.decisions[i];
    REQUIRE(d.status == Status::Eligible);
    whole.add(d, i);
    std::vector<Allocator::Payment> pay;
    for (const auto& payer : d.payers) pay.push_back({payer.account, payer.payer_index, payer.sen * d.budget_months});
    parts.add(i, d.line, static_cast<std::uint32_t>(d.group_index), d.id, nullptr, d.quota_key, pay.data(), pay.size());
  }
  whole.run();
  parts.run();
  for (std::size_t i = 0; i < p.decisions.size(); ++i) {
    Decision a = p.decisions[i], b = p.decisions[i];
    whole.apply(a, i);
    parts.apply(b, i);
    CHECK(a.status == b.status);
    CHECK(a.reasons.size() == b.reasons.size());
    if (!a.reasons.empty()) CHECK(render(a.reasons.back().detail) == render(b.reasons.back().detail));
  }
  CHECK(p.decisions.size() == 4);
}

namespace {

// A population of candidates in three groups (ascending ranks; descending ranks per village;
// no quota), drawn at random, and the ranks the allocation must give them: within a group (and
// village), ranked before unranked, by rank value, then record_id_less, then input order;
// every copy of a repeated id is left out (rank 0).
struct Drawn {
  std::vector<std::string> ids;
  std::vector<std::uint32_t> groups;
  std::vector<std::optional<Rational>> ranks;
  std::vector<std::string> villages;

  std::vector<std::int64_t> expected(const Program& p) const {
    const std::size_t n = ids.size();
    std::map<std::string, int> copies;
    for (const std::string& id : ids) ++copies[id];
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < n; ++i)
      if (copies[ids[i]] == 1) order.push_back(i);
    auto before = [&](std::size_t a, std::size_t b) {
      if (groups[a] != groups[b]) return groups[a] < groups[b];
      if (villages[a] != villages[b]) return villages[a] < villages[b];
      if (ranks[a].has_value() != ranks[b].has_value()) return ranks[a].has_value();
      if (ranks[a] && compare(*ranks[a], *ranks[b]) != 0) {
        const bool desc = p.groups[groups[a]].quota && p.groups[groups[a]].quota->descending;
        return desc ? compare(*ranks[a], *ranks[b]) > 0 : compare(*ranks[a], *ranks[b]) < 0;
      }
      if (ids[a] != ids[b]) return record_id_less(ids[a], ids[b]);
      return a < b;
    };
    std::sort(order.begin(), order.end(), before);
    std::vector<std::int64_t> want(n, 0);
    std::int64_t rank = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t i = order[k];
      const bool same = k > 0 && groups[order[k - 1]] == groups[i] && villages[order[k - 1]] == villages[i];
      rank = same ? rank + 1 : 1;
      want[i] = rank;
    }
    return want;
  }

  std::vector<std::int64_t> allocated(const Program& p, unsigned threads) const {
    Allocator a(p, *parse_date("2024-05-01"));
    a.set_threads(threads);
    for (std::size_t i = 0; i < ids.size(); ++i)
      a.add(i, i + 2, groups[i], ids[i], ranks[i] ? &*ranks[i] : nullptr, villages[i], nullptr, 0);
    return ranks_after_run(a, ids.size());
  }
};

Drawn draw(const Program& p, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto below = [&](std::uint64_t k) { return static_cast<std::size_t>(random() % k); };
  const std::uint32_t groups[] = {group_named(p, "rt_rw"), group_named(p, "desa"), group_named(p, "budgeted")};
  Drawn d;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t g = groups[below(3)];
    std::string id;
    if (below(50) == 0 && !d.ids.empty()) {
      id = d.ids[below(d.ids.size())];  // a repeated id
    } else {
      // Mostly NIKs; now and then from 1 to 19 digits, leading zeros included.
      const std::size_t digits = below(4) == 0 ? 1 + below(19) : 16;
      for (std::size_t k = 0; k < digits; ++k) id += static_cast<char>('0' + below(k == 0 && below(2) ? 3 : 10));
    }
    d.ids.push_back(id);
    d.groups.push_back(g);
    d.villages.push_back(g == groups[1] ? "36.72.01.200" + std::to_string(below(4)) : "");
    // Dates as days, a third of them shared, and some candidates without one.
    if (g != groups[2] && below(10) != 0) d.ranks.push_back(Rational{19'700 + static_cast<int128>(below(400)), 1});
    else d.ranks.push_back(std::nullopt);
  }
  return d;
}

}  // namespace

TEST_CASE("allocate: random populations ranked as the rules say, at 1 and 2 threads", "[allocate]") {
  const Program& p = *compiled().program;
  // Enough candidates for the second thread (from 65.536); each variant changes what the
  // allocation's integer keys must hold, or makes them impossible.
  const std::size_t n = 70'000;
  auto check = [&](const Drawn& d) {
    const std::vector<std::int64_t> want = d.expected(p);
    for (unsigned threads : {1u, 2u}) {
      const std::vector<std::int64_t> got = d.allocated(p, threads);
      std::size_t wrong = 0;
      for (std::size_t i = 0; i < want.size(); ++i) wrong += got[i] != want[i];
      CHECK(wrong == 0);
    }
  };
  SECTION("digit ids, integer ranks") { check(draw(p, n, 1)); }
  SECTION("negative ranks, and a span of 2^47") {
    Drawn d = draw(p, n, 2);
    d.ranks[3] = Rational{-5, 1};
    d.ranks[4] = Rational{(int128{1} << 47) - 100, 1};
    check(d);
  }
  SECTION("ranks over a span near the candidates' count, a value or two each") {
    Drawn d = draw(p, n, 8);
    for (std::size_t i = 0; i < n; ++i)
      if (d.ranks[i]) d.ranks[i] = Rational{static_cast<int128>((i * 7919) % (n / 4)) - 500, 1};
    check(d);
  }
  SECTION("ranks spanning 2^62") {
    Drawn d = draw(p, n, 3);
    d.ranks[3] = Rational{int128{1} << 62, 1};
    d.ranks[4] = Rational{-(int128{1} << 61), 1};
    check(d);
  }
  SECTION("ranks past 64 bits, and a denominator past them") {
    Drawn d = draw(p, n, 7);
    for (std::size_t i = 10; i < n; i += 997)
      if (d.ranks[i]) d.ranks[i] = Rational{(i % 2 ? 1 : -1) * (int128{1} << 70) + static_cast<int128>(i), 1};
    for (std::size_t i = 11; i < n; i += 1009)
      if (d.ranks[i]) d.ranks[i] = Rational{d.ranks[i]->num * (int128{1} << 66), int128{1} << 66};
    check(d);
  }
  SECTION("a 20-digit id") {
    Drawn d = draw(p, n, 4);
    d.ids[7] = "36720101058400011234";
    check(d);
  }
  SECTION("an id with a letter") {
    Drawn d = draw(p, n, 5);
    d.ids[9] = "3672010105840001X";
    check(d);
  }
  SECTION("ranks over different denominators in one group") {
    Drawn d = draw(p, n, 6);
    for (std::size_t i = 0; i < n; i += 7)
      if (d.ranks[i]) d.ranks[i] = Rational{d.ranks[i]->num * 2 + 1, 2};
    check(d);
  }
}
