// `jaring synth SPEC.json --out FILE.csv [--records N] [--seed S]`: a seeded synthetic
// population (engine/synth.hpp) as CSV.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "engine/base/i18n.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/lang_flag.hpp"
#include "engine/cli/outputs.hpp"
#include "engine/synth/synth.hpp"

namespace jaring::cli {

namespace {

struct SynthFlags {
  std::string lang;  // --lang; empty: JARING_LANG, else English
  std::string spec;
  std::string out;
  std::uint64_t records = 0;
  std::optional<std::uint64_t> seed;
};

std::string counts_line(const SynthStats& s) {
  std::string roles;
  for (const auto& [role, n] : s.roles) roles += fmt::format("{}{} {}", roles.empty() ? "" : ", ", role, n);
  std::string blank;
  for (const auto& [column, n] : s.blank) blank += fmt::format("{}{} {}", blank.empty() ? "" : ", ", column, n);
  return fmt::format(
      "roles: {}\nnoise: outside_region {}, registered_pu {}, missing_birth_date {}, malformed_nik {}\n{}{}", roles,
      s.outside_region, s.registered_pu, s.missing_birth_date, s.malformed_nik,
      blank.empty() ? "" : "blank: " + blank + "\n",
      s.repeated == 0 ? "" : fmt::format("repeated: {} rows carry an earlier row's NIK\n", s.repeated));
}

int run_synth(const SynthFlags& f) {
  if (const int status = refuse_clashing_outputs({{"--out", f.out}}, {{"the spec", f.spec}})) return status;
  std::ifstream in(f.spec, std::ios::binary);
  if (!in) {
    std::cerr << say("jaring: cannot read `{}`\n", f.spec);
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    SynthSpec spec = parse_synth_spec(text.str());
    if (f.records) spec.records = f.records;
    if (f.seed) spec.seed = *f.seed;
    if (spec.records == 0) throw std::runtime_error("spec: `records` is not given; add it or use --records");
    // `--out -` is standard output; a file gets its name only once the whole population is written.
    std::optional<OutputFile> file;
    if (f.out != "-") file.emplace(f.out);
    const SynthStats stats = synthesize(spec, file ? file->stream() : std::cout);
    if (file) file->commit();
    else std::cout.flush();
    std::cerr << say("jaring: {} records (seed {}) to {}\n", stats.records, spec.seed, f.out) << counts_line(stats);
    return 0;
  } catch (const std::runtime_error& e) {
    std::cerr << fmt::format("jaring: {}: {}\n", f.spec, e.what());
    return 2;
  }
}

}  // namespace

void add_synth_command(CLI::App& app, int& status) {
  auto f = std::make_shared<SynthFlags>();
  auto* cmd = app.add_subcommand("synth", "Generate a seeded synthetic population (CSV) from a JSON spec");
  cmd->add_option("spec", f->spec, "Population spec (JSON; see examples/synth/README.md)")->required();
  cmd->add_option("--out", f->out, "Write the CSV here (`-` for standard output)")->required();
  cmd->add_option("--records", f->records, "Number of records (overrides the spec)")
      ->check(CLI::Range(1, 1'000'000'000));
  cmd->add_option("--seed", f->seed, "Random seed (overrides the spec)");
  add_lang_flag(cmd, f->lang, "diagnostics and errors");
  cmd->callback([f, &status] {
    use_message_language(f->lang);
    status = run_synth(*f);
  });
}

}  // namespace jaring::cli
