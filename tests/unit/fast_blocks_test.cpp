// The fast lane cut into small blocks (BatchOptions::block_bytes): a population of a few
// hundred rows becomes hundreds of blocks, many of them beginning in mid-line, a quoted field or
// a JSON element, and two workers take them in turn. Whatever the block, the lane must decide
// the file (not leave it to the generic runtime) and give the same decisions, rejections and
// summary as with its own block, which holds the whole file.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "engine/base/date.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_read.hpp"
#include "shipped.hpp"
#include "temp_folder.hpp"

using namespace jaring;

namespace {

// cilegon-bench's fields over 300 rows, in the forms a block boundary can fall inside: quoted
// cells (with a comma and a doubled quote inside), a quoted name that runs on to the next line,
// a blank line, CRLF line ends, a birth date that is no calendar date (rejected), a repeated id,
// and names of every length up to 80 bytes.
std::string blocked_csv(char d = ',') {
  std::string out = fmt::format("nik{0}name{0}birth_date{0}role{0}domicile{0}declared_income{0}registered_pu\n", d);
  const char* const roles[] = {"ketua_rt", "adhoc_kpu", "kader_posyandu", "nelayan", "guru_ngaji"};
  for (int i = 0; i < 300; ++i) {
    std::string name = "Warga " + std::string(static_cast<std::size_t>(i % 80), 'a');
    if (i % 7 == 3) name = "\"" + name + ", ; | \t \"\"RT 02\"\"\"";  // every delimiter inside quotes
    if (i == 150) name = "\"Warga\nyang pindah\"";
    const std::string date = i % 11 == 5 ? "1984-13-01" : fmt::format("19{}-0{}-1{}", 50 + i % 50, 1 + i % 9, i % 10);
    const std::string nik = fmt::format("3672{:012}", i == 200 ? 1 : i);
    out += fmt::format("{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{0}{7}{8}", d, nik, name, date, roles[i % 5],
                       i % 13 == 0 ? "36.71" : "36.72", 1'000'000 + 5'000 * i, i % 10 == 0 ? "true" : "false",
                       i % 3 == 0 ? "\r\n" : "\n");
    if (i == 100) out += "\n";
  }
  return out;
}

// The same people as JSON Lines (with a blank line) or as a JSON array, one element over
// several lines.
std::string blocked_json(bool array) {
  std::string out = array ? "[\n" : "";
  for (int i = 0; i < 300; ++i) {
    const std::string nik = fmt::format("3672{:012}", i == 200 ? 1 : i);
    std::string element = fmt::format(
        R"({{"nik":"{}","name":"Warga {}","birth_date":"{}","role":"{}","domicile":"36.72","declared_income":{},)"
        R"("registered_pu":{}}})",
        nik, std::string(static_cast<std::size_t>(i % 80), 'a'),
        i % 11 == 5 ? "1984-13-01" : fmt::format("19{}-0{}-1{}", 50 + i % 50, 1 + i % 9, i % 10),
        i % 2 ? "ketua_rt" : "adhoc_kpu", 1'000'000 + 5'000 * i, i % 10 == 0 ? "true" : "false");
    if (array && i % 4 == 1) element = "{\n  " + element.substr(1, element.size() - 2) + "\n}";
    out += element;
    if (array) out += i + 1 < 300 ? ",\n" : "\n]\n";
    else out += i == 100 ? "\n\n" : "\n";
  }
  return out;
}

struct BlockedRun {
  std::string decisions, rejections, summary, generic_reason;
  std::size_t blocks = 0;  // progress told: once a block handed on in a pass
};

BlockedRun decide_blocked(const Program& program, const std::string& path, InputFormat format, DecisionFormat output,
                          bool rendered, std::size_t block, unsigned threads, char delimiter = ',',
                          DateFormat dates = {}) {
  BatchOptions options;
  options.read.delimiter = delimiter;
  options.read.date_format = dates;
  options.as_of = *parse_date("2024-08-01");
  options.format = format;
  options.threads = threads;
  options.block_bytes = block;
  BlockedRun run;
  options.generic_reason = &run.generic_reason;
  options.progress = [&](std::uint64_t, int, int) { ++run.blocks; };
  Summary summary(program, options.as_of);
  std::ostringstream out;
  decide_population(program, path, options, output, rendered ? &out : nullptr, summary,
                    [&](const Decision& d) { run.rejections += fmt::format("{}:{}\n", d.line, d.id); });
  run.decisions = out.str();
  run.summary = summary.json();
  return run;
}

}  // namespace

TEST_CASE("fast lane: any block size decides a file as the lane's own block does", "[fast_lane][blocks]") {
  const auto opened = test::open_shipped(test::source_dir + "/examples/bench/cilegon-bench.policy");
  const Program& program = *opened->policy.program;
  test::TempFolder folder("jaring-blocks");
  struct BlockedInput {
    const char* name;
    InputFormat format;
    std::string text;
  };
  const BlockedInput inputs[] = {{"people.csv", InputFormat::Csv, blocked_csv()},
                                 {"people.jsonl", InputFormat::JsonLines, blocked_json(false)},
                                 {"people.json", InputFormat::Json, blocked_json(true)}};
  for (const BlockedInput& input : inputs) {
    const std::string path = (folder.path / input.name).string();
    std::ofstream(path, std::ios::binary) << input.text;
    for (const DecisionFormat output : {DecisionFormat::Csv, DecisionFormat::JsonLines}) {
      for (const bool rendered : {true, false}) {
        const BlockedRun own = decide_blocked(program, path, input.format, output, rendered, 0, 1);
        INFO(input.name << (output == DecisionFormat::Csv ? ", CSV out" : ", JSON Lines out")
                        << (rendered ? "" : ", summary only"));
        CHECK(own.generic_reason.empty());
        CHECK(!own.rejections.empty());
        if (rendered) CHECK(!own.decisions.empty());
        for (const std::size_t block : {7, 61, 256, 1024}) {
          for (const unsigned threads : {1u, 2u}) {
            INFO("blocks of " << block << " bytes, " << threads << " threads");
            const BlockedRun small = decide_blocked(program, path, input.format, output, rendered, block, threads);
            CHECK(small.generic_reason == own.generic_reason);
            CHECK(small.blocks > own.blocks * 10);  // the file in many blocks: 25 KB or so
            CHECK(small.decisions == own.decisions);
            CHECK(small.rejections == own.rejections);
            CHECK(small.summary == own.summary);
          }
        }
      }
    }
  }
}

TEST_CASE("fast lane and generic runtime: a file separated by `;`, tabs or `|` decides as with commas",
          "[fast_lane][blocks][delimiter]") {
  const auto opened = test::open_shipped(test::source_dir + "/examples/bench/cilegon-bench.policy");
  const Program& program = *opened->policy.program;
  test::TempFolder folder("jaring-delimiters");
  const std::string commas = (folder.path / "commas.csv").string();
  std::ofstream(commas, std::ios::binary) << blocked_csv();
  const BlockedRun reference = decide_blocked(program, commas, InputFormat::Csv, DecisionFormat::Csv, true, 0, 1);
  REQUIRE(reference.generic_reason.empty());
  REQUIRE(!reference.rejections.empty());
  for (const char d : {';', '\t', '|'}) {
    const std::string path = (folder.path / "separated.csv").string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << blocked_csv(d);
    INFO("delimiter " << static_cast<int>(d));
    for (const std::size_t block : {0, 61}) {
      for (const unsigned threads : {1u, 2u}) {
        INFO("blocks of " << block << " bytes, " << threads << " threads");
        const BlockedRun lane =
            decide_blocked(program, path, InputFormat::Csv, DecisionFormat::Csv, true, block, threads, d);
        CHECK(lane.generic_reason.empty());
        CHECK(lane.decisions == reference.decisions);
        CHECK(lane.rejections == reference.rejections);
        CHECK(lane.summary == reference.summary);
      }
    }
    ::setenv("JARING_RUNTIME", "generic", 1);
    const BlockedRun generic = decide_blocked(program, path, InputFormat::Csv, DecisionFormat::Csv, true, 0, 2, d);
    ::unsetenv("JARING_RUNTIME");
    CHECK(generic.decisions == reference.decisions);
    CHECK(generic.rejections == reference.rejections);
    CHECK(generic.summary == reference.summary);
    // Read with commas, the file is one column named by the whole header: refused, naming `d`.
    CHECK_THROWS_WITH(decide_blocked(program, path, InputFormat::Csv, DecisionFormat::Csv, true, 0, 1),
                      Catch::Contains("the header is separated by"));
  }
}

TEST_CASE("fast lane and generic runtime: --date-format's dates decide alike, edge by edge",
          "[fast_lane][date_format]") {
  const auto opened = test::open_shipped(test::source_dir + "/examples/bench/cilegon-bench.policy");
  const Program& program = *opened->policy.program;
  test::TempFolder folder("jaring-written-dates");
  // Written with `/`, the separator swapped for each format's; read day first or month first.
  const char* const written[] = {"1/5/1984",   "01/05/1984", "1/05/1984",  "01/5/1984",  "31/12/1999", "12/31/1999",
                                 "29/02/2024", "29/02/2023", "31/04/2001", "30/04/2001", "00/05/1984", "5/00/1984",
                                 "1/13/1984",  "13/1/1984",  "1/5/84",     "1/5/19845",  "001/5/1984", "1//1984",
                                 "/5/1984",    "1/5/",       "1/5/0000",   "1/5/0001",   "1/5/1899",   "31/12/1900",
                                 "1/1/2155",   "1/1/2156",   "1/5/2400",   "29/2/2100",  "29/2/2000",  "1984-05-01",
                                 "1/5/1984/",  "a/5/1984",   "1/5/198a",   " 1/5/1984",  "1/5/1984 ",  "1 /5/1984",
                                 "11/11/1111", "9/9/9999",   "19/8/2009",  "2/8/2009",   "1/8/1958",   "2/8/1958"};
  for (const DateFormatName& format : date_formats) {
    if (!format.format.separator) continue;
    INFO("--date-format " << format.name);
    std::string csv = "nik,name,birth_date,role,domicile,declared_income,registered_pu\n";
    int i = 0;
    for (std::string date : written) {
      for (char& c : date)
        if (c == '/') c = format.format.separator;
      csv += fmt::format("3672{:012},Warga,{},ketua_rt,36.72,1000000,false\n", ++i, date);
    }
    const std::string path = (folder.path / "dates.csv").string();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << csv;
    const BlockedRun lane =
        decide_blocked(program, path, InputFormat::Csv, DecisionFormat::Csv, true, 0, 1, ',', format.format);
    CHECK(lane.generic_reason.empty());
    ::setenv("JARING_RUNTIME", "generic", 1);
    const BlockedRun generic =
        decide_blocked(program, path, InputFormat::Csv, DecisionFormat::Csv, true, 0, 1, ',', format.format);
    ::unsetenv("JARING_RUNTIME");
    CHECK(lane.decisions == generic.decisions);
    CHECK(lane.rejections == generic.rejections);
    CHECK(lane.summary == generic.summary);
    // Some of each: decided by the date, and rejected for it.
    CHECK(lane.decisions.find(",eligible,") != std::string::npos);
    CHECK(!lane.rejections.empty());
  }
}
