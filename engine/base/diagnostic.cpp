#include "engine/base/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"

namespace jaring {

DiagCode DiagCode::of(std::string_view code) {
  if (const DiagnosticCodeInfo* c = find_diagnostic_code(code)) return DiagCode(c->code, Checked{});
  throw InternalError(fmt::format("unregistered diagnostic code `{}`", code));
}

void Diagnostics::error(DiagCode code, Span span, std::string message, std::optional<std::string> help) {
  add({Severity::Error, std::string(code.text()), span, std::move(message), std::move(help)});
}

void Diagnostics::warning(DiagCode code, Span span, std::string message, std::optional<std::string> help) {
  add({Severity::Warning, std::string(code.text()), span, std::move(message), std::move(help)});
}

void Diagnostics::note(DiagCode code, Span span, std::string message, std::optional<std::string> help) {
  add({Severity::Note, std::string(code.text()), span, std::move(message), std::move(help)});
}

std::size_t& Diagnostics::count_of(Severity s) {
  return s == Severity::Error ? errors_ : s == Severity::Warning ? warnings_ : notes_;
}

void Diagnostics::add(Diagnostic d) {
  ++count_of(d.severity);
  if (items_.size() >= limit) {
    ++dropped_;
    return;
  }
  items_.push_back(std::move(d));
}

void Diagnostics::merge(Diagnostics&& other) {
  // Its items are counted again as they are added here; what it dropped, as it was counted.
  for (const auto& d : other.items_) --other.count_of(d.severity);
  for (auto& d : other.items_) add(std::move(d));
  errors_ += other.errors_;
  warnings_ += other.warnings_;
  notes_ += other.notes_;
  dropped_ += other.dropped_;
  other = Diagnostics{};
}

void Diagnostics::sort() {
  auto key = [](const Diagnostic& d) { return std::tie(d.span.source, d.span.begin, d.code, d.message, d.span.end); };
  std::stable_sort(items_.begin(), items_.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  items_.erase(
      std::unique(items_.begin(), items_.end(), [&](const auto& a, const auto& b) { return key(a) == key(b); }),
      items_.end());
}

namespace {

// Stable in JSON (tools match on it); in the message language in text.
const char* severity_name(Severity s) {
  return s == Severity::Error     ? JARING_MSG("error")
         : s == Severity::Warning ? JARING_MSG("warning")
                                  : JARING_MSG("note");
}
std::string severity_said(Severity s) { return say_text(severity_name(s)); }

// Columns of the underline: tabs shown as one space so the caret lines up.
std::string underline(std::string_view line, LineCol from, LineCol to, bool same_line) {
  std::string out(from.column - 1, ' ');
  std::size_t width = 1;
  if (same_line && to.column > from.column) width = to.column - from.column;
  if (!same_line) {
    std::size_t points = 0;
    for (unsigned char c : line) points += (c & 0xC0) != 0x80;
    width = points >= from.column ? points - from.column + 1 : 1;
  }
  out += '^';
  out.append(width - 1, '~');
  return out;
}

// The line as it can be shown: tabs as one space, other control bytes and bytes that are not
// valid UTF-8 as `?`, so the output is always valid UTF-8 and carets stay aligned.
std::string printable(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = n > 0 && i + n <= line.size() && !(n == 2 && c < 0xC2);
    for (std::size_t k = 1; valid && k < n; ++k) valid = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += '?';
      ++i;
      continue;
    }
    if (n == 1) out += c == '\t' ? ' ' : (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
    else out.append(line.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string render_text(const Diagnostic& d, const SourceMap& sources) {
  const Source& src = sources.get(d.span.source);
  const LineCol from = src.line_col(d.span.begin);
  const LineCol to = src.line_col(std::max(d.span.begin, d.span.end));
  std::string out = fmt::format("{}:{}:{}: {}: {} [{}]\n", src.name(), from.line, from.column,
                                severity_said(d.severity), d.message, d.code);
  const std::string_view line = src.line_text(from.line);
  const std::string number = std::to_string(from.line);
  const std::string gutter(number.size(), ' ');
  out += fmt::format(" {} | {}\n", number, printable(line));
  out += fmt::format(" {} | {}\n", gutter, underline(line, from, to, from.line == to.line));
  if (d.help) out += fmt::format(" {} = {}: {}\n", gutter, say_text("help"), *d.help);
  return out;
}

std::string render_json(const Diagnostic& d, const SourceMap& sources) {
  const Source& src = sources.get(d.span.source);
  const LineCol from = src.line_col(d.span.begin);
  const LineCol to = src.line_col(std::max(d.span.begin, d.span.end));
  nlohmann::json j = {{"file", src.name()},
                      {"line", from.line},
                      {"column", from.column},
                      {"end", {{"line", to.line}, {"column", to.column}}},
                      {"severity", severity_name(d.severity)},
                      {"code", d.code},
                      {"message", d.message},
                      {"help", d.help ? nlohmann::json(*d.help) : nlohmann::json(nullptr)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace jaring
