// The connection registry: a mutex-guarded map from connection id to its stop callback.
#include "api/detail/connection_registry.hpp"

#include <utility>
#include <vector>

namespace yigong::api::detail {

std::uint64_t ConnectionRegistry::add(std::function<void()> on_stop) {
  std::lock_guard lock(mu_);
  if (stopping_.load(std::memory_order_relaxed)) return 0;
  const std::uint64_t id = next_id_++;
  on_stop_.emplace(id, std::move(on_stop));
  return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mu_);
  on_stop_.erase(id);
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mu_);
  return on_stop_.size();
}

void ConnectionRegistry::stop_all() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mu_);
    if (stopping_.load(std::memory_order_relaxed)) return;
    stopping_.store(true, std::memory_order_release);
    callbacks.reserve(on_stop_.size());
    for (const auto& [id, on_stop] : on_stop_) callbacks.push_back(on_stop);
  }
  for (const auto& on_stop : callbacks) on_stop();
}

}  // namespace yigong::api::detail
