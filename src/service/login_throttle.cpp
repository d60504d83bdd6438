// Sliding-window failure counting.
#include "service/login_throttle.hpp"

#include <algorithm>

namespace yigong::service {

void LoginThrottle::prune(std::deque<Clock::time_point>& q, Clock::time_point now) const {
  while (!q.empty() && now - q.front() >= options_.window) q.pop_front();
}

bool LoginThrottle::allow(const std::string& account, const std::string& address,
                          int& retry_after) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  auto check = [&](auto& map, const std::string& key, int limit) {
    auto it = map.find(key);
    if (it == map.end()) return true;
    prune(it->second, now);
    if (static_cast<int>(it->second.size()) < limit) return true;
    const auto wait = options_.window - (now - it->second.front());
    retry_after = std::max(
        retry_after,
        static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + 1);
    return false;
  };
  retry_after = 0;
  const bool a = check(by_account_, account, options_.max_failures_per_account);
  const bool b = check(by_address_, address, options_.max_failures_per_address);
  return a && b;
}

void LoginThrottle::record_failure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  by_account_[account].push_back(now);
  by_address_[address].push_back(now);
  // Bound memory under a spray of distinct accounts: forget idle keys.
  for (auto* map : {&by_account_, &by_address_}) {
    if (map->size() <= 100000) continue;
    for (auto it = map->begin(); it != map->end();) {
      prune(it->second, now);
      it = it->second.empty() ? map->erase(it) : std::next(it);
    }
  }
}

void LoginThrottle::record_success(const std::string& account) {
  std::lock_guard lock(mu_);
  by_account_.erase(account);
}

}  // namespace yigong::service
