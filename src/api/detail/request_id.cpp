// Request id validation and generation: splitmix64 over a random seed and a counter.
#include "api/detail/request_id.hpp"

#include <random>

namespace yigong::api::detail {
namespace {

// splitmix64's finaliser is a bijection, so distinct counters give distinct ids.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

RequestIdGenerator::RequestIdGenerator() : seed_(random_seed()) {}

std::string RequestIdGenerator::next() {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t value = mix(seed_ + n * 0x9e3779b97f4a7c15ULL);
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<size_t>(i)] = kHex[value & 0xf];
    value >>= 4;
  }
  return id;
}

std::string RequestIdGenerator::pick(std::string_view incoming) {
  return is_valid_request_id(incoming) ? std::string(incoming) : next();
}

}  // namespace yigong::api::detail
