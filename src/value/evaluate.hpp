// Evaluates one strategy of a model for one parameter set: expected cost and effects.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "value/model.hpp"

namespace yigong::value {

// Tolerance for probabilities slightly outside [0, 1] and rows not summing exactly to 1
// (round-off in user expressions); beyond it the model is wrong and evaluation fails.
inline constexpr double kProbabilityTolerance = 1e-6;

// Reusable workspace. Single-threaded: one per thread; the Model it reads is shared.
class Evaluator {
 public:
  explicit Evaluator(const Model& model);

  // Writes model.rewards.size() values (cost first) for strategy `s` to `out`.
  // `sampled`: null for the deterministic base case, else one value per slot (only the sampled
  // slots are read) from a PSA draw.
  // REQUIRES: 0 <= s < model.strategies.size().
  // Errors: unprocessable when a probability leaves [0, 1], a row does not sum to 1 or a value
  // is not finite; field = the JSON path of the offending expression.
  Result<void> run(int s, const double* sampled, double* out);

  // The slot values after the last run (time-dependent ones at the last cycle).
  const std::vector<double>& slots() const { return slots_; }

 private:
  Result<void> markov(const Strategy& st, double* out);
  Result<void> tree(double* out, int strategy);
  Result<double> node_value(int node, int reward_count, std::vector<double>& acc, double prob,
                            int depth);
  Result<void> build_matrix(const Strategy& st, bool first, int cycle);

  const Model& m_;
  std::vector<double> slots_;
  std::vector<double> p_;           // n×n transition matrix, row-major
  std::vector<double> cur_, next_;  // trace rows
  std::vector<double> rew_;         // [reward][state] per-year rewards of the current cycle
  std::vector<double> trew_;        // transition reward values of the current cycle
  EvalContext ctx_;
};

}  // namespace yigong::value
