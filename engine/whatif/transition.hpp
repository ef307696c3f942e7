// How one record's final decision changes from a base policy to a proposal: the compact form
// of a decision kept between the two batch runs (a Brief, a few dozen bytes with names
// interned), the classification of a pair, and the rules responsible for a change.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring::whatif {

enum class Transition : std::uint8_t {
  GainedCover,          // not covered (not eligible, waitlisted, rejected) -> eligible
  LostCover,            // eligible -> not eligible or rejected
  MovedGroup,           // eligible in both, in another group
  PayerChanged,         // eligible in both, same group, other payer accounts
  ContributionChanged,  // eligible in both, same group and payers, other amounts
  NewlyWaitlisted,      // -> waitlisted (from eligible or from not eligible)
  Unchanged,            // the same cover (or the same absence of cover)
};
inline constexpr std::size_t transition_count = 7;
const char* transition_name(Transition t);  // `gained_cover`, `lost_cover`, ...

// Strings seen in decisions, numbered; id 0 is the empty string. Two threads may share one
// (the two sides of a population diff, decided at once): numbers are given under a lock, and
// each thread keeps an InternCache in front of it so that a string seen before takes none.
class Interner {
 public:
  Interner() { id(""); }
  std::uint32_t id(std::string_view s);
  // The reference stays valid while the Interner lives (later strings do not move it).
  const std::string& text(std::uint32_t id) const;

 public:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::deque<std::string> texts_;
};

// One thread's numbers from a shared Interner.
class InternCache {
 public:
  explicit InternCache(Interner& names) : names_(names) {}
  std::uint32_t id(std::string_view s) {
    if (auto it = seen_.find(s); it != seen_.end()) return it->second;
    const std::uint32_t n = names_.id(s);
    seen_.emplace(std::string(s), n);
    return n;
  }

 private:
  Interner& names_;
  std::unordered_map<std::string, std::uint32_t, Interner::Hash, std::equal_to<>> seen_;
};

// A final decision reduced to what the comparison needs.
struct Brief {
  Status status = Status::NotEligible;
  std::uint32_t group = 0;     // group name; 0 when none
  std::uint32_t accounts = 0;  // payer accounts in order, `,`-separated (`apbd_prov,apbd_kota`)
  std::uint32_t amounts = 0;   // `JKK=1000000;JKM=680000|apbd_kota=1680000` (sen)
  std::uint32_t reasons = 0;   // reason rules in order, `,`-separated
  std::int64_t total = 0;      // monthly contribution in sen when eligible, else 0
};

Brief brief_of(const Decision& d, Interner& names);
Brief brief_of(const Decision& d, InternCache& names);
Transition classify(const Brief& before, const Brief& after);

// A rule responsible for a change, with its label and citation from the policy that has it,
// and a short note (`group removed`, `before: no_group`, `apbd_kota -> kpu`).
struct Cause {
  std::string rule;
  std::string label;
  std::string citation;
  std::string note;
};

// The causes of `t` for one record: `before` under `base`, `after` (the decision) under `proposal`.
std::vector<Cause> causes_of(Transition t, const Brief& before, const Decision& after, const Program& base,
                             const Program& proposal, const Interner& names);

}  // namespace jaring::whatif
