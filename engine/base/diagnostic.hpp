// User-facing diagnostics: a sink that parse and check report into, and the two renderings
// (GCC-style text with the source line and an underline; JSON for tools).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic_codes.hpp"
#include "engine/base/source.hpp"

namespace jaring {

// A note tells, and fails nothing, even under --strict (`slow-policy`).
enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  // a registered code (diagnostic_codes.hpp), e.g. `unknown-field`
  Span span;
  std::string message;  // lowercase, one sentence, names in backticks
  std::optional<std::string> help;
};

// Collects diagnostics. Errors beyond `limit` are counted but not kept.
class Diagnostics {
 public:
  static constexpr std::size_t limit = 100;

  void error(DiagCode code, Span span, std::string message, std::optional<std::string> help = {});
  void warning(DiagCode code, Span span, std::string message, std::optional<std::string> help = {});
  void note(DiagCode code, Span span, std::string message, std::optional<std::string> help = {});
  void add(Diagnostic d);
  // Takes over everything `other` collected, as if it had been reported here in its order.
  void merge(Diagnostics&& other);
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  std::size_t note_count() const { return notes_; }
  std::size_t dropped() const { return dropped_; }
  // Sorts by (source, begin, code) and removes exact duplicates.
  void sort();
  const std::vector<Diagnostic>& all() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t notes_ = 0;
  std::size_t& count_of(Severity s);
  std::size_t dropped_ = 0;
};

// `file:line:col: error: message [code]`, the source line, an underline, `= help: ...`.
std::string render_text(const Diagnostic& d, const SourceMap& sources);
// One JSON object: file, line, column, end {line, column}, severity, code, message, help.
std::string render_json(const Diagnostic& d, const SourceMap& sources);

}  // namespace jaring
