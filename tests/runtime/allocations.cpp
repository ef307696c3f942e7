// Heap allocations of the fast lane in steady state (issue 11: fewer than 1 per 1.000
// records). Every operator new of the process is counted; a population of 100.000 and one of
// 400.000 cilegon-bench records are decided (summary only, decisions as CSV and as JSON Lines,
// at 1 and 2 threads), and the difference is what the 300.000 extra records cost (the smaller
// fills the blocks in flight more than twice over: each block's slot allocates at its first
// use, 33 slots at 2 threads, io/block_run.hpp); the
// populations written as plain CSV, as CSV with quoted fields (every name quoted, with a comma
// in it, and every fourth line quoted whole), as JSON Lines and as a JSON array (on one line but
// for a line end every hundred elements), and as CSV with the notations a spreadsheet set to
// Indonesian writes (`"Rp 12.500.000,00"`, `Rp 950.000`, `TIDAK`: field_convert.cpp's, which the
// lane reads through the generic reader's own conversion). Prints the figures; exits 1 if
// any mode needs 1 allocation or more per 1.000 records (not in the sanitized build, below).
//
// usage: jaring_allocations POLICY WORKDIR
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <string>
#include <string_view>

#include "engine/base/output_file.hpp"
#include "engine/io/population.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/open_policy.hpp"

namespace {
std::atomic<std::uint64_t> allocations{0};
}

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void* operator new(std::size_t size, std::align_val_t align) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return operator new(size, align); }
// Every form of delete frees what the forms of new above allocated (malloc, aligned_alloc).
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

const char* const roles[] = {"ketua_rt",     "ketua_rw",      "kader_kcm",     "kader_posyandu",
                             "adhoc_kpu",    "adhoc_bawaslu", "nelayan",       "petugas_kebersihan",
                             "linmas",       "marbot",        "tukang_parkir", "ojek_pangkalan",
                             "buruh_harian", "pedagang",      "pns",           "karyawan_swasta"};
const char* const regions[] = {"36.72", "36.72", "36.72", "36.72", "36.04", "36.71", "31.74"};

enum class Form { Plain, Quoted, JsonLines, JsonArray, Notations };

void population(const std::string& path, unsigned n, Form form) {
  std::ofstream out(path);
  const bool json = form == Form::JsonLines || form == Form::JsonArray;
  if (!json) out << "nik,name,birth_date,role,domicile,declared_income,registered_pu\n";
  if (form == Form::JsonArray) out << "[";
  std::uint64_t x = 42;
  auto next = [&] { return x = x * 6364136223846793005ULL + 1442695040888963407ULL, x >> 33; };
  for (unsigned i = 0; i < n; ++i) {
    const std::uint64_t nik = 3672000000000000ULL + i;
    const std::string birth =
        std::to_string(1950 + next() % 60) + "-0" + std::to_string(1 + next() % 9) + "-1" + std::to_string(next() % 9);
    const char* const role = roles[next() % 16];
    const char* const region = regions[next() % 7];
    const std::uint64_t income = 300000 + 50000 * (next() % 115);
    const char* const pu = next() % 10 ? "false" : "true";
    if (json) {
      // A JSON array on one line, but for an element a line every hundredth.
      if (form == Form::JsonArray && i > 0) out << (i % 100 ? ", " : ",\n");
      out << "{\"nik\":\"" << nik << "\",\"name\":\"Nama " << i << "\",\"birth_date\":\"" << birth << "\",\"role\":\""
          << role << "\",\"domicile\":\"" << region << "\",\"declared_income\":" << income
          << ",\"registered_pu\":" << pu << "}" << (form == Form::JsonLines ? "\n" : "");
    } else if (form == Form::Notations) {
      // As a spreadsheet set to Indonesian writes amounts and yes/no: `Rp 12.500.000,00`, `TIDAK`.
      const std::uint64_t rupiah = income + 50000000 * (i % 2);
      const std::string digits = std::to_string(rupiah);
      std::string grouped;
      for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) grouped += '.';
        grouped += digits[k];
      }
      out << nik << ",Nama " << i << "," << birth << "," << role << "," << region << ","
          << (i % 3 ? "\"Rp " + grouped + ",00\"," : "Rp " + grouped + ",") << (pu[0] == 't' ? "YA" : "TIDAK") << "\n";
    } else if (form == Form::Quoted && i % 4 == 0) {
      out << '"' << nik << "\",\"Nama, " << i << "\",\"" << birth << "\",\"" << role << "\",\"" << region << "\",\""
          << income << "\",\"" << pu << "\"\n";
    } else {
      out << nik << (form == Form::Quoted ? ",\"Nama, " : ",Nama ") << i << (form == Form::Quoted ? "\"," : ",")
          << birth << "," << role << "," << region << "," << income << "," << pu << "\n";
    }
  }
  if (form == Form::JsonArray) out << "]\n";
}

std::uint64_t count(const jaring::Program& program, const std::string& records, const std::string& out_path, int mode,
                    unsigned threads, Form form) {
  jaring::BatchOptions options;
  options.format = form == Form::JsonLines   ? jaring::InputFormat::JsonLines
                   : form == Form::JsonArray ? jaring::InputFormat::Json
                                             : jaring::InputFormat::Csv;
  options.as_of = *jaring::parse_date("2024-08-01");
  options.threads = threads;
  jaring::Summary summary(program, options.as_of);
  std::optional<jaring::OutputFile> file;
  if (mode > 0) file.emplace(out_path);
  const std::uint64_t before = allocations.load();
  jaring::decide_population(program, records, options,
                            mode == 2 ? jaring::DecisionFormat::JsonLines : jaring::DecisionFormat::Csv,
                            file ? &file->stream() : nullptr, summary, {}, file ? &*file : nullptr);
  const std::uint64_t used = allocations.load() - before;
  if (file) file->commit();
  if (!summary.reconciles()) {
    std::fprintf(stderr, "the summary does not reconcile\n");
    std::exit(2);
  }
  return used;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s POLICY WORKDIR\n", argv[0]);
    return 2;
  }
  setenv("JARING_RUNTIME", "fast", 1);  // the lane, or an error: never the generic runtime unseen
  jaring::SourceMap sources;
  jaring::Diagnostics diags;
  const auto opened = jaring::open_policy(argv[1], sources, diags);
  if (!opened.ok()) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  const std::string work = argv[2];
  std::filesystem::create_directories(work);
#ifdef JARING_SANITIZED
  // Under the sanitizers the same forms, modes and thread counts on a fifth of the records, for
  // memory errors: the figures are printed, not held to the limit (20.000 records do not fill
  // the blocks in flight twice over, so their slots' first allocations are part of the
  // difference). The Release build's run holds them to it.
  constexpr unsigned small = 20'000, large = 80'000;
  constexpr bool limited = false;
#else
  constexpr unsigned small = 100'000, large = 400'000;
  constexpr bool limited = true;
#endif
  const char* const modes[] = {"summary only", "decisions as CSV", "decisions as JSON Lines"};
  const char* const inputs[] = {"plain CSV", "quoted CSV", "JSON Lines", "JSON array", "notations"};
  bool ok = true;
  for (const Form form : {Form::Plain, Form::Quoted, Form::JsonLines, Form::JsonArray, Form::Notations}) {
    const auto f = static_cast<std::size_t>(form);
    const std::string ending = form == Form::JsonLines ? ".jsonl" : form == Form::JsonArray ? ".json" : ".csv";
    population(work + "/small" + ending, small, form);
    population(work + "/large" + ending, large, form);
    for (unsigned threads : {1u, 2u})
      for (int mode = 0; mode < 3; ++mode) {
        const std::string out = work + (mode == 2 ? "/decisions.jsonl" : "/decisions.csv");
        const std::uint64_t a = count(*opened.program, work + "/small" + ending, out, mode, threads, form);
        const std::uint64_t b = count(*opened.program, work + "/large" + ending, out, mode, threads, form);
        const double per_1000 = b > a ? static_cast<double>(b - a) * 1000.0 / (large - small) : 0.0;
        std::printf("%-10s %-24s --threads %u: %llu allocations for %u records, %llu for %u: %.3f per 1.000 more\n",
                    inputs[f], modes[mode], threads, static_cast<unsigned long long>(a), small,
                    static_cast<unsigned long long>(b), large, per_1000);
        ok = ok && (!limited || per_1000 < 1.0);
      }
  }
  return ok ? 0 : 1;
}
