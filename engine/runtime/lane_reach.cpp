#include "engine/runtime/lane_reach.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "engine/base/i18n.hpp"
#include "engine/runtime/kernel.hpp"

namespace jaring {

std::optional<LaneDecline> lane_declines(const Program& program) {
  std::vector<Day> dates;
  const auto starts = [&](Day d) {
    if (!program.valid || program.valid->contains(d)) dates.push_back(d);
  };
  const auto ends = [&](Day d) {
    if (d < open_end) starts(d + 1);
  };
  if (program.valid) dates.push_back(program.valid->start);
  for (const CParameter& par : program.parameters)
    for (const DatedValue& v : par.values) {
      starts(v.since);
      if (v.until) ends(*v.until);
    }
  for (const CGroup& g : program.groups) {
    for (const CPaidBy& line : g.paid_by) {
      if (line.since != INT32_MIN) starts(line.since);
      if (line.until != INT32_MAX) ends(line.until);
    }
    if (g.valid) {
      starts(g.valid->start);
      ends(g.valid->end);
    }
  }
  if (dates.empty()) {
    const auto today =
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    dates.push_back(
        day_from_ymd({static_cast<int>(today.year()), static_cast<int>(static_cast<unsigned>(today.month())),
                      static_cast<int>(static_cast<unsigned>(today.day()))}));
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  // A bound on the work for a policy of very many dated values (the editor asks at each
  // change): the kernel's reasons are its constructs', seldom a date's, so the earliest do.
  constexpr std::size_t most_dates = 128;
  if (dates.size() > most_dates) dates.resize(most_dates);
  std::optional<LaneDecline> out;
  bool taken = false;  // on some date
  for (const Day d : dates) {
    std::string why;
    if (Kernel::compile(program, d, &why)) taken = true;
    else if (!out) out = LaneDecline{d, false, why};
  }
  if (out) out->always = !taken;
  return out;
}

void note_slow_policy(const Policy& policy, const Program& program, Diagnostics& diags) {
  const auto declined = lane_declines(program);
  if (!declined) return;
  const Span at = policy.name ? policy.name->span : Span{policy.source, 0, 0};
  const std::string why = say("the policy has {}", say_text(declined->why));
  diags.note(DiagCode::of("slow-policy"), at,
             declined->always
                 ? say("the fast lane does not take this policy, because {}: the generic runtime decides its "
                       "records (the same decisions, many times slower)",
                       why)
                 : say("the fast lane does not take this policy as of {}, because {}: the generic runtime decides "
                       "those records (the same decisions, many times slower)",
                       format_date(declined->on), why),
             say_text("`jaring bench POLICY --as-of DATE` names the runtime that decides it, and times it"));
}

}  // namespace jaring
