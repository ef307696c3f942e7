// `POST /v1/policies/{id}/decisions` without the HTTP: the query (as_of, explain, lang), and
// the body (one record as a JSON object, or an array of them) turned into the decisions in
// the `jaring eval` format, or into a problem. Records are decided one by one, as
// `jaring eval --record` does: quotas and budgets, which need the whole population, are not
// applied (use `jaring eval --records` for that).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/io/record_read.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/server/policy_store.hpp"
#include "engine/server/problem.hpp"

namespace jaring::server {

struct DecisionQuery {
  Day as_of = 0;
  bool explain = false;
  std::string lang = "id";
  DateFormat date_format{};                // dates also read so (`date_format`, as --date-format)
  std::vector<std::string> ignore_fields;  // keys read past (`ignore_field`, as --ignore-field)
};

// 400 `bad-parameter` naming a query parameter.
Problem bad_parameter(const std::string& name, const std::string& detail);

// The required `as_of` (YYYY-MM-DD), or the 400 problem naming it.
std::variant<Day, Problem> parse_as_of(const std::multimap<std::string, std::string>& params);

// The optional `date_format` (as --date-format: DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, MM/DD/YYYY
// or YYYY-MM-DD), or the 400 problem naming it.
std::variant<DateFormat, Problem> parse_date_format(const std::multimap<std::string, std::string>& params);

// The repeatable `ignore_field` (as --ignore-field: a column or key the policy's record does
// not have, read past), or the 400 problem of an empty one.
std::variant<std::vector<std::string>, Problem> parse_ignore_fields(
    const std::multimap<std::string, std::string>& params);

// Reads `as_of` (required, YYYY-MM-DD), `explain` (true/false), `lang` (id/en), `date_format`
// and `ignore_field`; a missing or bad parameter is a 400 problem naming it.
std::variant<DecisionQuery, Problem> parse_decision_query(const std::multimap<std::string, std::string>& params);

struct DecisionLimits {
  std::size_t max_batch = 1000;  // records in one array
  std::size_t max_depth = 64;    // nesting of arrays and objects in the body
};

struct DecisionOutcome {
  int status = 200;
  std::string body;  // the decision, an array of decisions, or a problem
  bool is_problem = false;
  bool batch = false;
  std::array<std::uint64_t, 4> by_status{};  // the decisions counted by Status
  // Some decision's group has a quota or a budget, which were not applied (`Jaring-Allocation`).
  bool unallocated = false;
  // With keep_records (the decision log), every decision and, per decision, the input's
  // schema fields as given. Without, none: the records the kernel decides are answered
  // without a Decision (io/record_lane.hpp), the same text.
  std::vector<Decision> decisions;
  std::vector<nlohmann::json> records;
};

// Decides the records in `body` (already known to be JSON by content type). 400 when the
// body is not JSON or nests too deep; 413 when the array is longer than the limit; 422 when
// any record is invalid, listing every field error of every record (nothing is decided).
DecisionOutcome decide_request(const ServedPolicy& policy, std::string_view body, const DecisionQuery& query,
                               const DecisionLimits& limits, bool keep_records);

// Whether JSON text nests arrays/objects deeper than `max_depth` (a cheap scan, so hostile
// input never reaches a parser that might recurse).
bool nests_deeper_than(std::string_view json_text, std::size_t max_depth);

// Counts the elements of a top-level JSON array as its bytes arrive, so that a batch over the
// limit is refused while its body is still being read (nothing is parsed). Text that is not an
// array counts 0. Malformed JSON is counted as far as its brackets go; the parser refuses it later.
class BatchCounter {
 public:
  void feed(std::string_view bytes);
  std::size_t elements() const { return elements_; }

 private:
  std::size_t depth_ = 0;
  std::size_t max_depth_ = 0;
  std::size_t elements_ = 0;
  bool array_ = false;   // the top level is an array
  bool object_ = false;  // the top level is an object (the bytes after it are not looked at)
  bool in_string_ = false;
  bool escaped_ = false;
  bool element_open_ = false;  // a value has started at depth 1 since the last `,`
};

}  // namespace jaring::server
