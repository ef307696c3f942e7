#include "engine/runtime/allocate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "engine/base/digits.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/text_hash.hpp"

namespace jaring {

namespace {

// (10^size - 1) / 9: 0, 1, 11, 111, ...: a digit id's key is that of its size plus its value.
constexpr std::array<std::uint64_t, 20> digit_bases = [] {
  std::array<std::uint64_t, 20> b{};
  for (std::size_t k = 1; k < b.size(); ++k) b[k] = b[k - 1] * 10 + 1;
  return b;
}();

// `id` as PackedKey::id, or nothing when it is not all digits or longer than 19: made as a
// candidate is added, which keeps it instead of the id's text (8 bytes, not a NIK's 16). Eight
// digits at a time: a NIK's 16 one at a time took 4 % of cilegon-2024's allocation run (a
// million records, one thread).
std::optional<std::uint64_t> digit_key(std::string_view id) {
  const std::size_t n = id.size();
  if (n > 19) return std::nullopt;
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t w = load8(id.data() + i);
    if (!digits8(w)) return std::nullopt;
    value = value * 100'000'000 + eight_digits(w);
  }
  for (; i < n; ++i) {
    const char ch = id[i];
    if (ch < '0' || ch > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  return digit_bases[n] + value;
}

// The hash of a candidate's id as the allocation keeps it (its digit key's bytes when
// `packed`, else its text): a packed id's differs from the same bytes' unpacked (they are not
// the same id). text_hash, inline: std::hash, a call to murmur, was 16 ms of withdraw's 18 for
// cilegon-2024's 800.000 candidates at a million records.
std::uint64_t kept_id_hash(bool packed, std::string_view bytes) {
  return text_hash(bytes) ^ (packed ? 0x9e3779b97f4a7c15U : 0);
}

// A quota key as kept: a region code (`DD`, `DD.DD`, `DD.DD.DD`, `DD.DD.DD.DDDD`: a `per
// village` key) as a byte no UTF-8 text has, 0xF9 to 0xFC by its level, then its digits two to
// a byte (6 bytes for a village's 13); any other key as it is, after a 0xFF when it begins
// with a byte from 0xF8 (so no kept key is another's). Keys are compared as kept.
constexpr unsigned char region_mark = 0xF8, escape_mark = 0xFF;
constexpr std::array<std::size_t, 5> region_sizes{0, 2, 5, 8, 13};

void keep_key(std::string_view key, std::basic_string<char, std::char_traits<char>, PageAllocator<char>>& into) {
  std::size_t level = 1;
  while (level < region_sizes.size() && region_sizes[level] != key.size()) ++level;
  bool region = level < region_sizes.size();
  for (std::size_t i = 0; region && i < key.size(); ++i)
    region = (i % 3 == 2 && i < 9) ? key[i] == '.' : key[i] >= '0' && key[i] <= '9';
  if (!region) {
    if (!key.empty() && static_cast<unsigned char>(key[0]) >= region_mark)
      into.push_back(static_cast<char>(escape_mark));
    into.append(key);
    return;
  }
  char packed[7];
  std::size_t n = 0;
  packed[n++] = static_cast<char>(region_mark + level);
  int half = -1;
  for (const char ch : key) {
    if (ch == '.') continue;
    const int digit = ch - '0';
    if (half < 0) {
      half = digit;
    } else {
      packed[n++] = static_cast<char>(half << 4 | digit);
      half = -1;
    }
  }
  into.append(packed, n);
}

// The places taken and ranks given per unit and quota key, looked up for every candidate in
// the allocation's walk, whose order is by rank, not by key: the key changes at almost every
// candidate of a `per village` quota. A key of up to 8 bytes (a region code kept packed, a
// short name, none) is one word and found in a table of its own by a multiplication; a longer
// one in a map by its text. (tanah-bumbu-2024's 875.674 candidates by a map of texts: 9 % of
// its one-thread run was memcmp.)
class UnitKeyCounts {
 public:
  struct Count {
    std::int64_t taken = 0, ranked = 0;
  };
  // A candidate's unit and key (as kept), compared without reading the text when short.
  struct Key {
    std::uint32_t unit = UINT32_MAX;
    std::uint32_t size = 0;
    std::uint64_t word = 0;  // up to 8 bytes: the key's bytes, the rest zeros
    std::string_view text;
    Key() = default;
    Key(std::uint32_t u, std::string_view t) : unit(u), size(static_cast<std::uint32_t>(t.size())), text(t) {
      // Byte by byte: a copy of a size known only here was a call to memmove.
      if (t.size() <= 8)
        for (std::size_t i = 0; i < t.size(); ++i) word |= std::uint64_t{static_cast<unsigned char>(t[i])} << (8 * i);
    }
    bool operator==(const Key& o) const {
      return unit == o.unit && size == o.size && (size <= 8 ? word == o.word : text == o.text);
    }
  };

  Count& at(const Key& k) {
    if (k.size > 8) return long_[{k.unit, k.text}];
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot_of(k.word, k.unit, k.size);; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.size == 0) {
        s = {k.word, k.unit, k.size + 1, static_cast<std::uint32_t>(counts_.size())};
        ++used_;
        return counts_.emplace_back();
      }
      if (s.word == k.word && s.unit == k.unit && s.size == k.size + 1) return counts_[s.count];
    }
  }

 private:
  struct Slot {
    std::uint64_t word = 0;
    std::uint32_t unit = 0;
    std::uint32_t size = 0;  // the key's bytes and 1; 0: an empty slot
    std::uint32_t count = 0;
  };
  struct LongHash {
    std::size_t operator()(const std::pair<std::uint32_t, std::string_view>& k) const {
      return std::hash<std::string_view>{}(k.second) * 31 + k.first;
    }
  };
  std::size_t slot_of(std::uint64_t word, std::uint32_t unit, std::uint32_t size) const {
    const std::uint64_t h = (word ^ (std::uint64_t{unit} << 40 | size)) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> (64 - bits_));
  }
  void grow() {
    std::vector<Slot> old(std::size_t{1} << ++bits_);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.size == 0) continue;
      std::size_t i = slot_of(s.word, s.unit, s.size - 1);
      while (slots_[i].size != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  int bits_ = 6;
  std::vector<Slot> slots_ = std::vector<Slot>(std::size_t{1} << 6);
  std::size_t used_ = 0;
  std::deque<Count> counts_;  // a Count stays where it is as more are added
  std::unordered_map<std::pair<std::uint32_t, std::string_view>, Count, LongHash> long_;
};

}  // namespace

std::string_view Allocator::key_text(std::string_view kept, KeyText& text) {
  if (kept.empty()) return kept;
  const auto mark = static_cast<unsigned char>(kept[0]);
  if (mark == escape_mark) return kept.substr(1);
  if (mark < region_mark) return kept;
  std::size_t n = 0, digits = 0;
  for (std::size_t i = 1; i < kept.size(); ++i) {
    const auto pair = static_cast<unsigned char>(kept[i]);
    for (const int digit : {pair >> 4, pair & 15}) {
      if (digits == 2 || digits == 4 || digits == 6) text[n++] = '.';
      text[n++] = static_cast<char>('0' + digit);
      ++digits;
    }
  }
  return {text.data(), n};
}

std::string_view Allocator::id(const Candidate& c, IdDigits& digits) const {
  if (!c.id_packed) return id_bytes(c);
  const std::uint64_t key = id_key(c);
  std::size_t size = digits.size() - 1;
  while (size > 0 && key < digit_bases[size]) --size;
  std::uint64_t value = key - digit_bases[size];
  for (std::size_t i = size; i-- > 0; value /= 10) digits[i] = static_cast<char>('0' + value % 10);
  return {digits.data(), size};
}

std::uint64_t Allocator::id_key(const Candidate& c) const {
  std::uint64_t key = 0;
  std::memcpy(&key, text_.data() + c.text, sizeof key);
  return key;
}

void DuplicateIds::add(std::string_view id, std::uint64_t line) {
  seen_.push_back({text_hash(id), line, ids_.size(), static_cast<std::uint32_t>(id.size())});
  ids_.append(id);
}

void DuplicateIds::seal() {
  // By hash, then by text within a hash (a collision keeps distinct ids apart), then by line.
  std::sort(seen_.begin(), seen_.end(), [&](const Seen& a, const Seen& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (const int c = text(a).compare(text(b)); c != 0) return c < 0;
    return a.line < b.line;
  });
  constexpr std::size_t lines_shown = 10;
  std::vector<std::uint64_t> hashes;
  for (std::size_t i = 0; i < seen_.size();) {
    std::size_t j = i + 1;
    while (j < seen_.size() && seen_[j].hash == seen_[i].hash && text(seen_[j]) == text(seen_[i])) ++j;
    if (j - i > 1) {
      const std::string_view id = text(seen_[i]);
      std::string lines;
      for (std::size_t k = i; k < j && k < i + lines_shown; ++k)
        lines += (k > i ? ", " : "") + std::to_string(seen_[k].line);
      if (j - i > lines_shown) lines += ", …";
      spans_.push_back({repeated_.size(), static_cast<std::uint32_t>(id.size())});
      repeated_.append(id);
      details_.push_back(say_later("id `{}` is on {} records (lines {}); resolve the duplicate", id, j - i, lines));
      hashes.push_back(seen_[i].hash);
    }
    i = j;
  }
  if (details_.size() >= UINT32_MAX) throw std::length_error("too many repeated ids");
  std::size_t slots = 16;
  while (slots < 2 * details_.size()) slots *= 2;
  table_.assign(slots, Slot{});
  for (std::uint32_t k = 0; k < details_.size(); ++k) {
    std::size_t at = hashes[k] & (slots - 1);
    while (table_[at].index != UINT32_MAX) at = (at + 1) & (slots - 1);
    table_[at] = {static_cast<std::uint32_t>(hashes[k] >> 32), k};
  }
  seen_ = {};
  ids_ = {};
}

std::vector<std::string_view> DuplicateIds::repeated() const {
  std::vector<std::string_view> out;
  out.reserve(spans_.size());
  for (const Span& s : spans_) out.push_back(std::string_view(repeated_).substr(s.offset, s.size));
  return out;
}

const Message* DuplicateIds::detail(std::string_view id) const {
  if (table_.empty()) return nullptr;
  const std::uint64_t h = text_hash(id);
  const std::uint32_t tag = static_cast<std::uint32_t>(h >> 32);
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = h & mask; table_[at].index != UINT32_MAX; at = (at + 1) & mask) {
    const Slot slot = table_[at];
    if (slot.tag != tag) continue;
    const Span& s = spans_[slot.index];
    if (std::string_view(repeated_).substr(s.offset, s.size) == id) return &details_[slot.index];
  }
  return nullptr;
}

void mark_duplicate(const Program& program, Decision& d, const Message& detail) {
  if (d.status == Status::Rejected) {
    d.errors.push_back(
        {program.schema.id_field ? program.schema.fields[*program.schema.id_field].name : "", render(detail)});
    return;
  }
  d.status = Status::NotEligible;
  d.reasons.push_back(engine_ref(EngineReason::DuplicateId, detail));
  d.programmes.clear();
  d.payers.clear();
  d.total = 0;
  d.rank.reset();
}

void Allocator::add(const Decision& d, std::uint64_t index) {
  Rational rank;
  const bool has_rank = !d.rank_value.is_missing() && d.rank_value.kind != ValueKind::Set;
  if (has_rank) rank = as_rational(d.rank_value);
  constexpr std::size_t inline_payments = 8;
  Payment inline_storage[inline_payments];
  std::vector<Payment> more;
  Payment* payments = inline_storage;
  if (d.payers.size() > inline_payments) {
    more.resize(d.payers.size());
    payments = more.data();
  }
  for (std::size_t i = 0; i < d.payers.size(); ++i)
    // Only a budgeted payer's is kept (add_cost), and its product fits (evaluate.cpp).
    payments[i] = {d.payers[i].account, d.payers[i].payer_index,
                   budgeted_[d.payers[i].payer_index] ? d.payers[i].sen * d.budget_months : 0};
  add(index, d.line, static_cast<std::uint32_t>(d.group_index), d.id, has_rank ? &rank : nullptr, d.quota_key, payments,
      d.payers.size(), d.id_read);
}

Allocator::Allocator(const Program& program, Day as_of)
    : program_(program), as_of_(as_of), budgeted_(program.payers.size(), false) {
  const int year = ymd_from_day(as_of).year;
  for (std::size_t p = 0; p < program.payers.size(); ++p) budgeted_[p] = program.payers[p].budgets.count(year) > 0;
}

void Allocator::set_threads(unsigned threads) { threads_ = threads; }

void Allocator::reserve(std::size_t candidates, std::size_t text_bytes, std::size_t payments) {
  candidates_.reserve(candidates);
  text_.reserve(text_bytes);
  costs_.reserve(payments);
}

void Allocator::add(std::uint64_t index, std::uint64_t line, std::uint32_t group, std::string_view id,
                    const Rational* rank, std::string_view quota_key, const Payment* payments, std::size_t count,
                    bool id_read) {
  // Candidates are numbered in 32 bits (their costs too) in the sort keys and the refusals.
  if (candidates_.size() >= UINT32_MAX || costs_.size() + count >= UINT32_MAX)
    throw std::length_error(say("more than {} candidates or payments for the allocation", UINT32_MAX - 1));
  if (index > max_index) throw std::length_error(say("a record's position past {} for the allocation", max_index));
  Candidate c;
  c.id_read = id_read;
  c.index = index & max_index;
  c.group = group;
  c.text = text_.size();
  if (const std::optional<std::uint64_t> key = digit_key(id)) {
    c.id_packed = true;
    c.id_size = sizeof *key;
    text_.append(reinterpret_cast<const char*>(&*key), sizeof *key);
  } else {
    c.id_size = static_cast<std::uint32_t>(id.size());
    text_.append(id);
  }
  keep_key(quota_key, text_);
  if (line != index && lines_.empty()) {
    lines_.reserve(candidates_.capacity());
    for (const Candidate& earlier : candidates_) lines_.push_back(earlier.index);
  }
  if (!lines_.empty() || line != index) lines_.push_back(line);
  if (rank) {
    constexpr int128 lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
    if (group_den_.size() <= group) group_den_.resize(std::size_t{group} + 1, 0);
    int128& den = group_den_[group];
    if (rank->num >= lo && rank->num <= hi && (den == 0 || den == rank->den)) {
      den = rank->den;
      c.kind_bits = static_cast<std::uint8_t>(RankKind::Small);
      c.rank = static_cast<std::int64_t>(rank->num);
    } else {
      c.kind_bits = static_cast<std::uint8_t>(RankKind::Large);
      c.rank = static_cast<std::int64_t>(large_ranks_.size());
      large_ranks_.push_back(*rank);
    }
  }
  c.first_cost = static_cast<std::uint32_t>(costs_.size());
  for (std::size_t i = 0; i < count; ++i) {
    const Payment& pay = payments[i];
    if (!budgeted_[pay.payer]) continue;
    // A payer's own account (not keyed) is found by the payer's index.
    const bool own = pay.account == program_.payers[pay.payer].info.name;
    if (own && payer_account_.size() > pay.payer && payer_account_[pay.payer] != UINT32_MAX) {
      add_cost(payer_account_[pay.payer], pay.yearly);
      continue;
    }
    auto it = account_ids_.find(pay.account);
    if (it == account_ids_.end()) {
      it = account_ids_.emplace(std::string(pay.account), static_cast<std::uint32_t>(account_ids_.size())).first;
      account_payer_.push_back(pay.payer);
    }
    if (own) {
      if (payer_account_.size() <= pay.payer) payer_account_.resize(program_.payers.size(), UINT32_MAX);
      payer_account_[pay.payer] = it->second;
    }
    add_cost(it->second, pay.yearly);
  }
  candidates_.push_back(c);
}

void Allocator::add_cost(std::uint32_t account, std::int64_t yearly) {
  if (costs_.empty()) single_account_ = account;
  if (account != single_account_ && cost_accounts_.empty()) {
    cost_accounts_.reserve(costs_.capacity());
    cost_accounts_.assign(costs_.size(), single_account_);
  }
  if (!cost_accounts_.empty()) cost_accounts_.push_back(account);
  costs_.push_back(yearly);
}

void Allocator::mark_duplicates(std::vector<std::uint32_t>& copies) {
  // By the hash of the id (integers): a table of bits, 16 or more an id, marks the bits that
  // more than one id's hash sets; only the ids on those (one in 16 or so, and every repeated
  // id) are sorted by their hash, and ids whose hash repeats compared as text. The 803.785
  // candidates of cilegon-2024's population at a million records: some 60 ms sorting every
  // hash, 19-20 ms so.
  const std::size_t n = candidates_.size();
  int bits = 6;
  while (bits < 36 && (std::size_t{1} << bits) < 16 * n) ++bits;
  const int shift = 64 - bits;
  std::vector<std::uint64_t> seen((std::size_t{1} << bits) / 64, 0), twice(seen.size(), 0);
  Array<std::uint64_t> hashes(n);
  // A line number is no other record's id; a withdrawn candidate (withdraw()) is no candidate.
  auto counted = [&](std::size_t i) {
    return candidates_[i].id_read && candidates_[i].verdict() != Verdict::Duplicate;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!counted(i)) continue;
    const std::uint64_t h = kept_id_hash(candidates_[i].id_packed != 0, id_bytes(candidates_[i]));
    hashes[i] = h;
    const std::uint64_t b = h >> shift, bit = std::uint64_t{1} << (b & 63);
    if (seen[b / 64] & bit) twice[b / 64] |= bit;
    else seen[b / 64] |= bit;
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_hash;
  for (std::uint32_t i = 0; i < n; ++i)
    if (const std::uint64_t b = hashes[i] >> shift; counted(i) && twice[b / 64] >> (b & 63) & 1)
      by_hash.emplace_back(hashes[i], i);
  Array<std::uint64_t>().swap(hashes);
  std::sort(by_hash.begin(), by_hash.end());
  std::vector<std::uint32_t> same;
  for (std::size_t h = 0; h < by_hash.size();) {
    std::size_t e = h + 1;
    while (e < by_hash.size() && by_hash[e].first == by_hash[h].first) ++e;
    if (e - h > 1) {
      same.clear();
      for (std::size_t k = h; k < e; ++k) same.push_back(by_hash[k].second);
      // In input order already: a stable sort by id (as kept) keeps each id's copies in it.
      auto kept = [&](std::uint32_t k) {
        return std::pair<bool, std::string_view>(candidates_[k].id_packed != 0, id_bytes(candidates_[k]));
      };
      std::stable_sort(same.begin(), same.end(), [&](std::uint32_t a, std::uint32_t b) { return kept(a) < kept(b); });
      for (std::size_t i = 0; i < same.size();) {
        std::size_t j = i + 1;
        while (j < same.size() && kept(same[j]) == kept(same[i])) ++j;
        if (j - i > 1) {
          std::string lines;
          for (std::size_t k = i; k < j; ++k) lines += (k > i ? ", " : "") + std::to_string(line(same[k]));
          IdDigits digits;
          const std::string_view text = id(candidates_[same[i]], digits);
          for (std::size_t k = i; k < j; ++k) {
            copies.push_back(same[k]);
            duplicates_.emplace(
                same[k], engine_ref(EngineReason::DuplicateId,
                                    say_later("id `{}` is on {} records (lines {}); resolve the duplicate", text, j - i,
                                              lines)));
          }
        }
        i = j;
      }
    }
    h = e;
  }
}

namespace {

constexpr std::size_t parallel_from = std::size_t{1} << 16;

// Runs `f` on a thread of its own when `beside`, else at once; join() waits for it and passes
// on what it threw.
class Beside {
 public:
  template <typename F>
  Beside(bool beside, F&& f) {
    if (!beside) {
      f();
      return;
    }
    thread_ = std::thread([this, f = std::forward<F>(f)] {
      try {
        f();
      } catch (...) {
        failure_ = std::current_exception();
      }
    });
  }
  Beside(const Beside&) = delete;
  Beside& operator=(const Beside&) = delete;
  ~Beside() {
    if (thread_.joinable()) thread_.join();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  std::thread thread_;
  std::exception_ptr failure_;
};

// `n` values of T in huge pages (huge_pages.hpp), never initialized: each is written before it
// is read, by the thread that sorts it. A sort reads and writes them at random: in 4 KiB pages
// (as the candidates are) the regions' runs took 1-4 % longer (TLB misses), idle before or not.
template <typename T>
class Unfilled {
 public:
  explicit Unfilled(std::size_t n) : size_(n), data_(n ? HugePageAllocator<T>().allocate(n) : nullptr) {}
  ~Unfilled() {
    if (data_) HugePageAllocator<T>().deallocate(data_, size_);
  }
  Unfilled(const Unfilled&) = delete;
  Unfilled& operator=(const Unfilled&) = delete;
  std::size_t size() const { return size_; }
  T* begin() const { return data_; }
  T* end() const { return data_ + size_; }
  T& operator[](std::size_t i) const { return data_[i]; }

 private:
  std::size_t size_;
  T* data_;
};

// Runs `second` on a thread of its own when `beside` (else not at all) and `first` here, and
// gives whether both gave true; what either throws is passed on.
template <typename First, typename Second>
bool both(bool beside, const First& first, const Second& second) {
  bool second_done = true;
  Beside other(beside, [&] { second_done = second(); });
  const bool first_done = first();
  other.join();
  return first_done && second_done;
}

// Fills and sorts `n` values in two halves, the second on a thread of its own when `beside`
// (else the first half is all of it), and returns where the second begins: the allocation walks
// the two as one (Allocator::run), with no pass to merge them. `sort(from, to)` writes and sorts
// the values in [from, to), or returns false when it cannot write them (`filled` is then false).
template <typename Sort>
std::size_t sort_halves(std::size_t n, const Sort& sort, bool beside, bool& filled) {
  const std::size_t mid = beside ? n / 2 : n;
  filled = both(
      beside, [&] { return sort(0, mid); }, [&] { return sort(mid, n); });
  return mid;
}

// A candidate's place in the allocation's order, in one array sorted as integers where it can
// be: its unit's rank, ranked first, its rank value (a numerator, negated for `desc`, when
// every candidate of the unit has the same denominator), its id (record_id_less: digit ids by
// length, then by their first 16 bytes, big-endian, then the whole text), its input order.
struct SortKey {
  int128 rank = 0;
  std::uint64_t head[2] = {0, 0};
  std::uint32_t unit = 0;
  std::uint32_t candidate = 0;
  std::uint32_t size = 0;
  bool ranked = false;
  bool digits = false;
  bool plain_rank = false;  // `rank` orders it (else compare the candidates' fractions)
};

std::uint64_t big_endian(std::string_view s, std::size_t from) {
  unsigned char bytes[8] = {};
  if (from < s.size()) std::memcpy(bytes, s.data() + from, std::min<std::size_t>(8, s.size() - from));
  std::uint64_t v = 0;
  for (unsigned char b : bytes) v = v << 8 | b;
  return v;
}

// The allocation's order in two integers a candidate, where every candidate allows it: its
// unit's rank (15 bits), unranked (1 bit) and its rank value less the smallest (48 bits) in
// `head`; its id, all digits and at most 19 of them, as (10^size - 1) / 9 + its value in `id`
// (longer ids after shorter ones, then by value: record_id_less on digit ids); then input
// order. The 803.785 candidates of cilegon-2024's population at a million records (ranked by a
// date, 16-digit NIKs): sorted in 103 ms as SortKeys, in 64 ms so, and as two halves on two
// threads in 31 ms.
struct PackedKey {
  std::uint64_t head;
  std::uint64_t id;
  std::uint32_t candidate;
  friend bool operator<(const PackedKey& a, const PackedKey& b) {
    if (a.head != b.head) return a.head < b.head;
    if (a.id != b.id) return a.id < b.id;
    return a.candidate < b.candidate;
  }
};
constexpr int packed_unit_bits = 15, packed_rank_bits = 48;

// A candidate's id as PackedKey::id, and the candidate: sorted among the candidates of one head
// (the place of the head's keys gives the rest of the order).
struct __attribute__((packed)) IdKey {
  std::uint64_t id;
  std::uint32_t candidate;
  friend bool operator<(const IdKey& a, const IdKey& b) {
    if (a.id != b.id) return a.id < b.id;
    return a.candidate < b.candidate;
  }
};
static_assert(sizeof(IdKey) == 12);

}  // namespace

std::size_t Allocator::withdraw(const std::vector<std::string_view>& repeated) {
  if (ran_) throw InternalError("Allocator::withdraw called after run");
  if (repeated.empty()) return 0;
  // Each repeated id as a candidate keeps it (add()): its digit key, or its text.
  struct Kept {
    std::uint64_t hash = 0;
    bool packed = false;
    std::string bytes;
  };
  std::vector<Kept> kept;
  kept.reserve(repeated.size());
  for (const std::string_view id : repeated) {
    Kept k;
    if (const std::optional<std::uint64_t> key = digit_key(id)) {
      k.packed = true;
      k.bytes.assign(reinterpret_cast<const char*>(&*key), sizeof *key);
    } else {
      k.bytes.assign(id);
    }
    k.hash = kept_id_hash(k.packed, k.bytes);
    kept.push_back(std::move(k));
  }
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) { return a.hash < b.hash; });
  // A bit for each of 2^bits ranges of hashes, at least 16 a repeated id: most candidates are
  // passed by on one bit.
  int bits = 6;
  while (bits < 30 && (std::size_t{1} << bits) < 16 * kept.size()) ++bits;
  const int shift = 64 - bits;
  std::vector<std::uint64_t> filter((std::size_t{1} << bits) / 64, 0);
  for (const Kept& k : kept) filter[(k.hash >> shift) / 64] |= std::uint64_t{1} << ((k.hash >> shift) & 63);
  std::size_t n = 0;
  // Every candidate, its id read or not: a record without one has its line number, flagged
  // when a repeated id spells it, as the lane flags the generic runtime's decisions.
  for (Candidate& c : candidates_) {
    const bool packed = c.id_packed != 0;
    const std::string_view bytes = id_bytes(c);
    const std::uint64_t h = kept_id_hash(packed, bytes);
    if (!(filter[(h >> shift) / 64] >> ((h >> shift) & 63) & 1)) continue;
    auto it = std::lower_bound(kept.begin(), kept.end(), h, [](const Kept& k, std::uint64_t v) { return k.hash < v; });
    for (; it != kept.end() && it->hash == h; ++it) {
      if (it->packed != packed || it->bytes != bytes) continue;
      c.set_verdict(Verdict::Duplicate);
      ++n;
      break;
    }
  }
  return n;
}

void Allocator::run() {
  // The outcomes are written into the candidates, which start with none.
  if (ran_) throw InternalError("Allocator::run called twice");
  ran_ = true;
  const int year = ymd_from_day(as_of_).year;
  // With a second thread and many candidates, the duplicates are found beside the sort.
  const bool beside = threads_ > 1 && candidates_.size() >= parallel_from;
  std::vector<std::uint32_t> copies;  // of a repeated id (mark_duplicates)
  Beside duplicates(beside && !ids_distinct_, [this, &copies] {
    if (!ids_distinct_) mark_duplicates(copies);
  });
  std::vector<std::int64_t> used(account_ids_.size(), 0);
  budget_.assign(account_ids_.size(), -1);
  for (std::size_t a = 0; a < account_payer_.size(); ++a) {
    const auto& budgets = program_.payers[account_payer_[a]].budgets;
    if (auto it = budgets.find(year); it != budgets.end()) budget_[a] = it->second;
  }
  // Candidates compete within a unit: a shared quota's groups together, every other group
  // alone. Units are served in the order of their first group (by priority); within a unit,
  // by rank, then record id.
  const std::size_t groups = program_.groups.size();
  std::vector<std::uint32_t> unit(groups), unit_rank(groups + program_.shared_quotas.size(), UINT32_MAX);
  for (std::uint32_t g = 0; g < groups; ++g) {
    const auto& q = program_.groups[g].quota;
    unit[g] = q && q->shared ? static_cast<std::uint32_t>(groups + *q->shared) : g;
  }
  for (std::uint32_t r = 0; r < program_.group_order.size(); ++r) {
    auto& first = unit_rank[unit[program_.group_order[r]]];
    first = std::min(first, r);
  }
  // Per unit: the one denominator of its rank values, or 0 when they differ.
  constexpr int128 mixed = 0, none = -1;
  std::vector<int128> unit_den(unit_rank.size(), none);
  for (const Candidate& c : candidates_) {
    if (!c.has_rank()) continue;
    int128& den = unit_den[unit[c.group]];
    const int128 own = rank(c).den;
    if (den == none) den = own;
    else if (den != own) den = mixed;
  }
  // A candidate's id as PackedKey::id: its digit key, kept when the id was added (an id that is
  // not all digits, or longer than 19, has none).
  auto packed_key = [&](const Candidate& c) {
    return c.id_packed ? std::optional<std::uint64_t>(id_key(c)) : std::nullopt;
  };
  // A candidate's rank value as it orders a unit whose candidates share a denominator: its
  // numerator, negated for `desc`.
  auto rank_of = [&](const Candidate& c) {
    const auto& q = program_.groups[c.group].quota;
    return q && q->descending ? -rank(c).num : rank(c).num;
  };
  auto sort_key_less = [&](const SortKey& a, const SortKey& b) {
    if (a.unit != b.unit) return a.unit < b.unit;
    if (a.ranked != b.ranked) return a.ranked;
    if (a.ranked) {
      if (a.plain_rank) {  // the whole unit is
        if (a.rank != b.rank) return a.rank < b.rank;
      } else {
        const Candidate& ca = candidates_[a.candidate];
        const int c = compare(rank(ca), rank(candidates_[b.candidate]));
        const auto& q = program_.groups[ca.group].quota;
        if (c != 0) return q && q->descending ? c > 0 : c < 0;
      }
    }
    if (a.digits && b.digits && a.size != b.size) return a.size < b.size;
    if (a.head[0] != b.head[0]) return a.head[0] < b.head[0];
    if (a.head[1] != b.head[1]) return a.head[1] < b.head[1];
    if (a.size > 16 || b.size > 16) {
      IdDigits da, db;
      const std::string_view ia = id(candidates_[a.candidate], da), ib = id(candidates_[b.candidate], db);
      if (ia != ib) return record_id_less(ia, ib);
    } else if (a.size != b.size) {
      return a.size < b.size;  // one is the other with NUL bytes after it
    }
    return a.candidate < b.candidate;  // candidates are in input order
  };
  // Packed keys where every candidate allows them (PackedKey); SortKeys else.
  std::size_t packed_mid = 0, order_mid = 0;
  Array<SortKey> order;
  bool packs = unit_rank.size() <= (std::size_t{1} << packed_unit_bits);
  int128 low = 0, high = 0;
  bool ranked = false;
  for (std::size_t i = 0; i < candidates_.size() && packs; ++i) {
    const Candidate& c = candidates_[i];
    if (!c.has_rank()) continue;
    packs = unit_den[unit[c.group]] != mixed;
    const int128 v = rank_of(c);
    low = ranked ? std::min(low, v) : v;
    high = ranked ? std::max(high, v) : v;
    ranked = true;
  }
  packs = packs && static_cast<uint128>(high) - static_cast<uint128>(low) < (uint128{1} << packed_rank_bits);
  std::optional<Unfilled<PackedKey>> packed;  // two halves, each sorted
  std::optional<Unfilled<IdKey>> placed;      // by head, each head's keys sorted by id: sorted as a whole
  if (packs) {
    // A candidate's unit (by its rank) and rank value less the smallest, or the slot after
    // every value when it has none: its key's head, and the head's position among those the
    // candidates can have.
    const std::uint64_t span = static_cast<std::uint64_t>(static_cast<uint128>(high) - static_cast<uint128>(low));
    struct Head {
      std::uint64_t head;
      std::size_t slot;
    };
    auto head_of = [&](const Candidate& c) {
      const std::uint32_t r = unit_rank[unit[c.group]];  // under 2^15: there are no more units
      const std::uint64_t value =
          c.has_rank() ? static_cast<std::uint64_t>(static_cast<uint128>(rank_of(c)) - static_cast<uint128>(low)) : 0;
      return Head{std::uint64_t{r} << (packed_rank_bits + 1) | std::uint64_t{!c.has_rank()} << packed_rank_bits | value,
                  static_cast<std::size_t>(r) * (span + 2) + (c.has_rank() ? value : span + 1)};
    };
    // Heads that take few values (a date's days, a count): each candidate's id key is placed
    // among its head's, after a count of each head, and only a head's keys are sorted (by id).
    // The 803.785 candidates of cilegon-2024's population at a million records (7 units, 120
    // dates): filled and sorted in 80 ms as one sort (38 ms in halves on two threads), 54 ms so
    // (26). The head is then the key's place: 12 bytes a key, not 24, in one order that the
    // allocation walks without comparing (with two threads, each counts and places half the
    // candidates and sorts half the heads).
    const uint128 heads = static_cast<uint128>(program_.group_order.size()) * (uint128{span} + 2);
    const std::size_t n = candidates_.size();
    if (heads <= n + 4096) {
      const auto slots = static_cast<std::size_t>(heads);
      const std::size_t mid = beside ? n / 2 : n;
      placed.emplace(n);
      // Per half, the count of each head's keys, then where its next key goes: the first half's
      // keys of a head before the second's (in input order, as the ids' ties want).
      std::vector<std::uint32_t> first(slots, 0), second(beside ? slots : 0, 0);
      auto count = [&](std::vector<std::uint32_t>& next, std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) ++next[head_of(candidates_[i]).slot];
        return true;
      };
      auto place = [&](std::vector<std::uint32_t>& next, std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
          const Candidate& c = candidates_[i];
          const std::optional<std::uint64_t> digits = packed_key(c);
          if (!digits) return false;
          (*placed)[next[head_of(c).slot]++] = {*digits, static_cast<std::uint32_t>(i)};
        }
        return true;
      };
      // The two halves at once when `beside`; both must give true.
      auto halves = [&](const auto& step) {
        return both(
            beside, [&] { return step(first, 0, mid); }, [&] { return step(second, mid, n); });
      };
      halves(count);
      std::uint32_t at = 0;
      for (std::size_t h = 0; h < slots; ++h) {
        const std::uint32_t in_first = first[h];
        first[h] = at;
        at += in_first;
        if (!beside) continue;
        const std::uint32_t in_second = second[h];
        second[h] = at;
        at += in_second;
      }
      packs = halves(place);
      if (packs) {
        // Each head's keys now end at ends[h]; the heads are sorted in two runs of about half
        // the keys each when `beside`.
        const std::vector<std::uint32_t>& ends = beside ? second : first;
        const std::size_t split =
            beside ? static_cast<std::size_t>(std::lower_bound(ends.begin(), ends.end(), mid) - ends.begin()) : slots;
        auto sort_heads = [&](std::size_t from, std::size_t to) {
          for (std::size_t h = from; h < to; ++h) {
            const std::size_t begin = h == 0 ? 0 : ends[h - 1];
            if (ends[h] - begin > 1) std::sort(placed->begin() + begin, placed->begin() + ends[h]);
          }
          return true;
        };
        both(
            beside, [&] { return sort_heads(0, split); }, [&] { return sort_heads(split, slots); });
      } else {
        placed.reset();  // an id that is not digits: SortKeys below
      }
    } else {
      packed.emplace(n);
      auto fill_sorted = [&](const std::size_t from, const std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
          const Candidate& c = candidates_[i];
          const std::optional<std::uint64_t> digits = packed_key(c);
          if (!digits) return false;
          (*packed)[i] = {head_of(c).head, *digits, static_cast<std::uint32_t>(i)};
        }
        std::sort(packed->begin() + from, packed->begin() + to);
        return true;
      };
      packed_mid = sort_halves(n, fill_sorted, beside, packs);
    }
  }
  if (!packs) {
    order.resize(candidates_.size());
    auto fill = [&](const std::size_t from, const std::size_t to) {
      for (std::size_t i = from; i < to; ++i) {
        const Candidate& c = candidates_[i];
        SortKey& k = order[i];
        IdDigits digits;
        const std::string_view text = id(c, digits);
        k.candidate = static_cast<std::uint32_t>(i);
        k.unit = unit_rank[unit[c.group]];
        k.ranked = c.has_rank();
        k.plain_rank = c.has_rank() && unit_den[unit[c.group]] != mixed;
        if (k.plain_rank) k.rank = rank_of(c);
        k.size = static_cast<std::uint32_t>(text.size());
        k.digits = std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        k.head[0] = big_endian(text, 0);
        k.head[1] = big_endian(text, 8);
      }
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(from), order.begin() + static_cast<std::ptrdiff_t>(to),
                sort_key_less);
      return true;
    };
    bool filled = true;  // SortKeys order any candidate
    order_mid = sort_halves(candidates_.size(), fill, beside, filled);
  }
  duplicates.join();
  for (const std::uint32_t k : copies) candidates_[k].set_verdict(Verdict::Duplicate);
  // Places taken and ranks given, per unit and quota key (the keys are views into text_).
  UnitKeyCounts counts;
  UnitKeyCounts::Count* count = nullptr;  // the previous candidate's, kept while unit and key stay the same
  UnitKeyCounts::Key last;
  auto take = [&](const std::uint32_t ci) {
    Candidate& c = candidates_[ci];
    const CGroup& g = program_.groups[c.group];
    if (c.verdict() == Verdict::Duplicate) return;
    const UnitKeyCounts::Key at{unit[c.group], key(ci)};
    if (!count || at != last) {
      count = &counts.at(at);
      last = at;
    }
    c.place = static_cast<std::uint32_t>(++count->ranked);
    if (g.quota && count->taken >= g.quota->count) {
      c.set_verdict(Verdict::Quota);
      return;
    }
    const std::uint32_t costs = cost_count(ci);
    for (std::uint32_t j = c.first_cost; j < c.first_cost + costs; ++j) {
      const std::uint32_t account = cost_account(j);
      // used + cost > budget, beyond 64 bits too (a positive cost that overflows is beyond).
      std::int64_t after = 0;
      const bool beyond_budget =
          __builtin_add_overflow(used[account], costs_[j], &after) ? costs_[j] > 0 : after > budget_[account];
      if (budget_[account] >= 0 && beyond_budget) {
        c.set_verdict(Verdict::Budget);
        refusals_.push_back({ci, j, used[account]});
        return;
      }
    }
    ++count->taken;
    for (std::uint32_t j = c.first_cost; j < c.first_cost + costs; ++j) used[cost_account(j)] += costs_[j];
  };
  // In the order's sequence the candidates are scattered over memory: each is fetched some
  // candidates ahead of its turn, with the start of the next (where its key and costs end): the
  // two cache lines from its first byte. (Not in a lambda of its own: GCC takes a function that
  // only prefetches for one without effects, and drops its calls.)
  constexpr std::size_t ahead = 16;
  const char* const all = reinterpret_cast<const char*>(candidates_.data());
  const bool keyed = std::any_of(program_.groups.begin(), program_.groups.end(),
                                 [](const CGroup& g) { return g.quota && g.quota->per_field; });
  // The two sorted halves walked as one: the next candidate is the first of either.
  auto walk = [&](const auto& sequence, const std::size_t mid, const auto& less) {
    const std::size_t n = sequence.size();
    std::size_t i = 0, j = mid;
    while (i < mid || j < n) {
      const bool first = j == n || (i < mid && less(sequence[i], sequence[j]));
      std::size_t& at = first ? i : j;
      if (const std::size_t end = first ? mid : n; at + ahead < end) {
        const char* const next = all + std::size_t{sequence[at + ahead].candidate} * sizeof(Candidate);
        __builtin_prefetch(next);
        __builtin_prefetch(next + 64);
        // Its quota key, where it has one, once the candidate fetched earlier has come in.
        if (keyed) {
          const Candidate& soon = candidates_[sequence[at + ahead / 2].candidate];
          __builtin_prefetch(text_.data() + soon.text + soon.id_size);
        }
      }
      take(sequence[at++].candidate);
    }
  };
  if (packs && placed) walk(*placed, placed->size(), std::less<>());  // in order: never compared
  if (packs && packed) walk(*packed, packed_mid, std::less<>());
  walk(order, order_mid, sort_key_less);
  std::sort(refusals_.begin(), refusals_.end(),
            [](const Refusal& a, const Refusal& b) { return a.candidate < b.candidate; });
}

std::size_t Allocator::cursor(std::uint64_t index) const {
  return static_cast<std::size_t>(std::lower_bound(candidates_.begin(), candidates_.end(), index,
                                                   [](const Candidate& c, std::uint64_t i) { return c.index < i; }) -
                                  candidates_.begin());
}

std::optional<Allocator::Outcome> Allocator::find(std::size_t& cursor, std::uint64_t index) const {
  while (cursor < candidates_.size() && candidates_[cursor].index < index) ++cursor;
  if (cursor < candidates_.size() && candidates_[cursor].index == index)
    return Outcome{candidates_[cursor].verdict(), candidates_[cursor].place};
  return std::nullopt;
}

RuleRef Allocator::reason(std::size_t cursor) const {
  RuleRef r;
  reason(cursor, r);
  return r;
}

void Allocator::reason(std::size_t cursor, RuleRef& into) const {
  const Candidate& c = candidates_[cursor];
  if (c.verdict() == Verdict::Duplicate) {
    const auto found = duplicates_.find(static_cast<std::uint32_t>(cursor));
    if (found == duplicates_.end()) throw InternalError("Allocator::reason: a withdrawn candidate was asked for");
    into = found->second;
    return;
  }
  into.problem.reset();
  if (c.verdict() == Verdict::Quota) {
    const CGroup& g = program_.groups[c.group];
    KeyText text;
    const std::string_view k = key_text(key(cursor), text);
    into.rule = "quota";
    into.label = g.quota_label;
    into.citation = g.quota->citation;
    into.label_en = g.quota_label_en;
    if (k.empty()) say_later_in(into.detail, "rank {}", c.place);
    else say_later_in(into.detail, "rank {} for {}", c.place, k);
    return;
  }
  const auto refusal = std::lower_bound(refusals_.begin(), refusals_.end(), cursor,
                                        [](const Refusal& r, std::size_t i) { return r.candidate < i; });
  if (c.verdict() != Verdict::Budget || refusal == refusals_.end() || refusal->candidate != cursor)
    throw InternalError("Allocator::reason: the candidate was not refused");
  const int year = ymd_from_day(as_of_).year;
  const std::uint32_t account = cost_account(refusal->cost);
  const CPayer& payer = program_.payers[account_payer_[account]];
  into.rule = "budget";
  into.label = payer.budget_label;
  into.citation = payer.info.citation;
  into.label_en = payer.budget_label_en;
  say_later_in(into.detail, "budget {}: {} of {} used; this person costs {} in {}", year, MoneyText{refusal->used},
               MoneyText{budget_[account]}, MoneyText{costs_[refusal->cost]}, year);
}

std::string_view Allocator::reason_rule(std::size_t cursor) const {
  switch (candidates_[cursor].verdict()) {
    case Verdict::Duplicate: return duplicates_.at(static_cast<std::uint32_t>(cursor)).rule;
    case Verdict::Quota: return "quota";
    case Verdict::Budget: return "budget";
    case Verdict::Allocated: break;
  }
  return {};
}

void Allocator::apply(Decision& d, std::uint64_t index) const {
  std::size_t at = cursor(index);
  apply(d, index, at);
}

void Allocator::apply(Decision& d, std::uint64_t index, std::size_t& at, bool with_reason) const {
  const std::optional<Outcome> out = find(at, index);
  if (!out) return;
  if (out->verdict == Verdict::Duplicate) {
    d.status = Status::NotEligible;
    if (with_reason) d.reasons.push_back(reason(at));
    d.programmes.clear();
    d.payers.clear();
    d.total = 0;
    return;
  }
  if (program_.groups[static_cast<std::size_t>(d.group_index)].quota) d.rank = out->rank;
  if (out->verdict != Verdict::Allocated) {
    d.status = Status::Waitlisted;
    if (with_reason) d.reasons.push_back(reason(at));
  }
}

}  // namespace jaring
