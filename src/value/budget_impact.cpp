// Budget impact arithmetic with validation of every input list.
#include "value/budget_impact.hpp"

#include <cmath>

namespace yigong::value {

namespace {

using nlohmann::json;

Result<std::vector<double>> numbers(const json& j, const std::string& path) {
  if (!j.is_array() || j.empty() || j.size() > 10)
    return fail(Error::invalid("must be a list of 1 to 10 yearly numbers", path));
  std::vector<double> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number() || !std::isfinite(j[i].get<double>()))
      return fail(Error::invalid("must be a number", path + "[" + std::to_string(i) + "]"));
    out.push_back(j[i].get<double>());
  }
  return out;
}

}  // namespace

Result<BudgetImpactInput> parse_budget_impact(const json& j) {
  const std::string base = "budget_impact";
  if (!j.is_object()) return fail(Error::invalid("must be an object", base));
  BudgetImpactInput in;
  if (!j.contains("strategies") || !j["strategies"].is_array() || j["strategies"].empty())
    return fail(Error::invalid("needs a list of strategy names", base + ".strategies"));
  for (const auto& s : j["strategies"]) {
    if (!s.is_string()) return fail(Error::invalid("must be names", base + ".strategies"));
    in.strategies.push_back(s.get<std::string>());
  }
  if (!j.contains("population")) return fail(Error::invalid("missing", base + ".population"));
  auto pop = numbers(j["population"], base + ".population");
  if (!pop) return fail(pop.error());
  in.population = *pop;
  std::size_t years = in.population.size();
  in.shares_current.assign(years, std::vector<double>(in.strategies.size(), 0.0));
  in.shares_new = in.shares_current;
  for (const char* key : {"annual_cost", "shares_current", "shares_new"}) {
    std::string path = base + "." + key;
    if (!j.contains(key) || !j[key].is_object())
      return fail(Error::invalid("needs {strategy: [per year]}", path));
    for (std::size_t s = 0; s < in.strategies.size(); ++s) {
      const std::string& name = in.strategies[s];
      if (!j[key].contains(name))
        return fail(Error::invalid("missing strategy", path + "." + name));
      auto v = numbers(j[key][name], path + "." + name);
      if (!v) return fail(v.error());
      if (v->size() != years)
        return fail(Error::invalid("needs one value per year of population", path + "." + name));
      if (std::string(key) == "annual_cost") {
        in.annual_cost.push_back(*v);
      } else {
        auto& shares = std::string(key) == "shares_current" ? in.shares_current : in.shares_new;
        for (std::size_t y = 0; y < years; ++y) shares[y][s] = (*v)[y];
      }
    }
  }
  return in;
}

Result<std::vector<BudgetImpactYear>> budget_impact(const BudgetImpactInput& in) {
  std::size_t ns = in.strategies.size(), years = in.population.size();
  if (years == 0 || years > 10)
    return fail(Error::invalid("needs 1 to 10 years", "budget_impact.population"));
  if (in.annual_cost.size() != ns || in.shares_current.size() != years ||
      in.shares_new.size() != years)
    return fail(Error::invalid("sizes do not match strategies × years", "budget_impact"));
  std::vector<BudgetImpactYear> out;
  for (std::size_t y = 0; y < years; ++y) {
    std::string yp = "[" + std::to_string(y) + "]";
    if (!(in.population[y] >= 0))
      return fail(Error::invalid("must be >= 0", "budget_impact.population" + yp));
    BudgetImpactYear r;
    r.year = static_cast<int>(y) + 1;
    for (const auto* shares : {&in.shares_current, &in.shares_new}) {
      const char* key = shares == &in.shares_current ? "shares_current" : "shares_new";
      if ((*shares)[y].size() != ns)
        return fail(Error::invalid("one share per strategy", std::string("budget_impact.") + key));
      double sum = 0, total = 0;
      for (std::size_t s = 0; s < ns; ++s) {
        double sh = (*shares)[y][s];
        std::string f = std::string("budget_impact.") + key + "." + in.strategies[s] + yp;
        if (!(sh >= 0 && sh <= 1)) return fail(Error::invalid("share must be in [0, 1]", f));
        if (in.annual_cost[s].size() != years)
          return fail(
              Error::invalid("one cost per year", "budget_impact.annual_cost." + in.strategies[s]));
        double c = in.annual_cost[s][y];
        if (!(c >= 0))
          return fail(
              Error::invalid("must be >= 0", "budget_impact.annual_cost." + in.strategies[s] + yp));
        sum += sh;
        total += in.population[y] * sh * c;
      }
      if (std::abs(sum - 1) > 1e-6)
        return fail(Error::invalid("shares of year " + std::to_string(y + 1) + " sum to " +
                                       std::to_string(sum) + ", not 1",
                                   std::string("budget_impact.") + key));
      (shares == &in.shares_current ? r.current : r.with_innovation) = total;
    }
    r.impact = r.with_innovation - r.current;
    out.push_back(r);
  }
  return out;
}

}  // namespace yigong::value
