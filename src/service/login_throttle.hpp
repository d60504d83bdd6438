// Login rate limiting per account and per client address: a sliding window of failures.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yigong::service {

struct ThrottleOptions {
  int max_failures_per_account = 5;   // within window
  int max_failures_per_address = 20;  // within window
  std::chrono::seconds window{300};
};

// Thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleOptions options = {}) : options_(options) {}

  // True when another attempt for this account from this address may proceed now; otherwise
  // retry_after is set to the seconds until the oldest failure leaves the window.
  bool allow(const std::string& account, const std::string& address, int& retry_after);
  void record_failure(const std::string& account, const std::string& address);
  // A successful login clears the account's failures (not the address's).
  void record_success(const std::string& account);

 private:
  using Clock = std::chrono::steady_clock;
  void prune(std::deque<Clock::time_point>& q, Clock::time_point now) const;

  ThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_account_;  // guarded by mu_
  std::unordered_map<std::string, std::deque<Clock::time_point>> by_address_;  // guarded by mu_
};

}  // namespace yigong::service
