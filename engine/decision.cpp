#include "engine/decision.hpp"

#include <fmt/format.h>

#include <utility>

#include "engine/json_text.hpp"

#include "engine/literals.hpp"

namespace jaring {

const char* status_name(Status s) {
  switch (s) {
    case Status::Eligible: return "eligible";
    case Status::NotEligible: return "not_eligible";
    case Status::Waitlisted: return "waitlisted";
    case Status::Rejected: return "rejected";
  }
  return "?";
}

namespace {

// Keys are written in sorted order, as nlohmann::json (std::map) would; see decision.schema.json.
class Writer {
 public:
  std::string out;

  void key(std::string_view k, bool first = false) {
    if (!first) out += ',';
    append_json_string(out, k);
    out += ':';
  }
  void str(std::string_view k, std::string_view v, bool first = false) {
    key(k, first);
    append_json_string(out, v);
  }
  void num(std::string_view k, std::int64_t v, bool first = false) {
    key(k, first);
    append_json_int(out, v);
  }

  // {"citation","detail"?,"label",extra...,"rule"} with `extra` written between label and rule.
  template <typename Extra>
  void rule(const RuleRef& r, std::string_view lead_key, std::string_view lead, Extra&& extra) {
    out += '{';
    bool first = true;
    if (!lead_key.empty()) str(lead_key, lead, std::exchange(first, false));
    str("citation", r.citation, std::exchange(first, false));
    if (!r.detail.empty()) str("detail", r.detail);
    str("label", r.label);
    extra();
    str("rule", r.rule);
    out += '}';
  }
  void rule(const RuleRef& r) { rule(r, "", "", [] {}); }
};

void programmes(Writer& w, const Decision& d) {
  w.key("programmes");
  w.out += '[';
  for (std::size_t i = 0; i < d.programmes.size(); ++i) {
    const auto& p = d.programmes[i];
    if (i) w.out += ',';
    w.out += '{';
    w.str("citation", p.programme.citation, true);
    w.str("label", p.programme.label);
    w.key("parts_sen");
    w.out += '{';
    bool first = true;
    for (PartKind part : {PartKind::Employer, PartKind::Worker})
      for (const auto& pa : p.parts)
        if (pa.part == part) w.num(part_name(part), pa.sen, std::exchange(first, false));
    w.out += '}';
    w.str("programme", p.programme.rule);
    w.num("total_sen", p.total);
    w.out += '}';
  }
  w.out += ']';
}

void payers(Writer& w, const Decision& d) {
  w.key("payers");
  w.out += '[';
  for (std::size_t i = 0; i < d.payers.size(); ++i) {
    const auto& p = d.payers[i];
    if (i) w.out += ',';
    w.out += '{';
    w.str("account", p.account, true);
    w.num("amount_sen", p.sen);
    w.str("citation", p.payer.citation);
    w.key("items");
    w.out += '[';
    for (std::size_t k = 0; k < p.items.size(); ++k) {
      if (k) w.out += ',';
      w.out += '{';
      w.num("amount_sen", p.items[k].sen, true);
      w.str("part", part_name(p.items[k].part));
      w.str("programme", p.items[k].programme);
      w.out += '}';
    }
    w.out += ']';
    w.str("label", p.payer.label);
    w.str("payer", p.payer.rule);
    w.out += '}';
  }
  w.out += ']';
}

const char* outcome_name(Outcome o) { return o == Outcome::Pass ? "pass" : o == Outcome::Fail ? "fail" : "waived"; }

void requirements(Writer& w, const Decision& d) {
  w.key("reasons");
  w.out += '[';
  for (std::size_t i = 0; i < d.reasons.size(); ++i) {
    if (i) w.out += ',';
    w.rule(d.reasons[i]);
  }
  w.out += ']';
  w.key("requirements");
  w.out += '[';
  for (std::size_t i = 0; i < d.requirements.size(); ++i) {
    if (i) w.out += ',';
    const auto& r = d.requirements[i];
    w.rule(r.rule, "", "", [&] { w.str("outcome", outcome_name(r.outcome)); });
  }
  w.out += ']';
}

void waived(Writer& w, const Decision& d) {
  w.key("waived");
  w.out += '[';
  bool first = true;
  for (const auto& r : d.requirements) {
    if (r.outcome != Outcome::Waived) continue;
    if (!std::exchange(first, false)) w.out += ',';
    w.rule(r.rule, "by", r.waived_by, [] {});
  }
  w.out += ']';
}

void errors(Writer& w, const Decision& d) {
  w.key("errors");
  w.out += '[';
  for (std::size_t i = 0; i < d.errors.size(); ++i) {
    if (i) w.out += ',';
    w.out += '{';
    w.key("field", true);
    if (d.errors[i].field.empty()) w.out += "null";
    else append_json_string(w.out, d.errors[i].field);
    w.str("reason", d.errors[i].reason);
    w.out += '}';
  }
  w.out += ']';
}

}  // namespace

std::string decision_json(const Decision& d) {
  Writer w;
  w.out.reserve(1024);
  w.out += '{';
  w.str("as_of", format_date(d.as_of), true);
  if (d.status == Status::Rejected) errors(w, d);
  w.key("group");
  if (d.group) w.rule(*d.group);
  else w.out += "null";
  w.str("id", d.id);
  w.num("line", static_cast<std::int64_t>(d.line));
  payers(w, d);
  w.key("policy");
  w.out += '{';
  w.str("hash", d.policy_hash, true);
  w.str("name", d.policy_name);
  w.out += '}';
  programmes(w, d);
  if (!d.quota_key.empty()) w.str("quota_key", d.quota_key);
  if (d.rank) w.num("rank", *d.rank);
  requirements(w, d);
  w.key("scheme");
  if (d.scheme.empty()) w.out += "null";
  else append_json_string(w.out, d.scheme);
  w.str("status", status_name(d.status));
  w.num("total_sen", d.total);
  waived(w, d);
  w.out += '}';
  return w.out;
}

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

const Words indonesian = {"LAYAK", "TIDAK MEMENUHI SYARAT", "DAFTAR TUNGGU", "DITOLAK (data tidak dapat dibaca)",
                          "Per tanggal", "kebijakan", "Kelompok", "Skema", "Iuran per bulan", "jumlah", "Dibayar oleh",
                          "Tidak memenuhi syarat", "Syarat terpenuhi", "Syarat dikecualikan", "oleh kelompok", "kolom",
                          "baris"};
const Words english = {"ELIGIBLE", "NOT ELIGIBLE", "WAITLISTED", "REJECTED (the record could not be read)",
                       "As of", "policy", "Group", "Scheme", "Monthly contributions", "total", "Paid by",
                       "Requirement not met", "Requirement met", "Requirement waived", "by group", "field", "line"};

std::string cited(const RuleRef& r) {
  std::string out(r.label);
  if (!r.citation.empty()) out += fmt::format(" ({})", r.citation);
  if (!r.detail.empty()) out += " — " + r.detail;
  return out;
}

}  // namespace

std::string explain(const Decision& d, const std::string& lang) {
  const Words& w = lang == "en" ? english : indonesian;
  const char* status = d.status == Status::Eligible     ? w.eligible
                       : d.status == Status::Waitlisted ? w.waitlisted
                       : d.status == Status::Rejected   ? w.rejected
                                                        : w.not_eligible;
  std::string out = fmt::format("{}: {}\n", d.id.empty() ? std::string("-") : d.id, status);
  out += fmt::format("{} {}, {} \"{}\" ({})\n", w.as_of, format_date(d.as_of), w.policy, d.policy_name, d.policy_hash);
  if (d.group) out += fmt::format("{}: {}\n", w.group, cited(*d.group));
  for (const auto& r : d.reasons)
    out += fmt::format("- {}: {}\n", d.status == Status::Waitlisted ? w.waitlisted : w.failed, cited(r));
  for (const auto& e : d.errors)
    out += fmt::format("- {} {}{}: {}\n", w.line, d.line, e.field.empty() ? "" : ", " + std::string(w.field) + " `" + e.field + "`", e.reason);
  if (d.status == Status::Eligible || d.status == Status::Waitlisted) {
    if (!d.scheme.empty()) out += fmt::format("{}: {}\n", w.scheme, d.scheme);
    std::string parts;
    for (const auto& p : d.programmes) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", p.programme.rule, format_money(p.total));
    out += fmt::format("{}: {}; {} {}\n", w.contributions, parts, w.total, format_money(d.total));
    for (const auto& p : d.payers) out += fmt::format("{}: {} ({}) {}\n", w.paid_by, p.payer.label, p.account, format_money(p.sen));
  }
  for (const auto& r : d.requirements) {
    if (r.outcome == Outcome::Pass) out += fmt::format("  {}: {}\n", w.passed, cited(r.rule));
    if (r.outcome == Outcome::Waived) out += fmt::format("  {}: {} ({} {})\n", w.waived, cited(r.rule), w.waived_by, r.waived_by);
  }
  return out;
}

}  // namespace jaring
