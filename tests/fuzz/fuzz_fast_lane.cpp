// libFuzzer target, differential: bytes as the rows of a CSV file for the cilegon-bench
// policy (examples/bench/cilegon-bench.policy; the header is written first unless the bytes
// bring their own; quoted fields among them, which the lane frames line by line where each
// closes on its line, and whole, once it has found them, where one runs on: row_starts.hpp),
// and the same bytes as JSON Lines and as a JSON array (as they are when
// they begin with `[`, else their lines its elements), decided by the generic runtime and by the fast lane
// (io/fast_population; in blocks of its own size or of a few dozen bytes, the CSV separated by commas, semicolons
// or tabs, by the input's length), which must give
// the same decisions (CSV), rejections and summary, byte for byte, with the
// decisions written and with the summary only (the lane's optimistic single pass); then the
// same for the policy with a quota per domicile ranked by income, a budget and an account
// chosen by a field, a group not valid on the date, a contribution with two constant factors
// and one the max of money and an unrounded amount, a requirement that divides by a value of
// the record and one that reads a parameter table of text (the lane's two passes and the
// allocation), and its domicile and registered_pu optional (missing values); and the bench policy on
// a date it is not valid on. And each record read decided alone, as the server decides it: the record lane's text
// (io/record_lane.hpp) is the generic runtime's decision_json. Aborts, printing both, on the first difference. Built
// only with JARING_FUZZ.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "engine/base/date.hpp"
#include "engine/io/decision_csv.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_lane.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/open_policy.hpp"

namespace {

using namespace jaring;

std::shared_ptr<const Program> open_or_abort(const std::string& path) {
  SourceMap sources;
  Diagnostics diags;
  auto opened = open_policy(path, sources, diags);
  if (!opened.ok()) {
    std::fprintf(stderr, "fuzz_fast_lane: %s does not open\n", path.c_str());
    std::abort();
  }
  return opened.program;
}

const char* const bench_path = JARING_SOURCE_DIR "/examples/bench/cilegon-bench.policy";

const Program& bench_program() {
  static const std::shared_ptr<const Program> program = open_or_abort(bench_path);
  return *program;
}

// The bench policy with allocation: written to a temporary file once, opened, removed.
const Program& allocating_program() {
  static const std::shared_ptr<const Program> program = [] {
    std::ifstream in(bench_path);
    std::stringstream text;
    text << in.rdbuf();
    std::string policy = text.str();
    auto replace = [&](const std::string& from, const std::string& to) {
      const std::size_t at = policy.find(from);
      if (at == std::string::npos) {
        std::fprintf(stderr, "fuzz_fast_lane: the bench policy has no `%s`\n", from.c_str());
        std::abort();
      }
      policy.replace(at, from.size(), to);
    };
    replace("payer apbd_kota \"APBD Kota Cilegon\"",
            "payer apbd_kota \"APBD Kota Cilegon\"\n  budget 2024 = Rp 1.500.000");
    replace("  paid_by apbd_kota\n}", "  paid_by apbd_kota\n  quota 2 per domicile rank by declared_income desc\n}");
    replace("  paid_by apbd_kota\n}", "  paid_by apbd_kota 50%, mandiri 50% of domicile\n}");
    // Fishers' group not valid on the date: passed over, and named when no group takes them.
    replace("  paid_by apbd_kota\n}", "  paid_by apbd_kota\n  valid 2024-01-01 .. 2024-06-30\n}");
    // JHT as a product of two constants, as the national contributions are written: the kernel
    // multiplies them at once (kernel.cpp constant_factors).
    replace("contribution = round(base * 2%)", "contribution = round(base * 4% * 50%)");
    // JKK at least Rp 12.345,67 before rounding: money and an unrounded amount in one max,
    // whose winner keeps its kind in the generic runtime (kernel.cpp mixed()).
    replace("contribution = round(base * 1%)", "contribution = round(max(declared_income * 1%, Rp 12.345,67))");
    // Linmas with an income per year of age past 30 (a division by a value of the record, by
    // 0 at 30: kernel.cpp quotient()), and whose role's kind, from a parameter table of text,
    // is theirs (kernel_eval.cpp text(); a role without a row is handed on).
    replace("let base = ",
            "parameter kind_of \"Jenis\" : text by role\n"
            "  since 2024-01-01 = { \"linmas\": \"jaga\", \"marbot\": \"masjid\" }\n"
            "let base = ");
    replace("  when role == \"linmas\"\n",
            "  when role == \"linmas\"\n  require per_year \"Per tahun\" [X 1]\n"
            "    declared_income / (age - 30) between Rp 0 and Rp 200.000 or age > 60\n"
            "  require kind \"Jenis\" [X 2]\n    kind_of == \"jaga\"\n");
    // Optional fields its rules read, left empty in some rows: such a record is decided with
    // the missing values (kernel_eval.cpp decide_missing), or handed on where a quota or an
    // account is keyed by the missing domicile.
    replace("  domicile        : region\n", "  domicile        : region optional\n");
    replace("  registered_pu   : bool\n", "  registered_pu   : bool optional\n");
    char name[] = "/tmp/jaring-fuzz-policy-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0 || write(fd, policy.data(), policy.size()) != static_cast<ssize_t>(policy.size())) std::abort();
    close(fd);
    const std::string path = std::string(name);
    const std::string with_ending = path + ".policy";
    std::rename(path.c_str(), with_ending.c_str());
    auto opened = open_or_abort(with_ending);
    std::remove(with_ending.c_str());
    return opened;
  }();
  return *program;
}

// The input files, rewritten for every input and removed when the process exits: the bytes
// as CSV (a header first unless they bring one) and as they are, for JSON Lines.
struct InputFiles {
  static std::string make(const char* pattern) {
    std::string name = pattern;
    const int fd = mkstemp(name.data());
    if (fd < 0) std::abort();
    close(fd);
    return name;
  }
  std::string csv = make("/tmp/jaring-fuzz-fast-lane-XXXXXX");
  std::string json_lines = make("/tmp/jaring-fuzz-fast-lane-jsonl-XXXXXX");
  std::string json_array = make("/tmp/jaring-fuzz-fast-lane-json-XXXXXX");
  InputFiles() = default;
  InputFiles(const InputFiles&) = delete;
  InputFiles& operator=(const InputFiles&) = delete;
  ~InputFiles() {
    std::remove(csv.c_str());
    std::remove(json_lines.c_str());
    std::remove(json_array.c_str());
  }
};

const InputFiles& input_files() {
  static const InputFiles files;
  return files;
}
const std::string& input_path() { return input_files().csv; }
const std::string& json_lines_path() { return input_files().json_lines; }
const std::string& json_array_path() { return input_files().json_array; }

struct Run {
  std::string decisions, rejections, summary, error;
};

// The lane's block for this input's runs: its own (128 KiB, which holds any input here whole)
// or a few dozen bytes to a kilobyte, by the input's length, so that the inputs are also cut
// into many blocks, some in mid-line, that two workers take in turn: where each block begins and
// ends (a quoted field, a JSON array's element), the rows a block hands to the next, and the
// order the workers' decisions are put back in, all against the generic runtime's one reading.
std::size_t lane_block = 0;
// The CSV delimiter of this input (ReadOptions::delimiter): a comma, or by the input's length a
// semicolon or a tab (then no blank around a cell), the header written with it.
char csv_delimiter = ',';
// The delimiter of the decisions written (BatchOptions::out_delimiter, --out-delimiter): a
// comma, or by the input's length a semicolon or `|`: each block's rows redelimited on the
// lane's workers, each row by the generic runtime.
char out_delimiter = ',';
// The dates' other notation read (ReadOptions::date_format, --date-format): none, or by the
// input's length DD/MM/YYYY or MM/DD/YYYY, converted by the lane's workers and by the generic
// reader alike.
DateFormat date_format{};

constexpr Ymd usual_date{2024, 8, 1};
constexpr Ymd outside_date{2025, 1, 1};  // the bench policy is valid in 2024 only

Run decide(const Program& program, const char* runtime, bool write_decisions, Ymd date = usual_date,
           InputFormat format = InputFormat::Csv) {
  setenv("JARING_RUNTIME", runtime, 1);
  BatchOptions options;
  options.format = format;
  options.as_of = day_from_ymd(date);
  options.threads = 2;
  options.block_bytes = lane_block;
  options.read.delimiter = csv_delimiter;
  options.read.date_format = date_format;
  options.out_delimiter = out_delimiter;
  options.read.max_field_bytes = 64;  // the limits' edges within a few kilobytes
  options.read.max_record_bytes = 512;
  Summary summary(program, options.as_of);
  std::ostringstream out;
  Run run;
  try {
    decide_population(program,
                      format == InputFormat::Csv         ? input_path()
                      : format == InputFormat::JsonLines ? json_lines_path()
                                                         : json_array_path(),
                      options, DecisionFormat::Csv, write_decisions ? &out : nullptr, summary,
                      [&](const Decision& d) { run.rejections += rejects_csv_rows(d); });
  } catch (const std::exception& e) {
    run.error = e.what();
    return run;
  }
  run.decisions = out.str();
  run.summary = summary.json() + summary.text();
  return run;
}

void same(const Run& generic, const Run& lane, const char* what) {
  if (generic.decisions == lane.decisions && generic.rejections == lane.rejections && generic.summary == lane.summary &&
      generic.error == lane.error)
    return;
  std::fprintf(stderr, "fuzz_fast_lane: %s differ\n--- generic:\n%s\n%s\n%s\n%s\n--- fast lane:\n%s\n%s\n%s\n%s\n",
               what, generic.error.c_str(), generic.decisions.c_str(), generic.rejections.c_str(),
               generic.summary.c_str(), lane.error.c_str(), lane.decisions.c_str(), lane.rejections.c_str(),
               lane.summary.c_str());
  std::abort();
}

// Every record of the input decided alone, by the record lane where it decides and by the
// generic runtime.
void same_alone(const Program& program, Ymd date = usual_date) {
  const Day as_of = day_from_ymd(date);
  static std::map<std::pair<const Program*, Day>, std::unique_ptr<const RecordLane>> lanes;
  auto& lane = lanes[{&program, as_of}];
  if (!lane) lane = RecordLane::make(program, as_of);
  if (!lane) {
    std::fprintf(stderr, "fuzz_fast_lane: no record lane for the policy\n");
    std::abort();
  }
  std::ifstream in(input_path(), std::ios::binary);
  ReadOptions options;
  options.max_field_bytes = 64;
  options.max_record_bytes = 512;
  options.delimiter = csv_delimiter;
  options.date_format = date_format;
  try {
    read_records(
        in, InputFormat::Csv, program.schema,
        [&](ReadResult&& r) {
          const Record* record = std::get_if<Record>(&r);
          std::string text;
          if (!record || !lane->decide_json(*record, text)) return;
          const std::string generic = decision_json(decide(program, *record, as_of));
          if (text == generic) return;
          std::fprintf(stderr,
                       "fuzz_fast_lane: a record decided alone differs\n--- generic:\n%s\n--- record lane:\n%s\n",
                       generic.c_str(), text.c_str());
          std::abort();
        },
        options);
  } catch (const std::exception&) {  // a file the reader refuses whole: nothing decided
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Program& program = bench_program();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr std::size_t blocks[] = {0, 61, 256, 1024};
  lane_block = blocks[size % std::size(blocks)];
  constexpr char delimiters[] = {',', ',', ';', '\t'};
  csv_delimiter = delimiters[size / std::size(blocks) % std::size(delimiters)];
  constexpr char out_delimiters[] = {',', ';', ',', '|', ',', ','};
  out_delimiter = out_delimiters[size / 16 % std::size(out_delimiters)];
  constexpr DateFormat date_formats_used[] = {{}, {'/', true}, {}, {'/', false}, {'.', true}};
  date_format = date_formats_used[size / 8 % std::size(date_formats_used)];
  {
    std::ofstream file(input_path(), std::ios::binary | std::ios::trunc);
    std::string header = "nik,name,birth_date,role,domicile,declared_income,registered_pu\n";
    for (char& c : header)
      if (c == ',') c = csv_delimiter;
    if (bytes.substr(0, 4) != header.substr(0, 4)) file << header;
    file << bytes;
  }
  {
    std::ofstream file(json_lines_path(), std::ios::binary | std::ios::trunc);
    file << bytes;
  }
  {
    // As a JSON array: the bytes as they are when they begin with `[`, else their lines as its
    // elements, on one line or one a line (the lane's guesses where blocks begin are checked).
    std::ofstream file(json_array_path(), std::ios::binary | std::ios::trunc);
    if (!bytes.empty() && bytes.front() == '[') {
      file << bytes;
    } else {
      std::string array = "[";
      for (const char c : bytes) array += c == '\n' ? (size % 2 ? ",\n" : ", ") : std::string(1, c);
      file << array << "]";
    }
  }
  same(decide(program, "generic", true, usual_date, InputFormat::JsonLines),
       decide(program, "auto", true, usual_date, InputFormat::JsonLines), "decisions from JSON Lines");
  same(decide(program, "generic", true, usual_date, InputFormat::Json),
       decide(program, "auto", true, usual_date, InputFormat::Json), "decisions from a JSON array");
  same(decide(program, "generic", true), decide(program, "auto", true), "decisions");
  same(decide(program, "generic", false), decide(program, "auto", false), "summaries");
  same(decide(program, "generic", true, outside_date), decide(program, "auto", true, outside_date),
       "decisions on a date the policy is not valid on");
  const Program& allocating = allocating_program();
  same(decide(allocating, "generic", true), decide(allocating, "auto", true), "decisions with allocation");
  same(decide(allocating, "generic", false), decide(allocating, "auto", false), "summaries with allocation");
  same(decide(allocating, "generic", true, usual_date, InputFormat::Json),
       decide(allocating, "auto", true, usual_date, InputFormat::Json), "decisions with allocation from a JSON array");
  same_alone(program);
  same_alone(program, outside_date);
  same_alone(allocating);
  return 0;
}
