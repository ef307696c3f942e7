// SharedWrites (engine/io/shared_writes.hpp): one worker in the write at a time; a worker that
// finds another writing keeps its text and writes it with its next one, or at finish(); it
// waits only when it keeps as many as allowed (watching the lock, then sleeping on it); every
// text ends at its place.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "engine/io/shared_writes.hpp"

using namespace jaring;

namespace {

// A file in memory; a write whose text is "hold" waits, inside the write, until released.
struct File {
  std::mutex m;
  std::condition_variable cv;
  std::string bytes;
  std::vector<std::pair<std::string, std::uint64_t>> writes;
  bool holding = false, released = false;
  int inside = 0, most_inside = 0;

  void write(std::string_view text, std::uint64_t at) {
    std::unique_lock lock(m);
    most_inside = std::max(most_inside, ++inside);
    writes.emplace_back(text, at);
    if (bytes.size() < at + text.size()) bytes.resize(at + text.size(), '.');
    bytes.replace(at, text.size(), text);
    if (text == "hold") {
      holding = true;
      cv.notify_all();
      cv.wait(lock, [&] { return released; });
    }
    --inside;
  }
  void wait_holding() {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return holding; });
  }
  void release() {
    std::lock_guard lock(m);
    released = true;
    cv.notify_all();
  }
  std::size_t count() {
    std::lock_guard lock(m);
    return writes.size();
  }
};

// Worker 0 writing "hold" at 0, its write held open until f.release(); returned once inside.
std::thread holding(SharedWrites& w, File& f) {
  std::thread t([&w] {
    std::string hold = "hold";
    w.write(0, hold, 0);
  });
  f.wait_holding();
  return t;
}

}  // namespace

TEST_CASE("shared writes: a worker alone writes at once", "[shared_writes]") {
  File f;
  SharedWrites w(1, [&](std::string_view t, std::uint64_t at) { f.write(t, at); });
  std::string a = "abc", b = "de";
  w.write(0, a, 0);
  w.write(0, b, 3);
  CHECK(f.count() == 2);
  CHECK(w.waiting() == 0);
  CHECK(f.bytes == "abcde");
  CHECK(a == "abc");  // written, not taken
}

TEST_CASE("shared writes: a worker that finds another writing keeps its text", "[shared_writes]") {
  File f;
  SharedWrites w(2, [&](std::string_view t, std::uint64_t at) { f.write(t, at); });
  std::thread first = holding(w, f);
  std::string one = "one-";
  w.write(1, one, 4);  // worker 0 is writing: kept, and the worker goes on
  CHECK(f.count() == 1);
  CHECK(w.waiting() == 1);
  CHECK(one.empty());  // swapped for the worker's spare buffer
  std::string two = "two-";
  w.write(1, two, 8);
  CHECK(w.waiting() == 2);
  CHECK(f.count() == 1);
  f.release();
  first.join();
  std::string three = "three";
  w.write(1, three, 12);  // its turn: the kept texts first, then this one
  CHECK(w.waiting() == 0);
  REQUIRE(f.count() == 4);
  CHECK(f.writes[1] == std::make_pair(std::string("one-"), std::uint64_t{4}));
  CHECK(f.writes[2] == std::make_pair(std::string("two-"), std::uint64_t{8}));
  CHECK(f.bytes == "holdone-two-three");
  CHECK(f.most_inside == 1);
}

TEST_CASE("shared writes: finish writes what was kept", "[shared_writes]") {
  File f;
  SharedWrites w(2, [&](std::string_view t, std::uint64_t at) { f.write(t, at); });
  std::thread first = holding(w, f);
  std::string rest = "rest";
  w.write(1, rest, 4);
  CHECK(w.waiting() == 1);
  f.release();
  first.join();
  w.finish();
  CHECK(w.waiting() == 0);
  CHECK(f.bytes == "holdrest");
}

TEST_CASE("shared writes: a worker with as many kept as allowed waits its turn", "[shared_writes]") {
  File f;
  SharedWrites w(
      2, [&](std::string_view t, std::uint64_t at) { f.write(t, at); }, 1);
  std::thread first = holding(w, f);
  std::string kept = "a";
  w.write(1, kept, 4);
  CHECK(w.waiting() == 1);
  std::thread second([&] {
    std::string waits = "b";
    w.write(1, waits, 5);  // blocks until worker 0's write ends
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(f.count() == 1);  // still waiting: nothing of worker 1 written beside worker 0
  f.release();
  first.join();
  second.join();
  CHECK(w.waiting() == 0);
  CHECK(f.bytes == "holdab");
  CHECK(f.most_inside == 1);
}

TEST_CASE("shared writes: a worker whose turn comes while it watches the lock writes then", "[shared_writes]") {
  File f;
  SharedWrites w(
      2, [&](std::string_view t, std::uint64_t at) { f.write(t, at); }, 0);
  std::thread first = holding(w, f);
  std::thread second([&] {
    std::string waits = "b";
    w.write(1, waits, 4);  // keeps nothing: watches the lock, or sleeps on it, until its turn
  });
  std::thread releases([&] {
    std::this_thread::sleep_for(SharedWrites::spin / 4);
    f.release();
  });
  releases.join();
  first.join();
  second.join();
  CHECK(w.waiting() == 0);
  CHECK(f.bytes == "holdb");
  CHECK(f.most_inside == 1);
}

TEST_CASE("shared writes: a failing write passes on", "[shared_writes]") {
  SharedWrites w(1, [](std::string_view, std::uint64_t) { throw std::runtime_error("disk full"); });
  std::string t = "x";
  CHECK_THROWS_WITH(w.write(0, t, 0), "disk full");
  std::string u = "y";
  CHECK_THROWS_WITH(w.write(0, u, 1), "disk full");  // the lock was given back
}
