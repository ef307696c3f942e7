// POST /v1/policies/{id}/populations?as_of=D[&format=jsonl|csv][&delimiter=…][&out_delimiter=…]
// [&ignore_field=NAME…][&date_format=DD/MM/YYYY],
// GET /v1/jobs/{job} and GET /v1/jobs/{job}/result: a whole population decided as `jaring eval
// --records` decides it, quotas and budgets applied, answered with the same bytes.
#include <fmt/format.h>

#include <variant>

#include "engine/base/date.hpp"
#include "engine/io/record_read.hpp"
#include "engine/server/decide_request.hpp"
#include "engine/server/jobs.hpp"
#include "engine/server/routes.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

// The input format of a population's Content-Type, or nothing.
std::optional<InputFormat> population_format(const std::string& content_type) {
  const std::string media = media_type(content_type);
  if (media == "text/csv") return InputFormat::Csv;
  if (media == "application/x-ndjson" || media == "application/jsonl" || media == "application/json-lines" ||
      media == "application/jsonlines")
    return InputFormat::JsonLines;
  if (media == "application/json") return InputFormat::Json;
  return std::nullopt;
}

const char* output_media(DecisionFormat f) {
  return f == DecisionFormat::Csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

Problem job_not_found(const std::string& id) {
  Problem p = problem_for_status(404);
  p.slug = "job-not-found";
  p.title = "Job not found";
  p.detail = "no population job has this id (a finished job is kept for a while, then removed)";
  p.extra = json{{"job", id}};
  return p;
}

// The result of a decided job: its decisions file, with the counts in headers.
HttpResponse job_result(const std::shared_ptr<Job>& job) {
  HttpResponse res;
  res.policy_id = job->policy->id;
  res.content_type = output_media(job->output);
  res.file = job->output_path().string();
  res.hold = job;
  res.set_header("Jaring-Policy-Hash", job->policy->program->hash);
  res.set_header("Jaring-Job", job->id);
  res.set_header("Jaring-Records", std::to_string(job->records));
  res.set_header("Jaring-Reconciles", job->reconciles ? "true" : "false");
  // Which runtime decided it: the generic one is many times slower (the reason, English, is
  // printable ASCII: the kernel's and the lane's words, io/fast_population.cpp).
  res.set_header("Jaring-Runtime", job->runtime());
  if (!job->runtime_reason.empty()) res.set_header("Jaring-Runtime-Reason", job->runtime_reason);
  return res;
}

HttpResponse job_failed(const Job& job) {
  Problem p{422, "population-invalid", "Population invalid", job.error, {}, json{{"job", job.id}}};
  HttpResponse res = problem_response(p);
  res.policy_id = job.policy->id;
  return res;
}

}  // namespace

HttpResponse post_population(ServerState& state, const HttpRequest& req, const std::string& id) {
  auto found = served_policy(state, req, id);
  if (auto* refused = std::get_if<HttpResponse>(&found)) return std::move(*refused);
  const auto& policy = std::get<std::shared_ptr<const ServedPolicy>>(found);
  if (!req.job) return problem_response(problem_for_status(500));  // the session always gives one
  const std::string content_type = req.header("Content-Type");
  const auto input = population_format(content_type);
  if (!input) {
    Problem p = problem_for_status(415);
    p.detail = "a population is text/csv, application/x-ndjson (JSON Lines) or application/json (an array)";
    p.errors.push_back({"", std::nullopt, "", "Content-Type", p.detail});
    return problem_response(p);
  }
  const auto as_of = parse_as_of(req.params);
  if (const auto* p = std::get_if<Problem>(&as_of)) return problem_response(*p);
  DecisionFormat output = DecisionFormat::JsonLines;
  if (const auto f = req.params.find("format"); f != req.params.end()) {
    if (f->second != "jsonl" && f->second != "csv")
      return problem_response(bad_parameter("format", "`format` must be jsonl or csv"));
    output = f->second == "csv" ? DecisionFormat::Csv : DecisionFormat::JsonLines;
  }
  // A delimiter parameter by name: `name` must be comma, semicolon, tab or pipe.
  const auto delimiter_of = [&req](const std::string& name) -> std::variant<char, Problem> {
    const auto d = req.params.find(name);
    if (d == req.params.end()) return ',';
    // By name only (io/record_read.hpp csv_delimiters): a character would need escaping in a URL.
    for (const CsvDelimiter& known : csv_delimiters)
      if (known.name == d->second) return known.c;
    return bad_parameter(name, "`" + name + "` must be comma, semicolon, tab or pipe");
  };
  const auto delimiter_given = delimiter_of("delimiter");
  if (const auto* p = std::get_if<Problem>(&delimiter_given)) return problem_response(*p);
  const char delimiter = std::get<char>(delimiter_given);
  const auto out_delimiter_given = delimiter_of("out_delimiter");
  if (const auto* p = std::get_if<Problem>(&out_delimiter_given)) return problem_response(*p);
  const char out_delimiter = std::get<char>(out_delimiter_given);
  if (out_delimiter != ',' && output != DecisionFormat::Csv)
    return problem_response(
        bad_parameter("out_delimiter", "`out_delimiter` separates the cells of decisions as CSV: give format=csv"));
  if (delimiter != ',' && *input != InputFormat::Csv)
    return problem_response(bad_parameter(
        "delimiter",
        "`delimiter` separates the cells of a text/csv body; this one is " + std::string(format_shown(*input))));
  // Dates also read in a spreadsheet's notation (as --date-format).
  const auto dates = parse_date_format(req.params);
  if (const auto* p = std::get_if<Problem>(&dates)) return problem_response(*p);
  // Columns or keys the policy's record does not have, read past (as --ignore-field; repeatable).
  auto ignore_fields = parse_ignore_fields(req.params);
  if (const auto* p = std::get_if<Problem>(&ignore_fields)) return problem_response(*p);
  const std::shared_ptr<Job>& job = req.job;
  job->policy = policy;
  job->as_of = std::get<Day>(as_of);
  job->input = *input;
  job->delimiter = delimiter;
  job->out_delimiter = out_delimiter;
  job->date_format = std::get<DateFormat>(dates);
  job->ignore_fields = std::move(std::get<std::vector<std::string>>(ignore_fields));
  job->output = output;
  std::error_code ec;
  const auto size = std::filesystem::file_size(job->input_path(), ec);
  if (!ec && size <= state.options().population_inline) {
    // Small: decided now, and answered with the decisions themselves.
    state.jobs().run_now(job);
    if (state.jobs().state(*job) == Job::State::Failed) return job_failed(*job);
    return job_result(job);
  }
  state.jobs().submit(job);
  HttpResponse res = json_response(state.jobs().status(*job), 202);
  res.policy_id = policy->id;
  res.set_header("Location", "/v1/jobs/" + job->id);
  res.set_header("Retry-After", "1");
  return res;
}

HttpResponse get_job(ServerState& state, const std::string& job_id, bool result) {
  const auto job = state.jobs().find(job_id);
  if (!job) return problem_response(job_not_found(job_id));
  const Job::State s = state.jobs().state(*job);
  if (!result) {
    HttpResponse res = json_response(state.jobs().status(*job), 200);
    res.policy_id = job->policy->id;
    return res;
  }
  if (s == Job::State::Done) return job_result(job);
  if (s == Job::State::Failed) return job_failed(*job);
  Problem p{409,
            "job-not-done",
            "Job not done",
            fmt::format("the job is {}; GET /v1/jobs/{} says when it is done", job_state_name(s), job->id),
            {},
            json{{"job", job->id}, {"state", job_state_name(s)}}};
  HttpResponse res = problem_response(p);
  res.set_header("Retry-After", "1");
  return res;
}

}  // namespace jaring::server
