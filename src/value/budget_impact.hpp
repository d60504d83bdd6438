// Budget impact over 1–10 years: eligible population × market shares × annual cost per patient,
// with and without the innovation (its uptake displacing comparators).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace yigong::value {

// Immutable value. Years are 1…Y (Y ≤ 10); every per-year list has Y entries.
struct BudgetImpactInput {
  std::vector<std::string> strategies;
  std::vector<double> population;                   // eligible patients per year
  std::vector<std::vector<double>> annual_cost;     // [strategy][year] per treated patient
  std::vector<std::vector<double>> shares_current;  // [year][strategy], rows sum to 1
  std::vector<std::vector<double>> shares_new;      // [year][strategy] with the innovation
};

struct BudgetImpactYear {
  int year = 0;
  double current = 0, with_innovation = 0, impact = 0;
};

// Parses {"strategies": [...], "population": [...], "annual_cost": {strategy: [...]},
// "shares_current": {strategy: [...]}, "shares_new": {strategy: [...]}} (per-strategy lists
// over years). Errors: invalid with field = "budget_impact.<key>…".
Result<BudgetImpactInput> parse_budget_impact(const nlohmann::json& j);

// Errors: invalid for size mismatches, more than 10 years, negative populations or costs, shares
// outside [0, 1] or a year's shares not summing to 1 (within 1e-6); field names the offender.
Result<std::vector<BudgetImpactYear>> budget_impact(const BudgetImpactInput& in);

}  // namespace yigong::value
