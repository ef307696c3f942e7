#include "engine/io/explain.hpp"

#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"

namespace jaring {

namespace {

struct Words {
  const char* eligible;
  const char* not_eligible;
  const char* waitlisted;
  const char* rejected;
  const char* as_of;
  const char* policy;
  const char* group;
  const char* scheme;
  const char* contributions;
  const char* total;
  const char* paid_by;
  const char* failed;
  const char* passed;
  const char* waived;
  const char* waived_by;
  const char* field;
  const char* line;
};

const Words indonesian = {"LAYAK",
                          "TIDAK MEMENUHI SYARAT",
                          "DAFTAR TUNGGU",
                          "DITOLAK (data tidak dapat dibaca)",
                          "Per tanggal",
                          "kebijakan",
                          "Kelompok",
                          "Skema",
                          "Iuran per bulan",
                          "jumlah",
                          "Dibayar oleh",
                          "Tidak memenuhi syarat",
                          "Syarat terpenuhi",
                          "Syarat dikecualikan",
                          "oleh kelompok",
                          "kolom",
                          "baris"};
const Words english_words = {"ELIGIBLE",
                             "NOT ELIGIBLE",
                             "WAITLISTED",
                             "REJECTED (the record could not be read)",
                             "As of",
                             "policy",
                             "Group",
                             "Scheme",
                             "Monthly contributions",
                             "total",
                             "Paid by",
                             "Requirement not met",
                             "Requirement met",
                             "Requirement waived",
                             "by group",
                             "field",
                             "line"};

// The rule's label (an engine reason's in the explanation's language), citation and detail.
std::string cited(const RuleRef& r, bool english) {
  std::string out(english && !r.label_en.empty() ? r.label_en : r.label);
  if (!r.citation.empty()) out += fmt::format(" ({})", r.citation);
  if (!r.detail.empty()) out += " — " + render(r.detail, english ? Lang::en : Lang::id);
  return out;
}

}  // namespace

std::string explain(const Decision& d, const std::string& lang, const std::map<std::string, std::string>* values) {
  const bool english = lang == "en";
  const Words& w = english ? english_words : indonesian;
  const char* status = d.status == Status::Eligible     ? w.eligible
                       : d.status == Status::Waitlisted ? w.waitlisted
                       : d.status == Status::Rejected   ? w.rejected
                                                        : w.not_eligible;
  std::string out = fmt::format("{}: {}\n", d.id.empty() ? std::string("-") : d.id, status);
  out += fmt::format("{} {}, {} \"{}\" ({})\n", w.as_of, format_date(d.as_of), w.policy, d.policy_name, d.policy_hash);
  if (d.group) out += fmt::format("{}: {}\n", w.group, cited(*d.group, english));
  // The values a requirement read: ` — values: age = 66, birth_date = 1958-03-02`.
  auto read = [&](std::string_view rule) -> std::string {
    if (!values) return "";
    const auto it = values->find(std::string(rule));
    return it == values->end() ? "" : fmt::format(" — {}: {}", english ? "values" : "nilai", it->second);
  };
  for (const auto& r : d.reasons)
    out += fmt::format("- {}: {}{}\n", d.status == Status::Waitlisted ? w.waitlisted : w.failed, cited(r, english),
                       read(r.rule));
  for (const auto& e : d.errors)
    out += fmt::format("- {} {}{}: {}\n", w.line, d.line,
                       e.field.empty() ? "" : ", " + std::string(w.field) + " `" + e.field + "`", e.reason);
  if (d.status == Status::Eligible || d.status == Status::Waitlisted) {
    if (!d.scheme.empty()) out += fmt::format("{}: {}\n", w.scheme, d.scheme);
    std::string parts;
    for (const auto& p : d.programmes)
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", p.programme.rule, format_money(p.total));
    out += fmt::format("{}: {}; {} {}\n", w.contributions, parts, w.total, format_money(d.total));
    for (const auto& p : d.payers)
      out += fmt::format("{}: {} ({}) {}\n", w.paid_by, p.payer.label, p.account, format_money(p.sen));
  }
  for (const auto& r : d.requirements) {
    if (r.outcome == Outcome::Pass)
      out += fmt::format("  {}: {}{}\n", w.passed, cited(r.rule, english), read(r.rule.rule));
    if (r.outcome == Outcome::Waived)
      out += fmt::format("  {}: {} ({} {})\n", w.waived, cited(r.rule, english), w.waived_by, r.waived_by);
  }
  return out;
}

}  // namespace jaring
