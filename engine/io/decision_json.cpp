#include "engine/io/decision_json.hpp"

#include <cstring>
#include <utility>

#include "engine/base/json_text.hpp"
#include "engine/base/literals.hpp"

namespace jaring {

namespace {

// Keys are written in sorted order, as nlohmann::json (std::map) would; see decision.schema.json.
class Writer {
 public:
  std::string out;

  // Keys are this file's own literals (and part names), plain ASCII words: written as they are,
  // with nothing to escape. A decision has some forty of them.
  void key(std::string_view k, bool first = false) {
    char text[64];  // `,"key":` appended in one piece
    if (k.size() + 4 > sizeof text) {
      if (!first) out += ',';
      out += '"';
      out += k;
      out += "\":";
      return;
    }
    std::size_t n = 0;
    if (!first) text[n++] = ',';
    text[n++] = '"';
    std::memcpy(text + n, k.data(), k.size());
    n += k.size();
    text[n++] = '"';
    text[n++] = ':';
    out.append(text, n);
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
    if (!r.detail.empty()) {
      thread_local std::string detail;  // its room kept from one decision to the next
      detail.clear();
      render_to(detail, r.detail, message_language());
      str("detail", detail);
    }
    str("label", r.label);
    extra();
    str("rule", r.rule);
    out += '}';
  }
  void rule(const RuleRef& r) {
    rule(r, "", "", [] {});
  }
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

void append_rule_json(std::string& out, const RuleRef& r) {
  Writer w;
  w.out.swap(out);
  w.rule(r);
  w.out.swap(out);
}

void append_requirement_json(std::string& out, const RuleRef& r, Outcome outcome) {
  Writer w;
  w.out.swap(out);
  w.rule(r, "", "", [&] { w.str("outcome", outcome_name(outcome)); });
  w.out.swap(out);
}

void append_waived_json(std::string& out, const RuleRef& r, std::string_view by) {
  Writer w;
  w.out.swap(out);
  w.rule(r, "by", by, [] {});
  w.out.swap(out);
}

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
  return std::move(w.out);  // a member: without the move, a copy of the whole text
}

}  // namespace jaring
