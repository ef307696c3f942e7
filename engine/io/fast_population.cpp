#include "engine/io/fast_population.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <thread>

#include "engine/base/ascii.hpp"
#include "engine/base/digits.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/text_hash.hpp"
#include "engine/base/utf8.hpp"
#include "engine/io/block_run.hpp"
#include "engine/io/csv_start.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/delimiters.hpp"
#include "engine/io/fast_render.hpp"
#include "engine/io/id_hashes.hpp"
#include "engine/io/json_elements.hpp"
#include "engine/io/json_fields.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/row_starts.hpp"
#include "engine/io/shared_writes.hpp"
#include "engine/language/constraint.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/kernel.hpp"

namespace jaring {

namespace {

using record_read::column_read_past;
using record_read::column_unnamed;
using record_read::frame_csv_line;
using record_read::frame_csv_record;
using record_read::frame_json_element;
using record_read::frame_json_line;
using record_read::plain_csv_blank;
using record_read::trim;  // field_convert's trimming, the same spaces

// A block: small enough that the two workers of a small machine finish together and that
// what it renders stays in the core's cache until it is written (the kernel then copies it
// from there, and the two workers do not compete for memory bandwidth), large enough to make
// its handing on cheap. Measured on cilegon-bench (1M records, 2 threads, `perf stat -r 5`,
// two rounds): summary only 0,153 s at 256 KiB, 0,148 s at 128 KiB, 0,154 s at 64 KiB; CSV
// 0,245 / 0,212 / 0,210 s; JSON Lines, which renders 14 times its input, 0,65-0,83 s at
// 256 KiB, 0,48 s at 24 KiB, 0,445-0,455 s at 16 KiB, 0,47 s at 8 KiB. One thread does not
// mind (within 1 % from 16 KiB to 256 KiB).
constexpr std::size_t block_bytes = std::size_t{1} << 17;
constexpr std::size_t json_block_bytes = std::size_t{1} << 14;

// ---- reading ---------------------------------------------------------------------------------

// The LFs in [from, to).
std::uint64_t lfs_in(const char* from, const char* to) {
  return count_lfs({from, static_cast<std::size_t>(to - from)});
}

// Calls f(line) for every line of `block` without its line end (LF, or CRLF).
template <typename F>
void for_each_line(std::string_view block, F&& f) {
  while (!block.empty()) {
    const void* nl = std::memchr(block.data(), '\n', block.size());
    const std::size_t size = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - block.data()) : block.size();
    std::string_view line = block.substr(0, size);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    if (!nl) break;
    block.remove_prefix(size + 1);
  }
}

// ---- converting --------------------------------------------------------------------------------

inline bool is_space_fast(char c) { return static_cast<unsigned char>(c) <= ' ' && is_ascii_space(c); }

// Whether `s` is 1 to `max` digits. From 8 bytes on, a word at a time, the last word overlapping
// the one before it. Inline, as region_shape: a NIK's and a domicile's cell each went through a
// call (its length known there, its result a branch), 2,7 of a record's 15 hundred instructions.
[[gnu::always_inline]] inline bool digits(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  if (s.size() < 8) {
    for (const char c : s)
      if (!is_ascii_digit(c)) return false;
    return true;
  }
  for (std::size_t i = 0; i + 8 < s.size(); i += 8)
    if (!digits8(load8(s.data() + i))) return false;
  return digits8(load8(s.data() + s.size() - 8));
}

// The value of 1 to `max` digits (at most 18; checked), in `v`. `floor`: the lowest address
// that may be read; with 8 bytes readable before the digits' end, up to 8 digits are read as
// one word (the bytes before them made zeros) instead of one at a time. Inline always, as
// iso_date: -O2 left each a call per cell from convert_value's switch (with them inline,
// 1.209 -> 1.173 instructions a record, and 3,5 ms of cilegon-bench's 97 ms at one thread;
// tried at stop 37, before the cell's other tests left the loop, they changed nothing).
[[gnu::always_inline]] inline bool unsigned_number(std::string_view s, std::size_t max, std::int64_t& v,
                                                   const char* floor = nullptr) {
  if (s.empty() || s.size() > max) return false;
  if (s.size() <= 8 && floor && s.data() + s.size() - 8 >= floor) {
    const std::size_t before = 8 - s.size();  // bytes of the word before the digits
    const std::uint64_t keep = ~std::uint64_t{0} << (8 * before);
    const std::uint64_t w = (load8(s.data() + s.size() - 8) & keep) | (swar_ones * '0' & ~keep);
    if (!digits8(w)) return false;
    v = static_cast<std::int64_t>(eight_digits(w));
    return true;
  }
  std::int64_t n = 0;
  for (const char c : s) {
    const auto d = static_cast<unsigned>(static_cast<unsigned char>(c) - '0');
    if (d > 9) return false;
    n = n * 10 + static_cast<std::int64_t>(d);
  }
  v = n;
  return true;
}

// Well-formed UTF-8 from the first byte over 0x7F (the rare case, not inlined).
[[gnu::noinline]] bool valid_utf8_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Well-formed UTF-8; ASCII, the usual text, a word at a time, inline. Up to 16 bytes its two
// end words (text_ends), with no loop to leave at a guess (names and roles are of every length
// around 8).
[[gnu::always_inline]] inline bool valid_text(std::string_view s) {
  const TextEnds e = text_ends(s);
  std::uint64_t any = e.first | e.last;
  if (s.size() > 16) [[unlikely]]
    for (std::size_t i = 8; i + 8 < s.size(); i += 8) any |= load8(s.data() + i);  // the middle words
  return !(any & swar_highs) || valid_utf8_text(s);
}

// `DD.DD`, `DD.DD.DD` or `DD.DD.DD.DDDD` (province, city, district, village).
[[gnu::always_inline]] inline bool region_shape(std::string_view s) {
  const std::size_t n = s.size();
  if (n != 5 && n != 8 && n != 13) return false;
  if (!is_ascii_digit(s[0]) || !is_ascii_digit(s[1]) || s[2] != '.' || !is_ascii_digit(s[3]) || !is_ascii_digit(s[4]))
    return false;
  if (n == 5) return true;
  if (s[5] != '.' || !is_ascii_digit(s[6]) || !is_ascii_digit(s[7])) return false;
  if (n == 8) return true;
  return s[8] == '.' && is_ascii_digit(s[9]) && is_ascii_digit(s[10]) && is_ascii_digit(s[11]) && is_ascii_digit(s[12]);
}

// The day number of 1 January of each year from 1900 to 2155 and, per year, whether it is a
// leap year; and, per kind of year (common, leap), the days before each month (from
// base/date.hpp's month lengths). A date in those years is then a sum of table entries
// (day_from_ymd and days_in_month took 20 of iso_date's 100 instructions).
struct YearTable {
  static constexpr int first = 1900, years = 256;
  std::array<Day, years> start{};
  std::array<bool, years> leap{};
  std::array<std::array<int, 13>, 2> days_before{};
  constexpr YearTable() {
    for (int i = 0; i < years; ++i) {
      start[static_cast<std::size_t>(i)] = day_from_ymd({first + i, 1, 1});
      leap[static_cast<std::size_t>(i)] = is_leap_year(first + i);
    }
    for (std::size_t kind = 0; kind < 2; ++kind)
      for (std::size_t m = 1; m <= 12; ++m)
        days_before[kind][m] = days_before[kind][m - 1] + common_month_days[m - 1] + (kind == 1 && m == 2);
  }
};
constexpr YearTable year_table;

// The day number of a year, month and day already read (m 1-12, d ≥ 1), or false when the
// month has no such day: by year_table in its years, else as day_from_ymd counts.
[[gnu::always_inline]] inline bool ymd_day(int y, int m, int d, std::int64_t& day) {
  if (const auto i = static_cast<unsigned>(y - YearTable::first); i < YearTable::years) {
    const auto& before = year_table.days_before[year_table.leap[i]];
    const auto month = static_cast<std::size_t>(m);
    if (d > before[month] - before[month - 1]) return false;
    day = year_table.start[i] + before[month - 1] + d - 1;
    return true;
  }
  if (y < 1 || d > days_in_month(y, m)) return false;
  day = day_from_ymd({y, m, d});
  return true;
}

// `YYYY-MM-DD` as parse_date (base/date.hpp) reads it, the digits read in place: the day
// number, or false.
[[gnu::always_inline]] inline bool iso_date(std::string_view t, std::int64_t& day) {
  if (t.size() != 10) return false;
  // "YYYY-MM-" with its dashes made digits, then "DD".
  std::uint64_t w = load8(t.data());
  constexpr std::uint64_t dashes = (std::uint64_t{'-'} << 32) | (std::uint64_t{'-'} << 56);
  constexpr std::uint64_t zeros = (std::uint64_t{'0'} << 32) | (std::uint64_t{'0'} << 56);
  constexpr std::uint64_t dash_bytes = (std::uint64_t{0xFF} << 32) | (std::uint64_t{0xFF} << 56);
  if ((w & dash_bytes) != dashes) return false;
  w = (w & ~dash_bytes) | zeros;
  if (!digits8(w) || !is_ascii_digit(t[8]) || !is_ascii_digit(t[9])) return false;
  const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  const int m = (t[5] - '0') * 10 + (t[6] - '0');
  const int d = (t[8] - '0') * 10 + (t[9] - '0');
  if (m < 1 || m > 12 || d < 1) return false;
  return ymd_day(y, m, d, day);
}

// A date in --date-format's notation (`1/5/1984`, `01.05.1984`: one or two digits, the
// separator, one or two, the separator, four), read in place as date_written_as
// (field_convert.cpp) reads it: the day number, or false for anything else, which
// convert_written then gives date_written_as. Through that call a cilegon-bench population with
// its dates so written took 0,13 s at one thread, against 0,10 s in ISO.
[[gnu::always_inline]] inline bool written_date(std::string_view t, DateFormat f, std::int64_t& day) {
  const std::size_t n = t.size();
  if (n < 8 || n > 10) return false;
  const char* p = t.data();
  const char* const y4 = p + n - 4;
  if (y4[-1] != f.separator || !is_ascii_digit(y4[0]) || !is_ascii_digit(y4[1]) || !is_ascii_digit(y4[2]) ||
      !is_ascii_digit(y4[3]))
    return false;
  // The two parts before the year: each one or two digits, the first ended by the separator.
  int parts[2] = {0, 0};
  const char* at = p;
  for (int i = 0; i < 2; ++i) {
    if (!is_ascii_digit(*at)) return false;
    parts[i] = *at++ - '0';
    if (is_ascii_digit(*at)) parts[i] = parts[i] * 10 + (*at++ - '0');
    if (*at++ != f.separator) return false;
  }
  if (at != y4) return false;
  const int y = (y4[0] - '0') * 1000 + (y4[1] - '0') * 100 + (y4[2] - '0') * 10 + (y4[3] - '0');
  const int m = f.day_first ? parts[1] : parts[0], d = f.day_first ? parts[0] : parts[1];
  if (m < 1 || m > 12 || d < 1) return false;
  return ymd_day(y, m, d, day);
}

// A cell of the field's type in its common notations, converted as field_convert.cpp converts
// them, with no space around it (a text's ends are checked; every other notation has no space
// in it) and no constraint or default to apply; false for anything else, the cell then left to
// convert(). `floor`: the lowest address that may be read around the cell (its line's start),
// or null.
[[gnu::always_inline]] inline bool convert_value(ValueKind type, std::string_view t, std::size_t slot, KernelRow& row,
                                                 const char* floor) {
  switch (type) {
    case ValueKind::Int: {
      const bool negative = !t.empty() && t.front() == '-';
      const std::string_view d = negative ? t.substr(1) : t;
      std::int64_t v = 0;
      if (!unsigned_number(d, 18, v, floor)) return false;
      row.num[slot] = negative ? -v : v;
      return true;
    }
    case ValueKind::Money:
      if (!unsigned_number(t, 15, row.num[slot], floor)) return false;
      row.num[slot] *= 100;
      return true;
    case ValueKind::Date: return iso_date(t, row.num[slot]);
    case ValueKind::Bool:  // by length first: comparing views was a call per cell
      if (t.size() == 5 && std::memcmp(t.data(), "false", 5) == 0) row.num[slot] = 0;
      else if (t.size() == 4 && std::memcmp(t.data(), "true", 4) == 0) row.num[slot] = 1;
      else if (t.size() == 1 && (t[0] == '0' || t[0] == '1')) row.num[slot] = t[0] - '0';
      else return false;
      return true;
    case ValueKind::Region:
      if (!region_shape(t)) return false;
      row.text[slot] = t;
      return true;
    case ValueKind::Nik:
      if (t.size() != 16 || !digits(t, 16)) return false;
      row.text[slot] = t;
      return true;
    case ValueKind::Text:
      if (t.empty() || is_space_fast(t.front()) || is_space_fast(t.back()) || !valid_text(t)) return false;
      row.text[slot] = t;
      return true;
    default: return false;
  }
}

// A whole number, an amount of money, a yes/no value or a date in a notation of the generic
// reader's other than convert_value()'s (`1.528`, `Rp 1.000.000,50`, `RP. 500.000`, `ya`,
// `TIDAK`, `TRUE`; `1/5/1984` under --date-format: field_convert.cpp), converted by the generic
// reader's own functions, so that a file a spreadsheet wrote is decided by the kernel as much as
// a plain one (each such cell went to the generic runtime with its record, many times slower).
// False for a value it does not convert (the generic reader's to reject) and for the other
// types.
[[gnu::noinline]] inline bool convert_written(const FieldSpec& spec, std::string_view t, std::size_t slot,
                                              KernelRow& row, DateFormat dates) {
  if (spec.type == ValueKind::Date) {  // `--date-format`'s notation (YYYY-MM-DD was convert_value()'s)
    bool shaped = false;
    const std::optional<Day> day = dates.separator ? date_written_as(t, dates, shaped) : std::nullopt;
    if (day) row.num[slot] = *day;
    return day.has_value();
  }
  if (spec.type != ValueKind::Int && spec.type != ValueKind::Money && spec.type != ValueKind::Bool) return false;
  thread_local std::string reason;  // of a value it does not convert: the generic reader says it again
  const std::optional<Value> v = convert_field(spec, t, reason);
  if (!v || v->kind != spec.type) return false;
  row.num[slot] = v->i;
  return true;
}

// The common notations of each type, converted as field_convert.cpp converts them, after
// trimming, with the field's default for an empty cell and its constraint checked; anything
// else (and a value outside the field's constraint) is left to the generic reader.
inline bool convert(const FieldSpec& spec, std::string_view cell, std::size_t slot, KernelRow& row,
                    const char* floor = nullptr, bool missing_ok = false, std::uint64_t miss_bit = 0,
                    DateFormat dates = {}) {
  const std::string_view t = trim(cell);
  if (t.empty()) {
    if (!spec.default_value) {
      if (!missing_ok && !miss_bit) return false;  // missing: the generic runtime explains what follows
      // A date only a quota ranks by (Kernel::missing_ok), or a value a rule reads
      // (Kernel::may_miss: its bit in the row).
      row.leave_missing(slot, miss_bit);
      return true;
    }
    if (spec.default_value->kind == ValueKind::Text || spec.default_value->kind == ValueKind::Region ||
        spec.default_value->kind == ValueKind::Nik)
      row.text[slot] = spec.default_value->s;
    else row.num[slot] = spec.default_value->i;
    return true;
  }
  if (!convert_value(spec.type, t, slot, row, floor) &&
      !(spec.type == ValueKind::Date && dates.separator && written_date(t, dates, row.num[slot])) &&
      !convert_written(spec, t, slot, row, dates))
    return false;
  if (spec.constraint) {
    // A region's level alone (`village : region level village`): the level of a code the lane
    // reads is its shape's (region_shape: 5, 8 or 13 characters, one to three dots), compared
    // here as constraint_violation() compares region_level_of() (a call, a copy of the text
    // and a message's optional for every record: 3 % of cilegon-2024's run).
    if (const ValueConstraint& c = *spec.constraint;
        spec.type == ValueKind::Region && c.kind == ast::ConstraintKind::Level) {
      const std::size_t n = row.text[slot].size();
      return !c.level || *c.level == (n == 5   ? RegionLevel::Regency
                                      : n == 8 ? RegionLevel::District
                                               : RegionLevel::Village);
    }
    thread_local Value v;
    v.kind = spec.type;
    if (spec.type == ValueKind::Text || spec.type == ValueKind::Region || spec.type == ValueKind::Nik)
      v.s.assign(row.text[slot]);
    else v.i = row.num[slot];
    if (constraint_violation(*spec.constraint, v)) return false;
  }
  return true;
}

// The id the generic reader gives a row from its id cell (csv_row_id), written to `buf`:
// None when the row has none, Unusual for a notation only the generic reader converts.
enum class IdForm { None, Id, Unusual };

IdForm id_of_cell(const FieldSpec& spec, std::string_view cell, std::string& buf) {
  const std::string_view t = trim(cell);
  if (t.empty()) return IdForm::None;
  switch (spec.type) {
    case ValueKind::Nik:
      if (t.size() != 16 || !digits(t, 16)) return IdForm::None;
      buf.assign(t);
      return IdForm::Id;
    case ValueKind::Text:
      if (!valid_text(t)) return IdForm::None;
      buf.assign(t);
      return IdForm::Id;
    case ValueKind::Int: {
      const bool negative = t.front() == '-';
      const std::string_view d = negative ? t.substr(1) : t;
      std::int64_t v = 0;
      if (!unsigned_number(d, 18, v)) return IdForm::Unusual;
      char text[24];
      const auto r = std::to_chars(text, text + sizeof text, negative ? -v : v);
      buf.assign(text, r.ptr);
      return IdForm::Id;
    }
    default: return IdForm::Unusual;
  }
}

// ---- the lane ----------------------------------------------------------------------------------

struct Block {
  Bytes bytes;
  std::uint64_t index = 0;       // its place in the file's blocks
  std::uint64_t first_line = 0;  // first_line_unknown in a lazy run (Lane::decide's `first_line_of`)
  std::uint64_t lines = 0;       // physical lines, counted by the scan
  // The scan's findings.
  bool plain = true;     // the lane can read it: every line is a row (CsvBlock::Plain or Quoted)
  bool quoted = false;   // some line has a quote (CsvBlock::Quoted)
  bool runs_on = false;  // not plain (CSV) for a quoted field that runs on past its line, and no other reason
  bool unusual_id = false;
  bool unknown_key = false;  // JSON Lines: a key the policy does not know (the generic run stops on it)
  std::vector<std::uint64_t> ids;
  // The decisions.
  std::string rendered;
  std::uint64_t written = 0;  // the bytes rendered, when the worker wrote them at their place
  std::string unplaced;       // rendered before the blocks before it were: written when emitted
  Tally tally;
  // The decisions handed on whole (the generic runtime's; with decide_each, all), the first
  // `decided` of `fallbacks`: the rest are kept to be filled again, their buffers with them.
  // Each with its place in input order (`keys`: the allocation's index, as Candidate::key).
  std::vector<Decision> fallbacks;
  std::vector<std::uint64_t> keys;
  std::size_t decided = 0;
  std::span<Decision> whole() { return {fallbacks.data(), decided}; }
  Decision& next_whole(std::uint64_t key) {
    if (decided == fallbacks.size()) {
      fallbacks.emplace_back();
      keys.emplace_back();
    }
    keys[decided] = key;
    return fallbacks[decided++];
  }
  std::uint64_t blank = 0, rows = 0;
  std::uint64_t continuation = 0;  // the lines after the first of rows whose quoted field runs on
  // The pass that collects a policy's quota and budget candidates: the kernel's eligible
  // decisions (the generic ones are among `fallbacks`), in input order.
  struct Candidate {
    // Its place in input order, the allocation's index: its line, or (a JSON array's element,
    // several of which may share a line) the file offset where it begins.
    std::uint64_t key = 0;
    std::uint64_t line = 0;
    std::uint32_t group = 0;
    std::uint32_t id_size = 0, key_size = 0;  // the id then the key, from `text`, in candidate_text
    std::uint32_t first_payment = 0, payments = 0;
    std::uint64_t text = 0;
    bool has_rank = false;
    Rational rank;
  };
  std::vector<Candidate> candidates;
  std::uint64_t decided_bytes = 0;  // the size of the bytes decided (the buffer is the worker's)
  std::string candidate_text;
  std::vector<Allocator::Payment> payments;
  std::vector<std::pair<std::uint64_t, std::size_t>> payment_accounts;  // keyed: its name in candidate_text
  std::vector<std::int64_t> captured;  // BatchOptions::capture: per decision in `fallbacks`
  // The records the generic runtime decided (not rejected) in the block, and the first one's line.
  std::uint64_t one_at_a_time = 0, one_at_a_time_line = 0;
  // The exact pass's finds (Lane::exact_ids): each row whose id's hash repeats, its line and
  // its id's size, the ids end to end in exact_text.
  struct Exact {
    std::uint64_t line = 0;
    std::size_t size = 0;
  };
  std::vector<Exact> exact;
  std::string exact_text;
};

// A worker's own buffers for what it fills and uses up while it processes a block (the ids
// it collects; the rendered decisions when it writes them itself), lent to the block's slot
// for that time. Slots go to whichever worker is free, so buffers kept in the slot moved
// between the cores' caches with every block: 2-thread summary runs took 7 % more CPU time.
struct Warm {
  std::vector<std::uint64_t> ids;
  std::string rendered;
};

class OwnBuffers {
 public:
  OwnBuffers(Block& b, Warm& w, bool rendered) : b_(b), w_(w), rendered_(rendered) { swap(); }
  ~OwnBuffers() { swap(); }
  OwnBuffers(const OwnBuffers&) = delete;
  OwnBuffers& operator=(const OwnBuffers&) = delete;

 private:
  void swap() {
    std::swap(b_.ids, w_.ids);
    if (rendered_) std::swap(b_.rendered, w_.rendered);
  }
  Block& b_;
  Warm& w_;
  bool rendered_;
};

class Lane {
 public:
  Lane(const Program& program, const Kernel& kernel, const RowLayout& layout, const BatchOptions& options, bool render,
       bool csv)
      : program_(program),
        schema_(program.schema),
        kernel_(kernel),
        layout_(layout),
        options_(options),
        render_(render),
        csv_(csv),
        delimiter_(options.read.delimiter),
        renderer_(render ? std::optional<FastRenderer>(std::in_place, kernel, !csv) : std::nullopt),
        json_(layout.format != InputFormat::Csv),
        array_(layout.format == InputFormat::Json),
        json_keys_(program.schema, options.read.ignore_fields),
        strict_(options.read) {
    strict_.strict_keys = true;
    ids_strict_ = id_scan_options(options.read);
    for (std::size_t c = 0; c < layout.field_of_column.size(); ++c) {
      const std::size_t f = layout.field_of_column[c];
      if (schema_.id_field && f == *schema_.id_field) id_column_ = c;
      if (f == column_read_past || f == column_unnamed) {
        columns_.push_back({nullptr, 0, ValueKind::Missing, f == column_unnamed, false, 0, {}});
      } else {
        const FieldSpec& spec = schema_.fields[f];
        columns_.push_back({&spec, f, spec.constraint ? ValueKind::Missing : spec.type, false, kernel.missing_ok(f),
                            kernel.miss_bit(f),
                            spec.type == ValueKind::Date ? options.read.date_format : DateFormat{}});
      }
    }
    columns_.push_back({nullptr, 0, ValueKind::Missing, false, false, 0, {}});  // the guard: cells past the last
    id_has_default_ = schema_.id_field && schema_.fields[*schema_.id_field].default_value.has_value();
    id_slot_ = schema_.id_field.value_or(0);
    id_text_ = schema_.id_field && schema_.fields[id_slot_].type != ValueKind::Int;
    // The fields without a column: filled from their defaults (prefill), once per block.
    std::vector<bool> seen(schema_.fields.size(), false);
    for (std::size_t f : layout.field_of_column)
      if (f < seen.size()) seen[f] = true;
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (!seen[i]) {
        if (schema_.fields[i].default_value || kernel.missing_ok(i) || kernel.miss_bit(i)) defaulted_.push_back(i);
        else ++uncovered_;
      }
    // Reason slots: every check of every group the kernel has, then `no_group`, then the
    // general requirements as a record in no group fails them.
    slot_base_.assign(program.groups.size(), 0);
    for (const KernelGroup& g : kernel.groups()) {
      slot_base_[g.index] = reason_names_.size();
      for (const KernelCheck& c : g.checks) reason_names_.push_back(c.requirement->info.name);
    }
    no_group_slot_ = reason_names_.size();
    reason_names_.push_back(engine_reason(EngineReason::NoGroup).rule);
    for (const KernelCheck& c : kernel.general()) reason_names_.push_back(c.requirement->info.name);
    outside_slot_ = reason_names_.size();
    reason_names_.push_back(engine_reason(EngineReason::PolicyValidity).rule);
    // The allocation's reasons (allocate.cpp names them so).
    quota_slot_ = reason_names_.size();
    reason_names_.push_back("quota");
    reason_names_.push_back("budget");
    duplicate_slot_ = reason_names_.size();
    reason_names_.push_back(engine_reason(EngineReason::DuplicateId).rule);
  }

  // Whether every field without a column has a default (else every row would fall back).
  bool fields_covered() const { return uncovered_ == 0; }

  // The scan of one block: plain or not, its lines, and the hash of every id the generic scan
  // would see (and maybe a few more, from rows it rejects: a repeated hash only costs the
  // generic scan that tells the copies apart).
  void scan(Block& b) const {
    if (json_ && !array_ && json_keys_.ignores_any()) flatten_nested_values(b);
    const std::string_view all = b.bytes.view();
    classify(b, !run_ons_);  // with the file's run-ons known, each line's closing is checked below
    b.runs_on = !json_ && !b.plain && crs_in_crlf(all);
    b.unusual_id = false;
    b.ids.clear();
    b.lines = 0;
    if (!b.plain) return;
    std::string id;
    if (run_ons_ && b.quoted) return scan_run_ons(b, id);
    if (array_) {
      b.lines = count_lfs(all);
      bool closed = false;  // the last element's `]`
      for (const char* p = all.data(); p < all.data() + all.size();) {
        std::string_view element;
        if (!next_json_element(p, all.data() + all.size(), element)) {
          b.plain = false;
          return;
        }
        closed = element.data()[element.size()] == ']';
        if (element.size() <= options_.read.max_record_bytes) collect_id(element, id, b);
      }
      if (b.bytes.file_end && !closed) b.plain = false;  // a comma, then the file's end: no `]`
      return;
    }
    for_each_line(all, [&](std::string_view line) {
      ++b.lines;
      if (line.size() > options_.read.max_record_bytes) return;
      if (json_ ? !trim(line).empty() : !plain_csv_blank(line, delimiter_)) collect_id(line, id, b);
    });
  }

  // Whether the lane reads the block: every line a row (CSV: no quoted field running on to the
  // next line), no lone CR. `closes_checked` false: the quoted lines' closing is left to their
  // framing in decide_lines (the optimistic pass, where every such line is framed anyway).
  void classify(Block& b, bool closes_checked = true) const {
    b.unknown_key = false;
    if (json_) {
      b.plain = crs_in_crlf(b.bytes.view());
      b.quoted = false;
      return;
    }
    const CsvBlock form = csv_block_form(b.bytes.view(), delimiter_, closes_checked);
    b.plain = form != CsvBlock::Unreadable;
    b.quoted = form == CsvBlock::Quoted;
  }

  // scan() of a CSV block with quotes in a file whose quoted fields run on past their line
  // (run_ons_): a row that does so is framed whole (as decide_lines frames it), its lines counted.
  [[gnu::noinline]] void scan_run_ons(Block& b, std::string& id) const {
    const char* p = b.bytes.begin();
    const char* const end = p + b.bytes.size;
    thread_local RawRow framed;
    while (p < end) {
      const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      const char* const next = lf ? static_cast<const char*>(lf) + 1 : end;
      std::string_view line(p, static_cast<std::size_t>((lf ? static_cast<const char*>(lf) : end) - p));
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++b.lines;
      if (line.size() > options_.read.max_record_bytes) {
        p = next;
        continue;
      }
      if (std::memchr(line.data(), '"', line.size()) && !record_read::csv_line_closes(line, delimiter_)) {
        std::size_t bytes = 0;
        const std::uint64_t lines = run_on(b, p, end, 1, framed, bytes);
        if (lines == 0) return;
        collect_framed_id(framed, id, b);
        b.lines += lines - 1;
        p += bytes;
        continue;
      }
      if (!plain_csv_blank(line, delimiter_)) collect_id(line, id, b);
      p = next;
    }
  }

  // A row whose quoted field runs on past its first line, at `from` in block b (run_ons_
  // known): as read_csv frames it into `out`, and its lines (0, and the block not the lane's,
  // when it is not as the file's run-ons were found) and bytes. A row read_csv makes its first
  // line alone was framed with the file's run-ons (its rejection reads on past the block).
  [[gnu::noinline]] std::uint64_t run_on(Block& b, const char* from, const char* end, std::uint64_t number, RawRow& out,
                                         std::size_t& bytes) const {
    const std::uint64_t offset = b.bytes.file_offset + static_cast<std::uint64_t>(from - b.bytes.begin());
    if (const RawRow* alone = run_ons_->alone_row(offset)) {
      out = *alone;
      const void* lf = std::memchr(from, '\n', static_cast<std::size_t>(end - from));
      bytes = static_cast<std::size_t>((lf ? static_cast<const char*>(lf) + 1 : end) - from);
      return 1;
    }
    const std::string_view rest(from, static_cast<std::size_t>(end - from));
    const std::uint64_t lines = frame_csv_record(rest, number, layout_, options_.read, bytes, out);
    if (lines < 2 || bytes > rest.size()) {  // not so when the run-ons were found: the file changed
      b.plain = false;
      return 0;
    }
    return lines;
  }

  // An id's hash kept, out of line: the appends here stay few, so that GCC keeps inline the one
  // in decide_lines' loop (an emplace_back call there was 23 instructions a record).
  [[gnu::noinline]] static void add_id(Block& b, std::uint64_t hash) { b.ids.push_back(hash); }

  // The id of a row (not blank, not too long) as the scan sees it, into b.ids.
  void collect_id(std::string_view line, std::string& id, Block& b) const {
    if (const auto hash = id_hash(line, id, b)) add_id(b, *hash);
  }
  // The hash of a row's id (not blank, not too long) as the scan sees it: none for a row without
  // one; b.unusual_id set for an id the lane does not read, b.unknown_key for a JSON key the
  // policy does not know.
  std::optional<std::uint64_t> id_hash(std::string_view line, std::string& id, Block& b) const {
    if (!id_column_) return std::nullopt;
    if (json_) return json_id_hash(line, id, b);
    if (b.quoted && std::memchr(line.data(), '"', line.size())) return quoted_id_hash(line, id, b);
    std::size_t start = 0;
    for (std::size_t c = 0; c < *id_column_ && start <= line.size(); ++c) {
      const std::size_t comma = line.find(delimiter_, start);
      start = comma == std::string_view::npos ? line.size() + 1 : comma + 1;
    }
    if (start > line.size()) return std::nullopt;  // too few columns: rejected, no id
    const std::string_view cell = line.substr(start, std::min(line.find(delimiter_, start), line.size()) - start);
    if (cell.size() > options_.read.max_field_bytes) return std::nullopt;
    return cell_id_hash(cell, id, b);
  }
  std::optional<std::uint64_t> cell_id_hash(std::string_view cell, std::string& id, Block& b) const {
    switch (id_of_cell(schema_.fields[*schema_.id_field], cell, id)) {
      case IdForm::Id: return text_hash(id);
      case IdForm::Unusual: b.unusual_id = true; return std::nullopt;
      case IdForm::None: return std::nullopt;
    }
    return std::nullopt;
  }

  // collect_id for a JSON Lines line: its id key's value, read by plainest_json_fields where it reads the
  // line, else by the generic reader (strict: an unknown key stops the lane, as it stops the
  // generic run).
  [[gnu::noinline]] void collect_json_id(std::string_view line, std::string& id, Block& b) const {
    if (const auto hash = json_id_hash(line, id, b)) add_id(b, *hash);
  }
  std::optional<std::uint64_t> json_id_hash(std::string_view line, std::string& id, Block& b) const {
    const std::size_t id_field = *schema_.id_field;
    const FieldSpec& spec = schema_.fields[id_field];
    std::string_view token;
    JsonToken kind = JsonToken::Null;
    const bool read = plainest_json_fields(line, json_keys_, [&](std::size_t f, JsonToken k, std::string_view t) {
      if (f == id_field) kind = k, token = t;
      return true;
    });
    if (read) {
      IdForm form = IdForm::None;  // null, absent, or a value the generic reader refuses here
      const bool text = kind == JsonToken::String && token.size() <= options_.read.max_field_bytes;
      if (text || (kind == JsonToken::Number && spec.type == ValueKind::Int)) form = id_of_cell(spec, token, id);
      else if ((kind == JsonToken::True || kind == JsonToken::False) && spec.type == ValueKind::Bool)
        form = IdForm::Unusual;
      if (form == IdForm::Unusual) b.unusual_id = true;
      if (form == IdForm::Id) return text_hash(id);
      return std::nullopt;
    }
    thread_local RawRow framed;
    frame_json_line(line, 0, options_.read, framed);
    try {
      const ReadResult r = decode_row(std::move(framed), layout_, schema_, ids_strict_);
      if (const Record* record = std::get_if<Record>(&r)) {
        if (!record->values[id_field].is_missing()) return text_hash(record->id);
      } else if (const auto& rejected = std::get<Rejection>(r); !rejected.id.empty()) {
        return text_hash(rejected.id);
      }
    } catch (const InputError&) {
      b.unknown_key = true;
    }
    return std::nullopt;
  }

  // id_hash for a line with quotes: its id cell as read_csv frames it.
  [[gnu::noinline]] std::optional<std::uint64_t> quoted_id_hash(std::string_view line, std::string& id,
                                                                Block& b) const {
    thread_local RawRow framed;
    frame_csv_line(line, 0, layout_, options_.read, framed);
    return framed_id_hash(framed, id, b);
  }
  // The id cell of a row read_csv framed.
  void collect_framed_id(const RawRow& framed, std::string& id, Block& b) const {
    if (const auto hash = framed_id_hash(framed, id, b)) add_id(b, *hash);
  }
  std::optional<std::uint64_t> framed_id_hash(const RawRow& framed, std::string& id, Block& b) const {
    if (!id_column_) return std::nullopt;
    if (framed.ready || framed.cut[*id_column_]) return std::nullopt;  // too few columns, or a cell cut: no id
    return cell_id_hash(framed.cells[*id_column_], id, b);
  }

  // The exact pass, once the pass before found ids that repeat (set_duplicates): each row of
  // block b whose id's hash is one of theirs, framed again as the generic reader frames it, and
  // its id and line as the generic scan reads them (scan_ids, scanned_row_id), into b.exact.
  // The rows are found as scan() finds them, on the workers, and only theirs are read whole:
  // the generic scan read every row of the file on one thread. b.plain false, b.unusual_id or
  // b.unknown_key when the block is not as the passes before found it (the file changed).
  void exact_ids(Block& b) const {
    if (json_ && !array_ && json_keys_.ignores_any()) flatten_nested_values(b);
    b.exact.clear();
    b.exact_text.clear();
    b.unusual_id = false;
    b.unknown_key = false;
    classify(b, !run_ons_);
    if (!b.plain || !id_column_) return;
    const std::string_view all = b.bytes.view();
    const char* const begin = all.data();
    const char* const end = begin + all.size();
    const std::size_t max_record = options_.read.max_record_bytes;
    std::string id;
    thread_local RawRow framed;
    const auto repeats = [&](const std::optional<std::uint64_t>& hash) { return hash && repeats_hash(*hash); };
    if (array_) {  // as decide_lines frames an element, and numbers it by the LFs before it
      std::uint64_t lfs = 0;
      const char* counted = begin;
      for (const char* p = begin; p < end;) {
        const char* const from = p;
        std::string_view element;
        if (!next_json_element(p, end, element)) {
          b.plain = false;
          return;
        }
        lfs += lfs_in(counted, from);
        counted = from;
        if (element.size() > max_record || !repeats(json_id_hash(element, id, b))) continue;
        const char* const to = element.data() + element.size();
        frame_json_element({from, static_cast<std::size_t>(to - from)}, b.first_line + lfs, options_.read, framed);
        keep_exact(b, framed);
      }
      return;
    }
    std::uint64_t number = b.first_line;
    for (const char* p = begin; p < end;) {
      const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      const char* const next = lf ? static_cast<const char*>(lf) + 1 : end;
      std::string_view line(p, static_cast<std::size_t>((lf ? static_cast<const char*>(lf) : end) - p));
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::uint64_t at = number++;
      if (line.size() > max_record) {
        p = next;
        continue;
      }
      if (run_ons_ && b.quoted && std::memchr(line.data(), '"', line.size()) &&
          !record_read::csv_line_closes(line, delimiter_)) {
        std::size_t bytes = 0;  // a row whose quoted field runs on: framed whole, as scan_run_ons frames it
        const std::uint64_t lines = run_on(b, p, end, at, framed, bytes);
        if (lines == 0) return;
        number += lines - 1;
        p += bytes;
        if (repeats(framed_id_hash(framed, id, b))) keep_exact(b, framed);
        continue;
      }
      p = next;
      if (json_ ? trim(line).empty() : plain_csv_blank(line, delimiter_)) continue;
      if (!repeats(id_hash(line, id, b))) continue;
      if (json_) frame_json_line(line, at, options_.read, framed);
      else frame_csv_line(line, at, layout_, options_.read, framed);
      keep_exact(b, framed);
    }
  }
  // A row the exact pass reads whole: its id and line, as scan_ids reads them.
  [[gnu::noinline]] void keep_exact(Block& b, RawRow& framed) const {
    thread_local std::string id;
    std::uint64_t line = 0;
    try {
      if (!scanned_row_id(std::move(framed), layout_, schema_, ids_strict_, id, line)) return;
    } catch (const InputError&) {  // strict: a JSON key the policy does not know
      b.unknown_key = true;
      return;
    }
    b.exact.push_back({line, id.size()});
    b.exact_text += id;
  }

  // The hashes of the ids that repeat (sorted), and then (set_exact) the ids themselves, told
  // apart by their text: the next pass leaves their copies to the generic runtime.
  void set_duplicates(std::vector<std::uint64_t> hashes) {
    duplicate_hashes_ = std::move(hashes);
    exact_.reset();
    // A bit for each of 2^k ranges of hashes, 2^k at least 16 a repeated one (64 KiB to 2 MiB).
    int k = 19;
    while ((std::size_t{1} << k) < 16 * duplicate_hashes_.size() && k < 24) ++k;
    duplicate_shift_ = 64 - k;
    duplicate_filter_.assign(duplicate_hashes_.empty() ? 0 : (std::size_t{1} << k) / 64, 0);
    for (const std::uint64_t h : duplicate_hashes_) {
      const std::uint64_t bit = h >> duplicate_shift_;
      duplicate_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  // Whether an id's hash is one that repeats: the filter's bit first (one row in 16 or fewer
  // has it set without repeating), then a search of the sorted hashes. The search alone, its
  // ~15 steps mispredicted, was half the pass that tells the copies apart (cilegon-bench's 1M
  // records with 2 % of ids repeated, 20.000 hashes).
  bool repeats_hash(std::uint64_t hash) const {
    if (duplicate_hashes_.empty()) return false;
    const std::uint64_t bit = hash >> duplicate_shift_;
    if (!(duplicate_filter_[bit / 64] >> (bit % 64) & 1)) return false;
    return std::binary_search(duplicate_hashes_.begin(), duplicate_hashes_.end(), hash);
  }
  void set_exact(DuplicateIds exact) { exact_ = std::move(exact); }
  // The ids on more than one record (set_exact's).
  std::vector<std::string_view> repeated_texts() const {
    return exact_ ? exact_->repeated() : std::vector<std::string_view>{};
  }

  // A policy with quotas or budgets is decided twice: a first pass collects the candidates
  // (collect_candidates), the allocation runs over them, and the second pass decides and
  // renders with the allocation's outcomes (set_allocation).
  void collect_candidates(bool on) { collect_ = on; }
  // Every decision handed on as a Decision (in `fallbacks`, in input order), for callers that
  // read decisions rather than their renderings (what-if reports, projections).
  void materialize(bool on) { materialize_ = on; }
  // Whether decisions are rendered: not while candidates are collected.
  bool rendering() const { return render_ && !collect_; }
  void set_allocation(const Allocator* allocation) { allocation_ = allocation; }
  // Whether the scan or the optimistic pass found a quote in the file: a later pass then looks
  // for quotes line by line in every block (the scan's findings per block are not kept).
  void set_quoted_file(bool quoted) { quoted_file_ = quoted; }
  // The rows of a CSV file whose quoted fields run on past their line (row_starts.hpp), found
  // before this pass: they are then framed whole, not left to the generic reader with the file.
  void set_run_ons(const RowStarts* run_ons) { run_ons_ = run_ons; }

  // Decides one block. `optimistic`: no scan came first, so the block is checked plain here
  // (a block that is not is left undecided) and its ids are collected as the scan would.
  // In a lazy run, `first_line_of` gives a block's first line by its index (BlockRun::first_line).
  void decide(Block& b, bool optimistic, const std::function<std::uint64_t(std::uint64_t)>& first_line_of) const {
    if (json_ && !array_ && json_keys_.ignores_any()) flatten_nested_values(b);
    if (optimistic) {
      classify(b, false);
      b.unusual_id = false;
      b.ids.clear();
      if (!b.plain) return;
    } else {
      b.plain = true;  // as the pass before found the file; decide_lines says so if it is not now
      b.quoted = quoted_file_;
      b.unknown_key = false;
    }
    if (array_) decide_lines<Lines::JsonArray>(b, optimistic, first_line_of);
    else if (json_) decide_lines<Lines::Json>(b, optimistic, first_line_of);
    else if (b.quoted) decide_lines<Lines::QuotedCsv>(b, optimistic, first_line_of);
    else decide_lines<Lines::Csv>(b, optimistic, first_line_of);
  }

  // decide() for a block of CSV with no quote, of CSV with quotes, of JSON Lines or of a JSON
  // array's elements: one loop compiled for each, so that the plain CSV rows of cilegon-bench test neither which of the
  // three they are (17 instructions a record) nor whether they hold a quote (7).
  enum class Lines { Csv, QuotedCsv, Json, JsonArray };
  template <Lines Form>
  [[gnu::noinline]] void decide_lines(Block& b, bool optimistic,
                                      const std::function<std::uint64_t(std::uint64_t)>& first_line_of) const {
    constexpr bool Array = Form == Lines::JsonArray;
    constexpr bool Json = Form == Lines::Json || Array;
    b.rendered.clear();
    if (rendering()) b.rendered.reserve(b.bytes.size * (csv_ ? 2 : 16));  // grown once, not by doubling
    b.decided = 0;
    b.candidates.clear();
    b.captured.clear();
    b.decided_bytes = b.bytes.size;
    b.candidate_text.clear();
    b.payments.clear();
    b.payment_accounts.clear();
    b.blank = b.rows = b.continuation = 0;
    b.one_at_a_time = b.one_at_a_time_line = 0;
    b.runs_on = false;
    b.tally.reset(program_.groups.size(), program_.payers.size(), reason_names_.size());
    std::size_t cursor = allocation_ ? allocation_->cursor(Array ? b.bytes.file_offset : b.first_line) : 0;
    const bool plain = !collect_ && !allocation_ && !materialize_;
    const bool render = rendering();
    thread_local std::optional<KernelRow> kept;  // this thread's, from block to block
    KernelRow& row = kernel_.row_in(kept);
    prefill(row);
    thread_local std::string id_buf, scan_id;
    thread_local RawRow raw;
    thread_local KernelSplit split;
    thread_local KernelExtras extras;
    thread_local KernelDecision d;  // kept: its parts are not cleared per record
    const char* p = b.bytes.begin();
    const char* const end = p + b.bytes.size;
    const std::size_t columns = columns_.size() - 1;
    const Column* const cols = columns_.data();
    const std::size_t max_field = options_.read.max_field_bytes;
    // Line numbers within the block in a lazy run (Lane::numbers_lazily), its first learnt when
    // the generic path needs one.
    const bool lazy = b.first_line == first_line_unknown;
    const std::uint64_t start = lazy ? 0 : b.first_line;
    std::optional<std::uint64_t> first;
    std::uint64_t number = start;
    // In a lazy run, the records the generic path decides before the first line is learnt,
    // kept to the block's end (or to the first record that needs its number at once): by then
    // the block before is mostly done and counted. Learnt at the first, a block waited for
    // most of the one before it, and a file with a rejection in every block (5 % of rows with an
    // impossible date) ran at one thread's pace on two: 0,24 s against 0,27.
    thread_local std::vector<Deferred> deferred;
    deferred.clear();
    const auto decide_deferred = [&]() -> bool {
      if (deferred.empty()) return true;
      if (!first) first = first_line_of(b.index);
      for (const Deferred& r : deferred) {
        frame_generic<Form>(r.line, *first + r.at, raw);
        if (!decide_framed(b, raw, r.key, cursor)) return false;
      }
      deferred.clear();
      return true;
    };
    Delimiters delimiters(p, end, delimiter_);
    // A line with a quote is framed again as read_csv frames it (commas inside quotes are not
    // cell ends); a Plain block has none.
    const auto quote_from = [end](const char* from) {
      const void* q = std::memchr(from, '"', static_cast<std::size_t>(end - from));
      return q ? static_cast<const char*>(q) : end;
    };
    const char* next_quote = Form == Lines::QuotedCsv ? quote_from(p) : end;
    // A JSON array's elements end anywhere in a line: the LFs before each, counted up to it
    // from the last one counted when an LF lies between (a one-line array counts none).
    std::uint64_t lfs = 0;
    const char* counted = p;
    const auto lf_from = [end](const char* from) {
      const void* lf = std::memchr(from, '\n', static_cast<std::size_t>(end - from));
      return lf ? static_cast<const char*>(lf) : end;
    };
    const char* next_lf = Array ? lf_from(p) : end;
    bool closed = false;  // a JSON array's last element so far followed by its `]`
    while (p < end) {
      // The cells, converted while the line end is found; `ok` false leaves the row to the
      // generic reader.
      const char* const line_start = p;
      const char* line_end = nullptr;  // its LF, or the block's end
      std::size_t c = 0;
      bool ok = true;
      row.missing = row.missing_always;
      if constexpr (Array) {  // a JSON array: the element framed, its keys below
        std::string_view element;
        if (!next_json_element(p, end, element)) {  // not framed so: the block is not the lane's
          b.plain = false;
          return;
        }
        line_end = element.data() + element.size();
        closed = *line_end == ']';
        if (next_lf < line_start) {
          lfs += lfs_in(counted, line_start);
          counted = line_start;
          next_lf = lf_from(line_start);
        }
      } else if constexpr (Json) {  // JSON Lines: the line first, its keys below
        const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        line_end = lf ? static_cast<const char*>(lf) : end;
        p = lf ? line_end + 1 : end;
      } else if (Form == Lines::QuotedCsv && next_quote < end &&
                 !std::memchr(p, '\n', static_cast<std::size_t>(next_quote - p))) {
        // A line with a quote: framed below as read_csv frames it, not split at its commas first.
        const void* lf = std::memchr(next_quote, '\n', static_cast<std::size_t>(end - next_quote));
        line_end = lf ? static_cast<const char*>(lf) : end;
        p = lf ? line_end + 1 : end;
        delimiters.skip_to(p);
      } else {
        const char* cell = p;
        for (;;) {
          const char* q = delimiters.next();
          const bool last = q == end || *q == '\n';
          std::string_view text(cell, static_cast<std::size_t>(q - cell));
          if (last && !text.empty() && text.back() == '\r') text.remove_suffix(1);
          ok &= take(cols[std::min(c, columns)], text, row, line_start);
          ++c;
          if (last) {
            line_end = q;
            p = q == end ? end : q + 1;
            break;
          }
          cell = q + 1;
        }
      }
      std::string_view line(line_start, static_cast<std::size_t>(line_end - line_start));
      if (!Array && !line.empty() && line.back() == '\r') line.remove_suffix(1);
      const std::uint64_t at = Array ? start + lfs : number++;
      // Its place in input order (Block::Candidate::key).
      const std::uint64_t key =
          Array ? b.bytes.file_offset + static_cast<std::uint64_t>(line_start - b.bytes.begin()) : at;
      const bool fits = line.size() <= options_.read.max_record_bytes;
      if constexpr (Json) {
        if (fits && (line.empty() || line.front() != '{') && trim(line).empty()) {  // as read_json_lines skips it
          ++b.blank;
          continue;
        }
        ok = fits && take_json(line, row);
        c = columns;
      } else {
        ok &= line.size() <= max_field || cells_fit(line, max_field, delimiter_);
        if (Form == Lines::QuotedCsv && next_quote < line_end) {  // the cells again, as read_csv frames them
          std::size_t framed = 0;  // not `c`: its address taken would keep it in memory in the cell loop
          bool open = false;
          ok = fits && take_quoted(line, row, framed, open);
          if (open) {         // read_csv reads on to the next line: the row framed whole, as it frames it
            if (!run_ons_) {  // the file's such rows are found first (run_lane), then the pass again
              b.plain = false;
              b.runs_on = true;
              return;
            }
            if (lazy && !first) {
              first = first_line_of(b.index);
              if (!decide_deferred()) return;
            }
            std::size_t bytes = 0;
            const std::uint64_t lines = run_on(b, line_start, end, lazy ? *first + at : at, raw, bytes);
            if (lines == 0) return;
            p = line_start + bytes;
            delimiters.skip_to(p);
            next_quote = quote_from(p);
            number += lines - 1;
            b.continuation += lines - 1;
            ++b.rows;
            if (optimistic) collect_framed_id(raw, scan_id, b);
            if (!decide_framed(b, raw, key, cursor)) return;
            continue;
          }
          c = framed;
          next_quote = quote_from(p);
        }
        if (fits && c == 1 && plain_csv_blank(line, delimiter_)) {
          ++b.blank;
          continue;
        }
      }
      ++b.rows;
      std::string_view id;
      const bool read = ok && fits && c == columns;
      const bool converted = read && identify(row, at, id_buf, id);
      if (optimistic && fits) {
        // A converted row's id is the one the scan reads from its cell, unless a default
        // filled an empty cell (the scan sees no id there).
        if (converted && id_column_ && !id_has_default_) b.ids.push_back(text_hash(id));
        else collect_id(line, scan_id, b);
      }
      // A copy of a repeated id: the kernel's, flagged as the generic runtime flags it.
      if (read && !converted && copy(row, id, at, key, d, b)) continue;
      if (converted) {
        kernel_.decide(row, d);
        const KernelGroup* kg = d.outcome == KernelOutcome::Eligible ? &kernel_.group(d.group) : nullptr;
        // The common case first, as short as it was before quotas came into the lane: no
        // allocation, no Decision to make, no key.
        if (plain && d.outcome != KernelOutcome::Fallback && (!kg || (!kg->key_field && !kg->keyed))) {
          if (kg && render) split_payers(kernel_, d, split);
          else if (kg) split_totals(kernel_, d, split);
          count(d, split, b.tally);
          if (render) renderer_->render(d, split, id, at, b.rendered);
          continue;
        }
        // A key the generic runtime would see as missing (empty) is its to explain.
        if (d.outcome != KernelOutcome::Fallback && (!kg || keys(*kg, row, extras))) {
          if (kg) split_payers(kernel_, d, split);
          if (kg && collect_) {
            candidate(b, d, *kg, split, id, extras, at, key);
            continue;
          }
          const KernelExtras* with = kg && kg->keyed ? &extras : nullptr;
          if (materialize_ && !collect_) {
            Decision& made = b.next_whole(key);
            decision_of(d, split, kg ? &extras : nullptr, id, at, made);
            if (options_.capture) capture(b, &row, nullptr);
            if (allocation_ && made.status == Status::Eligible)
              allocation_->apply(made, key, cursor, !options_.amounts_only);
            continue;
          }
          if (kg && allocation_) {
            allocated(d, split, id, extras, at, key, cursor, b);
            continue;
          }
          count(d, split, b.tally, with);
          if (rendering()) renderer_->render(d, split, id, at, b.rendered, with);
          continue;
        }
      }
      // The generic path, for this record only.
      if (lazy && !first) {
        deferred.push_back({line, at, key});
        continue;
      }
      frame_generic<Form>(line, lazy ? *first + at : at, raw);
      if (!decide_framed(b, raw, key, cursor)) return;
    }
    if (!decide_deferred()) return;
    if (Array && b.bytes.file_end && !closed) {  // a comma, then the file's end: no `]`, the generic reader's
      b.plain = false;
      return;
    }
    if (Array) b.lines = lfs + lfs_in(counted, end);
    else if (b.lines == lines_uncounted) b.lines = number - start;  // every line was read (BlockRun)
  }

  // A record the generic path decides in a lazy run before its block's first line is known
  // (decide_lines): its text (in the block's bytes), its line within the block, its key.
  struct Deferred {
    std::string_view line;
    std::uint64_t at = 0, key = 0;
  };

  // A line (a JSON array's element) framed as the generic reader frames it, numbered `number`.
  template <Lines Form>
  void frame_generic(std::string_view line, std::uint64_t number, RawRow& raw) const {
    if constexpr (Form == Lines::JsonArray) frame_json_element(line, number, options_.read, raw);
    else if constexpr (Form == Lines::Json) frame_json_line(line, number, options_.read, raw);
    else frame_csv_line(line, number, layout_, options_.read, raw);
  }

  // The generic runtime's decision of a row its reader framed (`raw`), kept in b at its place
  // `key`: false when a key the policy does not know stops the lane (the generic run then says so).
  [[gnu::noinline]] bool decide_framed(Block& b, RawRow& raw, std::uint64_t key, std::size_t& cursor) const {
    ReadResult r;
    try {  // strict for JSON: an unknown key throws
      r = decode_row(std::move(raw), layout_, schema_, json_ ? strict_ : options_.read);
    } catch (const InputError&) {
      b.unknown_key = true;
      return false;
    }
    if (options_.capture && materialize_ && !collect_) capture(b, nullptr, &r);
    Decision whole = std::holds_alternative<Record>(r)
                         ? jaring::decide(program_, std::move(std::get<Record>(r)), options_.as_of)
                         : reject(program_, std::get<Rejection>(r), options_.as_of);
    if (exact_ && exact_->ids() > 0 && !whole.id.empty())
      if (const Message* detail = exact_->detail(whole.id)) mark_duplicate(program_, whole, *detail);
    if (whole.status != Status::Rejected && b.one_at_a_time++ == 0) b.one_at_a_time_line = whole.line;
    if (allocation_ && whole.status == Status::Eligible) allocation_->apply(whole, key, cursor);
    if (rendering()) b.rendered += csv_ ? decision_csv_row(program_, whole) : decision_json(whole) + "\n";
    b.next_whole(key) = std::move(whole);
    return true;
  }

  // BatchOptions::capture: the field's value on a row the kernel decides, or on a row read by
  // the generic reader. Out of line: for `jaring project` only, and decide() is the lane's hot
  // loop.
  [[gnu::noinline]] void capture(Block& b, const KernelRow* row, const ReadResult* read) const {
    const std::size_t f = options_.capture->field;
    b.captured.push_back(!row ? options_.capture->of(*read) : row->lacks(f) ? options_.capture->missing : row->num[f]);
  }

  // Whether a block's line numbers are needed only by the generic path (the record's id is a
  // cell's, no decision rendered, kept or allocated): its work then need not wait for the
  // blocks before it to be counted (BlockRun's Numbering::Lazy). Not when ids repeat: their
  // copies go to the generic path, in nearly every block of a list with some in a hundred, and
  // each such block waited for the one before it to be done (2 threads ran as one: 0,60 s for
  // 1M records with 2 % repeated, against 0,08 s with none).
  bool numbers_lazily() const {
    return schema_.id_field && !rendering() && !collect_ && !materialize_ && !allocation_ && duplicate_hashes_.empty();
  }

  const std::vector<std::string_view>& reason_names() const { return reason_names_; }

  // Whether an optimistic pass hashes every row's id (IdHashes) as the allocation would compare
  // it: each row's id is a cell's, never a default's (rows whose empty cell a default fills all
  // share that id, which the scan does not see). A record without one has its line number, which
  // the allocation does not compare (Decision::id_read).
  bool hashes_every_id() const { return id_column_ && !id_has_default_; }

 private:
  // The Decision the generic runtime makes of a record the kernel decided (before
  // allocation), made in `out` (a Decision used before: its buffers are kept).
  [[gnu::noinline]] void decision_of(const KernelDecision& d, const KernelSplit& split, const KernelExtras* x,
                                     std::string_view id, std::uint64_t line, Decision& out) const {
    out.policy_name = program_.name;
    out.policy_hash = program_.hash;
    out.as_of = options_.as_of;
    out.id.assign(id);
    out.id_read = schema_.id_field.has_value();  // the kernel's records have theirs
    out.line = line;
    out.status = Status::NotEligible;
    out.group_index = -1;
    out.scheme.clear();
    out.total = 0;
    out.budget_months = 0;
    out.errors.clear();
    out.rank.reset();
    out.quota_key.clear();
    out.rank_value = Value{};  // it only feeds the allocation, which the lane applies itself
    const CGroup* g = d.group < 0 ? nullptr : &program_.groups[static_cast<std::size_t>(d.group)];
    // Requirements and reasons filled in place, their entries' buffers kept: constructing and
    // destroying a RuleRef per requirement was a fifth of `jaring project`.
    if (g) {
      if (!out.group) out.group.emplace();
      refer(*out.group, g->info);
      out.group_index = d.group;
      out.scheme = g->scheme;
    } else {
      out.group.reset();
    }
    if (options_.amounts_only) {  // a status, and for an eligible decision its group and amounts
      out.requirements.clear();
      out.reasons.clear();
    } else if (d.outcome == KernelOutcome::Outside) {  // no requirement is checked
      out.reasons.resize(1);
      out.reasons[0] = policy_validity_reason(program_);
      out.requirements.clear();
    } else {
      std::size_t reasons = 0;
      if (!g) {
        out.reasons.resize(1);
        no_group_reason(out.reasons[0],
                        d.invalid >= 0 ? &program_.groups[static_cast<std::size_t>(d.invalid)] : nullptr,
                        options_.as_of);
        reasons = 1;
      }
      const std::vector<KernelCheck>& checks = g ? kernel_.group(d.group).checks : kernel_.general();
      out.requirements.resize(checks.size());
      for (std::size_t i = 0; i < checks.size(); ++i) {
        RequirementResult& r = out.requirements[i];
        refer(r.rule, checks[i].requirement->info);
        r.outcome = Outcome::Pass;
        r.waived_by = {};
        if (checks[i].waived) {
          r.outcome = Outcome::Waived;
          r.waived_by = g->info.name;
        } else if (d.failed >> i & 1) {
          r.outcome = Outcome::Fail;
          if (out.reasons.size() == reasons) out.reasons.emplace_back();
          RuleRef& why = out.reasons[reasons++];
          refer(why, checks[i].requirement->info);
          if (d.unknown >> i & 1) {  // for want of a value: the detail naming it
            why = check_ref(kernel_, d, checks, i);
            r.rule = why;
          }
        }
      }
      out.reasons.resize(reasons);
    }
    if (d.outcome != KernelOutcome::Eligible) {
      out.programmes.clear();
      out.payers.clear();
      return;
    }
    const KernelGroup& kg = kernel_.group(d.group);
    std::size_t programmes = 0;
    for (std::uint32_t i = 0; i < kg.parts.size(); ++programmes) {
      const std::uint32_t programme = kg.parts[i].programme;
      if (out.programmes.size() == programmes) out.programmes.emplace_back();
      ProgrammeAmount& pa = out.programmes[programmes];
      refer(pa.programme, program_.programmes[programme].info);
      pa.parts.clear();
      pa.total = 0;
      for (; i < kg.parts.size() && kg.parts[i].programme == programme; ++i) {
        pa.parts.push_back({kg.parts[i].part, d.parts[i]});
        pa.total += d.parts[i];
      }
    }
    out.programmes.resize(programmes);
    out.total = d.total;
    out.payers.resize(split.payers);
    for (std::size_t i = 0; i < split.payers; ++i) {
      const CShare& share = kg.line->shares[i];
      const RuleInfo& payer = program_.payers[share.payer].info;
      PayerAmount& pa = out.payers[i];
      refer(pa.payer, payer);
      pa.payer_index = share.payer;
      if (share.of_field) pa.account.assign(x->accounts[i]);
      else pa.account.assign(payer.name);
      pa.sen = split.sen[i];
      pa.items.clear();
      for (std::size_t k = 0; k < split.items[i]; ++k) {
        const KernelPart& part = kg.parts[split.item_part[i][k]];
        pa.items.push_back({program_.programmes[part.programme].info.name, part.part, split.item_sen[i][k]});
      }
    }
    out.budget_months = kg.budget_months;
    if (x) out.quota_key = x->key;
    out.status = Status::Eligible;
  }

  // Field `f` of `row` as to_display shows it (a text field, or a whole number), appended to `out`.
  void append_key(std::size_t f, const KernelRow& row, std::string& out) const {
    if (schema_.fields[f].type != ValueKind::Int) {
      out += row.text[f];
      return;
    }
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, row.num[f]);
    out.append(digits, r.ptr);
  }

  // An eligible record's quota key (`per FIELD`) and keyed accounts (`payer:KEY`, `of FIELD`)
  // into `x`; false when a key is empty (the generic runtime's missing value).
  // Only what `g` has is set (readers look at an account only for a keyed share): clearing the
  // whole of `x` for every eligible record cost the bench policy 9 % of its time.
  [[gnu::noinline]] bool keys(const KernelGroup& g, const KernelRow& row, KernelExtras& x) const {
    x.key = {};
    if (!g.key_field && !g.keyed) return true;
    thread_local std::string text;  // every key end to end; views are taken once it is whole
    text.clear();
    std::size_t ends[1 + kernel_max_shares] = {};  // where each key ends (0: the quota key)
    if (g.key_field) {
      append_key(*g.key_field, row, text);
      if (text.empty()) return false;
    }
    ends[0] = text.size();
    const auto& shares = g.line->shares;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (shares[i].of_field) {
        text += program_.payers[shares[i].payer].info.name;
        text += ':';
        const std::size_t before = text.size();
        append_key(*shares[i].of_field, row, text);
        if (text.size() == before) return false;
      }
      ends[1 + i] = text.size();
    }
    x.key = std::string_view(text).substr(0, ends[0]);
    for (std::size_t i = 0; i < shares.size(); ++i)
      if (shares[i].of_field) x.accounts[i] = std::string_view(text).substr(ends[i], ends[1 + i] - ends[i]);
    return true;
  }

  // An eligible decision kept as a candidate of the allocation (the collecting pass).
  [[gnu::noinline]] void candidate(Block& b, const KernelDecision& d, const KernelGroup& g, const KernelSplit& split,
                                   std::string_view id, const KernelExtras& x, std::uint64_t line,
                                   std::uint64_t place) const {
    const std::string_view key = x.key;
    Block::Candidate c;
    c.key = place;
    c.line = line;
    c.group = g.index;
    c.text = b.candidate_text.size();
    c.id_size = static_cast<std::uint32_t>(id.size());
    c.key_size = static_cast<std::uint32_t>(key.size());
    b.candidate_text.append(id);
    b.candidate_text.append(key);
    if (g.quota && g.rank != std::numeric_limits<std::uint32_t>::max() && !d.rank_missing) {
      c.has_rank = true;
      c.rank = {d.rank, g.rank_den};
    }
    c.first_payment = static_cast<std::uint32_t>(b.payments.size());
    c.payments = static_cast<std::uint32_t>(split.payers);
    for (std::size_t i = 0; i < split.payers; ++i) {
      const std::uint32_t payer = g.line->shares[i].payer;
      // Kept by the allocation only for a payer with a budget, whose product the kernel has seen
      // fit (else the record fell back); clamped for the others, whose product is not read.
      const int128 yearly = static_cast<int128>(split.sen[i]) * g.budget_months;
      b.payments.push_back(
          {program_.payers[payer].info.name, payer,
           static_cast<std::int64_t>(std::clamp<int128>(yearly, std::numeric_limits<std::int64_t>::min(),
                                                        std::numeric_limits<std::int64_t>::max()))});
      // A keyed account's name is kept with the block's text; its view is made when the block
      // is handed on (the text may still move).
      const std::string_view account = g.line->shares[i].of_field ? x.accounts[i] : std::string_view();
      b.payment_accounts.emplace_back(b.candidate_text.size(), account.size());
      b.candidate_text.append(account);
    }
    b.candidates.push_back(c);
  }

  // An eligible decision as the allocation left it: counted and rendered allocated or waitlisted.
  [[gnu::noinline]] void allocated(const KernelDecision& d, const KernelSplit& split, std::string_view id,
                                   KernelExtras& a, std::uint64_t line, std::uint64_t key, std::size_t& cursor,
                                   Block& b) const {
    const std::optional<Allocator::Outcome> out = allocation_->find(cursor, key);
    // Eligible now and no candidate in the first pass: the file changed between the passes.
    if (!out) throw std::runtime_error(say("the records changed while they were read (line {})", line));
    // Every copy of a repeated id is decided by the generic runtime, so none is a duplicate here.
    if (out->verdict == Allocator::Verdict::Duplicate)
      throw InternalError(fmt::format("fast lane: line {} is a duplicate to the allocation", line));
    a.waitlisted = out->verdict != Allocator::Verdict::Allocated;
    a.rank = out->rank;
    const auto g = static_cast<std::size_t>(d.group);
    thread_local std::string reason;
    if (a.waitlisted) {
      ++b.tally.waitlisted;
      ++b.tally.candidates[g];
      ++b.tally.waitlisted_in[g];
      const std::size_t slot = out->verdict == Allocator::Verdict::Quota ? quota_slot_ : quota_slot_ + 1;
      ++b.tally.reasons[slot];
      ++b.tally.first_reasons[slot];
      if (rendering()) {
        // The reason's detail is made only for a decision that is rendered: a summary counts
        // its rule. Making it (a message with its figures) for every waitlisted decision took
        // 30 ms of the 240 of the deciding pass of cilegon-2024's population at a million
        // records (784.600 waitlisted), summary only, at one thread. CSV shows the rule
        // alone; JSON Lines the whole reason, made in a RuleRef kept by the thread.
        reason.clear();
        if (csv_) {
          reason = allocation_->reason_rule(cursor);
        } else {
          thread_local RuleRef why;
          allocation_->reason(cursor, why);
          append_rule_json(reason, why);
        }
        a.reason = reason;
      }
    } else {
      count(d, split, b.tally, &a);
    }
    if (rendering()) renderer_->render(d, split, id, line, b.rendered, &a);
  }

  // Fields without a column hold their default in every row.
  void prefill(KernelRow& row) const {
    row.missing = 0;
    for (std::size_t f : defaulted_)
      convert(schema_.fields[f], {}, f, row, nullptr, kernel_.missing_ok(f), kernel_.miss_bit(f));
    row.missing_always = row.missing;
  }

  // A column as take() converts it: its field's spec and slot; no spec for a column read past
  // or an unnamed one (which must be blank). `plain`: the field's type for a field with no
  // constraint, whose cells take convert_value() first, untrimmed (an empty cell, its default
  // or missing, fails there and goes to convert()); Missing for any other column, which
  // convert_value() never converts. One table, read once per block: the row's stores no longer
  // make every cell load the layout, the schema and the limit again.
  struct Column {
    const FieldSpec* spec = nullptr;
    std::size_t slot = 0;
    ValueKind plain = ValueKind::Missing;
    bool unnamed = false;
    bool missing_ok = false;     // an empty cell is a missing value the kernel takes (Kernel::missing_ok)
    std::uint64_t miss_bit = 0;  // or its bit in KernelRow::missing (Kernel::may_miss)
    DateFormat dates{};          // a date field's other notation (--date-format)
  };

  // Cell `c` of a row converted into `row`; false when the generic reader must read the row.
  // The usual cell (no space around it, the usual notation) is converted with one switch on
  // its type; the others trimmed, defaulted and checked against a constraint by convert().
  [[gnu::always_inline]] static bool take(const Column& col, std::string_view cell, KernelRow& row, const char* floor) {
    if (convert_value(col.plain, cell, col.slot, row, floor)) return true;
    return take_any(col, cell, row, floor);
  }

  [[gnu::noinline]] static bool take_any(const Column& col, std::string_view cell, KernelRow& row, const char* floor) {
    if (!col.spec) return !col.unnamed || trim(cell).empty();
    return convert(*col.spec, cell, col.slot, row, floor, col.missing_ok, col.miss_bit, col.dates);
  }

  // A JSON Lines line's values converted into `row` where the line is the plainest JSON
  // (plainest_json_fields), each as the generic reader converts it: text as a CSV cell of that text
  // (Draft::put_text either way), a whole number for an int, money (not negative) or bool,
  // true or false for a bool; null, and a key not given, as an empty cell. False when the
  // generic reader must read the line.
  [[gnu::noinline]] bool take_json(std::string_view line, KernelRow& row) const {
    std::uint64_t given = 0;
    const std::size_t max_field = options_.read.max_field_bytes;
    const bool read =
        plainest_json_fields(line, json_keys_, [&](std::size_t f, JsonToken kind, std::string_view token) {
          const Column& col = columns_[f];
          const ValueKind type = col.spec->type;
          const char* floor = line.data();
          switch (kind) {
            case JsonToken::Null: return true;
            case JsonToken::String:
              if (token.size() > max_field) return false;
              // A string with escapes is decoded into another buffer: no byte before it may be read.
              if (const auto at = reinterpret_cast<std::uintptr_t>(token.data()),
                  from = reinterpret_cast<std::uintptr_t>(line.data());
                  at < from || at > from + line.size())
                floor = nullptr;
              break;
            case JsonToken::Number:
              // An int takes any sign but -0's; money and bool none; another type no number at all
              // ("expected …, found a number").
              if (type == ValueKind::Int
                      ? token == "-0"
                      : (type != ValueKind::Money && type != ValueKind::Bool) || token.front() == '-')
                return false;
              break;
            case JsonToken::True:
            case JsonToken::False:
              if (type != ValueKind::Bool) return false;
              token = kind == JsonToken::True ? "true" : "false";
              break;
          }
          given |= std::uint64_t{1} << f;
          return take(col, token, row, floor);
        });
    if (!read) return false;
    for (std::size_t f = 0; f < schema_.fields.size(); ++f)
      if (!(given >> f & 1) && !take(columns_[f], {}, row, nullptr)) return false;
    return true;
  }

  // JSON Lines read with --ignore-field: each object or array under a key read past made `0` in
  // the block's own bytes (flatten_nested), before its lines are read, for every pass alike. The
  // lines found by a `{` or `[` that does not open a line, sixteen bytes at a time.
  [[gnu::noinline]] void flatten_nested_values(Block& b) const {
    char* const begin = b.bytes.data.get() + b.bytes.offset;
    const std::size_t size = b.bytes.size;
    std::size_t done = 0;  // the end of the last line flattened
    const auto at = [&](std::size_t i) {
      if (i == 0 || begin[i - 1] == '\n' || i < done) return;  // a line's opening brace, or flattened
      const void* before = memrchr(begin, '\n', i);
      const std::size_t start = before ? static_cast<std::size_t>(static_cast<const char*>(before) - begin) + 1 : 0;
      const void* lf = std::memchr(begin + i, '\n', size - i);
      done = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - begin) : size;
      flatten_nested(begin + start, done - start, json_keys_);
    };
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i brace = _mm_set1_epi8('{'), bracket = _mm_set1_epi8('[');
    for (; i + 16 <= size; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i));
      for (auto m = static_cast<unsigned>(
               _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, brace), _mm_cmpeq_epi8(v, bracket))));
           m; m &= m - 1)
        at(i + static_cast<std::size_t>(__builtin_ctz(m)));
    }
#endif
    for (; i < size; ++i)
      if (begin[i] == '{' || begin[i] == '[') at(i);
  }

  // The cells of a line with quotes, as read_csv frames them, converted into `row` (its texts
  // then refer to this thread's framed cells, until the next such line); `c` their count; `open`
  // set when a quoted field is open at the line's end (read_csv would read on). False when the
  // generic reader must read the row: a rejection (too few or too many cells), text after a
  // closing quote, a cell cut at --max-field-bytes, or a cell take() leaves to it.
  [[gnu::noinline]] bool take_quoted(std::string_view line, KernelRow& row, std::size_t& c, bool& open) const {
    if (const int simple = take_simply_quoted(line, row, c); simple >= 0) {
      open = false;
      return simple == 1;
    }
    thread_local RawRow framed;
    open = !frame_csv_line(line, 0, layout_, options_.read, framed);
    if (open) return false;
    c = framed.count;
    if (framed.ready || framed.text_after_quote || c != columns_.size() - 1) return false;
    bool ok = true;
    for (std::size_t i = 0; i < c; ++i) {
      if (framed.cut[i]) return false;
      const std::string& cell = framed.cells[i];
      ok &= take(columns_[i], cell, row, cell.data());
    }
    return ok;
  }

  // take_quoted's usual line (a spreadsheet's, with every cell or every text quoted): each cell
  // either `"…"`, no quote inside and closed right before its comma or the line's end, or
  // without any quote, and none longer than --max-field-bytes. read_csv frames such a cell as
  // the text between its quotes, or as itself: converted here in place, not copied into
  // framed cells first (a file with every cell quoted took twice a plain one's time). 1 when
  // its cells convert (their count in `c`), 0 when they do not (the generic reader's), -1 for
  // a line of another shape, framed below as read_csv frames it.
  int take_simply_quoted(std::string_view line, KernelRow& row, std::size_t& c) const {
    const std::size_t columns = columns_.size() - 1;
    const std::size_t max_field = options_.read.max_field_bytes;
    const char* p = line.data();
    const char* const end = p + line.size();
    bool ok = true;
    for (c = 0;; ++c) {
      std::string_view cell;
      if (p != end && *p == '"') {
        const void* q = std::memchr(p + 1, '"', static_cast<std::size_t>(end - p - 1));
        if (!q) return -1;  // runs on, or a lone quote: read_csv's to frame
        const char* const close = static_cast<const char*>(q);
        if (close + 1 != end && close[1] != delimiter_) return -1;  // `""` inside, or text after the quote
        cell = std::string_view(p + 1, static_cast<std::size_t>(close - p - 1));
        p = close + 1;
      } else {
        const void* comma = std::memchr(p, delimiter_, static_cast<std::size_t>(end - p));
        const char* const stop = comma ? static_cast<const char*>(comma) : end;
        cell = std::string_view(p, static_cast<std::size_t>(stop - p));
        if (std::memchr(cell.data(), '"', cell.size())) return -1;  // after spaces a quote opens a field
        p = stop;
      }
      if (cell.size() > max_field || c >= columns) return -1;
      ok &= take(columns_[c], cell, row, line.data());
      if (p == end) break;
      ++p;  // the comma
    }
    ++c;
    if (c != columns) return -1;
    return ok ? 1 : 0;
  }

  // Whether every cell of a line longer than `max_field` bytes is at most that long (cells are
  // converted before their line's length is known, and checked here, in the rare case).
  [[gnu::noinline]] static bool cells_fit(std::string_view line, std::size_t max_field, char delimiter) {
    for (std::size_t at = 0; at <= line.size();) {
      const std::size_t comma = std::min(line.find(delimiter, at), line.size());
      if (comma - at > max_field) return false;
      at = comma + 1;
    }
    return true;
  }

  // The record's id (as the generic reader makes it); false for a copy of a duplicated id.
  // Inline always: with decide_lines compiled twice, GCC made it a call (21 instructions a record).
  [[gnu::always_inline]] bool identify(const KernelRow& row, std::uint64_t number, std::string& buf,
                                       std::string_view& id) const {
    if (id_text_) {
      id = row.text[id_slot_];
    } else if (!schema_.id_field) {
      char text[24];
      const auto r = std::to_chars(text, text + sizeof text, number);
      buf.assign(text, r.ptr);
      id = buf;
      return true;
    } else {  // a number
      char text[24];
      const auto r = std::to_chars(text, text + sizeof text, row.num[id_slot_]);
      buf.assign(text, r.ptr);
      id = buf;
    }
    return duplicate_hashes_.empty() || !repeats_hash(text_hash(id));
  }

  // A row whose id's hash repeats (identify): when its id is one that repeats (a hash alike may
  // be another id's), the kernel decides it as mark_duplicate leaves the generic runtime's
  // decision: not eligible, its reasons and then `duplicate_id`, no payer. A pass that collects
  // an allocation's candidates passes it by (a copy is never one); a run that only counts
  // counts it (`duplicate_id` its first reason only when it had none, a candidate of its
  // group); a run that renders or hands decisions on (what-if reports) makes its Decision from
  // the kernel's (decision_of), flags it, renders it or captures its value, and keeps it among
  // the block's whole decisions, as decide_framed does with the generic runtime's. False for
  // the generic path: another id, a fallback, or an eligible record of a group with a quota key
  // or keyed account that is missing (the generic runtime's to explain).
  [[gnu::noinline]] bool copy(KernelRow& row, std::string_view id, std::uint64_t line, std::uint64_t key,
                              KernelDecision& d, Block& b) const {
    const Message* detail = exact_ ? exact_->detail(id) : nullptr;
    if (!detail) return false;
    if (collect_) return true;
    kernel_.decide(row, d);
    if (d.outcome == KernelOutcome::Fallback) return false;
    thread_local KernelExtras extras;
    const KernelGroup* kg = d.outcome == KernelOutcome::Eligible ? &kernel_.group(d.group) : nullptr;
    if (kg && !keys(*kg, row, extras)) return false;
    if (!rendering() && !materialize_) {
      Tally& t = b.tally;
      ++t.reasons[duplicate_slot_];
      if (!kg) {
        static const KernelSplit none;
        count(d, none, t);
        return true;
      }
      ++t.candidates[static_cast<std::size_t>(d.group)];
      ++t.not_eligible;
      ++t.first_reasons[duplicate_slot_];
      return true;
    }
    thread_local KernelSplit split;
    if (kg) split_payers(kernel_, d, split);
    Decision& made = b.next_whole(key);
    decision_of(d, split, kg ? &extras : nullptr, id, line, made);
    mark_duplicate(program_, made, *detail);
    if (options_.capture) capture(b, &row, nullptr);
    if (rendering()) b.rendered += csv_ ? decision_csv_row(program_, made) : decision_json(made) + "\n";
    return true;
  }

  // What Summary::add counts for the decision.
  [[gnu::always_inline]] void count(const KernelDecision& d, const KernelSplit& split, Tally& t,
                                    const KernelExtras* x = nullptr) const {
    if (d.outcome == KernelOutcome::Outside) {
      ++t.not_eligible;
      ++t.reasons[outside_slot_];
      ++t.first_reasons[outside_slot_];
      return;
    }
    if (d.outcome == KernelOutcome::NoGroup) {
      ++t.not_eligible;
      ++t.reasons[no_group_slot_];
      ++t.first_reasons[no_group_slot_];
      for (std::uint64_t bits = d.failed; bits; bits &= bits - 1)
        ++t.reasons[no_group_slot_ + 1 + static_cast<std::size_t>(__builtin_ctzll(bits))];
      return;
    }
    const auto g = static_cast<std::size_t>(d.group);
    ++t.candidates[g];
    if (d.outcome == KernelOutcome::NotEligible) {
      ++t.not_eligible;
      const std::size_t base = slot_base_[g];
      ++t.first_reasons[base + static_cast<std::size_t>(__builtin_ctzll(d.failed))];
      for (std::uint64_t bits = d.failed; bits; bits &= bits - 1)
        ++t.reasons[base + static_cast<std::size_t>(__builtin_ctzll(bits))];
      return;
    }
    ++t.eligible;
    ++t.allocated[g];
    const KernelGroup& kg = kernel_.group(d.group);
    for (std::size_t i = 0; i < split.payers; ++i) {
      const std::uint32_t payer = kg.line->shares[i].payer;
      ++t.persons[payer];
      t.monthly[payer].add(split.sen[i]);
      t.yearly[payer].add_product(split.sen[i], kg.budget_months);
      if (!kg.line->shares[i].of_field) continue;
      // A keyed account: counted by its name too (entries stay from block to block, zeroed).
      auto& accounts = t.accounts[payer];
      auto it = accounts.find(x->accounts[i]);
      if (it == accounts.end()) it = accounts.emplace(std::string(x->accounts[i]), Tally::Account{}).first;
      ++it->second.persons;
      it->second.monthly.add(split.sen[i]);
      it->second.yearly.add_product(split.sen[i], kg.budget_months);
    }
  }

  const Program& program_;
  const Schema& schema_;
  const Kernel& kernel_;
  const RowLayout& layout_;
  const BatchOptions& options_;
  bool render_, csv_;
  char delimiter_;                        // between a CSV row's cells (ReadOptions::delimiter)
  std::optional<FastRenderer> renderer_;  // when rendering: summary-only runs make no shapes
  std::vector<Column> columns_;           // per column of the layout
  std::optional<std::size_t> id_column_;
  bool id_has_default_ = false;
  std::size_t id_slot_ = 0;             // the id field's
  bool id_text_ = false;                // the id is the field's text (not a number, not the line's)
  std::vector<std::size_t> defaulted_;  // fields without a column, with a default (or missing_ok)
  std::size_t uncovered_ = 0;           // fields without a column or a default
  std::vector<std::size_t> slot_base_;
  std::size_t no_group_slot_ = 0;
  std::size_t outside_slot_ = 0;    // `policy_validity`
  std::size_t quota_slot_ = 0;      // then the budget's
  std::size_t duplicate_slot_ = 0;  // `duplicate_id`
  bool collect_ = false;
  bool materialize_ = false;
  bool quoted_file_ = false;
  bool json_ = false;       // JSON Lines or array: column i is field i (LaneStart), each line's keys found by name
  bool array_ = false;      // a JSON array: its elements are the rows (json_elements.hpp)
  JsonKeys json_keys_;      // JSON Lines: the record's field names
  ReadOptions strict_;      // JSON Lines: the generic reader's, strict (an unknown key throws)
  ReadOptions ids_strict_;  // the same, for ids only (as scan_ids reads them)
  const Allocator* allocation_ = nullptr;
  std::vector<std::string_view> reason_names_;
  std::vector<std::uint64_t> duplicate_hashes_;  // sorted
  std::vector<std::uint64_t> duplicate_filter_;  // repeats_hash's bits
  int duplicate_shift_ = 64;
  std::optional<DuplicateIds> exact_;
  const RowStarts* run_ons_ = nullptr;
};

// One run of the lane over the file, for both entry points: `each`, if set, receives every
// final decision (and nothing is rendered). `run_ons`: where its blocks' rows begin, when found before
// (row_starts.hpp: a CSV file whose quoted fields run on past their line, a JSON array whose
// elements the blocks' guesses do not frame). Without them, a pass that stops on such rows,
// and on nothing else, finds them into `found` (when given) and returns false with its work
// undone: the caller runs the lane again with them.
bool run_lane(const Program& program, const std::string& path, const BatchOptions& options, bool csv, std::ostream* out,
              Summary& summary, const std::function<void(const Decision&)>& rejected, OutputFile* file,
              std::string* why_not, const std::function<void(const Decision&)>* each, const RowStarts* run_ons,
              std::optional<RowStarts>* found) {
  auto no = [&](std::string why) {
    if (why_not) *why_not = std::move(why);
    return false;
  };
  const bool array = options.format == InputFormat::Json;  // of objects, the lane's if it starts with one
  const bool json = options.format == InputFormat::JsonLines || array;
  if (json && program.schema.fields.size() > 64) return no(JARING_MSG("the record has more than 64 fields"));
  std::string why;
  const auto kernel = Kernel::compile(program, options.as_of, &why);
  if (!kernel) return no(std::string(generic_reason_policy_has) + why);
  record_read::check_ignore_fields(program.schema, options.read);
  const auto start = array  ? read_json_array_start(path, program.schema)
                     : json ? read_json_lines_start(path, program.schema)
                            : read_plain_csv_start(path, program.schema, options.read);
  if (!start)
    return no(array  ? JARING_MSG("the file is not a JSON array that begins with an object")
              : json ? JARING_MSG("the file is empty")
                     : JARING_MSG("the file does not start with a plain header line and a row (lone CR line ends, "
                                  "a quoted field running on past the header's line, or no row)"));
  const BlockStarts starts = array ? BlockStarts::JsonElements : BlockStarts::Lines;
  struct stat st {};
  const std::uint64_t input_bytes = ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  Lane lane(program, *kernel, start->layout, options, out != nullptr, csv);
  lane.materialize(each != nullptr);
  lane.set_run_ons(run_ons);
  const std::vector<std::uint64_t>* row_starts = run_ons ? &run_ons->block_starts : nullptr;
  if (!lane.fields_covered()) return no(JARING_MSG("a field without a column has no default"));
  const unsigned threads = std::max(1u, options.threads);
  const std::size_t block = options.block_bytes > 0 ? options.block_bytes : fast_block_bytes(out && !csv);

  // The hash of every id, kept by the worker that read it (no lock, no copy on this thread).
  std::optional<IdHashes> ids;
  ids.emplace(threads);
  std::vector<Warm> warm(threads);
  auto keep_ids = [&](const Block& b, unsigned worker) {
    // Room for the ids of the whole file, as estimated from the first block kept (and the
    // eighth more expect() gives), which the workers share however they divide the blocks.
    ids->expect(b.ids.size() * (input_bytes / std::max<std::size_t>(b.bytes.size, 1) + 1));
    ids->add(worker, b.ids);
  };
  // An optimistic pass that met a repeated id among each worker's first (EarlyRepeats) stops
  // there: it would be done again, knowing the repeats, after the scan that finds them.
  std::atomic<bool> repeats_seen{false};
  bool cut_short = false;
  // What stops the lane, found by the scan or by an optimistic pass.
  bool is_plain = true, unusual = false, too_long = false, unknown_key = false;
  bool quoted = false;  // a block with quotes, each closing on its line
  // Not plain for a quoted field that runs on past its line, and for nothing else.
  bool runs_on = false, other_unplain = false;
  auto stopped = [&] { return !is_plain || unusual || too_long || unknown_key; };
  // What a block of a pass that checks the file (the scan, an optimistic pass) found.
  auto take_findings = [&](const Block& b) {
    is_plain = is_plain && b.plain;
    runs_on = runs_on || b.runs_on;
    other_unplain = other_unplain || (!b.plain && !b.runs_on);
    quoted = quoted || b.quoted;
    unknown_key = unknown_key || b.unknown_key;
    unusual = unusual || b.unusual_id;
  };
  auto why_stopped = [&] {
    return unknown_key ? JARING_MSG("a record has a key the policy does not know")
           : !is_plain && array
               ? JARING_MSG(
                     "the JSON array has an element that is not an object, a `,{` in a value where a block "
                     "begins, text after its `]` or no `]`, or lone CR line ends")
           : !is_plain && run_ons ? JARING_MSG("the file has lone CR line ends, or changed while it was read")
           : !is_plain ? JARING_MSG("the file has a quoted field that runs on past its line, or lone CR line ends")
           : too_long  ? JARING_MSG("a line is longer than --max-record-bytes")
                       : JARING_MSG("an id is written in a notation the lane does not read");
  };
  // A pass stopped: the lane does not apply, or (a CSV file whose quoted fields run on past
  // their line, and nothing else) it does once they are found, by the caller's second run.
  auto stop = [&]() -> bool {
    // A JSON array whose guessed element starts did not frame (a `,{` in a value, a nested
    // array of objects), or could not be told: framed from its start, unless it is not the
    // lane's (then the second run stops too, and says why).
    if (found && !run_ons && array && !unusual && !unknown_key) {
      *found = find_json_element_starts(path, start->offset, block, options.read.max_record_bytes);
      if (*found) return false;
      return no(why_stopped());
    }
    if (found && !run_ons && runs_on && !other_unplain && !unusual && !too_long && !unknown_key) {
      *found = find_csv_row_starts(path, start->offset, start->lines + 1, block, start->layout, options.read);
      if (*found) return false;
      static_assert(csv_alone_max == 10'000, "the reason below names it");
      return no(
          JARING_MSG("more than 10000 rows have a quoted field that runs on past its line and does not close, or "
                     "--max-record-bytes is over 16 MiB"));
    }
    return no(why_stopped());
  };

  // The candidates of a block, the kernel's and the generic runtime's eligible decisions, to
  // the allocation in input order.
  auto add_candidates = [&](Block& b, Allocator& allocation) {
    for (std::size_t k = 0; k < b.payments.size(); ++k)
      if (const auto [at, size] = b.payment_accounts[k]; size > 0)
        b.payments[k].account = std::string_view(b.candidate_text).substr(at, size);
    std::size_t f = 0;
    auto fallbacks_before = [&](std::uint64_t key) {
      for (; f < b.decided && b.keys[f] < key; ++f)
        if (b.fallbacks[f].status == Status::Eligible) allocation.add(b.fallbacks[f], b.keys[f]);
    };
    for (const Block::Candidate& c : b.candidates) {
      fallbacks_before(c.key);
      const std::string_view text = std::string_view(b.candidate_text).substr(c.text, c.id_size + c.key_size);
      allocation.add(c.key, c.line, c.group, text.substr(0, c.id_size), c.has_rank ? &c.rank : nullptr,
                     text.substr(c.id_size), b.payments.data() + c.first_payment, c.payments);
    }
    fallbacks_before(std::numeric_limits<std::uint64_t>::max());
  };

  // One pass of decisions, emitted in input order. `optimistic`: no scan came first; blocks
  // are checked on the way and ids collected, and rejections are held back (up to a limit)
  // until the pass is known to stand, unless options.rejected_restart can take them back. `collecting`: the first pass
  // of a policy with quotas or budgets, which writes and counts nothing and gives its candidates to the allocation.
  constexpr std::size_t held_max = 10'000;
  std::vector<Decision> held;
  bool held_over = false;
  auto decide_pass = [&](bool optimistic, Allocator* collecting, int pass, int passes) {
    lane.collect_candidates(collecting != nullptr);
    lane.set_quoted_file(quoted);
    std::ostream* const sink = collecting ? nullptr : out;
    // Decisions as CSV with another delimiter: each block's rows, as rendered, redelimited on its
    // worker (the header too), the same bytes as the generic runtime's (population.cpp).
    const char delimiter = options.out_delimiter;
    const bool redelimit = sink && csv && delimiter != ',';
    if (sink && csv) *sink << redelimited_csv(decision_csv_header(program), delimiter);
    InputCounts counts;
    BatchOptions::OneAtATime one;
    counts.line_based = !array;  // a JSON array's rows are its elements, as read_json_document counts them
    counts.lines = start->lines;
    counts.header = json ? 0 : 1;
    counts.blank = start->blank;
    std::uint64_t decided = 0;
    const BlockReader reader(path, start->offset, start->lines + 1, block, options.read.max_record_bytes, starts,
                             row_starts);
    // Each worker writes its block at its place when the output allows it (the header first),
    // or keeps it for later while another worker writes (io/shared_writes.hpp).
    std::optional<std::uint64_t> base = file && sink ? file->start_positional() : std::nullopt;
    std::uint64_t written = 0;
    std::optional<SharedWrites> writes_storage;
    if (base)
      writes_storage.emplace(threads, [&](std::string_view text, std::uint64_t at) { file->write_at(text, at); });
    std::optional<BlockRun<Block>> run_storage;
    const std::function<std::uint64_t(std::uint64_t)> first_line_of = [&](std::uint64_t k) {
      return run_storage->first_line(k);
    };
    const Numbering numbering = lane.numbers_lazily() ? Numbering::Lazy : Numbering::First;
    // A pass that collects goes on past a repeated id: its candidates of such ids are withdrawn
    // after it (Allocator::withdraw), and the ids it keeps are the scan's.
    std::vector<EarlyRepeats> early(optimistic && !collecting ? threads : 0);
    repeats_seen = false;
    cut_short = false;
    run_storage.emplace(
        reader, threads,
        [&](Block& b, unsigned worker) {
          const OwnBuffers own(b, warm[worker], base.has_value());
          lane.decide(b, optimistic, first_line_of);
          if (redelimit) {
            thread_local std::string redelimited;
            redelimited.clear();
            redelimit_csv(b.rendered, delimiter, redelimited);
            std::swap(b.rendered, redelimited);
          }
          if (optimistic && b.plain && !b.unusual_id && !b.unknown_key) {
            keep_ids(b, worker);
            if (!early.empty() && early[worker].add(b.ids)) repeats_seen.store(true, std::memory_order_relaxed);
          }
          if (!base) return;
          // A block that stops an optimistic pass writes nothing; its place is still given.
          const bool writes = !optimistic || (b.plain && !b.unusual_id && !b.unknown_key);
          b.written = b.rendered.size();
          const auto at = run_storage->offer(b.index, writes ? b.written : 0);
          if (!writes) return;
          if (at) writes_storage->write(worker, b.rendered, *base + *at);
          else std::swap(b.rendered, b.unplaced);  // the worker goes on with another buffer
        },
        [&](Block& b) {
          counts.lines += b.lines;
          if (optimistic) {
            take_findings(b);
            if (stopped()) return run_storage->stop();
            if (repeats_seen.load(std::memory_order_relaxed)) {
              cut_short = true;
              return run_storage->stop();
            }
          } else if (!b.plain || b.unknown_key) {  // found so after a pass that found none: the file changed
            is_plain = false;
            return run_storage->stop();
          }
          if (collecting) {
            // Room for a candidate in every row of the file at the rate of its first block, and
            // a quarter more, with the text and payments its candidates had each (pages not
            // reached are never touched). Not at the first block's rate of candidates: a list's
            // first rows need not be its usual ones, and a vector that outgrew its room held
            // both rooms while it moved (cilegon-2024-repeated, 1M rows: 692 candidates in the
            // first block, 0,69M reserved, a peak of 81 MiB against 56 after).
            if (b.index == 0 && b.decided_bytes > 0) {
              const double blocks = static_cast<double>(input_bytes) / static_cast<double>(b.decided_bytes) * 1.25 + 1;
              const double rows = static_cast<double>(b.rows) * blocks;
              const double per = b.candidates.empty() ? 0 : 1 / static_cast<double>(b.candidates.size());
              collecting->reserve(static_cast<std::size_t>(rows),
                                  static_cast<std::size_t>(static_cast<double>(b.candidate_text.size()) * per * rows),
                                  static_cast<std::size_t>(static_cast<double>(b.payments.size()) * per * rows));
            }
            add_candidates(b, *collecting);
            decided += b.rows;
            if (options.progress) options.progress(decided, pass, passes);
            return;
          }
          if (base) {
            if (!b.unplaced.empty()) {
              writes_storage->write_now(b.unplaced, *base + run_storage->place_of(b.index));
              b.unplaced.clear();
            }
            written += b.written;
          } else if (sink) sink->write(b.rendered.data(), static_cast<std::streamsize>(b.rendered.size()));
          summary.add(b.tally, lane.reason_names());
          std::size_t k = 0;
          for (Decision& d : b.whole()) {
            if (each) {
              if (options.capture) options.capture->values->push_back(b.captured[k++]);
              (*each)(d);
              continue;
            }
            summary.add(d);
            if (!rejected || d.status != Status::Rejected) continue;
            if (!optimistic || options.rejected_restart) rejected(d);
            else if (held.size() < held_max) held.push_back(std::move(d));
            else held_over = true;
          }
          counts.blank += b.blank;
          counts.continuation += b.continuation;
          counts.rows += b.rows;
          if (b.one_at_a_time > 0 && one.records == 0) one.first_line = b.one_at_a_time_line;
          one.records += b.one_at_a_time;
          decided += b.rows;
          if (options.progress) options.progress(decided, pass, passes);
        },
        numbering, base ? BlockRun<Block>::long_window(threads) : 0);
    run_storage->run();
    if (writes_storage) writes_storage->finish();
    too_long = too_long || run_storage->too_long();
    if (base) file->end_positional(*base + written);
    if (options.counts) *options.counts = counts;
    if (options.one_at_a_time && !collecting) *options.one_at_a_time = one;
  };

  // The ids that repeat, from the pass before (their hashes), given to the lane, whose next
  // pass leaves their copies to the generic runtime; and told apart by their text before it
  // (Lane::exact_ids: the rows whose id's hash repeats read again whole, by the workers).
  auto tell_repeated = [&](std::vector<std::uint64_t> repeated, int pass, int passes) {
    const bool any = !repeated.empty();
    lane.set_duplicates(std::move(repeated));
    if (!any) return;
    DuplicateIds exact;
    const BlockReader reader(path, start->offset, start->lines + 1, block, options.read.max_record_bytes, starts,
                             row_starts);
    std::uint64_t scanned = 0;
    bool changed = false;
    BlockRun<Block> run(
        reader, threads, [&](Block& b, unsigned) { lane.exact_ids(b); },
        [&](Block& b) {
          if (!b.plain || b.unusual_id || b.unknown_key) {
            changed = true;
            return run.stop();
          }
          std::size_t at = 0;
          for (const Block::Exact& e : b.exact) {
            exact.add(std::string_view(b.exact_text).substr(at, e.size), e.line);
            at += e.size;
          }
          scanned += b.lines;
          if (options.progress) options.progress(scanned, pass, passes);
        });
    run.run();
    if (changed || run.too_long()) throw std::runtime_error(say("{} changed while it was read", path));
    exact.seal();
    lane.set_exact(std::move(exact));
  };

  // The scan: the file checked plain throughout, and the hash of every id kept (`pass` of
  // `passes`, for progress).
  auto scan = [&](int pass, int passes) {
    const BlockReader reader(path, start->offset, start->lines + 1, block, options.read.max_record_bytes, starts,
                             row_starts);
    std::uint64_t scanned = 0;
    BlockRun<Block> run(
        reader, threads,
        [&](Block& b, unsigned worker) {
          const OwnBuffers own(b, warm[worker], false);
          lane.scan(b);
          if (b.plain && !b.unusual_id && !b.unknown_key) keep_ids(b, worker);
        },
        [&](Block& b) {
          take_findings(b);
          if (stopped()) return run.stop();
          scanned += b.lines;
          if (options.progress) options.progress(scanned, pass, passes);
        });
    run.run();
    too_long = too_long || run.too_long();
  };

  // Quotas and budgets: a pass that collects the candidates and every id's hash (deciding
  // before the scan: it writes nothing), the allocation, and a pass that decides, applies it and
  // writes. When ids repeat, the rows that bear them are read again to tell them apart by their
  // text (tell_repeated), and their candidates withdrawn: a copy of a repeated id is not eligible.
  // (Collecting again, knowing the repeats, took a pass more, and a scan when the first rows
  // repeated ids: cilegon-2024-repeated's population at a million records, 818 ms at one thread
  // where this takes 627, 458 ms at two where this takes 406; its peak 72 MiB against 66, the
  // ids' hashes held beside the candidates.)
  if (program.needs_allocation) {
    std::optional<Allocator> allocation;
    allocation.emplace(program, options.as_of);
    allocation->set_threads(threads);
    decide_pass(true, &*allocation, 1, 2);
    if (stopped()) return stop();
    std::vector<std::uint64_t> repeated = repeated_ids(*ids, threads);
    const bool again = !repeated.empty();
    if (again) {
      tell_repeated(std::move(repeated), 2, 3);
      allocation->withdraw(lane.repeated_texts());
    }
    // Every repeated id's candidates were withdrawn above: no two candidates share an id.
    allocation->set_ids_distinct(lane.hashes_every_id());
    allocation->run();
    lane.set_allocation(&*allocation);
    decide_pass(false, nullptr, again ? 3 : 2, again ? 3 : 2);
    if (stopped()) throw std::runtime_error(say("{} changed while it was read", path));
    return true;
  }

  // Deciding before the scan is safe when a wrong start can be undone: no decisions are
  // written, or their file can be emptied. Ids rarely repeat, and then this is the only pass.
  // Not when the decisions are handed on one by one: those cannot be taken back.
  const bool optimistic = !each && (!out || (file && file->rewind()));
  if (optimistic) {
    decide_pass(true, nullptr, 1, 1);
    auto undo = [&] {
      if (out && !file->rewind()) throw std::runtime_error("the decisions written cannot be taken back");
      if (rejected && options.rejected_restart && !options.rejected_restart())
        throw std::runtime_error("the rejections written cannot be taken back");
      summary.reset();
      held.clear();
    };
    if (stopped()) {
      undo();
      return stop();
    }
    if (!cut_short) {
      std::vector<std::uint64_t> repeated = repeated_ids(*ids, threads);
      if (repeated.empty() && !held_over) {
        for (const Decision& d : held) rejected(d);
        return true;
      }
      // Again, knowing which ids repeat (and passing every rejection on as it comes).
      undo();
      tell_repeated(std::move(repeated), 1, 2);
      decide_pass(false, nullptr, 2, 2);
      if (stopped()) throw std::runtime_error(say("{} changed while it was read", path));
      return true;
    }
    // Ids repeat among the first rows: the scan first, as below.
    undo();
    ids.emplace(threads);
  }

  // The scan first: plain throughout, and the ids that are on more than one row.
  scan(1, 2);
  if (stopped()) return stop();
  tell_repeated(repeated_ids(*ids, threads), 1, 2);
  decide_pass(false, nullptr, 2, 2);
  if (stopped()) throw std::runtime_error(say("{} changed while it was read", path));
  return true;
}

}  // namespace

bool fast_decide_population(const Program& program, const std::string& path, const BatchOptions& options, bool csv,
                            std::ostream* out, Summary& summary, const std::function<void(const Decision&)>& rejected,
                            OutputFile* file, std::string* why_not) {
  std::optional<RowStarts> found;
  if (run_lane(program, path, options, csv, out, summary, rejected, file, why_not, nullptr, nullptr, &found))
    return true;
  return found &&
         run_lane(program, path, options, csv, out, summary, rejected, file, why_not, nullptr, &*found, nullptr);
}

std::size_t fast_block_bytes(bool json_lines) { return json_lines ? json_block_bytes : block_bytes; }

bool fast_decide_each(const Program& program, const std::string& path, const BatchOptions& options,
                      const std::function<void(const Decision&)>& each, std::string* why_not) {
  Summary summary(program, options.as_of);
  std::optional<RowStarts> found;
  if (run_lane(program, path, options, false, nullptr, summary, {}, nullptr, why_not, &each, nullptr, &found))
    return true;
  return found &&
         run_lane(program, path, options, false, nullptr, summary, {}, nullptr, why_not, &each, &*found, nullptr);
}

}  // namespace jaring
