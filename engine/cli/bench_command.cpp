// `jaring bench POLICY --as-of D`: generates a population (engine/synth.hpp) and times the
// path `jaring eval --records` takes on it (decide_population: the fast lane where it
// applies), with the summary only and then writing decisions as JSON Lines. Prints figures
// only; nothing here judges a time.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "engine/base/cores.hpp"
#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/cli/report.hpp"
#include "engine/io/population.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/compile.hpp"
#include "engine/synth/synth.hpp"

namespace jaring::cli {

namespace {

struct BenchFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::string policy;
  std::string as_of;
  std::uint64_t records = 1'000'000;
  unsigned threads = 0;
  std::string spec;
  std::optional<std::uint64_t> seed;
  bool compare_threads = false;
  std::vector<std::string> include_dirs;
};

// A file in the temporary folder, removed when this goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::string name = (std::filesystem::temp_directory_path() / "jaring-bench-XXXXXX").string();
    const int fd = mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file");
    close(fd);
    path_ = name;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  double mib() const { return static_cast<double>(std::filesystem::file_size(path_)) / (1024.0 * 1024.0); }

 private:
  std::string path_;
};

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

template <class F>
double seconds(F&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void print_row(const std::string& stage, std::uint64_t records, double secs, const std::string& extra) {
  std::cout << fmt::format("{:<24} {:>9} records {:>9.3f} s {:>10.0f} records/s   peak RSS {:>8.1f} MiB   {}\n", stage,
                           records, secs, secs > 0 ? static_cast<double>(records) / secs : 0.0, peak_rss_mib(), extra)
            << std::flush;
}

SynthSpec bench_spec(const BenchFlags& f) {
  std::string text(cilegon_2024_spec());
  if (!f.spec.empty()) {
    std::ifstream in(f.spec, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("cannot read `{}`", f.spec));
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  SynthSpec spec = parse_synth_spec(text);
  spec.records = f.records;
  if (f.seed) spec.seed = *f.seed;
  return spec;
}

// Decides the population and writes every decision as JSON Lines to `out`, rendering on the
// worker threads as `jaring eval` does.
void decide_to_jsonl(const Program& program, const std::string& input, BatchOptions options, const std::string& out,
                     const std::string& stage) {
  OutputFile file(out);
  std::uint64_t n = 0;
  const double secs = seconds([&] {
    Summary summary(program, options.as_of);
    decide_population(program, input, options, DecisionFormat::JsonLines, &file.stream(), summary, {}, &file);
    n = summary.records();
    file.commit();
  });
  print_row(stage, n, secs,
            fmt::format("output {:.1f} MiB", static_cast<double>(std::filesystem::file_size(out)) / (1024.0 * 1024.0)));
}

// Byte-compares two files; prints the verdict. True when identical.
bool compare_outputs(const std::string& one, const std::string& many, unsigned threads) {
  std::ifstream a(one, std::ios::binary), b(many, std::ios::binary);
  std::vector<char> ba(1 << 20), bb(1 << 20);
  std::uint64_t offset = 0;
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64 of the common content
  for (;;) {
    a.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    b.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    const auto na = static_cast<std::size_t>(a.gcount()), nb = static_cast<std::size_t>(b.gcount());
    const auto diff = std::mismatch(ba.begin(), ba.begin() + static_cast<std::ptrdiff_t>(std::min(na, nb)), bb.begin());
    if (na != nb || diff.first != ba.begin() + static_cast<std::ptrdiff_t>(na)) {
      std::cout << fmt::format("compare-threads          decisions of --threads 1 and --threads {} DIFFER at byte {}\n",
                               threads, offset + static_cast<std::uint64_t>(diff.first - ba.begin()));
      return false;
    }
    for (std::size_t i = 0; i < na; ++i) hash = (hash ^ static_cast<unsigned char>(ba[i])) * 1099511628211ull;
    offset += na;
    if (na == 0) break;
  }
  std::cout << fmt::format(
      "compare-threads          decisions of --threads 1 and --threads {} are byte-identical "
      "({} bytes, fnv1a64 {:016x})\n",
      threads, offset, hash);
  return true;
}

int bench(const Program& program, const BenchFlags& f, Day as_of) {
  const SynthSpec spec = bench_spec(f);
  BatchOptions options;
  options.as_of = as_of;
  options.threads = f.threads ? f.threads : usable_cores();
  std::cout << fmt::format("policy {} ({}), as of {}, {} thread{}\npopulation {} ({} records, seed {})\n", program.name,
                           program.hash, format_date(as_of), options.threads, options.threads == 1 ? "" : "s",
                           f.spec.empty() ? "cilegon-2024 (built in)" : f.spec, spec.records, spec.seed);
  TempFile population, decisions;
  SynthStats stats;
  const double gen = seconds([&] {
    OutputFile out(population.path());
    stats = synthesize(spec, out.stream());
    out.commit();
  });
  print_row("generate", stats.records, gen, fmt::format("file {:.1f} MiB", population.mib()));

  Summary summary(program, as_of);
  std::string generic;  // why the generic runtime decided, or empty: the fast lane
  options.generic_reason = &generic;
  const double discard = seconds(
      [&] { decide_population(program, population.path(), options, DecisionFormat::JsonLines, nullptr, summary); });
  options.generic_reason = nullptr;
  print_row("decide (summary only)", summary.records(), discard,
            fmt::format("eligible {}, not_eligible {}, waitlisted {}, rejected {}", summary.count(Status::Eligible),
                        summary.count(Status::NotEligible), summary.count(Status::Waitlisted),
                        summary.count(Status::Rejected)));
  // Which runtime decided: a run the fast lane does not take is decided many times slower.
  std::cout << fmt::format("{:<24} {}\n", "runtime",
                           generic.empty() ? "the fast lane" : "the generic runtime, because: " + generic);
  decide_to_jsonl(program, population.path(), options, decisions.path(), "decide + JSON Lines");
  if (!f.compare_threads) return 0;
  TempFile single;
  BatchOptions one = options;
  one.threads = 1;
  decide_to_jsonl(program, population.path(), one, single.path(), "decide + JSON Lines (1)");
  return compare_outputs(single.path(), decisions.path(), options.threads) ? 0 : 1;
}

int run_bench(const BenchFlags& f) {
  const auto as_of = parse_date(f.as_of);
  if (!as_of) {
    std::cerr << say("jaring: --as-of `{}` is not a date (YYYY-MM-DD)\n", f.as_of);
    return 2;
  }
  SourceMap sources;
  Diagnostics diags;
  const auto opened = open_for_command(f.policy, f.include_dirs, sources, diags);
  if (opened.unreadable) {
    std::cerr << say("jaring: cannot read `{}`\n", f.policy);
    return 2;
  }
  diags.sort();
  if (!opened.ok()) {
    print_diagnostics(diags, sources, "text", false);
    return 1;
  }
  const auto& program = opened.program;
  try {
    return bench(*program, f, *as_of);
  } catch (const InputError& e) {  // the generated file does not fit the policy's record
    std::cerr << "jaring: " << e.what() << "\n";
    if (f.spec.empty())
      std::cerr << say_text(
          "jaring: the population `jaring bench` generates by default is cilegon-2024's; for a policy with another "
          "record, give its spec with --spec (examples/populations/*/spec.json)\n");
    return 2;
  } catch (const std::runtime_error& e) {
    std::cerr << "jaring: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void add_bench_command(CLI::App& app, int& status) {
  auto f = std::make_shared<BenchFlags>();
  auto* cmd = app.add_subcommand("bench", "Time the batch path on a generated population (figures only)");
  cmd->add_option("policy", f->policy, "Policy file (.policy, or - for standard input)")->required();
  cmd->add_option("--as-of", f->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--records", f->records, "Population size (default 1000000)")->check(CLI::Range(1, 1'000'000'000));
  cmd->add_option("--threads", f->threads,
                  "Worker threads (default: the cores this process may use: its CPU affinity, within its cgroup quota)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--spec", f->spec, "Population spec (JSON; default: the built-in cilegon-2024 spec)");
  cmd->add_option("--seed", f->seed, "Random seed (overrides the spec)");
  cmd->add_flag("--compare-threads", f->compare_threads,
                "Also decide with 1 thread and say whether the decisions are byte-identical");
  cmd->add_option("-I,--include", f->include_dirs, "Extra folder to search for `use` paths (repeat for several)")
      ->allow_extra_args(false);  // one folder per -I, repeatable; `-I DIR POLICY` leaves POLICY positional
  add_lang_flag(cmd, f->lang, "diagnostics and rejections");
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_bench(*f);
  });
}

}  // namespace jaring::cli
