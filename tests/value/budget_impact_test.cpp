// Budget impact: hand-computed yearly totals, uptake displacing comparators, input errors.
#include "value/budget_impact.hpp"

#include <gtest/gtest.h>

namespace yigong::value {
namespace {

nlohmann::json example() {
  // 1,000 then 1,100 eligible; the innovation takes 10 % then 30 %, displacing drug A first.
  return nlohmann::json::parse(R"({
    "strategies": ["A", "B", "new"],
    "population": [1000, 1100],
    "annual_cost": {"A": [100, 100], "B": [200, 210], "new": [1000, 900]},
    "shares_current": {"A": [0.6, 0.6], "B": [0.4, 0.4], "new": [0, 0]},
    "shares_new": {"A": [0.5, 0.3], "B": [0.4, 0.4], "new": [0.1, 0.3]}})");
}

TEST(BudgetImpact, YearlyTotalsByHand) {
  auto in = parse_budget_impact(example());
  ASSERT_TRUE(in) << in.error().message;
  auto r = budget_impact(*in);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_DOUBLE_EQ((*r)[0].current, 1000 * (0.6 * 100 + 0.4 * 200));
  EXPECT_DOUBLE_EQ((*r)[0].with_innovation, 1000 * (0.5 * 100 + 0.4 * 200 + 0.1 * 1000));
  EXPECT_DOUBLE_EQ((*r)[0].impact, 1000 * (0.1 * 1000 - 0.1 * 100));
  EXPECT_NEAR((*r)[1].impact, 1100 * (0.3 * 900 - 0.3 * 100), 1e-9);
  EXPECT_EQ((*r)[1].year, 2);
}

TEST(BudgetImpact, BadInputNamesTheField) {
  auto j = example();
  j["shares_new"]["A"][1] = 0.5;  // year 2 sums to 1.2
  auto r = budget_impact(*parse_budget_impact(j));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "budget_impact.shares_new");
  j = example();
  j["annual_cost"]["B"] = {200};
  auto p = parse_budget_impact(j);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "budget_impact.annual_cost.B");
  j = example();
  j["population"] = nlohmann::json::array();
  for (int i = 0; i < 11; ++i) j["population"].push_back(1);
  EXPECT_EQ(parse_budget_impact(j).error().field, "budget_impact.population");
  j = example();
  j["shares_current"]["A"][0] = -0.1;
  j["shares_current"]["B"][0] = 1.1;
  EXPECT_EQ(budget_impact(*parse_budget_impact(j)).error().field,
            "budget_impact.shares_current.A[0]");
}

}  // namespace
}  // namespace yigong::value
