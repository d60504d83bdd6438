// Request ids: which incoming X-Request-Id values to honour, and generating fresh ones.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace yigong::api::detail {

// True for 1–64 characters of [A-Za-z0-9._-]: safe to log and to echo in a header.
bool is_valid_request_id(std::string_view id);

// Thread-safe. Makes 16-hex-digit ids that do not repeat within one generator and are unlikely
// to collide across processes (random seed).
class RequestIdGenerator {
 public:
  RequestIdGenerator();

  std::string next();
  // The caller's id when valid, otherwise a fresh one.
  std::string pick(std::string_view incoming);

 private:
  const std::uint64_t seed_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace yigong::api::detail
