#include "engine/io/shared_writes.hpp"

#include "engine/base/cores.hpp"
#include "engine/io/watch_for.hpp"

namespace jaring {

namespace {

// Read once, and only with more than one worker (one never waits): the cgroup files take some
// 70 us to read here.
unsigned cores_here() {
  static const unsigned n = usable_cores();
  return n;
}

}  // namespace

SharedWrites::SharedWrites(unsigned workers, Write write, std::size_t max_waiting)
    : write_(std::move(write)),
      max_waiting_(max_waiting),
      watch_(workers > 1 && workers <= cores_here()),
      kept_(workers) {}

void SharedWrites::write_kept(Kept& k) {
  for (std::size_t i = 0; i < k.waiting; ++i) write_(k.texts[i].first, k.texts[i].second);
  k.waiting = 0;
}

void SharedWrites::write(unsigned worker, std::string& text, std::uint64_t at) {
  Kept& k = kept_.at(worker);
  if (writing_.try_lock()) {
    const std::lock_guard alone(writing_, std::adopt_lock);
    write_kept(k);
    write_(text, at);
    return;
  }
  if (k.waiting < max_waiting_) {
    if (k.waiting == k.texts.size()) k.texts.emplace_back();
    std::swap(k.texts[k.waiting].first, text);
    k.texts[k.waiting++].second = at;
    return;
  }
  take_turn();
  const std::lock_guard alone(writing_, std::adopt_lock);
  write_kept(k);
  write_(text, at);
}

void SharedWrites::take_turn() {
  // Its turn comes within a write or two (some 80 us each for a 16 KiB block's JSON Lines):
  // watched for before it is slept on.
  if (!watch_ || !watch_for([&] { return writing_.try_lock(); }, spin)) writing_.lock();
}

void SharedWrites::write_now(std::string_view text, std::uint64_t at) {
  take_turn();
  const std::lock_guard alone(writing_, std::adopt_lock);
  write_(text, at);
}

void SharedWrites::finish() {
  const std::lock_guard alone(writing_);
  for (Kept& k : kept_) write_kept(k);
}

std::size_t SharedWrites::waiting() const {
  std::size_t n = 0;
  for (const Kept& k : kept_) n += k.waiting;
  return n;
}

}  // namespace jaring
