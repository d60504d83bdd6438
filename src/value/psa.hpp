// Probabilistic sensitivity analysis: seeded, parallel, identical for any thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/result.hpp"
#include "value/model.hpp"

namespace yigong::value {

struct PsaOptions {
  std::int64_t draws = 1000;
  std::uint64_t seed = 1;
  int threads = 1;  // 0: hardware concurrency
  // Called after each block of draws with (done, total); may run on any worker thread, but
  // calls never overlap.
  std::function<void(std::int64_t, std::int64_t)> progress;
  const std::atomic<bool>* cancel = nullptr;  // set to stop early (the run fails with conflict)
};

// Immutable value. Draw d uses its own PCG32 stream (seed, d): results depend on the seed and
// the draw count only.
struct PsaResult {
  std::int64_t draws = 0;
  int strategies = 0, rewards = 0;
  std::vector<double> values;      // [draw][strategy][reward]
  std::vector<double> parameters;  // [draw][sampled slot] in Model::sampled order
  std::vector<int> parameter_slots;

  double at(std::int64_t d, int s, int r) const {
    return values[(static_cast<std::size_t>(d) * static_cast<std::size_t>(strategies) +
                   static_cast<std::size_t>(s)) *
                      static_cast<std::size_t>(rewards) +
                  static_cast<std::size_t>(r)];
  }
  // Mean over draws of strategy s, reward r.
  double mean(int s, int r) const;
};

// Writes one draw's sampled values into `slots` (indexed by slot). Exposed for tests.
void sample_parameters(const Model& model, std::uint64_t seed, std::int64_t draw,
                       std::vector<double>& slots);

// Errors: invalid (field "analysis.psa.draws") for draws < 1 or above kMaxDraws or above the
// memory limit; unprocessable from the first (lowest-index) failing draw, message prefixed with
// "draw N:"; conflict when cancelled.
Result<PsaResult> run_psa(const Model& model, const PsaOptions& options);

// CEAC and CEAF over a WTP grid, and EVPI per person at each WTP.
struct Acceptability {
  std::vector<double> wtp;
  std::vector<std::vector<double>> probability;  // [wtp][strategy]: P(strategy has max NMB)
  std::vector<int> optimal;                      // CEAF: strategy with max expected NMB
  std::vector<double> optimal_probability;       // its probability of being cost-effective
  std::vector<double> evpi;                      // per person
};

// REQUIRES: 1 <= effect < rewards; step > 0.
Acceptability acceptability(const PsaResult& psa, int effect, double wtp_min, double wtp_max,
                            double wtp_step);
// Expected value of perfect information per person: E[max_s NMB] − max_s E[NMB].
double evpi(const PsaResult& psa, int effect, double wtp);
// Per-person EVPI × the discounted sum of `annual` people over `years` (first year undiscounted).
double population_evpi(double per_person, double annual, double years, double discount);

// {"draws", "seed", "strategies": [{"name", "<reward>": mean…}], "acceptability": {"wtp": [...],
// "probability": {strategy: [...]}, "optimal": [name…], "optimal_probability": [...],
// "evpi": [...]}, "evpi_at_wtp", "population_evpi"} — the CLI's PSA JSON shape.
nlohmann::json to_json(const Model& model, const PsaResult& psa, std::uint64_t seed,
                       const Acceptability& acc);

}  // namespace yigong::value
