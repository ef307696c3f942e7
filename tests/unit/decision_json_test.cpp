// The hand-written decision JSON (io/decision_json.cpp) is byte for byte what nlohmann::json
// would write for the same document: keys sorted, compact, UTF-8 kept, invalid UTF-8 replaced.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eval_support.hpp"

using namespace jaring;

namespace {

std::string nlohmann_form(const std::string& text) {
  return nlohmann::json::parse(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* const paired_policy = R"(
payer kpu_share "KPU"
group pair "Berdua" [Pasal 9] {
  when role == "pair"
  covers JKK, JKM
  paid_by apbd_kota 60%, kpu_share 40%
  quota 5 rank by registered_on
}
)";

}  // namespace

TEST_CASE("decision json: equals nlohmann's parse-and-dump for every kind of decision", "[json][decision]") {
  const test::Compiled c(std::string(test::base_policy) + paired_policy);
  const char* records[] = {
      R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"pair","domicile":"36.72","registered_on":"2024-01-02"})",
      R"({"nik":"3672010105840002","birth_date":"1984-05-01","role":"none","domicile":"36.01"})",
      R"({"nik":"3672010105840003","birth_date":"2024-02-30","role":"pair","domicile":"36.72"})",
      R"({"nik":"36720101058400","birth_date":"1984-05-01","role":"pair \"quoted\" \\ back","domicile":"x"})",
      R"({"nik":"3672010105840004","birth_date":"1984-05-01","role":"pair","domicile":"36.72","bogus":[1,{"a":null}]})",
  };
  for (const char* r : records) {
    const Decision d = c.decide(r, "2024-05-01");
    const std::string mine = decision_json(d);
    INFO(mine);
    CHECK(mine == nlohmann_form(mine));
  }
}

TEST_CASE("decision json: escapes and invalid UTF-8 as nlohmann writes them", "[json][decision]") {
  const test::Compiled c(std::string(test::base_policy) + paired_policy);
  Decision d =
      c.decide(R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72"})", "2024-05-01");
  d.id = "a\"b\\c/\x01\x1f\x7f\t\n é ✓ \xff\xfe end";  // no NUL: the whole literal
  d.status = Status::Rejected;
  d.errors.push_back({"role", std::string("`\xc3\x28` is not UTF-8 \b\f\r")});
  d.errors.push_back({"", "record-level"});
  const std::string mine = decision_json(d);
  CHECK(mine == nlohmann_form(mine));
  // The invalid bytes became U+FFFD, exactly as nlohmann's replace handler does.
  CHECK(mine.find("\xef\xbf\xbd") != std::string::npos);
  CHECK(nlohmann::json::parse(mine)["id"].get<std::string>().find("\\c/") != std::string::npos);
}

TEST_CASE("decision json: the pinned scenario decisions are nlohmann's form", "[json][decision]") {
  std::size_t lines = 0;
  for (const auto& dir : std::filesystem::directory_iterator(std::string(JARING_SOURCE_DIR) + "/examples/eval")) {
    std::ifstream in(dir.path() / "expected" / "decisions.jsonl");
    for (std::string line; std::getline(in, line); ++lines) CHECK(line == nlohmann_form(line));
  }
  CHECK(lines > 50);
}
