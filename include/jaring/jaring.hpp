// Jaring's public C++ API: the one header an embedding program includes (installed as
// <jaring/jaring.hpp>, CMake target Jaring::engine, pkg-config `jaring`). It needs only the
// standard library; the engine behind it is private and may change between versions.
//
//   jaring::api::Policy policy = jaring::api::Policy::open("rules/regions/cilegon.policy");
//   std::string json = policy.decide(R"({"id":"w1", ...})", "2025-03-01");
//
// The decisions are byte for byte those of `jaring eval --record` and `jaring eval --records`.
// A Policy is immutable once opened: its const members may be called from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace jaring::api {

// The version of the library, e.g. "0.1.0".
const char* version();

// A policy that did not open: unreadable, or with errors when loaded or checked. what() is the
// diagnostics as `jaring check` prints them (one per line, `file:line:col: error: ...`).
class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input that cannot be decided at all: a date that is not YYYY-MM-DD, a record key or CSV column
// the policy does not know, a population file that cannot be read or whose format is unknown.
// (A record with a bad value is not an error: its decision is `rejected`, with the reason.)
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An output that cannot be written (the message names the path and the system's reason).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpenOptions {
  // Extra folders searched for `use` paths, as `jaring -I DIR` (after the policy's own folder
  // and its rules root, before JARING_PATH).
  std::vector<std::string> search_paths;
  // Last of all, the installed rule packs beside the running program
  // (`<bin>/../share/jaring/rules`), as the `jaring` executable does.
  bool installed_rules = true;
  // Where the installed rule packs are instead, for a program installed elsewhere than Jaring's
  // `bin/` (the Python module finds them from its own folder); used when it is a folder.
  // Empty: beside the running program.
  std::string installed_rules_dir;
};

struct DecideOptions {
  // Dates also read in this notation (`jaring eval --record … --date-format`), named as
  // PopulationOptions::date_format is; empty: `YYYY-MM-DD` only, which is always read. Another
  // value throws InputError.
  std::string date_format;
  // JSON keys (or fields) the policy's record does not have, read past (`--ignore-field`);
  // without them an unknown key throws InputError.
  std::vector<std::string> ignore_fields;
};

struct PopulationOptions {
  // "csv", "jsonl" or "json"; empty: by the extension of the records file, as `jaring eval`.
  std::string input_format;
  // Worker threads; 0: the cores this process may use (its CPU affinity, within its cgroup quota).
  unsigned threads = 0;
  // Where to write the summary JSON (`--summary`); empty: not written.
  std::string summary_path;
  // The character between a CSV file's cells (`--delimiter`): "comma" (empty: the default),
  // "semicolon" (a spreadsheet set to Indonesian saves CSV so), "tab" or "pipe", or the
  // character itself. Another value, or one other than comma for JSON input, throws InputError.
  std::string delimiter;
  // Dates also read in this notation (`--date-format`): "DD/MM/YYYY" (a spreadsheet set to
  // Indonesian), "DD-MM-YYYY", "DD.MM.YYYY" or "MM/DD/YYYY"; empty: `YYYY-MM-DD` only, which is
  // always read. Another value throws InputError.
  std::string date_format;
  // With decisions written as CSV (`out_path` ending in .csv): the character between their
  // cells (`--out-delimiter`), named as `delimiter` is; empty: comma. Another value, or one other
  // than comma for decisions written as JSON Lines, throws InputError.
  std::string out_delimiter;
  // CSV columns or JSON keys the policy's record does not have, read past (`--ignore-field`);
  // without them an unknown column or key throws InputError.
  std::vector<std::string> ignore_fields;
};

// What a population run did (`jaring eval --records` prints the same figures to stderr).
struct PopulationResult {
  std::uint64_t records = 0;  // rows read: decided + rejected
  std::uint64_t eligible = 0;
  std::uint64_t not_eligible = 0;
  std::uint64_t waitlisted = 0;
  std::uint64_t rejected = 0;
  bool reconciles = false;  // every input line accounted for (exit 1 of `jaring eval` if not)
  // Why the generic runtime decided the records rather than the fast lane, many times slower
  // (in English, as `jaring eval`'s note says it: "the policy has more than 64 requirements",
  // "JARING_RUNTIME=generic"); empty when the fast lane decided them.
  std::string runtime_reason;
};

class Policy {
 public:
  // Loads the policy at `path` (with its `use` files and `amends` base), checks and compiles
  // it. Throws PolicyError on failure; warnings do not fail (see warnings()).
  static Policy open(const std::string& path, const OpenOptions& options = {});

  // The diagnostics of a policy that opened (warnings only), as text; empty if clean.
  const std::string& warnings() const;
  // The policy hash every decision names (`sha256:...`).
  const std::string& hash() const;

  // Decides one record given as a JSON object, as of `as_of` (YYYY-MM-DD): the decision JSON
  // exactly as `jaring eval POLICY --as-of AS_OF --record JSON` prints it, without the newline.
  std::string decide(const std::string& record_json, const std::string& as_of, const DecideOptions& options = {}) const;
  // The same for a record given as field name → text, read as a CSV row is (money `Rp 1.000`
  // or digits, dates YYYY-MM-DD or as options.date_format says, bool true/false/ya/tidak/1/0,
  // an empty text: no value).
  std::string decide(const std::map<std::string, std::string>& fields, const std::string& as_of,
                     const DecideOptions& options = {}) const;

  // Decides the population in `records_path` (CSV, JSON Lines or JSON) as `jaring eval
  // --records RECORDS --out OUT` does, writing the decisions to `out_path` (JSON Lines, or CSV
  // if it ends in .csv) only when the run succeeds (written to a temporary file, then renamed).
  PopulationResult decide_population(const std::string& records_path, const std::string& as_of,
                                     const std::string& out_path, const PopulationOptions& options = {}) const;

  Policy(const Policy&) = default;
  Policy& operator=(const Policy&) = default;
  Policy(Policy&&) noexcept = default;
  Policy& operator=(Policy&&) noexcept = default;
  ~Policy();

 private:
  struct Impl;
  explicit Policy(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jaring::api
