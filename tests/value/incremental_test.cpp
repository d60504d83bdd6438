// Incremental analysis: strict and extended dominance, ties, ICERs along the frontier.
#include "value/incremental.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace yigong::value {
namespace {

std::vector<IncrementalRow> run(const std::vector<double>& c, const std::vector<double>& e) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < c.size(); ++i)
    names.push_back(std::string(1, static_cast<char>('A' + i)));
  return incremental_analysis(names, c, e);
}

const IncrementalRow& row(const std::vector<IncrementalRow>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return r;
  throw std::runtime_error("no row " + name);
}

TEST(Incremental, SortsByCostAndComputesIcersAgainstThePreviousFrontierStrategy) {
  auto rows = run({300, 0, 100}, {3, 0, 2});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "B");
  EXPECT_EQ(rows[1].name, "C");
  EXPECT_EQ(rows[2].name, "A");
  EXPECT_TRUE(std::isnan(rows[0].icer));
  EXPECT_DOUBLE_EQ(rows[1].icer, 50);
  EXPECT_DOUBLE_EQ(rows[2].icer, 200);
  EXPECT_EQ(rows[2].comparator, 2);  // input index of C
}

TEST(Incremental, StrictlyDominatedCostsMoreAndYieldsLess) {
  auto rows = run({0, 200, 100}, {0, 1, 2});
  EXPECT_EQ(row(rows, "B").status, Dominance::kStrict);
  EXPECT_TRUE(std::isnan(row(rows, "B").icer));
  EXPECT_DOUBLE_EQ(row(rows, "C").icer, 50);
}

TEST(Incremental, ExtendedDominanceIsRemovedIterativelyAndIcersRecomputed) {
  // ICERs along A, B, C, D: 100, 800, 50 → C is extendedly dominated; then D vs B is
  // 450 / 1.5 = 300 > 100, so the frontier is A, B, D.
  auto rows = run({0, 100, 500, 550}, {0, 1, 1.5, 2.5});
  EXPECT_EQ(row(rows, "C").status, Dominance::kExtended);
  EXPECT_EQ(row(rows, "B").status, Dominance::kFrontier);
  EXPECT_DOUBLE_EQ(row(rows, "D").icer, 300);
  // A chain where removing one exposes another: ICERs 500, 400, 100.
  auto chain = run({0, 500, 900, 1000}, {0, 1, 2, 3});
  EXPECT_EQ(row(chain, "B").status, Dominance::kExtended);
  EXPECT_EQ(row(chain, "C").status, Dominance::kExtended);
  EXPECT_DOUBLE_EQ(row(chain, "D").icer, 1000.0 / 3);
}

TEST(Incremental, TiesInCostOrEffect) {
  // Same cost, less effect: dominated. Same effect, more cost: dominated.
  auto rows = run({100, 100, 0, 200}, {1, 2, 0, 2});
  EXPECT_EQ(row(rows, "A").status, Dominance::kStrict);
  EXPECT_EQ(row(rows, "B").status, Dominance::kFrontier);
  EXPECT_EQ(row(rows, "D").status, Dominance::kStrict);
  // Identical strategies: the first stays on the frontier.
  auto same = run({5, 5}, {1, 1});
  EXPECT_EQ(row(same, "A").status, Dominance::kFrontier);
  EXPECT_EQ(row(same, "B").status, Dominance::kStrict);
}

TEST(Incremental, CheaperAndBetterDominatesEverything) {
  auto rows = run({100, 50, 80}, {1, 3, 2});
  EXPECT_EQ(row(rows, "B").status, Dominance::kFrontier);
  EXPECT_EQ(row(rows, "A").status, Dominance::kStrict);
  EXPECT_EQ(row(rows, "C").status, Dominance::kStrict);
}

TEST(Incremental, SingleStrategyIsTheReference) {
  auto rows = run({10}, {1});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, Dominance::kFrontier);
  EXPECT_EQ(rows[0].comparator, -1);
}

TEST(Incremental, NetBenefit) {
  EXPECT_DOUBLE_EQ(net_monetary_benefit(1000, 0.5, 50000), 24000);
  EXPECT_DOUBLE_EQ(net_health_benefit(1000, 0.5, 50000), 0.48);
}

}  // namespace
}  // namespace yigong::value
