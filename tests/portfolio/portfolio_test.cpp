// Stage gates, KPI statistics and network centrality (src/portfolio).
#include <gtest/gtest.h>

#include "portfolio/kpi.hpp"
#include "portfolio/network.hpp"
#include "portfolio/stages.hpp"

namespace yigong::portfolio {
namespace {

constexpr Micros kDay = 86400LL * 1000000;

GateInput all_met(const Stage& s, Maturity m) {
  GateInput in;
  in.decision = GateDecision::go;
  for (const auto& c : s.criteria) in.criteria[c.id] = true;
  in.maturity = m;
  return in;
}

TEST(Stages, DefaultModelIsValidWithEightStages) {
  auto m = default_stage_model();
  ASSERT_TRUE(validate_stage_model(m));
  ASSERT_EQ(m.stages.size(), 8u);
  EXPECT_EQ(m.stages.front().id, "need_validated");
  EXPECT_EQ(m.stages.back().id, "market");
}

TEST(Stages, GoNeedsEveryCriterionAndEveryDomain) {
  auto m = default_stage_model();
  GateInput in = all_met(m.stages[2], m.stages[2].exit_minimum);
  auto ok = apply_gate(m, 2, in);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->stage, 3);
  // One criterion unconfirmed: refused, and the message names it.
  GateInput missing = in;
  missing.criteria.begin()->second = false;
  auto refused = apply_gate(m, 2, missing);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unprocessable);
  // Technology ahead, the market behind (CIMIT's "technological overemphasis"): refused.
  GateInput lagging = in;
  lagging.maturity.technical = 9;
  lagging.maturity.market = 1;
  auto lag = apply_gate(m, 2, lagging);
  ASSERT_FALSE(lag);
  EXPECT_NE(lag.error().message.find("market maturity 1"), std::string::npos)
      << lag.error().message;
}

TEST(Stages, HoldStopRecycle) {
  auto m = default_stage_model();
  GateInput in;
  in.decision = GateDecision::hold;
  auto hold = apply_gate(m, 3, in);
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->stage, 3);
  EXPECT_FALSE(hold->stopped);
  EXPECT_FALSE(hold->unmet.empty());
  in.decision = GateDecision::recycle;
  EXPECT_EQ(apply_gate(m, 3, in)->stage, 2);
  EXPECT_EQ(apply_gate(m, 0, in)->stage, 0);
  in.decision = GateDecision::stop;
  auto stop = apply_gate(m, 3, in);
  EXPECT_TRUE(stop->stopped);
  EXPECT_EQ(stop->stage, 3);
}

TEST(Stages, GoAtTheLastStageStays) {
  auto m = default_stage_model();
  auto last = static_cast<int>(m.stages.size()) - 1;
  auto r = apply_gate(m, last, all_met(m.stages.back(), m.stages.back().exit_minimum));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stage, last);
}

TEST(Stages, BadInputIsInvalid) {
  auto m = default_stage_model();
  GateInput in;
  EXPECT_EQ(apply_gate(m, 8, in).error().code, ErrorCode::invalid);
  EXPECT_EQ(apply_gate(m, -1, in).error().code, ErrorCode::invalid);
  in.criteria["no_such"] = true;
  EXPECT_EQ(apply_gate(m, 0, in).error().field, "criteria.no_such");
  GateInput bad_level;
  bad_level.maturity.technical = 10;
  EXPECT_EQ(apply_gate(m, 0, bad_level).error().field, "maturity.technical");
  StageModel one{{m.stages[0]}};
  EXPECT_FALSE(validate_stage_model(one));
  StageModel dup = m;
  dup.stages[1].id = dup.stages[0].id;
  EXPECT_EQ(validate_stage_model(dup).error().field, "stages[1].id");
  EXPECT_EQ(parse_GateDecision("recycle"), GateDecision::recycle);
  EXPECT_FALSE(parse_GateDecision("maybe"));
}

TEST(Kpi, PercentileInterpolates) {
  EXPECT_DOUBLE_EQ(percentile({}, 0.5), 0);
  EXPECT_DOUBLE_EQ(percentile({7}, 0.9), 7);
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(percentile({0, 10}, 0.9), 9);
}

TEST(Kpi, FunnelStaysStopsAndStalls) {
  Micros t0 = 1'700'000'000LL * 1000000;
  Micros now = t0 + 400 * kDay;
  std::vector<StageHistory> h(4);
  h[0].entered = {{t0, 0}, {t0 + 10 * kDay, 1}, {t0 + 30 * kDay, 2}};  // in 2 for 370 days
  h[1].entered = {{t0, 0}, {t0 + 20 * kDay, 1}};
  h[1].stopped_at = t0 + 50 * kDay;       // stopped in 1 after 30
  h[2].entered = {{t0 + 390 * kDay, 0}};  // fresh, 10 days in 0
  h[3].entered = {{t0, 0}, {t0 + 5 * kDay, 1}, {t0 + 6 * kDay, 2}, {t0 + 7 * kDay, 3}};
  auto s = stage_statistics(h, 4, now, 180);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].reached, 4);
  EXPECT_EQ(s[1].reached, 3);
  EXPECT_EQ(s[2].reached, 2);
  EXPECT_EQ(s[3].reached, 1);
  EXPECT_EQ(s[1].stopped_here, 1);
  EXPECT_EQ(s[2].current, 1);
  EXPECT_EQ(s[2].stalled, 1);  // 370 days > 180
  EXPECT_EQ(s[0].stalled, 0);  // 10 days
  EXPECT_EQ(s[3].current, 1);
  EXPECT_EQ(s[3].stalled, 0);  // the last stage (the market) never stalls
  // Stays in stage 0: 10, 20, 10 (open) and 5 days → median 10, p90 17.
  EXPECT_DOUBLE_EQ(s[0].median_days, 10);
  EXPECT_NEAR(s[0].p90_days, 17, 1e-9);
  EXPECT_DOUBLE_EQ(s[1].median_days, 20);  // 20, 30, 1
}

TEST(Network, BridgeHasTheHighestBetweenness) {
  // Two triangles joined through node 3: 0-1-2 triangle, 2-3, 3-4, 4-5-6 triangle.
  std::vector<NetworkEdge> e = {{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {4, 6}};
  auto c = centrality(8, e);  // node 7 alone
  ASSERT_TRUE(c);
  auto max_it = std::max_element(c->betweenness.begin(), c->betweenness.end());
  EXPECT_EQ(max_it - c->betweenness.begin(), 3);
  // Node 3 lies on every shortest path between {0,1,2} and {4,5,6}: 9 pairs of 21 = (8-1)(8-2)/2.
  EXPECT_NEAR(c->betweenness[3], 9.0 / 21.0, 1e-12);
  EXPECT_DOUBLE_EQ(c->betweenness[0], 0);
  EXPECT_EQ(c->component[0], c->component[6]);
  EXPECT_NE(c->component[0], c->component[7]);
  // Parallel edges change nothing.
  auto twice = e;
  twice.push_back({3, 2, 5});
  EXPECT_EQ(centrality(8, twice)->betweenness, c->betweenness);
}

TEST(Network, BadEdgesAreInvalid) {
  EXPECT_EQ(centrality(2, {{0, 2}}).error().code, ErrorCode::invalid);
  EXPECT_EQ(centrality(2, {{1, 1}}).error().code, ErrorCode::invalid);
  EXPECT_EQ(centrality(2, {{0, 1, 0}}).error().code, ErrorCode::invalid);
  EXPECT_TRUE(centrality(0, {}));
}

}  // namespace
}  // namespace yigong::portfolio
