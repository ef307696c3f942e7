#include "engine/io/batch.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/evaluate.hpp"

namespace jaring {

namespace {

constexpr std::size_t chunk_size = 4096;

using Finish = std::function<void(Decision&, std::uint64_t index, std::string& rendered)>;

// A chunk of rows in flight: framed by the reading thread, converted, decided and finished
// (flagged, allocated, rendered) by a worker, handed on in input order by the reading thread.
struct Chunk {
  std::vector<RawRow> rows;  // the first `used` are this chunk's; the rest, and the buffers
  std::size_t used = 0;      // of all, are reused for the rows framed next
  std::shared_ptr<const RowLayout> layout;
  std::uint64_t first = 0;  // the index of its first row in the input
  std::vector<Decision> decisions;
  std::vector<std::string> rendered;
  bool done = false;
};

// Runs chunks on `threads` workers while the caller reads; `emit` sees them in input order.
// With one thread the caller does everything itself, in order.
class Pipeline {
 public:
  Pipeline(const Program& program, const Schema& schema, const ReadOptions& read, Day as_of, unsigned threads,
           const Finish& finish)
      : program_(program),
        schema_(schema),
        read_(read),
        as_of_(as_of),
        finish_(finish),
        in_flight_max_(std::size_t{2} * std::max(1u, threads)) {
    if (threads > 1)
      for (unsigned k = 0; k < threads; ++k) workers_.emplace_back([this] { work(); });
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  ~Pipeline() { stop(); }

  // Queues `chunk`; hands on every finished chunk at the front, and waits while too many are in flight.
  template <typename Emit>
  void submit(std::unique_ptr<Chunk> chunk, const Emit& emit) {
    if (workers_.empty()) {
      process(*chunk);
      emit(*chunk);
      spare_.push_back(std::move(chunk));
      return;
    }
    {
      std::unique_lock lock(mutex_);
      queue_.push_back(chunk.get());
      order_.push_back(std::move(chunk));
    }
    work_ready_.notify_one();
    drain(emit, in_flight_max_);
  }

  // An empty chunk, reusing one already handed on: its decisions are overwritten by the
  // worker that decides it next, so their memory is freed on the workers, not here.
  std::unique_ptr<Chunk> take() {
    if (spare_.empty()) return std::make_unique<Chunk>();
    auto c = std::move(spare_.back());
    spare_.pop_back();
    c->done = false;
    c->used = 0;  // the rows' buffers go back to the reader, on the thread that allocated them
    return c;
  }

  // Hands on every chunk still in flight, in order.
  template <typename Emit>
  void finish(const Emit& emit) {
    drain(emit, 1);
  }

 private:
  // Emits finished chunks at the front until fewer than `limit` are in flight.
  template <typename Emit>
  void drain(const Emit& emit, std::size_t limit) {
    for (;;) {
      std::unique_ptr<Chunk> front;
      {
        std::unique_lock lock(mutex_);
        if (order_.size() < limit && (order_.empty() || !order_.front()->done)) return;
        chunk_done_.wait(lock, [&] { return failure_ || order_.front()->done; });
        if (failure_) std::rethrow_exception(failure_);
        front = std::move(order_.front());
        order_.pop_front();
      }
      emit(*front);
      spare_.push_back(std::move(front));
    }
  }

  void process(Chunk& c) {
    c.decisions.resize(c.used);
    c.rendered.resize(c.used);
    for (std::size_t i = 0; i < c.used; ++i) {
      ReadResult r = decode_row(std::move(c.rows[i]), *c.layout, schema_, read_);
      if (auto* rec = std::get_if<Record>(&r)) c.decisions[i] = decide(program_, std::move(*rec), as_of_);
      else c.decisions[i] = reject(program_, std::get<Rejection>(r), as_of_);
      if (finish_) finish_(c.decisions[i], c.first + i, c.rendered[i]);
    }
  }

  void work() {
    for (;;) {
      Chunk* c = nullptr;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        c = queue_.front();
        queue_.pop_front();
      }
      try {
        process(*c);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        c->done = true;
      }
      chunk_done_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      queue_.clear();
    }
    work_ready_.notify_all();
    for (auto& t : workers_) t.join();
  }

  const Program& program_;
  const Schema& schema_;
  const ReadOptions& read_;
  Day as_of_;
  const Finish& finish_;
  std::size_t in_flight_max_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_, chunk_done_;
  // Every chunk in flight, owned here in input order until handed on; workers only see the
  // ones waiting in `queue_` and process them in place (the destructor joins the workers
  // before any chunk is destroyed).
  std::deque<std::unique_ptr<Chunk>> order_;
  std::deque<Chunk*> queue_;
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Chunk>> spare_;  // handed on, to be reused (the reading thread's only)
};

std::ifstream open_input(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(say("cannot read {}", path));
  return in;
}

}  // namespace

// The scan before deciding: the input's shape (throws InputError) and its duplicated ids.
DuplicateIds scan_ids(const Program& program, const std::string& path, const BatchOptions& options, int passes) {
  std::ifstream in = open_input(path);
  const ReadOptions read = id_scan_options(options.read);
  DuplicateIds ids;
  std::uint64_t n = 0;
  std::string id;  // reused
  read_raw_rows(
      in, options.format, program.schema,
      [&](RawRow& row, const RowLayout& layout) {
        std::uint64_t line = 0;
        if (scanned_row_id(std::move(row), layout, program.schema, read, id, line)) ids.add(id, line);
        if (options.progress && ++n % (1 << 16) == 0) options.progress(n, 1, passes);
      },
      read);
  ids.seal();
  return ids;
}

ReadOptions id_scan_options(const ReadOptions& read) {
  ReadOptions ids = read;
  ids.ids_only = true;
  ids.strict_keys = true;
  return ids;
}

bool scanned_row_id(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& read,
                    std::string& id, std::uint64_t& line) {
  // A CSV row's id is read from its id cell alone; a JSON row is decoded (unknown keys throw).
  if (csv_row_id(row, layout, schema, read, id)) {
    line = row.line;
    return !id.empty();
  }
  const ReadResult r = decode_row(std::move(row), layout, schema, read);
  if (const auto* rec = std::get_if<Record>(&r)) {
    if (!schema.id_field || rec->values[*schema.id_field].is_missing()) return false;
    id = rec->id;
    line = rec->line;
    return true;
  }
  const auto& rej = std::get<Rejection>(r);
  if (rej.id.empty()) return false;
  id = rej.id;
  line = rej.line;
  return true;
}

namespace {

// One pass over the input: every decision, in input order, goes to `each(decision, index, rendered)`.
std::uint64_t pass(const Program& program, const std::string& path, const BatchOptions& options, int number, int passes,
                   const Finish& finish,
                   const std::function<void(Decision&, std::uint64_t, const std::string&)>& each) {
  std::ifstream in = open_input(path);
  Pipeline pipeline(program, program.schema, options.read, options.as_of, options.threads, finish);
  std::uint64_t emitted = 0;
  auto emit = [&](Chunk& c) {
    for (std::size_t i = 0; i < c.decisions.size(); ++i) each(c.decisions[i], emitted++, c.rendered[i]);
    if (options.progress) options.progress(emitted, number, passes);
  };
  std::uint64_t read = 0;
  auto chunk = pipeline.take();
  std::shared_ptr<const RowLayout> layout;
  InputCounts counts;
  const std::uint64_t count = read_raw_rows(
      in, options.format, program.schema,
      [&](RawRow& row, const RowLayout& row_layout) {
        if (!layout) layout = std::make_shared<const RowLayout>(row_layout);
        if (chunk->used == 0) {
          chunk->layout = layout;
          chunk->first = read;
        }
        if (chunk->used == chunk->rows.size()) chunk->rows.emplace_back();
        std::swap(chunk->rows[chunk->used++], row);  // the reader gets an older row's buffers back
        ++read;
        if (chunk->used == chunk_size) {
          pipeline.submit(std::move(chunk), emit);
          chunk = pipeline.take();
        }
      },
      options.read, &counts);
  if (chunk->used > 0) pipeline.submit(std::move(chunk), emit);
  pipeline.finish(emit);
  if (options.counts) *options.counts = counts;
  if (count != emitted) throw InternalError("batch: records read and decided differ");
  return count;
}

}  // namespace

std::uint64_t run_batch(const Program& program, const std::string& path, const BatchOptions& options,
                        const std::function<std::string(const Decision&)>& render,
                        const std::function<void(const Decision&, const std::string&)>& sink) {
  const int passes = program.needs_allocation ? 3 : 2;
  const DuplicateIds duplicates = scan_ids(program, path, options, passes);
  auto flag = [&](Decision& d) {
    if (duplicates.ids() == 0 || d.id.empty()) return;
    if (const Message* detail = duplicates.detail(d.id)) mark_duplicate(program, d, *detail);
  };
  auto flag_and_render = [&](Decision& d, std::uint64_t, std::string& out) {
    flag(d);
    if (render) out = render(d);
  };
  auto emit = [&](Decision& d, std::uint64_t, const std::string& text) { sink(d, text); };
  if (!program.needs_allocation) return pass(program, path, options, 2, 2, flag_and_render, emit);
  Allocator allocator(program, options.as_of);
  allocator.set_threads(options.threads);
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
