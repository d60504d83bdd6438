// Seeding helpers and uniform doubles over PCG32.
#include "value/random.hpp"

namespace yigong::value {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Pcg32::Pcg32(std::uint64_t seed, std::uint64_t stream)
    : rng_(splitmix64(seed ^ splitmix64(stream + 0x632be59bd9b4e019ULL)), splitmix64(stream)) {}

double Pcg32::uniform() {
  const std::uint64_t hi = next() >> 5;  // 27 bits
  const std::uint64_t lo = next() >> 6;  // 26 bits
  const double u =
      (static_cast<double>(hi) * 67108864.0 + static_cast<double>(lo)) / 9007199254740992.0;
  return u > 0 ? u : 0x1.0p-54;  // never exactly 0: log(u) stays finite
}

}  // namespace yigong::value
