// Probability distributions of uncertain parameters: parsing, means and sampling.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "value/random.hpp"

namespace yigong::value {

// Immutable value. Parameters are stored in canonical form:
//   beta(a = alpha, b = beta); gamma(a = shape, b = scale); lognormal(a = meanlog, b = sdlog);
//   normal(a = mean, b = sd); uniform(a = min, b = max); dirichlet(alpha).
struct Distribution {
  enum class Kind { kBeta, kGamma, kLognormal, kNormal, kUniform, kDirichlet };
  Kind kind = Kind::kNormal;
  double a = 0, b = 0;
  std::vector<double> alpha;

  // Number of values one draw yields (alpha.size() for Dirichlet, else 1).
  std::size_t dimension() const { return kind == Kind::kDirichlet ? alpha.size() : 1; }
  // Mean of component i.
  double mean(std::size_t i = 0) const;
  // Writes dimension() values.
  void sample(Pcg32& rng, double* out) const;
};

// Parses {"type": "beta", "alpha": .., "beta": ..} or {"type": "beta", "mean": .., "sd": ..} etc.
// (see docs/value-model.md). Errors: invalid with field = path + ".<key>".
Result<Distribution> parse_distribution(const nlohmann::json& j, const std::string& path);

// Standard samplers, exposed for tests.
double sample_normal(Pcg32& rng);
double sample_gamma(Pcg32& rng, double shape);  // scale 1

}  // namespace yigong::value
