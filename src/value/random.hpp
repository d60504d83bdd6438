// Random numbers for PSA: one independent PCG32 stream per (seed, draw), so PSA results do not
// depend on how draws are split across threads.
#pragma once

#include <cstdint>
#include <pcg_random.hpp>

namespace yigong::value {

// O'Neill's PCG-XSH-RR 64/32 generator (Debian's libpcg-cpp-dev), seeded per stream.
// Single-threaded value type.
class Pcg32 {
 public:
  // The stream is chosen by `stream`; the start state is mixed from seed and stream so that
  // neighbouring draws do not start from related states.
  Pcg32(std::uint64_t seed, std::uint64_t stream);
  std::uint32_t next() { return rng_(); }
  // Uniform in the open interval (0, 1), 53 random bits.
  double uniform();

 private:
  pcg32 rng_;
};

// SplitMix64 finaliser: a bijective 64-bit mix used for seeding.
std::uint64_t splitmix64(std::uint64_t x);

}  // namespace yigong::value
