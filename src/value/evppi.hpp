// EVPPI for one uncertain parameter by nonparametric regression on the PSA draws.
#pragma once

#include <string>

#include "core/result.hpp"
#include "value/model.hpp"
#include "value/psa.hpp"

namespace yigong::value {

// Expected value of partial perfect information about `parameter` at `wtp`, per person:
// E_θ[max_s E(NMB_s | θ)] − max_s E[NMB_s]. E(NMB_s | θ) is estimated by sorting the draws by θ
// and averaging NMB over consecutive blocks of ~√N draws (a regressogram; consistent as N grows,
// biased upward by Monte Carlo noise for small N). Single parameters only; groups need a
// multivariate smoother (not implemented).
// Errors: invalid ("parameter") when the name is not a sampled parameter or draws < 16.
Result<double> evppi(const Model& model, const PsaResult& psa, const std::string& parameter,
                     int effect, double wtp);

}  // namespace yigong::value
