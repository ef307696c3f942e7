#include "engine/io/batch.hpp"

#include <fstream>
#include <stdexcept>
#include <thread>

#include "engine/base/internal_error.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/evaluate.hpp"

namespace jaring {

namespace {

constexpr std::size_t chunk_size = 4096;

using Finish = std::function<void(Decision&, std::uint64_t index, std::string& rendered)>;

// Decides `inputs` (records `first`, `first + 1`, ...) into `out` on up to `threads` threads;
// `finish`, if any, runs on the worker right after each decision.
void decide_chunk(const Program& program, Day as_of, unsigned threads, const std::vector<ReadResult>& inputs,
                  std::uint64_t first, const Finish& finish, std::vector<Decision>& out,
                  std::vector<std::string>& rendered) {
  out.resize(inputs.size());
  rendered.resize(inputs.size());
  auto work = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (const auto* r = std::get_if<Record>(&inputs[i])) out[i] = decide(program, *r, as_of);
      else out[i] = reject(program, std::get<Rejection>(inputs[i]), as_of);
      if (finish) finish(out[i], first + i, rendered[i]);
    }
  };
  const std::size_t n = inputs.size();
  const unsigned t = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((n + 255) / 256)));
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < t; ++k) pool.emplace_back(work, n * k / t, n * (k + 1) / t);
  work(0, n / t);
  for (auto& th : pool) th.join();
}

std::ifstream open_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return in;
}

// The scan before deciding: the input's shape (throws InputError) and its duplicated ids.
DuplicateIds scan(const Program& program, const std::string& path, const BatchOptions& options, int passes) {
  std::ifstream in = open_input(path);
  ReadOptions read = options.read;
  read.ids_only = true;
  read.strict_keys = true;
  DuplicateIds ids;
  const auto& id_field = program.schema.id_field;
  std::uint64_t n = 0;
  read_records(
      in, options.format, program.schema,
      [&](ReadResult&& r) {
        if (const auto* rec = std::get_if<Record>(&r); rec && id_field && !rec->values[*id_field].is_missing())
          ids.add(rec->id, rec->line);
        else if (const auto* rej = std::get_if<Rejection>(&r); rej && !rej->id.empty()) ids.add(rej->id, rej->line);
        if (options.progress && ++n % (1 << 16) == 0) options.progress(n, 1, passes);
      },
      read);
  ids.seal();
  return ids;
}

// One pass over the input: every decision, in input order, goes to `each(decision, index, rendered)`.
std::uint64_t pass(const Program& program, const std::string& path, const BatchOptions& options, int number, int passes,
                   const Finish& finish,
                   const std::function<void(Decision&, std::uint64_t, const std::string&)>& each) {
  std::ifstream in = open_input(path);
  std::vector<ReadResult> inputs;
  std::vector<Decision> decisions;
  std::vector<std::string> rendered;
  std::uint64_t index = 0;
  auto flush = [&] {
    decide_chunk(program, options.as_of, options.threads, inputs, index, finish, decisions, rendered);
    for (std::size_t i = 0; i < decisions.size(); ++i) each(decisions[i], index++, rendered[i]);
    inputs.clear();
    if (options.progress) options.progress(index, number, passes);
  };
  InputCounts counts;
  const std::uint64_t count = read_records(
      in, options.format, program.schema,
      [&](ReadResult&& r) {
        inputs.push_back(std::move(r));
        if (inputs.size() == chunk_size) flush();
      },
      options.read, &counts);
  if (options.counts) *options.counts = counts;
  if (!inputs.empty()) flush();
  if (count != index) throw InternalError("batch: records read and decided differ");
  return count;
}

}  // namespace

std::uint64_t run_batch(const Program& program, const std::string& path, const BatchOptions& options,
                        const std::function<std::string(const Decision&)>& render,
                        const std::function<void(const Decision&, const std::string&)>& sink) {
  const int passes = program.needs_allocation ? 3 : 2;
  const DuplicateIds duplicates = scan(program, path, options, passes);
  auto flag = [&](Decision& d) {
    if (duplicates.ids() == 0 || d.id.empty()) return;
    if (const std::string* detail = duplicates.detail(d.id)) mark_duplicate(program, d, *detail);
  };
  auto flag_and_render = [&](Decision& d, std::uint64_t, std::string& out) {
    flag(d);
    if (render) out = render(d);
  };
  auto emit = [&](Decision& d, std::uint64_t, const std::string& text) { sink(d, text); };
  if (!program.needs_allocation) return pass(program, path, options, 2, 2, flag_and_render, emit);
  Allocator allocator(program, options.as_of);
  auto flag_only = [&](Decision& d, std::uint64_t, std::string&) { flag(d); };
  pass(program, path, options, 2, 3, flag_only, [&](Decision& d, std::uint64_t i, const std::string&) {
    if (d.status == Status::Eligible) allocator.add(d, i);
  });
  allocator.run();
  auto apply_and_render = [&](Decision& d, std::uint64_t i, std::string& out) {
    flag(d);
    if (d.status == Status::Eligible) allocator.apply(d, i);
    if (render) out = render(d);
  };
  return pass(program, path, options, 3, 3, apply_and_render, emit);
}

std::uint64_t run_batch(const Program& program, const std::string& path, const BatchOptions& options,
                        const std::function<void(const Decision&)>& sink) {
  return run_batch(program, path, options, nullptr, [&](const Decision& d, const std::string&) { sink(d); });
}

}  // namespace jaring
