// Waiting by watching: a thread that expects what it waits for soon spins on it rather than
// sleeping, since on a VM a sleeping thread wakes a while after it is called (the other core
// halts; measured in io/worker_pool.hpp and io/shared_writes.hpp).
#pragma once

#include <chrono>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace jaring {

// A short pause in a spin (the core's hint that this is one), or a yield where there is none.
inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

// Spins until `ready()` or `limit` has passed; yields now and then, so that a thread that
// wants this core gets it. Whether `ready()` held.
template <typename Ready>
bool watch_for(Ready&& ready, std::chrono::microseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    relax();
    if (i % 64 == 0) {
      if (std::chrono::steady_clock::now() >= until) return ready();
      std::this_thread::yield();
    }
  }
}

}  // namespace jaring
