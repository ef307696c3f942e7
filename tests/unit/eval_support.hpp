// Helpers for evaluation tests: compile a policy from text and decide JSON records.
#pragma once

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/decision_json.hpp"
#include "engine/io/explain.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/runtime/evaluate.hpp"
#include "support.hpp"

namespace jaring::test {

struct RuntimeEnv {  // JARING_RUNTIME for one test, then as it was
  explicit RuntimeEnv(const char* value) {
    if (const char* was = std::getenv("JARING_RUNTIME")) before = was;
    ::setenv("JARING_RUNTIME", value, 1);
  }
  ~RuntimeEnv() {
    if (before) ::setenv("JARING_RUNTIME", before->c_str(), 1);
    else ::unsetenv("JARING_RUNTIME");
  }
  RuntimeEnv(const RuntimeEnv&) = delete;
  RuntimeEnv& operator=(const RuntimeEnv&) = delete;
  std::optional<std::string> before;
};

struct Compiled {
  std::unique_ptr<Result> checked;
  std::shared_ptr<const Program> program;

  explicit Compiled(const std::string& text) : checked(check_text(text)) {
    for (const auto& d : checked->diags.all())
      if (d.severity == Severity::Error) FAIL("policy does not check: " << render_text(d, checked->sources));
    program = compile(*checked->checked);
  }

  Decision decide(const std::string& json, const char* as_of) const {
    ReadResult r = read_json_record(json, program->schema);
    const Day day = *parse_date(as_of);
    if (auto* rec = std::get_if<Record>(&r)) return jaring::decide(*program, *rec, day);
    return reject(*program, std::get<Rejection>(r), day);
  }
};

// `sen` as a record writes money: `Rp 1.234.567,89` (zero or more).
inline std::string rupiah(std::int64_t sen) {
  std::string whole = std::to_string(sen / 100), dotted;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) dotted += '.';
    dotted += whole[i];
  }
  return fmt::format("Rp {},{:02}", dotted, sen % 100);
}

inline std::vector<std::string> reason_rules(const Decision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.reasons) out.emplace_back(r.rule);
  return out;
}

inline std::int64_t paid(const Decision& d, const std::string& account) {
  for (const auto& p : d.payers)
    if (p.account == account) return p.sen;
  return -1;
}

}  // namespace jaring::test
