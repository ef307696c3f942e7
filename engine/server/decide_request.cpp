#include "engine/server/decide_request.hpp"

#include <fmt/format.h>

#include "engine/base/json_text.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/explain.hpp"
#include "engine/io/json_refusal.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/values_used.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

const std::string* first_param(const std::multimap<std::string, std::string>& params, const std::string& name) {
  const auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// A short reason for text the JSON parser refused, in its words (JsonRefusal::detail).
std::string parse_error_detail(const JsonRefusal& refusal) {
  const std::string words = refusal.detail();
  return words.empty() ? "malformed JSON" : "malformed JSON: " + words;
}

std::string pointer_token(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::string pointer(std::optional<std::int64_t> index, const std::string& field) {
  std::string out = index ? fmt::format("/{}", *index) : "";
  if (!field.empty()) out += "/" + pointer_token(field);
  return out;
}

// The schema's fields as given in the input (what the decision log keeps).
json schema_fields(const json& record, const Schema& schema) {
  json out = json::object();
  for (const auto& f : schema.fields)
    if (const auto it = record.find(f.name); it != record.end()) out[f.name] = *it;
  return out;
}

// Whether a group's places or money are shared out over a population (a quota, or a payer
// with a budget): a record decided on its own has not been through that.
bool needs_allocation(const Program& program, std::int32_t group_index) {
  if (group_index < 0) return false;
  const CGroup& g = program.groups[static_cast<std::size_t>(group_index)];
  if (g.quota) return true;
  for (const auto& paid : g.paid_by)
    for (const auto& share : paid.shares)
      if (!program.payers[share.payer].budgets.empty()) return true;
  return false;
}

std::string rendered(const Decision& d, const DecisionQuery& q, const Program& program, const Record& record) {
  std::string text = decision_json(d);
  if (!q.explain || text.empty() || text.back() != '}') return text;
  text.pop_back();
  text += ",\"explanation\":";
  const auto values = requirement_values(program, record, q.as_of, q.lang == "en" ? Lang::en : Lang::id);
  append_json_string(text, explain(d, q.lang, &values));
  text += '}';
  return text;
}

DecisionOutcome problem_outcome(const Problem& p) {
  DecisionOutcome out;
  out.status = p.status;
  out.body = problem_json(p);
  out.is_problem = true;
  return out;
}

// The first character of valid JSON text after blanks and a UTF-8 byte order mark (which the
// parser skips): `{`, `[`, or another value's.
char first_token(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto at = text.find_first_not_of(" \t\r\n");
  return at == std::string_view::npos ? '\0' : text[at];
}

// The elements of a JSON array's text (already checked as valid JSON), as text.
std::vector<std::string_view> array_elements(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t depth = 0;
  bool in_string = false;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (++depth == 1) {
        start = i + 1;
        continue;
      }
    }
    if (c == ']' || c == '}') {
      if (--depth == 0) {
        if (start != std::string_view::npos &&
            text.substr(start, i - start).find_first_not_of(" \t\r\n") != std::string_view::npos)
          out.push_back(text.substr(start, i - start));
        break;
      }
    }
    if (c == ',' && depth == 1) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Reads every record; on any rejection the outcome is a 422 listing all of them.
// Each element is read from its own text, as `jaring eval` reads it: a key given twice (which a
// parsed document would no longer show) rejects the record.
std::variant<std::vector<Record>, Problem> read_all(const Program& program,
                                                    const std::vector<std::string_view>& elements, bool batch,
                                                    const ReadOptions& options) {
  std::vector<Record> records;
  Problem p{422, "record-invalid", "Record invalid", "", {}, json::object()};
  const std::size_t n = elements.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::optional<std::int64_t> index = batch ? std::optional<std::int64_t>(i) : std::nullopt;
    ReadResult r = read_json_record(elements[i], program.schema, options);
    if (auto* rec = std::get_if<Record>(&r)) {
      rec->line = i + 1;
      records.push_back(std::move(*rec));
      continue;
    }
    for (auto& e : std::get<Rejection>(r).errors)
      p.errors.push_back({pointer(index, e.field), index, e.field, "", e.reason});
  }
  if (p.errors.empty()) return records;
  p.detail = fmt::format("{} problem{} with the record{}; nothing was decided", p.errors.size(),
                         p.errors.size() == 1 ? "" : "s", batch ? "s" : "");
  return p;
}

}  // namespace

void BatchCounter::feed(std::string_view bytes) {
  if (object_) return;
  for (const char c : bytes) {
    if (in_string_) {
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') in_string_ = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (depth_ == 0) {
      if (c == '[' && !array_ && max_depth_ == 0) {
        array_ = true;
      } else if (c == '{' && !array_ && max_depth_ == 0) {
        object_ = true;  // a single record: nothing to count in the rest
        return;
      } else if (!(c == '[' || c == '{')) {
        continue;
      }
    } else if (array_ && depth_ == 1) {
      if (c == ',') {
        element_open_ = false;
        continue;
      }
      if (c == ']') {
        --depth_;
        continue;
      }
      if (!element_open_) {
        element_open_ = true;
        ++elements_;
      }
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '[' || c == '{') {
      max_depth_ = std::max(max_depth_, ++depth_);
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
    }
  }
}

bool nests_deeper_than(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

Problem bad_parameter(const std::string& name, const std::string& detail) {
  Problem p{400, "bad-parameter", "Bad query parameter", detail, {}, json::object()};
  p.errors.push_back({"", std::nullopt, "", name, detail});
  return p;
}

std::variant<Day, Problem> parse_as_of(const std::multimap<std::string, std::string>& params) {
  const auto* as_of = first_param(params, "as_of");
  if (!as_of) return bad_parameter("as_of", "the query parameter `as_of` (YYYY-MM-DD) is required");
  const auto day = parse_date(*as_of);
  if (!day) return bad_parameter("as_of", "`as_of` must be a calendar date written YYYY-MM-DD");
  return *day;
}

std::variant<DateFormat, Problem> parse_date_format(const std::multimap<std::string, std::string>& params) {
  const auto* given = first_param(params, "date_format");
  if (!given) return DateFormat{};
  const auto named = date_format_named(*given);
  if (!named)
    return bad_parameter("date_format",
                         "`date_format` must be DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, MM/DD/YYYY or YYYY-MM-DD");
  return *named;
}

std::variant<std::vector<std::string>, Problem> parse_ignore_fields(
    const std::multimap<std::string, std::string>& params) {
  std::vector<std::string> names;
  for (auto [at, end] = params.equal_range("ignore_field"); at != end; ++at) {
    if (at->second.empty()) return bad_parameter("ignore_field", "`ignore_field` names a field");
    names.push_back(at->second);
  }
  return names;
}

std::variant<DecisionQuery, Problem> parse_decision_query(const std::multimap<std::string, std::string>& params) {
  DecisionQuery q;
  auto as_of = parse_as_of(params);
  if (auto* p = std::get_if<Problem>(&as_of)) return std::move(*p);
  q.as_of = std::get<Day>(as_of);
  if (const auto* e = first_param(params, "explain")) {
    if (*e != "true" && *e != "false") return bad_parameter("explain", "`explain` must be true or false");
    q.explain = *e == "true";
  }
  if (const auto* l = first_param(params, "lang")) {
    if (*l != "id" && *l != "en") return bad_parameter("lang", "`lang` must be id or en");
    q.lang = *l;
  }
  auto dates = parse_date_format(params);
  if (auto* p = std::get_if<Problem>(&dates)) return std::move(*p);
  q.date_format = std::get<DateFormat>(dates);
  auto ignored = parse_ignore_fields(params);
  if (auto* p = std::get_if<Problem>(&ignored)) return std::move(*p);
  q.ignore_fields = std::move(std::get<std::vector<std::string>>(ignored));
  return q;
}

DecisionOutcome decide_request(const ServedPolicy& policy, std::string_view body, const DecisionQuery& query,
                               const DecisionLimits& limits, bool keep_records) {
  if (nests_deeper_than(body, limits.max_depth))
    return problem_outcome({400,
                            "nesting-too-deep",
                            "JSON nested too deeply",
                            fmt::format("the body nests arrays or objects deeper than {} levels", limits.max_depth),
                            {},
                            json::object()});
  const Program& program = *policy.program;
  const char first = first_token(body);
  bool batch = false;
  std::vector<Record> records;
  ReadOptions read;
  read.date_format = query.date_format;
  read.ignore_fields = query.ignore_fields;
  // The usual request, one valid record, is read in one pass (as a flat object: record_read);
  // anything else takes the road below, which checks the JSON first and says what is wrong.
  if (first == '{') {
    ReadResult r = read_json_record(body, program.schema, read);
    if (auto* rec = std::get_if<Record>(&r)) {
      rec->line = 1;
      records.push_back(std::move(*rec));
    }
  }
  if (records.empty()) {
    // Checked without building a document (the records are read from their own text), and
    // refused without an exception (json_refusal); a document is parsed only when the decision
    // log keeps the records.
    if (auto refusal = json_refusal(body))
      return problem_outcome(
          {400, "malformed-json", "Malformed JSON", parse_error_detail(*refusal), {}, json::object()});
    batch = first == '[';
    if (!batch && first != '{')
      return problem_outcome({422,
                              "record-invalid",
                              "Record invalid",
                              "the body must be a record (a JSON object) or an array of records",
                              {},
                              json::object()});
    const std::vector<std::string_view> elements = batch ? array_elements(body) : std::vector<std::string_view>{body};
    if (batch && elements.size() > limits.max_batch)
      return problem_outcome(
          {413,
           "batch-too-large",
           "Batch too large",
           fmt::format("{} records in one request; at most {} are accepted", elements.size(), limits.max_batch),
           {},
           json::object()});
    auto all = read_all(program, elements, batch, read);
    if (auto* p = std::get_if<Problem>(&all)) return problem_outcome(*p);
    records = std::move(std::get<std::vector<Record>>(all));
  }
  DecisionOutcome out;
  out.batch = batch;
  out.body = batch ? "[" : "";
  out.body.reserve(records.size() * 2048);  // a decision is 1 to 2 KB
  if (keep_records) out.decisions.reserve(records.size());
  const json doc = keep_records ? json::parse(body) : json();
  auto count = [&](Status status, std::int32_t group) {
    ++out.by_status[static_cast<std::size_t>(status)];
    out.unallocated = out.unallocated || needs_allocation(program, group);  // any decision in such a group
  };
  // Without an explanation or a decision log, what the kernel decides it answers: the text of
  // the generic runtime's decision, without making one.
  const std::shared_ptr<const RecordLane> lane =
      !keep_records && !query.explain && policy.lanes ? policy.lanes->at(program, query.as_of) : nullptr;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out.body += ',';
    if (lane)
      if (const auto decided = lane->decide_json(records[i], out.body)) {
        count(decided->status, decided->group);
        continue;
      }
    Decision d = decide(program, records[i], query.as_of);
    count(d.status, d.group_index);
    out.body += rendered(d, query, program, records[i]);
    if (keep_records) {
      out.records.push_back(schema_fields(batch ? doc.at(i) : doc, program.schema));
      out.decisions.push_back(std::move(d));
    }
  }
  if (batch) out.body += ']';
  return out;
}

}  // namespace jaring::server
