// Work items processed on N threads and handed on in the order they were submitted: the
// caller submits (reading), workers process, the caller emits (writing) each item once it and
// every item before it are done. At most 2 × threads + 1 items are in flight, so memory stays
// bounded however long the input. With one thread the caller does everything in order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace jaring {

template <typename Item>
class OrderedPool {
 public:
  using Work = std::function<void(Item&)>;
  using Emit = std::function<void(Item&)>;

  OrderedPool(unsigned threads, Work work, Emit emit)
      : work_(std::move(work)), emit_(std::move(emit)), in_flight_max_(2 * std::size_t{std::max(1u, threads)} + 1) {
    if (threads > 1)
      for (unsigned k = 0; k < threads; ++k) workers_.emplace_back([this] { run(); });
  }
  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;
  ~OrderedPool() { stop(); }

  // An item to fill: a fresh one, or one already emitted (its buffers keep their capacity).
  std::unique_ptr<Item> take() {
    if (spare_.empty()) return std::make_unique<Item>();
    auto item = std::move(spare_.back());
    spare_.pop_back();
    return item;
  }

  void submit(std::unique_ptr<Item> item) {
    if (workers_.empty()) {
      work_(*item);
      emit_(*item);
      spare_.push_back(std::move(item));
      return;
    }
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(item.get());
      order_.push_back({std::move(item), false});
    }
    ready_.notify_one();
    drain(in_flight_max_);
  }

  // Emits every item still in flight.
  void finish() { drain(1); }

 private:
  struct Slot {
    std::unique_ptr<Item> item;
    bool done = false;
  };

  void drain(std::size_t limit) {
    for (;;) {
      std::unique_ptr<Item> front;
      {
        std::unique_lock lock(mutex_);
        if (order_.size() < limit && (order_.empty() || !order_.front().done)) return;
        done_.wait(lock, [&] { return failure_ || order_.front().done; });
        if (failure_) std::rethrow_exception(failure_);
        front = std::move(order_.front().item);
        order_.pop_front();
      }
      emit_(*front);
      spare_.push_back(std::move(front));
    }
  }

  void run() {
    for (;;) {
      Item* item = nullptr;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = queue_.front();
        queue_.pop_front();
      }
      try {
        work_(*item);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        for (auto& slot : order_)
          if (slot.item.get() == item) slot.done = true;
      }
      done_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      queue_.clear();
    }
    ready_.notify_all();
    for (auto& t : workers_) t.join();
  }

  Work work_;
  Emit emit_;
  std::size_t in_flight_max_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_, done_;
  std::deque<Slot> order_;   // every item in flight, in submission order
  std::deque<Item*> queue_;  // items waiting for a worker
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Item>> spare_;  // emitted, to be reused (the caller's thread only)
};

}  // namespace jaring
