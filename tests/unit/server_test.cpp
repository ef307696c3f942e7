// The HTTP server's pieces that need no socket: target splitting, the streaming batch counter,
// masking for the decision log, request ids and trace context.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/server/access_control.hpp"
#include "engine/server/decide_request.hpp"
#include "engine/server/http_message.hpp"
#include "engine/server/mask.hpp"
#include "engine/server/policy_store.hpp"
#include "engine/server/server_log.hpp"
#include "shipped.hpp"

using namespace jaring::server;

namespace {

std::size_t counted(std::string_view text, std::size_t piece) {
  BatchCounter c;
  for (std::size_t i = 0; i < text.size(); i += piece) c.feed(text.substr(i, piece));
  return c.elements();
}

}  // namespace

TEST_CASE("server: a target splits into a decoded path and query", "[server]") {
  std::string path;
  std::multimap<std::string, std::string> params;
  split_target("/v1/policies/regions%2Fcilegon-2024/decisions?as_of=2024-08-01&lang=en&x=a+b%21&flag", path, params);
  CHECK(path == "/v1/policies/regions/cilegon-2024/decisions");
  CHECK(params.find("as_of")->second == "2024-08-01");
  CHECK(params.find("lang")->second == "en");
  CHECK(params.find("x")->second == "a b!");
  CHECK(params.find("flag")->second.empty());
  CHECK(percent_decode("%zz%4", false) == "%zz%4");  // malformed escapes stay
  CHECK(percent_decode("a+b", false) == "a+b");
}

TEST_CASE("server: a batch is counted as its bytes arrive, however they are cut", "[server]") {
  const std::string batch = R"( [ {"a": "x,]}"}, {"b": [1, 2, {"c": 3}]}, "s\"]", 4 , null ] )";
  for (std::size_t piece : {1, 2, 3, 7, 1000}) CHECK(counted(batch, piece) == 5);
  CHECK(counted("[]", 1) == 0);
  CHECK(counted("[ ]", 1) == 0);
  CHECK(counted(R"({"a": [1, 2, 3]})", 1) == 0);             // a record, not a batch
  CHECK(counted("\xEF\xBB\xBF {\"a\": 1} [1, 2]", 2) == 0);  // a record, whatever follows (refused later)
  CHECK(counted("3 [1, 2]", 1) == 2);                        // no record first: brackets counted as they go
  CHECK(counted("[{},{},{}", 1) == 3);                       // cut short: counted as far as it goes
  std::string big = "[";
  for (int i = 0; i < 1001; ++i) big += i ? ",{}" : "{}";
  CHECK(counted(big + "]", 64) == 1001);
}

TEST_CASE("server: masking keeps no NIK, birth date or village", "[server]") {
  CHECK(mask_nik("3672010105840001") == "367201**********");
  CHECK(mask_digit_runs("id 3672010105840001 and 12345678901234567890, 123456789012345") ==
        "id 367201********** and 123456**************, 123456789012345");
  CHECK(birth_year("1984-05-01") == "1984");
  // Read with a request's date_format: the year, not the day and month (`01/0`).
  CHECK(birth_year("01/05/1984") == "1984");
  CHECK(birth_year("1.5.1984") == "1984");
  CHECK(birth_year("05/01/1984") == "1984");
  CHECK(birth_year("1/5/84") == "*/*/**");
  CHECK(regency_part("36.72.01.1001") == "36.72");
  CHECK(regency_part("36.72") == "36.72");
  CHECK(regency_part("36") == "36");
  nlohmann::json decision = {{"id", "3672010105840001"},
                             {"reasons", {{{"label", "NIK 3672010105840001 sudah terdaftar"}}}},
                             {"policy", {{"hash", "sha256:1234567890123456789012"}}}};
  mask_decision(decision);
  CHECK(decision["id"] == "367201**********");
  CHECK(decision["reasons"][0]["label"] == "NIK 367201********** sudah terdaftar");
  CHECK(decision["policy"]["hash"] == "sha256:1234567890123456789012");  // stays exact
}

TEST_CASE("server: request ids and W3C trace context", "[server]") {
  CHECK(valid_request_id("abc-123_x.y:z"));
  CHECK_FALSE(valid_request_id(""));
  CHECK_FALSE(valid_request_id("a b"));
  CHECK_FALSE(valid_request_id(std::string(129, 'a')));
  CHECK(trace_id_of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(trace_id_of("00-00000000000000000000000000000000-00f067aa0ba902b7-01").empty());
  CHECK(trace_id_of("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01").empty());
  CHECK(trace_id_of("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").empty());
  CHECK(trace_id_of("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01").empty());
  CHECK(trace_id_of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7").empty());
  AccessEntry e;
  e.request_id = "r1";
  e.client_request_id = "nik-3672010105840001";
  e.method = "POST";
  e.route = "/v1/policies/{id}/decisions";
  e.status = 200;
  e.client = "127.0.0.1";
  const auto line = nlohmann::json::parse(access_json(e));
  CHECK(line["client_request_id"] == "nik-367201**********");
  CHECK(line["status"] == 200);
  CHECK(line.contains("time"));
  CHECK(line.contains("latency_ms"));
}

TEST_CASE("server: token files, constant-time owners and rate buckets", "[server]") {
  const auto dir = std::filesystem::temp_directory_path() / "jaring-token-test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "tokens.txt";
  auto write = [&](const std::string& text) { std::ofstream(file) << text; };
  write(
      "# clients\nportal a3f1c9e07b2d4c68a3f1c9e07b2d4c68  # the portal\n\nbappeda 5e2b7d0c9a1f48e35e2b7d0c9a1f48e3\n");
  const auto tokens = read_tokens(file);
  REQUIRE(tokens.size() == 2);
  CHECK(token_owner(tokens, "5e2b7d0c9a1f48e35e2b7d0c9a1f48e3") == "bappeda");
  CHECK_FALSE(token_owner(tokens, "5e2b7d0c9a1f48e35e2b7d0c9a1f48e"));    // a prefix
  CHECK_FALSE(token_owner(tokens, "5e2b7d0c9a1f48e35e2b7d0c9a1f48e33"));  // longer
  CHECK_FALSE(token_owner(tokens, ""));
  CHECK_FALSE(same_secret("x", ""));
  const std::pair<std::string, std::string> bad[] = {
      {"portal\n", ":1: expected `NAME TOKEN`"},
      {"portal short\n", ":1: the token of `portal` is shorter than 16 characters"},
      {"a 0123456789abcdef0\na 0123456789abcdef1\n", ":2: the client `a` is given twice"},
      {"a 0123456789abcdef0\nb 0123456789abcdef0\n", ":2: this token is already another client's"},
      {"# nothing\n", "holds no token"},
  };
  for (const auto& [text, message] : bad) {
    write(text);
    CHECK_THROWS_WITH(read_tokens(file), Catch::Contains(message));
  }
  std::filesystem::remove_all(dir);

  RateLimiter limiter(1.0, 2.0);  // 1 a second, bursts of 2
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  CHECK_FALSE(limiter.take("a", t0));
  CHECK_FALSE(limiter.take("a", t0));
  CHECK(limiter.take("a", t0) == 1);   // empty: retry in 1 s
  CHECK_FALSE(limiter.take("b", t0));  // another client has its own bucket
  CHECK_FALSE(limiter.take("a", t0 + std::chrono::milliseconds(1100)));
  CHECK(limiter.take("a", t0 + std::chrono::milliseconds(1200)).has_value());
}

TEST_CASE("server: decide_request reads the body's own text, without a document unless the log keeps it", "[server]") {
  const auto opened = jaring::test::open_shipped(jaring::test::source_dir + "/examples/eval/city/policy.policy");
  ServedPolicy policy{"city", "", opened->policy.program, {}, {}, {}, {}};
  DecisionQuery query;
  query.as_of = *jaring::parse_date("2024-08-01");
  const DecisionLimits limits{2, 64};
  const std::string record =
      R"({"nik":"3672010105840001","name":"Siti","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72"})";

  const auto one = decide_request(policy, record, query, limits, false);
  CHECK(one.status == 200);
  CHECK_FALSE(one.batch);
  CHECK(one.body.front() == '{');
  CHECK(one.records.empty());
  // A byte order mark and blanks before the value are JSON's (the parser skips them): the same answer.
  CHECK(decide_request(policy, "\xEF\xBB\xBF \n" + record, query, limits, false).body == one.body);
  const auto logged = decide_request(policy, "[" + record + " , " + record + "]", query, limits, true);
  CHECK(logged.status == 200);
  CHECK(logged.body.rfind("[" + one.body + ",{", 0) == 0);  // the second is line 2
  CHECK_THAT(logged.body, Catch::Contains("\"line\":2"));
  REQUIRE(logged.records.size() == 2);
  CHECK(logged.records[1]["nik"] == "3672010105840001");
  CHECK(decide_request(policy, "[ ]", query, limits, false).body == "[]");

  // Dates as a spreadsheet writes them, read with date_format (as --date-format): the same
  // decision, one record or a batch; without it, the record is refused and the reason says how.
  std::string dated = record;
  dated.replace(dated.find("1984-05-01"), 10, "1/5/1984");
  CHECK(decide_request(policy, dated, query, limits, false).status == 422);
  CHECK_THAT(decide_request(policy, dated, query, limits, false).body, Catch::Contains("--date-format DD/MM/YYYY"));
  const auto asked = parse_decision_query({{"as_of", "2024-08-01"}, {"date_format", "DD/MM/YYYY"}});
  REQUIRE(std::holds_alternative<DecisionQuery>(asked));
  CHECK(decide_request(policy, dated, std::get<DecisionQuery>(asked), limits, false).body == one.body);
  CHECK(decide_request(policy, "[" + dated + "," + record + "]", std::get<DecisionQuery>(asked), limits, false).body ==
        decide_request(policy, "[" + record + "," + record + "]", query, limits, false).body);
  // A key the policy's record does not have: the record refused, or read past with ignore_field.
  std::string extra = record;
  extra.insert(extra.size() - 1, R"(,"alamat":{"jalan":"Jl. Mawar"},"rt":"003")");
  const auto refused = decide_request(policy, extra, query, limits, false);
  CHECK(refused.status == 422);
  CHECK_THAT(refused.body, Catch::Contains("alamat"));
  const auto ignoring =
      parse_decision_query({{"as_of", "2024-08-01"}, {"ignore_field", "alamat"}, {"ignore_field", "rt"}});
  REQUIRE(std::holds_alternative<DecisionQuery>(ignoring));
  CHECK(std::get<DecisionQuery>(ignoring).ignore_fields == std::vector<std::string>{"alamat", "rt"});
  CHECK(decide_request(policy, extra, std::get<DecisionQuery>(ignoring), limits, false).body == one.body);
  const auto empty = parse_decision_query({{"as_of", "2024-08-01"}, {"ignore_field", ""}});
  REQUIRE(std::holds_alternative<Problem>(empty));
  CHECK(std::get<Problem>(empty).errors.at(0).parameter == "ignore_field");
  const auto wrong = parse_decision_query({{"as_of", "2024-08-01"}, {"date_format", "dd/mm/yyyy"}});
  REQUIRE(std::holds_alternative<Problem>(wrong));
  CHECK(std::get<Problem>(wrong).errors.at(0).parameter == "date_format");

  const auto malformed = decide_request(policy, R"({"nik": )", query, limits, false);
  CHECK(malformed.status == 400);
  CHECK_THAT(malformed.body, Catch::Contains("malformed-json") && Catch::Contains("malformed JSON: "));
  // The parser's words, read without its exception (io/json_refusal.hpp), and a number too large.
  CHECK(nlohmann::json::parse(malformed.body)["detail"] ==
        "malformed JSON: unexpected end of input; expected '[', '{', or a literal");
  CHECK(nlohmann::json::parse(decide_request(policy, R"({"a": 1e400})", query, limits, false).body)["detail"] ==
        "malformed JSON: number overflow parsing '1e400'");
  CHECK(decide_request(policy, "3", query, limits, false).status == 422);
  const auto many = decide_request(policy, "[{},{},{}]", query, limits, false);
  CHECK(many.status == 413);
  CHECK_THAT(many.body, Catch::Contains("3 records in one request; at most 2"));
  const auto not_objects = decide_request(policy, "[1, {\"a\": [2, 3]}]", query, limits, false);
  CHECK(not_objects.status == 422);
  CHECK_THAT(not_objects.body, Catch::Contains("/0") && Catch::Contains("/1/a"));
}

TEST_CASE("server: a policy's record lanes are made once per date, and not more often than allowed",
          "[server][record_lane]") {
  const auto opened = jaring::test::open_shipped(jaring::test::source_dir + "/examples/eval/city/policy.policy");
  const jaring::Program& program = *opened->policy.program;
  const jaring::Day day = *jaring::parse_date("2024-08-01");

  RecordLanes any_time(std::chrono::steady_clock::duration::zero());
  const auto first = any_time.at(program, day);
  REQUIRE(first);
  CHECK(any_time.at(program, day) == first);  // kept
  for (jaring::Day d = day + 1; d <= day + static_cast<jaring::Day>(RecordLanes::kept); ++d)
    CHECK(any_time.at(program, d));
  const auto again = any_time.at(program, day);  // the oldest was let go: made again
  REQUIRE(again);
  CHECK(again != first);
  CHECK(any_time.at(program, *jaring::parse_date("2019-01-01")));  // the policy not valid then: Outside

  RecordLanes hourly(std::chrono::hours(1));
  const auto made = hourly.at(program, day);
  REQUIRE(made);
  CHECK_FALSE(hourly.at(program, day + 1));  // another date so soon: the generic runtime answers
  CHECK(hourly.at(program, day) == made);
}

TEST_CASE("server: decisions answered by the kernel and by the generic runtime are counted alike",
          "[server][record_lane]") {
  const auto opened = jaring::test::open_shipped(jaring::test::source_dir + "/examples/eval/quota/policy.policy");
  ServedPolicy policy{"quota", "", opened->policy.program, {}, {}, {}, {}};
  DecisionQuery query;
  query.as_of = *jaring::parse_date("2024-08-01");
  const DecisionLimits limits{10, 64};
  // Eligible in a group with a quota (not applied), eligible in one with a quota per village
  // (its key: the generic runtime's), and not eligible.
  const std::string batch =
      R"([{"nik":"6310010101800004","birth_date":"1980-01-01","role":"ketua_rt","domicile":"63.10","village":"63.10.01.2001","registered_on":"2024-01-15"},)"
      R"({"nik":"6310010101800005","birth_date":"1980-01-01","role":"kader_posyandu","domicile":"63.10","village":"63.10.01.2001"},)"
      R"({"nik":"6310010101800006","birth_date":"1980-01-01","role":"ketua_rt","domicile":"36.72","village":"36.72.01.2001"}])";
  const auto lanes = decide_request(policy, batch, query, limits, false);
  const auto generic = decide_request(policy, batch, query, limits, true);  // the decision log's: no lane
  REQUIRE(lanes.status == 200);
  CHECK(lanes.body == generic.body);
  CHECK(lanes.by_status == generic.by_status);
  CHECK(lanes.by_status[static_cast<std::size_t>(jaring::Status::Eligible)] +
            lanes.by_status[static_cast<std::size_t>(jaring::Status::NotEligible)] ==
        3);
  CHECK(lanes.unallocated);
  CHECK(generic.unallocated);
  CHECK(lanes.decisions.empty());
  CHECK(generic.decisions.size() == 3);
  CHECK_THAT(lanes.body, !Catch::Contains("\"rank\""));  // decided alone: no rank
  // Not eligible in a group with a quota: the answer still says that no allocation was applied
  // (openapi.json: any decided record's group).
  const std::string refused =
      R"({"nik":"6310010101800006","birth_date":"1980-01-01","role":"ketua_rt","domicile":"36.72","village":"36.72.01.2001"})";
  const auto refused_lane = decide_request(policy, refused, query, limits, false);
  const auto refused_generic = decide_request(policy, refused, query, limits, true);
  CHECK(refused_lane.body == refused_generic.body);
  CHECK(refused_lane.by_status[static_cast<std::size_t>(jaring::Status::NotEligible)] == 1);
  CHECK(refused_lane.unallocated);
  CHECK(refused_generic.unallocated);
}
