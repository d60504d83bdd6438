// One-way sensitivity analysis (tornado) and threshold analysis on the deterministic model.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "value/model.hpp"

namespace yigong::value {

struct OneWayRange {
  std::string parameter;
  double low = 0, high = 0;
};

// Immutable value. Outcomes compare `strategy` with `comparator` at the model's WTP.
struct OneWayRow {
  std::string parameter;
  double low = 0, high = 0;
  double inmb_low = 0, inmb_high = 0;  // incremental net monetary benefit
  double icer_low = 0, icer_high = 0;  // Δcost / Δeffect (±inf or NaN when Δeffect = 0)
  double swing() const;                // |inmb_high − inmb_low|, the tornado bar length
};

// Runs the base case with each parameter at its low and high value (others at base values).
// Rows come back sorted by swing, largest first (tornado order).
// Errors: invalid for unknown strategy/parameter names (field "strategy", "comparator",
// "ranges[i].parameter"); evaluation errors as in run_base_case.
Result<std::vector<OneWayRow>> one_way(const Model& model, const std::string& strategy,
                                       const std::string& comparator,
                                       const std::vector<OneWayRange>& ranges);

// The value of `parameter` in [lo, hi] at which `strategy` and `comparator` have equal net
// monetary benefit at `wtp` (e.g. the price at which an innovation becomes cost-effective), by
// bisection to relative precision 1e-10. Errors: invalid for unknown names and when the
// incremental NMB has the same sign at both ends ("no threshold in [lo, hi]").
Result<double> threshold(const Model& model, const std::string& parameter,
                         const std::string& strategy, const std::string& comparator, double wtp,
                         double lo, double hi);

}  // namespace yigong::value
