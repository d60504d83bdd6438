// Deterministic base case of every strategy, with its incremental analysis.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "value/incremental.hpp"
#include "value/model.hpp"

namespace yigong::value {

// Immutable value.
struct StrategyResult {
  std::string name;
  std::vector<double> values;  // per reward of Model::rewards, cost first
};

struct BaseCase {
  std::vector<std::string> rewards;
  std::vector<StrategyResult> strategies;
  int effect = 1;  // reward index used for the incremental analysis
  double wtp = 0;
  std::vector<IncrementalRow> incremental;
  std::vector<double> nmb, nhb;  // per strategy at wtp (nhb empty when wtp == 0)
};

// Runs every strategy with base values. Errors: those of Evaluator::run.
Result<BaseCase> run_base_case(const Model& model);
// Same, with `overrides` (slot → value) applied on top of every strategy's definitions; used by
// one-way sensitivity analysis. Overridden slots become constants.
Result<BaseCase> run_base_case(const Model& model,
                               const std::vector<std::pair<int, double>>& fixed);

// {"strategies": [{"name", "cost", "<effect>"…, "nmb"}], "incremental": [{"name", "status",
// "comparator", "inc_cost", "inc_effect", "icer"}], "effect", "wtp"} — the CLI's JSON shape.
nlohmann::json to_json(const BaseCase& base);

}  // namespace yigong::value
