// EVPPI by a regressogram over draws sorted by the parameter of interest.
#include "value/evppi.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace yigong::value {

Result<double> evppi(const Model& model, const PsaResult& psa, const std::string& parameter,
                     int effect, double wtp) {
  int col = -1;
  for (std::size_t i = 0; i < psa.parameter_slots.size(); ++i)
    if (model.slot_names[static_cast<std::size_t>(psa.parameter_slots[i])] == parameter)
      col = static_cast<int>(i);
  if (col < 0)
    return fail(Error::invalid("'" + parameter + "' is not a sampled parameter", "parameter"));
  if (psa.draws < 16) return fail(Error::invalid("EVPPI needs at least 16 draws", "parameter"));
  const auto n = static_cast<std::size_t>(psa.draws);
  const std::size_t np = psa.parameter_slots.size();
  const auto ns = static_cast<std::size_t>(psa.strategies);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto theta = [&](std::size_t d) {
    return psa.parameters[d * np + static_cast<std::size_t>(col)];
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return theta(a) < theta(b); });
  const auto block = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  std::vector<double> total(ns, 0.0), mean(ns);
  double sum_max = 0;
  for (std::size_t b = 0; b < n; b += block) {
    std::size_t e = std::min(n, b + block);
    std::fill(mean.begin(), mean.end(), 0.0);
    for (std::size_t k = b; k < e; ++k) {
      auto d = static_cast<std::int64_t>(order[k]);
      for (std::size_t s = 0; s < ns; ++s) {
        double v = wtp * psa.at(d, static_cast<int>(s), effect) - psa.at(d, static_cast<int>(s), 0);
        mean[s] += v;
        total[s] += v;
      }
    }
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < ns; ++s) best = std::max(best, mean[s]);  // block sum of the best
    sum_max += best;
  }
  double best_mean = *std::max_element(total.begin(), total.end());
  return std::max(0.0, (sum_max - best_mean) / static_cast<double>(n));
}

}  // namespace yigong::value
