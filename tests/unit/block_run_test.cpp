// BlockRun (engine/io/block_run.hpp): every block processed once and handed on once, in file
// order, one at a time, whichever worker hands it on; its lines numbered from the blocks before
// it, first or when its work asks; stop() and a worker's or emitter's exception end the run.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/io/block_run.hpp"

using namespace jaring;
namespace fs = std::filesystem;

namespace {

struct Item {
  Bytes bytes;
  std::uint64_t index = 0, first_line = 0, lines = 0;
  std::uint64_t sum = 0;  // work's result: the sum of the block's line numbers read from its text
};

// A file of `rows` lines "<line number>,<padding>\n" (line 1 is a header), removed at the end.
struct Lines {
  fs::path path;
  std::uint64_t rows;
  explicit Lines(std::uint64_t n) : rows(n) {
    std::string name = (fs::temp_directory_path() / "jaring-block-run-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
    std::ofstream out(path, std::ios::binary);
    out << "header\n";
    for (std::uint64_t i = 0; i < n; ++i) out << i + 2 << ',' << std::string(i % 37, 'x') << '\n';
  }
  ~Lines() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  Lines(const Lines&) = delete;
  Lines& operator=(const Lines&) = delete;
};

// The sum of the first cell of every line, and whether each line's number is its first cell.
bool sum_lines(Item& b) {
  b.sum = 0;
  std::uint64_t line = b.first_line;
  const std::string_view v = b.bytes.view();
  std::size_t at = 0;
  while (at < v.size()) {
    const std::size_t comma = v.find(',', at), nl = v.find('\n', at);
    if (std::stoull(std::string(v.substr(at, comma - at))) != line) return false;
    b.sum += line++;
    at = nl == std::string_view::npos ? v.size() : nl + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("block run: every block once, in order, one at a time, lines numbered", "[block_run]") {
  const Lines file(20'000);
  const std::uint64_t start = 7;  // "header\n"
  for (unsigned threads : {1u, 2u, 3u, 5u}) {
    for (std::size_t block : {std::size_t{64}, std::size_t{1000}, std::size_t{1} << 16}) {
      const BlockReader reader(file.path.string(), start, 2, block, 1 << 20);
      std::atomic<int> emitting{0};
      std::atomic<bool> overlapped{false}, misnumbered{false};
      std::uint64_t next = 0, sum = 0, lines = 0;
      std::vector<std::uint64_t> order;
      std::set<std::thread::id> emitters, workers;
      std::map<const char*, std::thread::id> reader_of;
      bool shared_buffer = false;
      std::mutex workers_mutex;
      BlockRun<Item> run(
          reader, threads,
          [&](Item& b, unsigned) {
            if (!sum_lines(b)) misnumbered = true;
            const std::lock_guard lock(workers_mutex);
            workers.insert(std::this_thread::get_id());
            // A buffer is read into by one thread only: it stays in that core's cache.
            const auto [it, fresh] = reader_of.emplace(b.bytes.data.get(), std::this_thread::get_id());
            if (!fresh && it->second != std::this_thread::get_id()) shared_buffer = true;
          },
          [&](Item& b) {
            if (emitting.fetch_add(1) != 0) overlapped = true;
            order.push_back(b.index);
            emitters.insert(std::this_thread::get_id());
            sum += b.sum;
            lines += b.lines;
            ++next;
            emitting.fetch_sub(1);
          });
      run.run();
      INFO("threads " << threads << ", block " << block);
      CHECK_FALSE(overlapped);
      CHECK_FALSE(misnumbered);
      CHECK_FALSE(shared_buffer);
      REQUIRE(order.size() == reader.blocks());
      for (std::uint64_t k = 0; k < order.size(); ++k) CHECK(order[k] == k);
      CHECK(lines == file.rows);
      const std::uint64_t last = file.rows + 1;  // lines 2 .. rows + 1
      CHECK(sum == last * (last + 1) / 2 - 1);
      // No thread is there only to hand blocks on: each that did also processed blocks.
      for (const auto& id : emitters) CHECK(workers.count(id) == 1);
      CHECK(workers.size() <= threads);
    }
  }
}

TEST_CASE("block run: lazily numbered, a block learns its first line when its work asks", "[block_run]") {
  // Some blocks ask before anything (their own lines uncounted), some after counting their
  // lines themselves, some never ask and leave their lines to the run: each that asks gets the
  // number its text starts with, and the counts add up.
  const Lines file(20'000);
  for (unsigned threads : {1u, 2u, 3u, 5u}) {
    for (std::size_t block : {std::size_t{64}, std::size_t{1000}, std::size_t{1} << 16}) {
      INFO("threads " << threads << ", block " << block);
      const BlockReader reader(file.path.string(), 7, 2, block, 1 << 20);
      std::atomic<bool> misnumbered{false};
      std::uint64_t lines = 0;
      std::optional<BlockRun<Item>> run;
      run.emplace(
          reader, threads,
          [&](Item& b, unsigned) {
            const bool known = b.first_line != first_line_unknown;
            if (threads > 1 && known) misnumbered = true;  // a lazy run leaves it to the work
            const auto first = [&] { return known ? b.first_line : run->first_line(b.index); };
            const std::string_view v = b.bytes.view();
            if (v.empty()) return;
            const std::uint64_t n = count_lines(v);
            const std::uint64_t told = std::stoull(std::string(v.substr(0, v.find(','))));
            if (b.index % 3 == 0) {
              if (first() != told) misnumbered = true;
            } else if (b.index % 3 == 1) {
              b.lines = n;
              if (first() != told) misnumbered = true;
            }
          },
          [&](Item& b) { lines += b.lines; }, Numbering::Lazy);
      run->run();
      CHECK_FALSE(misnumbered);
      CHECK(lines == file.rows);
    }
  }
}

TEST_CASE("block run: output places, offered without waiting for the blocks before", "[block_run]") {
  // Block k's output takes k % 7 + 1 bytes, so its place is the sum of those before it. The
  // worker of block 1 holds it until four blocks after it have been worked: the others go on
  // (a worker that waited for block 1's size, as place() did, would hold the run, and block 1
  // would wait out its 30 s). A place offered to the work is the one emitted with the block.
  const Lines file(5'000);
  const BlockReader reader(file.path.string(), 7, 2, 256, 1 << 20);
  REQUIRE(reader.blocks() > 40);
  auto size = [](std::uint64_t k) { return k % 7 + 1; };
  for (unsigned threads : {2u, 3u}) {
    INFO("threads " << threads);
    std::mutex m;
    std::condition_variable cv;
    std::uint64_t worked_after = 0;  // blocks after block 1 worked
    bool waited_out = false;
    std::vector<std::optional<std::uint64_t>> offered(reader.blocks());
    std::uint64_t emitted = 0, expected = 0, unplaced = 0;
    bool misplaced = false;
    std::optional<BlockRun<Item>> run;
    run.emplace(
        reader, threads,
        [&](Item& b, unsigned) {
          if (b.index == 1) {
            std::unique_lock lock(m);
            waited_out = !cv.wait_for(lock, std::chrono::seconds(30), [&] { return worked_after >= 4; });
          }
          offered[b.index] = run->offer(b.index, size(b.index));
          if (b.index > 1) {
            {
              const std::lock_guard lock(m);
              ++worked_after;
            }
            cv.notify_all();
          }
        },
        [&](Item& b) {
          CHECK(b.index == emitted++);
          const std::uint64_t at = run->place_of(b.index);
          if (at != expected || (offered[b.index] && *offered[b.index] != at)) misplaced = true;
          if (!offered[b.index]) ++unplaced;
          expected += size(b.index);
        });
    run->run();
    CHECK_FALSE(waited_out);
    CHECK_FALSE(misplaced);
    CHECK(emitted == reader.blocks());
    CHECK(unplaced >= 4);  // blocks 2-5 at least were worked before block 1 gave its size
  }
  // One thread: every block's place is known when it is offered.
  std::uint64_t expected = 0;
  bool misplaced = false;
  std::optional<BlockRun<Item>> run;
  run.emplace(
      reader, 1,
      [&](Item& b, unsigned) {
        const auto at = run->offer(b.index, size(b.index));
        if (!at || *at != expected) misplaced = true;
        expected += size(b.index);
      },
      [&](Item& b) {
        if (run->place_of(b.index) + size(b.index) != expected) misplaced = true;
      });
  run->run();
  CHECK_FALSE(misplaced);
}

TEST_CASE("block run: stop() reads no further block; errors end the run", "[block_run]") {
  const Lines file(5'000);
  for (unsigned threads : {1u, 2u, 4u}) {
    INFO("threads " << threads);
    const BlockReader reader(file.path.string(), 7, 2, 256, 1 << 20);
    REQUIRE(reader.blocks() > 20);
    {
      std::uint64_t emitted = 0;
      std::optional<BlockRun<Item>> run;
      run.emplace(
          reader, threads, [](Item&, unsigned) {},
          [&](Item& b) {
            CHECK(b.index == emitted);
            if (++emitted == 3) run->stop();
          });
      run->run();
      CHECK(emitted == 3);
    }
    {
      std::uint64_t emitted = 0;
      BlockRun<Item> run(
          reader, threads,
          [](Item& b, unsigned) {
            if (b.index == 10) throw std::runtime_error("work failed");
          },
          [&](Item&) { ++emitted; });
      CHECK_THROWS_WITH(run.run(), "work failed");
      CHECK(emitted <= 10);
    }
    {
      std::uint64_t emitted = 0;
      BlockRun<Item> run(
          reader, threads, [](Item&, unsigned) {},
          [&](Item& b) {
            if (b.index == 4) throw std::runtime_error("emit failed");
            ++emitted;
          });
      CHECK_THROWS_WITH(run.run(), "emit failed");
      CHECK(emitted == 4);
    }
  }
}

TEST_CASE("block reader: a line limit below the read-ahead stays inside the buffer", "[block_run]") {
  // Each block reads a little past its range for the end of its last line; with a small line
  // limit the buffer is smaller than that read-ahead (a heap overflow, seen under ASan and as
  // a corrupted heap in release builds, before the read was bounded by the buffer).
  const Lines file(3'000);
  for (std::size_t block : {std::size_t{64}, std::size_t{300}, std::size_t{5000}}) {
    INFO("block " << block);
    const BlockReader reader(file.path.string(), 7, 2, block, 100);
    std::uint64_t lines = 0;
    Item item;
    for (std::uint64_t k = 0; k < reader.blocks(); ++k) {
      REQUIRE(reader.read(k, item.bytes));
      CHECK(item.bytes.size <= item.bytes.capacity);
      lines += count_lines(item.bytes.view());
    }
    CHECK(lines == file.rows);
  }
}

TEST_CASE("block run: a file of one block is read on the caller's thread, none started", "[block_run]") {
  const Lines file(50);
  const BlockReader reader(file.path.string(), 7, 2, std::size_t{1} << 16, 1 << 20);
  REQUIRE(reader.blocks() == 1);
  std::set<std::thread::id> workers;
  std::uint64_t sum = 0;
  auto threads_line = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line) && line.rfind("Threads:", 0) != 0) {}
    return line;
  };
  const std::string threads_before = threads_line();
  const std::size_t helpers_before = WorkerPool::process().helpers();
  BlockRun<Item> run(
      reader, 4,
      [&](Item& b, unsigned worker) {
        CHECK(worker == 0);
        workers.insert(std::this_thread::get_id());
        CHECK(threads_line() == threads_before);  // no thread started for it
        CHECK(WorkerPool::process().helpers() == helpers_before);
        CHECK(sum_lines(b));
      },
      [&](Item& b) { sum += b.sum; });
  run.run();
  CHECK(workers == std::set<std::thread::id>{std::this_thread::get_id()});
  CHECK(sum == 51 * 52 / 2 - 1);  // lines 2..51
}

TEST_CASE("count_lines: every LF and a last line without one, at every length", "[block_run]") {
  std::mt19937 rng(5);
  const auto expected = [](const std::string& s) -> std::uint64_t {
    if (s.empty()) return 0;
    return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), '\n')) + (s.back() != '\n');
  };
  // Every length to 700 (the 32-, 16-byte and byte steps), and blocks long enough to sum the
  // counters more than once (255 rounds of 32 bytes), all LFs the counters' worst case.
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 700; ++n) sizes.push_back(n);
  for (const std::size_t n : {8159u, 8160u, 8161u, 16320u, 16321u, 70000u}) sizes.push_back(n);
  const std::string alphabet = std::string("\n\n\r\x0b\x09\x8a,a") + '\0';
  for (const std::size_t n : sizes)
    for (int round = 0; round < 3; ++round) {
      std::string s(n, '\n');  // round 0: all LFs
      if (round == 1)
        for (char& c : s) c = alphabet[rng() % alphabet.size()];
      if (round == 2)
        for (char& c : s) c = 'x';
      const auto copy = std::make_unique<char[]>(n + 1);  // alone: a read past the end is seen
      s.copy(copy.get(), n);
      INFO("size " << n << ", round " << round);
      CHECK(count_lines(std::string_view(copy.get(), n)) == expected(s));
    }
}
