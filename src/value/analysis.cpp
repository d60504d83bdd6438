// Base case: evaluate each strategy once, then incremental analysis and net benefit.
#include "value/analysis.hpp"

#include <cmath>

#include "value/evaluate.hpp"

namespace yigong::value {

Result<BaseCase> run_base_case(const Model& model,
                               const std::vector<std::pair<int, double>>& fixed) {
  BaseCase out;
  out.rewards = model.rewards;
  out.effect = model.analysis.effect;
  out.wtp = model.analysis.wtp;
  const Model* m = &model;
  Model copy;
  if (!fixed.empty()) {
    // A fixed value replaces the slot's definition in every strategy.
    copy = model;
    for (auto& st : copy.strategies)
      for (auto& step : st.steps)
        for (const auto& [slot, v] : fixed)
          if (step.slot == slot) {
            step.expr = Expr::constant(v);
            step.sampled = false;
            step.time_dependent = false;
          }
    m = &copy;
  }
  Evaluator ev(*m);
  std::vector<std::string> names;
  std::vector<double> costs, effects;
  for (std::size_t s = 0; s < m->strategies.size(); ++s) {
    StrategyResult r{m->strategies[s].name, std::vector<double>(m->rewards.size())};
    YG_TRY(ev.run(static_cast<int>(s), nullptr, r.values.data()));
    names.push_back(r.name);
    costs.push_back(r.values[0]);
    effects.push_back(r.values[static_cast<std::size_t>(out.effect)]);
    out.nmb.push_back(net_monetary_benefit(costs.back(), effects.back(), out.wtp));
    if (out.wtp > 0) out.nhb.push_back(net_health_benefit(costs.back(), effects.back(), out.wtp));
    out.strategies.push_back(std::move(r));
  }
  out.incremental = incremental_analysis(names, costs, effects);
  return out;
}

Result<BaseCase> run_base_case(const Model& model) { return run_base_case(model, {}); }

nlohmann::json to_json(const BaseCase& b) {
  nlohmann::json j;
  j["effect"] = b.rewards[static_cast<std::size_t>(b.effect)];
  j["wtp"] = b.wtp;
  j["strategies"] = nlohmann::json::array();
  for (std::size_t s = 0; s < b.strategies.size(); ++s) {
    nlohmann::json o;
    o["name"] = b.strategies[s].name;
    for (std::size_t r = 0; r < b.rewards.size(); ++r) o[b.rewards[r]] = b.strategies[s].values[r];
    o["nmb"] = b.nmb[s];
    if (!b.nhb.empty()) o["nhb"] = b.nhb[s];
    j["strategies"].push_back(o);
  }
  j["incremental"] = nlohmann::json::array();
  for (const auto& r : b.incremental) {
    nlohmann::json o{{"name", r.name}, {"status", dominance_name(r.status)}};
    if (r.comparator >= 0) {
      o["comparator"] = b.strategies[static_cast<std::size_t>(r.comparator)].name;
      o["inc_cost"] = r.inc_cost;
      o["inc_effect"] = r.inc_effect;
      o["icer"] = std::isfinite(r.icer) ? nlohmann::json(r.icer) : nlohmann::json(nullptr);
    }
    j["incremental"].push_back(o);
  }
  return j;
}

}  // namespace yigong::value
