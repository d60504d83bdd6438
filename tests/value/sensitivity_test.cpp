// One-way sensitivity against Evans 1997 (Table VIII) and threshold analysis against closed form.
#include "value/sensitivity.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "value/analysis.hpp"

namespace yigong::value {
namespace {

Model sumatriptan() {
  std::ifstream in(YIGONG_VALUE_REFERENCE_DIR "/sumatriptan.json");
  auto m = load_model(nlohmann::json::parse(in)["spec"]);
  EXPECT_TRUE(m);
  return *m;
}

TEST(OneWay, ReproducesEvansTableVIIIWithinFivePercent) {
  Model m = sumatriptan();
  // Sumatriptan's relief probability = caffeine's (0.379) + 26.8 points, and + 9.1 points.
  auto rows = one_way(m, "Sumatriptan", "Caffeine/Ergotamine",
                      {{"p_relief_sumatriptan", 0.379 + 0.268, 0.379 + 0.091}});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NEAR((*rows)[0].icer_low, 18950, 0.05 * 18950);
  EXPECT_NEAR((*rows)[0].icer_high, 60839, 0.05 * 60839);
}

TEST(OneWay, RowsAreInTornadoOrder) {
  Model m = sumatriptan();
  auto rows = one_way(
      m, "Sumatriptan", "Caffeine/Ergotamine",
      {{"c_hospital", 1000, 1200}, {"c_sumatriptan", 10, 20}, {"p_relief_sumatriptan", 0.5, 0.6}});
  ASSERT_TRUE(rows);
  for (std::size_t i = 1; i < rows->size(); ++i)
    EXPECT_GE((*rows)[i - 1].swing(), (*rows)[i].swing());
  EXPECT_EQ(rows->back().parameter, "c_hospital");
  auto bad = one_way(m, "Sumatriptan", "Caffeine/Ergotamine", {{"nope", 0, 1}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "ranges[0].parameter");
}

TEST(Threshold, PriceAtWhichTheInnovationBecomesCostEffective) {
  Model m = sumatriptan();
  // NMB difference is linear in the drug price: solve it by hand from the base case.
  double wtp = 20000;
  auto t = threshold(m, "c_sumatriptan", "Sumatriptan", "Caffeine/Ergotamine", wtp, 0, 100);
  ASSERT_TRUE(t) << t.error().message;
  // Cost of sumatriptan = price × (1 + P(relief) × P(recurrence)) + fixed ED/hospital costs.
  double per_price = 1 + 0.558 * (1 - 0.594);
  double fixed = 0.442 * 0.08 * (63.16 + 0.002 * 1093);
  double d_effect = (0.4168609120000001 - 0.201275956) / 365;
  double expected = (wtp * d_effect + 4.71497244 - fixed) / per_price;
  EXPECT_NEAR(*t, expected, 1e-6);
  EXPECT_FALSE(threshold(m, "c_sumatriptan", "Sumatriptan", "Caffeine/Ergotamine", wtp, 0, 1));
}

}  // namespace
}  // namespace yigong::value
