// `jaring diff --format json` and `--format csv` (diff_report.hpp).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/base/date.hpp"
#include "engine/whatif/diff_report.hpp"

namespace jaring::whatif {

namespace {

using Json = nlohmann::ordered_json;

Json optional_int(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json side_json(const SideView& s) {
  return {{"status", status_name(s.status)},
          {"group", s.group},
          {"accounts", s.accounts},
          {"monthly_sen", s.total},
          {"reasons", s.reasons}};
}

Json cause_json(const Cause& c) {
  return {{"rule", c.rule}, {"label", c.label}, {"citation", c.citation}, {"note", c.note}};
}

Json payers_json(const PopulationDiff& p) {
  Json out = Json::array();
  for (const auto& r : p.payers) {
    auto side = [](const Cost& c, Day as_of, const std::optional<std::int64_t>& budget) {
      return Json{{"persons", c.persons},
                  {"monthly_sen", c.monthly},
                  {"annual_sen", 12 * c.monthly},
                  {"budget_year", ymd_from_day(as_of).year},
                  {"budget_year_cost_sen", c.budget_year},
                  {"budget_sen", optional_int(budget)}};
    };
    out.push_back(
        {{"payer", r.name},
         {"label", r.label},
         {"in_base", r.in_base},
         {"in_proposal", r.in_proposal},
         {"budget_per_account", r.keyed},
         {"before", side(r.before, p.base_as_of, r.budget_before)},
         {"after", side(r.after, p.as_of, r.budget_after)},
         {"delta",
          {{"persons", static_cast<std::int64_t>(r.after.persons) - static_cast<std::int64_t>(r.before.persons)},
           {"monthly_sen", r.after.monthly - r.before.monthly},
           {"annual_sen", 12 * (r.after.monthly - r.before.monthly)},
           {"budget_year_cost_sen", r.after.budget_year - r.before.budget_year}}}});
  }
  return out;
}

Json groups_json(const PopulationDiff& p) {
  Json out = Json::array();
  for (const auto& g : p.groups) {
    auto side = [](const Cost& c, std::uint64_t waitlisted, const std::optional<std::int64_t>& quota) {
      return Json{{"persons", c.persons},
                  {"monthly_sen", c.monthly},
                  {"waitlisted", waitlisted},
                  {"quota", optional_int(quota)}};
    };
    out.push_back({{"group", g.name},
                   {"label", g.label},
                   {"citation", g.citation},
                   {"in_base", g.in_base},
                   {"in_proposal", g.in_proposal},
                   {"before", side(g.before, g.waitlisted_before, g.quota_before)},
                   {"after", side(g.after, g.waitlisted_after, g.quota_after)}});
  }
  return out;
}

Json population_json(const PopulationDiff& p) {
  Json j;
  j["records"] = p.records;
  j["base_as_of"] = format_date(p.base_as_of);
  j["as_of"] = format_date(p.as_of);
  Json status = {{"before", Json::object()}, {"after", Json::object()}};
  for (int s = 0; s < 4; ++s) {
    status["before"][status_name(static_cast<Status>(s))] = p.status_before[s];
    status["after"][status_name(static_cast<Status>(s))] = p.status_after[s];
  }
  j["status"] = status;
  Json transitions = Json::object();
  for (std::size_t k = 0; k < transition_count; ++k)
    transitions[transition_name(static_cast<Transition>(k))] = p.transitions[k];
  j["transitions"] = transitions;
  Json causes = Json::array();
  for (const auto& c : p.causes) {
    Json cj = cause_json(c.cause);
    cj["transition"] = transition_name(c.transition);
    cj["records"] = c.records;
    causes.push_back(cj);
  }
  j["causes"] = causes;
  j["payers"] = payers_json(p);
  j["groups"] = groups_json(p);
  Json samples = Json::array();
  for (const auto& s : p.samples) {
    Json cs = Json::array();
    for (const auto& c : s.causes) cs.push_back(cause_json(c));
    samples.push_back({{"transition", transition_name(s.transition)},
                       {"id", s.id},
                       {"line", s.line},
                       {"before", side_json(s.before)},
                       {"after", side_json(s.after)},
                       {"causes", cs}});
  }
  j["samples"] = samples;
  return j;
}

class Csv {
 public:
  std::string out = "section,name,aspect,before,after,delta,citation\n";
  void row(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\n";
  }
  void numbers(const std::string& section, const std::string& name, const std::string& aspect, std::int64_t before,
               std::int64_t after) {
    row({section, name, aspect, std::to_string(before), std::to_string(after), std::to_string(after - before), ""});
  }
};

void population_csv(Csv& c, const PopulationDiff& p) {
  for (std::size_t k = 0; k < transition_count; ++k)
    c.row({"transition", transition_name(static_cast<Transition>(k)), "records", "", std::to_string(p.transitions[k]),
           "", ""});
  for (const auto& x : p.causes)
    c.row({"cause", transition_name(x.transition),
           x.cause.rule + (x.cause.note.empty() ? "" : " (" + x.cause.note + ")"), "", std::to_string(x.records), "",
           x.cause.citation});
  for (int s = 0; s < 4; ++s)
    c.numbers("status", status_name(static_cast<Status>(s)), "records", static_cast<std::int64_t>(p.status_before[s]),
              static_cast<std::int64_t>(p.status_after[s]));
  for (const auto& r : p.payers) {
    c.numbers("payer", r.name, "persons", static_cast<std::int64_t>(r.before.persons),
              static_cast<std::int64_t>(r.after.persons));
    c.numbers("payer", r.name, "monthly_sen", r.before.monthly, r.after.monthly);
    c.numbers("payer", r.name, "annual_sen", 12 * r.before.monthly, 12 * r.after.monthly);
    c.numbers("payer", r.name, "budget_year_cost_sen", r.before.budget_year, r.after.budget_year);
    if (r.budget_before || r.budget_after)
      c.row({"payer", r.name, r.keyed ? "budget_sen_per_account" : "budget_sen",
             r.budget_before ? std::to_string(*r.budget_before) : "",
             r.budget_after ? std::to_string(*r.budget_after) : "", "", ""});
  }
  for (const auto& g : p.groups) {
    c.numbers("group", g.name, "persons", static_cast<std::int64_t>(g.before.persons),
              static_cast<std::int64_t>(g.after.persons));
    c.numbers("group", g.name, "monthly_sen", g.before.monthly, g.after.monthly);
    c.numbers("group", g.name, "waitlisted", static_cast<std::int64_t>(g.waitlisted_before),
              static_cast<std::int64_t>(g.waitlisted_after));
    c.row({"group", g.name, "quota", g.quota_before ? std::to_string(*g.quota_before) : "",
           g.quota_after ? std::to_string(*g.quota_after) : "", "", g.citation});
  }
  for (const auto& s : p.samples) {
    std::string rules;
    for (const auto& x : s.causes)
      rules += (rules.empty() ? "" : "; ") + x.rule + (x.citation.empty() ? "" : " [" + x.citation + "]");
    c.row({"sample", s.id, transition_name(s.transition), side_text(s.before, Lang::En), side_text(s.after, Lang::En),
           "", rules});
  }
}

}  // namespace

std::string diff_json(const DiffReport& r) {
  Json j;
  j["base"] = {{"path", r.base.path}, {"name", r.base.name}, {"hash", r.base.hash}};
  j["proposal"] = {{"path", r.proposal.path}, {"name", r.proposal.name}, {"hash", r.proposal.hash}};
  Json changes = Json::array();
  for (const auto& c : r.changes)
    changes.push_back({{"section", section_name(c.section)},
                       {"kind", change_kind_name(c.kind)},
                       {"name", c.name},
                       {"aspect", c.aspect},
                       {"before", c.before},
                       {"after", c.after},
                       {"citation", c.citation}});
  j["changes"] = changes;
  if (r.population) {
    j["records_path"] = r.records_path;
    j["population"] = population_json(*r.population);
  }
  return j.dump(2) + "\n";
}

std::string diff_csv(const DiffReport& r) {
  Csv c;
  for (const auto& x : r.changes)
    c.row({"change", std::string(section_name(x.section)) + " " + x.name,
           std::string(change_kind_name(x.kind)) + (x.aspect.empty() ? "" : " " + x.aspect), x.before, x.after, "",
           x.citation});
  if (r.population) population_csv(c, *r.population);
  return c.out;
}

}  // namespace jaring::whatif
