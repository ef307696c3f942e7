#include <new>

#include "engine/language/parse_trees.hpp"

namespace jaring::internal {

namespace {
thread_local NodePool* current_pool = nullptr;
}  // namespace

NodePool::NodePool() : outer_(current_pool) {
  free_.reserve(256);
  current_pool = this;
}

NodePool::~NodePool() {
  current_pool = outer_;
  for (void* p : free_) ::operator delete(p);
}

void* Node::operator new(std::size_t size) {
  NodePool* pool = current_pool;
  if (pool && size == sizeof(Node) && !pool->free_.empty()) {
    void* p = pool->free_.back();
    pool->free_.pop_back();
    return p;
  }
  return ::operator new(size);
}

void Node::operator delete(void* p, std::size_t size) noexcept {
  NodePool* pool = current_pool;
  // Kept only while there is room: growing the list could throw here.
  if (pool && size == sizeof(Node) && pool->free_.size() < pool->free_.capacity()) {
    pool->free_.push_back(p);
    return;
  }
  ::operator delete(p);
}

}  // namespace jaring::internal
