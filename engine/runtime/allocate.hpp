// The population phase: quotas (per group, or per key with `per FIELD`; a shared quota's
// places counted over every group that names it) and payer budgets (annual budget of the
// as-of year against the monthly cost times the months of that year the paying line pays,
// Decision::budget_months), applied after every record is decided. Candidates are taken group
// by group (priority, then declaration order; a shared quota's groups together, at the place
// of its first group) and, within, by `rank by` (ascending unless `desc`; a missing rank value
// last) with ties broken by record id. A candidate beyond the quota, or whose cost no longer fits a payer account's
// budget, is waitlisted with the reason and its rank. The result does not depend on input
// order or on the number of threads. Candidates that share a record id (a NIK on two
// records) are all made not eligible with rule `duplicate_id`, so no input order can decide
// between them; only ids read from the id field are compared (Decision::id_read).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/base/huge_pages.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// Record ids that are on more than one input record, with the lines of each copy.
class DuplicateIds {
 public:
  void add(std::string_view id, std::uint64_t line);
  // Call once, after every add.
  void seal();
  // "id `X` is on 3 records (lines 4, 9, 12); resolve the duplicate", or null when `id` is on
  // one record only.
  const Message* detail(std::string_view id) const;
  std::size_t ids() const { return details_.size(); }
  // The ids on more than one record (after seal()), in no order.
  std::vector<std::string_view> repeated() const;

 private:
  // Ids are kept end to end in one text and sorted by a 64-bit hash, so a million ids cost no
  // allocation each and sort as integers; equal hashes are told apart by their text.
  struct Seen {
    std::uint64_t hash = 0;
    std::uint64_t line = 0;
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
  };
  std::string_view text(const Seen& s) const { return std::string_view(ids_).substr(s.offset, s.size); }
  std::string ids_;
  std::vector<Seen> seen_;
  // After seal(): the repeated ids end to end (repeated_, each at its span), their details by
  // the same index, and a table of them by hash, open-addressed, looked up by a view of the id
  // (the fast lane's, in its block's bytes): a slot is a hash's top 32 bits and an index (a
  // free slot's is UINT32_MAX), at most half of the slots taken. detail() is asked for every
  // copy of a repeated id; a hash map of strings took 0,6 µs a lookup in cache misses
  // (cilegon-2024's population at a million records, 77.000 copies: 45 ms at one thread).
  struct Span {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
  };
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t index = UINT32_MAX;
  };
  std::string repeated_;
  std::vector<Span> spans_;
  std::vector<Message> details_;
  std::vector<Slot> table_;
};

// Flags one copy of a duplicated id: a decided record becomes not eligible with rule
// `duplicate_id` (no contribution, no payer); a rejected record gains the problem on its id
// field. Every copy is flagged, whatever the policy, so no input order decides between them.
void mark_duplicate(const Program& program, Decision& d, const Message& detail);

class Allocator {
 public:
  Allocator(const Program& program, Day as_of);

  // What one payer account pays for a candidate.
  struct Payment {
    std::string_view account;  // the payer's name, or `name:KEY` for a keyed account
    std::uint32_t payer = 0;   // index into Program::payers
    std::int64_t yearly = 0;   // monthly × the decision's budget months
  };

  // Records an eligible decision as a candidate; `index` is the record's position in the
  // input (any increasing number: the fast lane gives the record's line). Candidates must be
  // added in increasing `index` order.
  void add(const Decision& d, std::uint64_t index);
  // The same from its parts: the decision's line, group index, id, `rank by` value (null when
  // missing), quota key and payments; `id_read` as Decision::id_read (a line number's id is
  // never a repeated one).
  void add(std::uint64_t index, std::uint64_t line, std::uint32_t group, std::string_view id, const Rational* rank,
           std::string_view quota_key, const Payment* payments, std::size_t count, bool id_read = true);
  // Room for this many candidates, bytes of their ids and quota keys, and payments (an
  // estimate: more may still be added).
  void reserve(std::size_t candidates, std::size_t text_bytes, std::size_t payments);
  // Threads the allocation may use (default 1).
  void set_threads(unsigned threads);
  // Before run(): takes out the candidates whose id is one of `repeated` (ids on more than one
  // record), for a caller that learns them only once it has added the candidates (the fast lane
  // collects the candidates and every id's hash in one pass). run() passes them by as it passes
  // by the copies it finds itself; their records are not eligible (`duplicate_id`), so no
  // decision asks for their outcome. Returns how many. Candidates are matched by their ids as
  // kept (a NIK's digit key): no id text is made for the 800.000 of cilegon-2024's population
  // at a million records (made, it took 80 ms).
  std::size_t withdraw(
      const std::vector<std::string_view>&
          repeated);  // The caller has made sure that no two candidates share an id (the fast lane hashes every
  // record's id and sends each repeated one to the generic runtime, which flags its copies):
  // run() then does not look for them, some 20 ms for 800.000 candidates.
  void set_ids_distinct(bool distinct) { ids_distinct_ = distinct; }
  // Runs the allocation once every candidate has been added (once only).
  void run();
  // Turns an eligible decision into its final form (rank set; waitlisted with a reason).
  void apply(Decision& d, std::uint64_t index) const;
  // The same, its candidate looked up from `cursor` on, as find() does: decisions applied in
  // increasing `index` from one cursor walk the candidates once (apply() alone searches them
  // all for each: 4 % of a month of `jaring project` over a million records).
  // Without `with_reason`, a waitlisted or refused decision gets its status and no reason (for
  // a reader of amounts only: the reason's message is not made).
  void apply(Decision& d, std::uint64_t index, std::size_t& cursor, bool with_reason = true) const;

  std::size_t candidates() const { return candidates_.size(); }

  enum class Verdict : std::uint8_t { Allocated, Quota, Budget, Duplicate };
  struct Outcome {
    Verdict verdict = Verdict::Allocated;
    std::int64_t rank = 0;  // position in the group's (or key's) ranking
  };
  // The outcome of the candidate with `index`, looked up from `cursor` on (the position of an
  // earlier lookup's candidate, or 0): the cursor moved to it, or nothing (no candidate has
  // `index`). Lookups in increasing `index` from one cursor walk the candidates once.
  std::optional<Outcome> find(std::size_t& cursor, std::uint64_t index) const;
  // The position of the first candidate at or after `index` (a cursor for find()).
  std::size_t cursor(std::uint64_t index) const;
  // Why the candidate at `cursor` was waitlisted or made not eligible (not for Allocated).
  RuleRef reason(std::size_t cursor) const;
  // The same made in `into`, which keeps its buffers: no allocation once they have grown (a
  // reason made for every waitlisted decision of a population).
  void reason(std::size_t cursor, RuleRef& into) const;
  // Its rule alone: `quota`, `budget` or `duplicate_id`.
  std::string_view reason_rule(std::size_t cursor) const;
  // Whether the candidate at `cursor` is in a group with a quota (its decision has a rank).
  bool ranked(std::size_t cursor) const { return program_.groups[candidates_[cursor].group].quota.has_value(); }

 private:
  // 40 bytes, its outcome included: a million candidates are written once as they are added
  // and each page of them is a fresh page for the kernel to clear (a quarter of the run of
  // cilegon-2024's population at a million records, one thread, was that clearing when a
  // candidate took 64 bytes and its outcome 24 more). What most candidates do not need is kept
  // beside them: a rank value's denominator (its group's, group_den_) or a value that does not
  // fit (large_ranks_), a line that is not the candidate's index (lines_), a budget refusal's
  // figures (refusals_). Its payments and its quota key end where the next candidate's begin
  // (cost_count(), key()). An id of digits only (a NIK) is kept as its digit key, 8 bytes.
  enum class RankKind : std::uint8_t { None, Small, Large };
  struct Candidate {
    // The record's index (under 2^56: max_index) and four small fields, in one word.
    std::uint64_t index : 56 = 0;
    std::uint64_t kind_bits : 2 = 0;     // RankKind
    std::uint64_t verdict_bits : 2 = 0;  // Verdict
    std::uint64_t id_read : 1 = 1;       // Decision::id_read
    std::uint64_t id_packed : 1 = 0;     // the id is all digits, at most 19: its digit key in text_
    std::uint64_t text = 0;              // its id, then its quota key, in text_
    // Small: the rank value's numerator, within int64, over its group's denominator
    // (group_den_); Large: the value at large_ranks_[rank].
    std::int64_t rank = 0;
    std::uint32_t id_size = 0;  // the id's bytes in text_ (8 when packed)
    std::uint32_t group = 0;
    std::uint32_t first_cost = 0;
    std::uint32_t place = 0;  // after run(): its position in its unit's (and key's) ranking
    RankKind rank_kind() const { return static_cast<RankKind>(kind_bits); }
    bool has_rank() const { return kind_bits != 0; }
    Verdict verdict() const { return static_cast<Verdict>(verdict_bits); }
    void set_verdict(Verdict v) { verdict_bits = static_cast<std::uint8_t>(v) & 3U; }
  };
  static_assert(sizeof(Candidate) == 40);
  static constexpr std::uint64_t max_index = (std::uint64_t{1} << 56) - 1;
  // A candidate refused by a budget: the payment that did not fit (index into costs_) and what
  // its account had used before it.
  struct Refusal {
    std::uint32_t candidate = 0;
    std::uint32_t cost = 0;
    std::int64_t used = 0;
  };

  // Room for a packed id's digits.
  using IdDigits = std::array<char, 20>;
  // The candidate's id: its text in text_, or, packed, its digits made in `digits`.
  std::string_view id(const Candidate& c, IdDigits& digits) const;
  // The id as kept (its text, or its digit key's bytes): equal ids are kept alike, as packed
  // or not (a packed id's bytes may spell another, unpacked id: compare id_packed too).
  std::string_view id_bytes(const Candidate& c) const { return std::string_view(text_).substr(c.text, c.id_size); }
  // A packed id's digit key (PackedKey::id).
  std::uint64_t id_key(const Candidate& c) const;
  Rational rank(const Candidate& c) const {
    return c.rank_kind() == RankKind::Large ? large_ranks_[static_cast<std::size_t>(c.rank)]
                                            : Rational{c.rank, group_den_[c.group]};
  }
  // Room for a quota key kept packed (a region code), as text.
  using KeyText = std::array<char, 16>;
  // A quota key as kept (key()) as its text: a region code's made in `text`.
  static std::string_view key_text(std::string_view kept, KeyText& text);
  // The candidate at `i`'s quota key as kept (a region code packed: allocate.cpp keep_key):
  // from the end of its id to where the next one's text begins.
  std::string_view key(std::size_t i) const {
    const Candidate& c = candidates_[i];
    const std::uint64_t end = i + 1 < candidates_.size() ? candidates_[i + 1].text : text_.size();
    return std::string_view(text_).substr(c.text + c.id_size, end - c.text - c.id_size);
  }
  std::uint32_t cost_count(std::size_t i) const {
    const std::size_t end = i + 1 < candidates_.size() ? candidates_[i + 1].first_cost : costs_.size();
    return static_cast<std::uint32_t>(end - candidates_[i].first_cost);
  }
  std::uint64_t line(std::size_t i) const { return lines_.empty() ? candidates_[i].index : lines_[i]; }

  const Program& program_;
  Day as_of_;
  unsigned threads_ = 1;
  bool ids_distinct_ = false;
  bool ran_ = false;
  // A million candidates take some 40-50 MB, filled in order: in 4 KiB pages (huge_pages.hpp).
  // In huge pages, the four regions' summary runs of a million records took 11-151 % longer
  // when the machine had been idle for 1,5 s before (examples/bench/regions.sh with GAP=1.5:
  // cilegon-2024 at one thread 471 against 346 ms; yogyakarta-2024-apbdp at two 484 against
  // 193), from 12 % less to 40 % more when run back to back, and 2-4 MiB more at their peak
  // (yogyakarta-2025: 64,2 against 60,0 MiB).
  template <typename T>
  using Array = std::vector<T, PageAllocator<T>>;
  Array<Candidate> candidates_;
  std::vector<Rational> large_ranks_;  // rank values that do not fit a Candidate
  // By group: the denominator of its first rank value within int64 (dates and money: 1; the
  // fast lane's fractions: one per group), or 0 before it has one.
  std::vector<int128> group_den_;
  std::vector<std::uint64_t> lines_;  // by candidate, once one's line is not its index; else empty
  std::basic_string<char, std::char_traits<char>, PageAllocator<char>> text_;  // ids and quota keys, end to end
  // By payment (a candidate's from first_cost to the next one's): monthly × budget months, and
  // the account paying it, kept only once two accounts have been (cost_accounts_; else all are
  // single_account_'s). A budgeted payer pays for every candidate of some policies (all 821.476
  // of yogyakarta-2025's population at a million records): 8 bytes each, not 16.
  Array<std::int64_t> costs_;
  Array<std::uint32_t> cost_accounts_;
  std::uint32_t single_account_ = 0;
  void add_cost(std::uint32_t account, std::int64_t yearly);
  std::uint32_t cost_account(std::size_t k) const {
    return cost_accounts_.empty() ? single_account_ : cost_accounts_[k];
  }
  std::map<std::string, std::uint32_t, std::less<>> account_ids_;
  std::vector<std::uint32_t> account_payer_;
  std::vector<std::uint32_t> payer_account_;  // by payer: its own account's id, or UINT32_MAX
  std::vector<std::int64_t> budget_;          // by account: its budget for the year, or -1
  // By payer: whether it has a budget for the as-of year. Only such payments are kept: no other
  // account's use is ever compared (cilegon-2024's population at a million records: 12 MB of
  // costs, most of them KPU's, which has no budget).
  std::vector<bool> budgeted_;
  std::vector<Refusal> refusals_;                          // by candidate, after run()
  std::unordered_map<std::uint32_t, RuleRef> duplicates_;  // by candidate: the duplicate_id reason

  // Finds the candidates that share an id with another, and their reasons (duplicates_); the
  // candidates' verdicts are left to the caller (their words are read by the sort meanwhile).
  void mark_duplicates(std::vector<std::uint32_t>& copies);
};

}  // namespace jaring
