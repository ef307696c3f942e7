#include "engine/decision.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

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

using nlohmann::json;

json rule_json(const RuleRef& r) {
  json j = {{"rule", r.rule}, {"label", r.label}, {"citation", r.citation}};
  if (!r.detail.empty()) j["detail"] = r.detail;
  return j;
}

const char* outcome_name(Outcome o) { return o == Outcome::Pass ? "pass" : o == Outcome::Fail ? "fail" : "waived"; }

}  // namespace

std::string decision_json(const Decision& d) {
  json j = {{"id", d.id}, {"line", d.line}, {"status", status_name(d.status)}, {"as_of", format_date(d.as_of)}};
  j["policy"] = {{"name", d.policy_name}, {"hash", d.policy_hash}};
  j["group"] = d.group ? rule_json(*d.group) : json(nullptr);
  j["scheme"] = d.scheme.empty() ? json(nullptr) : json(d.scheme);
  json programmes = json::array();
  for (const auto& p : d.programmes) {
    json parts = json::object();
    for (const auto& part : p.parts) parts[part_name(part.part)] = part.sen;
    programmes.push_back({{"programme", p.programme.rule}, {"label", p.programme.label},
                          {"citation", p.programme.citation}, {"parts_sen", parts}, {"total_sen", p.total}});
  }
  j["programmes"] = programmes;
  j["total_sen"] = d.total;
  json payers = json::array();
  for (const auto& p : d.payers) {
    json items = json::array();
    for (const auto& i : p.items) items.push_back({{"programme", i.programme}, {"part", part_name(i.part)}, {"amount_sen", i.sen}});
    payers.push_back({{"payer", p.payer.rule}, {"label", p.payer.label}, {"citation", p.payer.citation},
                      {"account", p.account}, {"amount_sen", p.sen}, {"items", items}});
  }
  j["payers"] = payers;
  json reasons = json::array();
  for (const auto& r : d.reasons) reasons.push_back(rule_json(r));
  j["reasons"] = reasons;
  json requirements = json::array(), waived = json::array();
  for (const auto& r : d.requirements) {
    json rj = rule_json(r.rule);
    rj["outcome"] = outcome_name(r.outcome);
    if (r.outcome == Outcome::Waived) {
      json w = rule_json(r.rule);
      w["by"] = r.waived_by;
      waived.push_back(w);
    }
    requirements.push_back(rj);
  }
  j["requirements"] = requirements;
  j["waived"] = waived;
  if (d.rank) j["rank"] = *d.rank;
  if (!d.quota_key.empty()) j["quota_key"] = d.quota_key;
  if (d.status == Status::Rejected) {
    json errors = json::array();
    for (const auto& e : d.errors) errors.push_back({{"field", e.field.empty() ? json(nullptr) : json(e.field)}, {"reason", e.reason}});
    j["errors"] = errors;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
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
  std::string out = r.label;
  if (!r.citation.empty()) out += " (" + r.citation + ")";
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
    for (const auto& p : d.programmes) parts += (parts.empty() ? "" : ", ") + p.programme.rule + " " + format_money(p.total);
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
