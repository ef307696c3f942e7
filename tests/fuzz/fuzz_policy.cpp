// libFuzzer target: bytes as a policy source, down the path every command takes (open_policy:
// load → check → compile), then the diagnostics rendered, the canonical dump, the policy's own
// tests and one decision. The dump of a checked policy that neither uses nor amends another
// must open again and dump to the same bytes (dump.hpp; with `use` or `amends` the dump keeps
// those lines beside the merged declarations, so it does not load again). The formatter
// (format.hpp) on the same bytes: formatting what parses is idempotent, and what checks still
// checks, to the same dump. Built only with JARING_FUZZ (tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/date.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/record_read.hpp"
#include "engine/language/dump.hpp"
#include "engine/language/format.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/open_policy.hpp"
#include "engine/runtime/test_runner.hpp"

namespace {

using namespace jaring;

// `use` and `amends` resolve against the shipped rules/; a path into the machine's special
// files (a `use` of /proc/kmsg would block) is not worth a run.
bool reaches_system_files(std::string_view text) {
  for (std::string_view bad : {"proc/", "sys/", "dev/"}) {
    if (text.find(bad) != std::string_view::npos) return true;
  }
  return false;
}

OpenedPolicy open(std::string text, SourceMap& sources, Diagnostics& diags) {
  LoadOptions options;
  options.search_paths.emplace_back(JARING_SOURCE_DIR "/rules");
  return open_policy_text("fuzz.policy", std::move(text), sources, diags, options);
}

// A plausible value of each field's type, so that rules get past their missing inputs.
Record sample_record(const Schema& schema) {
  Record record;
  record.id = "1";
  record.line = 1;
  for (const auto& field : schema.fields) {
    std::string_view text = "x";
    switch (field.type) {
      case ValueKind::Int: text = "3"; break;
      case ValueKind::Money: text = "1500000"; break;
      case ValueKind::Percent: text = "2%"; break;
      case ValueKind::Date: text = "1984-05-01"; break;
      case ValueKind::Bool: text = "true"; break;
      case ValueKind::Region: text = "36.72.01.1001"; break;
      case ValueKind::Nik: text = "3672010105840001"; break;
      default: break;
    }
    std::string reason;
    record.values.push_back(convert_field(field, text, reason).value_or(Value::missing()));
  }
  return record;
}

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_policy: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// The text formatted (the keywords as written, or in the language the text's size picks), or
// nothing when it does not parse; formatting the result again must give it back.
std::optional<std::string> formatted(const std::string& text) {
  SourceMap sources;
  Diagnostics diags;
  FormatOptions options;
  options.keywords = static_cast<KeywordLanguage>(text.size() % 3);
  auto once = format_policy(sources, sources.add("fuzz.policy", text), diags, options);
  if (!once) return std::nullopt;
  auto twice = format_policy(sources, sources.add("fuzz.policy", *once), diags, options);
  if (!twice) fail("the formatted text does not parse", *once);
  if (*twice != *once) fail("formatting is not idempotent", *once + "\n=====\n" + *twice);
  return once;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (reaches_system_files(text)) return 0;
  const auto layout = formatted(text);
  SourceMap sources;
  Diagnostics diags;
  auto opened = open(std::move(text), sources, diags);
  for (const auto& d : diags.all()) {
    (void)render_text(d, sources);
    (void)render_json(d, sources);
  }
  if (!opened.ok()) return 0;

  const Policy& policy = opened.checked->policy();
  const std::string dumped = dump_policy(policy);
  if (layout) {
    SourceMap layout_sources;
    Diagnostics layout_diags;
    auto reopened = open(*layout, layout_sources, layout_diags);
    if (!reopened.ok()) fail("the formatted policy does not check", *layout);
    if (dump_policy(reopened.checked->policy()) != dumped) fail("formatting changed the dump", *layout);
  }
  if (policy.uses.empty() && !policy.amends) {
    SourceMap again_sources;
    Diagnostics again_diags;
    auto again = open(dumped, again_sources, again_diags);
    if (!again.ok()) fail("the dump of a checked policy does not check", dumped);
    if (dump_policy(again.checked->policy()) != dumped) fail("the dump of a dump differs", dumped);
  }

  (void)run_tests(policy, *opened.program);
  const Day as_of = day_from_ymd({2024, 3, 21});
  (void)decision_json(decide(*opened.program, sample_record(opened.program->schema), as_of));
  return 0;
}
