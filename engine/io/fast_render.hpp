// The fast lane's renderings of a KernelDecision: the same bytes io/decision_json.hpp and
// io/decision_csv.hpp give for the Decision the generic runtime makes of the same record,
// assembled from pieces rendered once per run, with no allocation per record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/kernel.hpp"

namespace jaring {

// How an eligible decision's parts are split among the paying line's payers (as split_payers
// in evaluate.cpp does it): per payer its items (part index, sen) and its total.
struct KernelSplit {
  std::size_t payers = 0;
  std::size_t items[kernel_max_shares] = {};
  std::uint32_t item_part[kernel_max_shares][kernel_max_parts] = {};
  std::int64_t item_sen[kernel_max_shares][kernel_max_parts] = {};
  std::int64_t sen[kernel_max_shares] = {};
};

// The split of an eligible decision `d` (its group's paying line).
void split_payers(const Kernel& kernel, const KernelDecision& d, KernelSplit& out);

class FastRenderer {
 public:
  explicit FastRenderer(const Kernel& kernel);

  // One JSON line (with its "\n") or one CSV row of the decision about the record `id` on `line`.
  void json(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
            std::string& out) const;
  void csv(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
           std::string& out) const;

 private:
  struct Programme {   // one programme of a group: its parts, employer parts first
    std::string head;  // `{"citation":…,"label":…,"parts_sen":{`
    std::vector<std::pair<std::string, std::uint32_t>> keys;  // `"employer":` and the part index
    std::string middle;                                       // `},"programme":…,"total_sen":`
    std::uint32_t first = 0, count = 0;                       // its parts in the group's order
    std::uint32_t programme = 0;                              // index into Program::programmes
  };
  struct Group {
    std::string ref;                              // `{"citation":…}` of the group
    std::string scheme;                           // `"scheme"` JSON, or null
    std::vector<std::string> pass, fail, reason;  // per check: requirement entries; reason entry
    std::string waived;                           // the `waived` array's elements
    std::vector<Programme> programmes;
    std::vector<std::string> payer_head, payer_tail;  // per share: `{"account":…,"amount_sen":`, `],"label":…}`
    std::vector<std::string> payer_middle;            // per share: `,"citation":…,"items":[`
    std::vector<std::string> item_tail;               // per part: `,"part":…,"programme":…}`
    std::string csv_group;                            // group and scheme cells: `name,scheme`
    std::vector<std::string> payer_name;              // per share: the account as the CSV shows it
  };

  const Kernel& kernel_;
  std::string prefix_;  // `{"as_of":"…","group":`
  std::string policy_;  // `,"policy":{…}`
  std::string no_group_reason_;
  std::vector<Group> groups_;  // by group index (only groups the kernel has are filled)
};

}  // namespace jaring
