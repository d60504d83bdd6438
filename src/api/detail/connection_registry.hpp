// The set of open connections: counts them for max_connections and tells them when to stop.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace yigong::api::detail {

// Thread-safe.
class ConnectionRegistry {
 public:
  // Registers a connection and the callback that asks it to stop. Returns its id, or 0 when
  // stop_all() has already run: the caller then closes the connection itself.
  std::uint64_t add(std::function<void()> on_stop);
  void remove(std::uint64_t id);
  size_t size() const;

  // From now on stopping() is true and add() refuses; calls every registered on_stop once,
  // outside the lock, so a callback may end in remove().
  void stop_all();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::uint64_t, std::function<void()>> on_stop_;  // guarded by mu_
  std::uint64_t next_id_ = 1;                                         // guarded by mu_
  std::atomic<bool> stopping_{false};  // written under mu_, so add() cannot miss it
};

}  // namespace yigong::api::detail
