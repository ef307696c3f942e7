// run_batch: every record read is decided once, in input order, the same for any thread count,
// with quotas applied over the whole population (two passes).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "engine/io/batch.hpp"
#include "engine/io/population.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/open_policy.hpp"
#include "eval_support.hpp"

using namespace jaring;

namespace {

const char* const quota_policy = R"(
group kader "Kader" [Pasal 4] {
  when role == "kader"
  covers JKK, JKM
  paid_by apbd_kota
  quota 1.000 rank by registered_on
}
group other "Lainnya" {
  when role == "other"
  covers JKM
  paid_by kpu
}
)";

// A population of `n` rows: kader and other people, every 97th row malformed.
std::string population_csv(std::size_t n) {
  std::string out = "nik,birth_date,role,domicile,village,declared_income,registered_pu,registered_on\n";
  for (std::size_t i = 0; i < n; ++i) {
    const std::string nik = fmt::format("3672{:012}", i + 1);
    if (i % 97 == 50) {
      out += nik + ",1984-02-30,kader,36.72,,,false,2024-01-01\n";  // not a calendar date
      continue;
    }
    out += fmt::format("{},19{:02}-0{}-1{},{},36.72,36.72.01.100{},{},{},2024-0{}-1{}\n", nik, 50 + i % 50, 1 + i % 9,
                       i % 10, i % 3 == 0 ? "other" : "kader", i % 10, 1'000'000 + i, i % 11 == 0 ? "true" : "false",
                       1 + i % 9, i % 10);
  }
  return out;
}

struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& text)
      : path(std::filesystem::temp_directory_path() /
             fmt::format("jaring-batch-{}-{}.csv", ::getpid(), reinterpret_cast<std::uintptr_t>(this))) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

// The decisions of the file at `path` as the fast lane makes them (it must take the population)
// and as the generic runtime does, at 1 and 2 threads: checks that they are alike, and returns
// the lane's.
std::string lane_alike(const Program& program, const std::string& path, DecisionFormat format, const char* as_of) {
  BatchOptions options;
  options.as_of = *parse_date(as_of);
  std::string reason = "before";
  options.generic_reason = &reason;
  std::string lane;
  for (const unsigned threads : {1U, 2U}) {
    options.threads = threads;
    Summary summary(program, options.as_of);
    std::ostringstream out;
    decide_population(program, path, options, format, &out, summary);
    INFO(reason);
    CHECK(reason.empty());
    const test::RuntimeEnv generic("generic");
    Summary generic_summary(program, options.as_of);
    std::ostringstream generic_out;
    decide_population(program, path, options, format, &generic_out, generic_summary);
    CHECK(out.str() == generic_out.str());
    lane = out.str();
  }
  return lane;
}

std::vector<std::string> run(const Program& p, const std::string& path, unsigned threads, std::uint64_t& count) {
  BatchOptions o;
  o.as_of = *parse_date("2024-05-01");
  o.threads = threads;
  std::vector<std::string> out;
  count = run_batch(p, path, o, [&](const Decision& d) { out.push_back(decision_json(d)); });
  return out;
}

}  // namespace

TEST_CASE("batch: every row decided once, in input order, the same on 1 and 2 threads", "[batch]") {
  const test::Compiled c(std::string(test::base_policy) + quota_policy);
#ifdef JARING_SANITIZED
  const std::size_t n = 20'000;  // five chunks of 4.096 rows, as many as 2 threads keep in flight
#else
  const std::size_t n = 40'000;  // ten chunks of 4.096 rows, several in flight at once
#endif
  TempFile file(population_csv(n));
  std::uint64_t count1 = 0, count2 = 0;
  const auto one = run(*c.program, file.path.string(), 1, count1);
  const auto two = run(*c.program, file.path.string(), 2, count2);
  CHECK(count1 == n);
  CHECK(count2 == n);
  REQUIRE(one.size() == n);
  CHECK(one == two);
  // More workers than cores, and more chunks in flight than workers: still the same bytes.
  for (unsigned threads : {3u, 8u}) {
    std::uint64_t count = 0;
    CHECK(run(*c.program, file.path.string(), threads, count) == one);
    CHECK(count == n);
  }
  std::size_t rejected = 0, waitlisted = 0, eligible_kader = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto j = nlohmann::json::parse(one[i]);
    CHECK(j["line"].get<std::uint64_t>() == i + 2);  // the header is line 1
    const std::string status = j["status"];
    rejected += status == "rejected";
    waitlisted += status == "waitlisted";
    eligible_kader += status == "eligible" && j["group"]["rule"] == "kader";
  }
  CHECK(rejected == (n - 50 + 96) / 97);
  CHECK(eligible_kader == 1'000);  // the quota holds over the whole population
  CHECK(waitlisted > 0);
}

TEST_CASE("batch: the same decisions as deciding and allocating record by record", "[batch]") {
  const test::Compiled c(std::string(test::base_policy) + quota_policy);
  const std::size_t n = 3'000;
  const std::string text = population_csv(n);
  TempFile file(text);
  std::uint64_t count = 0;
  const auto batch = run(*c.program, file.path.string(), 2, count);

  std::istringstream in(text);
  std::vector<Decision> decisions;
  const Day as_of = *parse_date("2024-05-01");
  read_records(in, InputFormat::Csv, c.program->schema, [&](ReadResult&& r) {
    if (auto* rec = std::get_if<Record>(&r)) decisions.push_back(decide(*c.program, *rec, as_of));
    else decisions.push_back(reject(*c.program, std::get<Rejection>(r), as_of));
  });
  Allocator a(*c.program, as_of);
  for (std::size_t i = 0; i < decisions.size(); ++i)
    if (decisions[i].status == Status::Eligible) a.add(decisions[i], i);
  a.run();
  REQUIRE(decisions.size() == batch.size());
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    if (decisions[i].status == Status::Eligible) a.apply(decisions[i], i);
    CHECK(decision_json(decisions[i]) == batch[i]);
  }
}

TEST_CASE("batch: an unreadable input is an error, not an empty population", "[batch]") {
  const test::Compiled c(std::string(test::base_policy) + quota_policy);
  std::uint64_t count = 0;
  CHECK_THROWS_AS(run(*c.program, "/no/such/records.csv", 1, count), std::runtime_error);
}

TEST_CASE("batch: one thread decides two policies of the same fields in turn", "[batch][fast_lane]") {
  // The fast lane keeps a row of slots per thread from run to run; the second policy has the
  // same fields and a let the first has not, so a row made for the first is too small for it.
  const std::string root = JARING_SOURCE_DIR;
  std::vector<std::string> texts;
  for (const char* scenario : {"shared-quota", "budget"}) {
    SourceMap sources;
    Diagnostics diags;
    LoadOptions load;
    load.search_paths.push_back(root + "/rules");
    const std::string dir = root + "/examples/eval/" + scenario;
    const OpenedPolicy opened = open_policy(dir + "/policy.policy", sources, diags, load);
    REQUIRE(opened.ok());
    BatchOptions options;
    options.as_of = *parse_date("2024-08-01");
    options.threads = 1;
    Summary summary(*opened.program, options.as_of);
    std::ostringstream out;
    decide_population(*opened.program, dir + "/records.csv", options, DecisionFormat::JsonLines, &out, summary);
    std::ifstream expected(dir + "/expected/decisions.jsonl");
    std::stringstream want;
    want << expected.rdbuf();
    CHECK(out.str() == want.str());
  }
}

TEST_CASE("batch: an optional date a quota only ranks by may be missing in the fast lane", "[batch][fast_lane]") {
  // `registered_on` is read by nothing but `rank by`: a record without it ranks after the others,
  // decided by the lane (before, each such record went to the generic runtime, and a file
  // without the column sent the whole population there).
  const std::string root = JARING_SOURCE_DIR;
  const std::string dir = root + "/examples/eval/shared-quota";
  SourceMap sources;
  Diagnostics diags;
  LoadOptions load;
  load.search_paths.push_back(root + "/rules");
  const OpenedPolicy opened = open_policy(dir + "/policy.policy", sources, diags, load);
  REQUIRE(opened.ok());
  std::ifstream in(dir + "/records.csv");
  std::string with, without, line;
  while (std::getline(in, line)) {
    with += line + "\n";
    without += line.substr(0, line.rfind(',')) + "\n";  // the last column, registered_on, left out
  }
  REQUIRE(with.find(",\n") != std::string::npos);  // a record without a date
  for (const std::string* records : {&with, &without}) {
    const TempFile file(*records);
    const std::string lane = lane_alike(*opened.program, file.path.string(), DecisionFormat::JsonLines, "2024-08-01");
    CHECK(lane.find("\"status\":\"waitlisted\"") != std::string::npos);
  }
}

TEST_CASE("batch: the run says which runtime decided it, and why not the fast lane", "[batch][fast_lane]") {
  // `jaring bench` prints it: a policy the fast lane does not take is decided many times slower.
  const std::string root = JARING_SOURCE_DIR;
  const std::string dir = root + "/examples/eval/shared-quota";
  std::ifstream in(dir + "/policy.policy");
  std::stringstream text;
  text << in.rdbuf();
  enum class More { Nothing, Lets, Requirements, LateParameter, ZeroDivisor };
  for (const More more : {More::Nothing, More::Lets, More::Requirements, More::LateParameter, More::ZeroDivisor}) {
    std::string policy = text.str();
    const std::string group = "\ngroup ";  // the first declaration of a group, at a line's start
    if (more == More::Lets) {
      // 130 lets more, each the one before plus one, the last required: past the kernel's first
      // 64-bit word of computed lets, and its second. The lane decides it.
      policy += "let extra0 = 1\n";
      for (int i = 1; i < 130; ++i) policy += fmt::format("let extra{} = extra{} + 1\n", i, i - 1);
      policy.insert(policy.find(group) + 1, "require many \"Banyak\" [P 99]\n  extra129 == 130\n");
    }
    if (more == More::LateParameter) {
      // A parameter without a value on the date, needed by the nelayan group only: the lane
      // takes the policy, and hands those records to the generic runtime, which says why.
      policy += "parameter late \"Baru\" : money\n  since 2025-01-01 = Rp 1\n";
      const std::string nelayan = "group nelayan";
      REQUIRE(policy.find(nelayan) != std::string::npos);
      const std::size_t body = policy.find('\n', policy.find(nelayan)) + 1;
      policy.insert(body, "  require late_ok \"Baru\" [P 99]\n    late > Rp 0\n");
    }
    if (more == More::ZeroDivisor) {  // the same for a division by a parameter that is 0 on the date
      policy += "parameter divisor \"Pembagi\" : int\n  since 2024-01-01 = 0\n";
      const std::size_t body = policy.find('\n', policy.find("group nelayan")) + 1;
      policy.insert(body, "  require share \"Bagian\" [P 99]\n    Rp 100 / divisor > Rp 0\n");
    }
    if (more == More::Requirements)  // 70 requirements more: the kernel takes 64
      for (int i = 0; i < 70; ++i)
        policy.insert(policy.find(group) + 1, fmt::format("require extra{} \"Tambahan\" [P 99]\n  true\n", i));
    SourceMap sources;
    Diagnostics diags;
    LoadOptions load;
    load.search_paths.push_back(root + "/rules");
    const OpenedPolicy opened = open_policy_text(dir + "/policy.policy", policy, sources, diags, load);
    REQUIRE(opened.ok());
    BatchOptions options;
    options.as_of = *parse_date("2024-08-01");
    options.threads = 1;
    std::string reason = "before";
    options.generic_reason = &reason;
    Summary summary(*opened.program, options.as_of);
    std::ostringstream out;
    decide_population(*opened.program, dir + "/records.csv", options, DecisionFormat::JsonLines, &out, summary);
    INFO(reason);
    if (more == More::Requirements) CHECK(reason.find("more than 64 requirements") != std::string::npos);
    else CHECK(reason.empty());
    CHECK(summary.records() > 0);
    // The same decisions from the generic runtime.
    const test::RuntimeEnv generic("generic");
    Summary generic_summary(*opened.program, options.as_of);
    std::ostringstream generic_out;
    decide_population(*opened.program, dir + "/records.csv", options, DecisionFormat::JsonLines, &generic_out,
                      generic_summary);
    CHECK(reason == "JARING_RUNTIME=generic");
    CHECK(out.str() == generic_out.str());
    if (more == More::LateParameter)
      CHECK(out.str().find("parameter `late` has no value on 2024-08-01") != std::string::npos);
    if (more == More::ZeroDivisor) CHECK(out.str().find("division by zero") != std::string::npos);
    if (more == More::Lets)  // 130 it is
      CHECK(out.str().find("\"outcome\":\"fail\",\"rule\":\"many\"") == std::string::npos);
  }
}

TEST_CASE("batch: optional values left empty that requirements read are decided in the fast lane alike",
          "[batch][fast_lane]") {
  // Tanah Bumbu's requirements read `village` and `village_is_desa`, both optional: a record
  // without them fails those requirements, each naming the field, as the generic runtime decides it.
  const std::string root = JARING_SOURCE_DIR;
  SourceMap sources;
  Diagnostics diags;
  LoadOptions load;
  load.search_paths.push_back(root + "/rules");
  const OpenedPolicy opened = open_policy(root + "/rules/regions/tanah-bumbu-2024.policy", sources, diags, load);
  REQUIRE(opened.ok());
  const std::vector<std::vector<std::string>> people = {
      {"631003160169", "Karta Maulana", "1969-01-16", "buruh_tani", "63.10.03.2001"},
      {"631001580982", "Dewi Handayani", "1982-09-18", "kader_posyandu", "63.10.01.2006"},
      {"631004181102", "Dedi Setiawan", "2002-11-18", "petani", "63.10.04.2006"},
      {"631001020365", "Agus Syahputra", "1965-03-02", "buruh_harian", "63.10.01.2005"},
      {"631004551291", "Ani Hasanah", "1991-12-15", "pedagang_kecil", "63.10.04.2006"},
      {"631003160298", "Yayan Fauzi", "1998-02-16", "nelayan", "63.10.03.2007"},
      {"631002560501", "Hj. Rohimah Rahmawati", "2001-05-16", "guru_honorer", "63.10.02.2002"}};
  std::string records =
      "nik,name,birth_date,role,domicile,village,registered_pu,registered_on,village_is_desa,village_decree\n";
  for (std::size_t i = 0; i < 140; ++i) {
    const auto& p = people[i % people.size()];
    const std::size_t blank = i % 5;  // none; village; village_is_desa; both and the date; the date
    records += fmt::format("{}{:04},{},{},{},{},{},false,{},{},true\n", p[0], i + 1, p[1], p[2], p[3], p[4],
                           blank == 1 || blank == 3 ? "" : p[4], blank >= 3 ? "" : "2024-02-01",
                           blank == 2 || blank == 3 ? "" : "true");
  }
  const TempFile file(records);
  lane_alike(*opened.program, file.path.string(), DecisionFormat::Csv, "2024-08-01");
  const std::string lane = lane_alike(*opened.program, file.path.string(), DecisionFormat::JsonLines, "2024-08-01");
  CHECK(lane.find("\"detail\":\"field `village` is missing\"") != std::string::npos);
  CHECK(lane.find("\"detail\":\"field `village_is_desa` is missing\"") != std::string::npos);
}
