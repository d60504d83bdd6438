// Counting conventions and discount start, each against its hand formula on a two-state cohort
// (trace row t = 0.9^t), plus a transition reward and a time-dependent hazard.
#include <gtest/gtest.h>

#include <cmath>

#include "value/analysis.hpp"
#include "value/model.hpp"

namespace yigong::value {
namespace {

constexpr int kN = 5;
constexpr double kD = 0.04;

double run_ly(const std::string& counting, const std::string& start, bool initial = true,
              double discount = kD) {
  nlohmann::json spec = {{"effects", {"ly"}},
                         {"parameters", {{"p", 0.1}}},
                         {"strategies", {{{"name", "s"}}}},
                         {"model",
                          {{"type", "markov"},
                           {"states", {"Alive", "Dead"}},
                           {"initial", {{"Alive", 1}}},
                           {"transitions", {{"Alive", {{"Alive", "C"}, {"Dead", "p"}}}}},
                           {"state_rewards", {{"ly", {{"Alive", 1}}}}},
                           {"cycles", kN},
                           {"discount", {{"ly", discount}}},
                           {"counting", counting},
                           {"discount_start", start},
                           {"reward_initial", initial}}}};
  auto m = load_model(spec);
  EXPECT_TRUE(m) << m.error().message;
  auto b = run_base_case(*m);
  EXPECT_TRUE(b);
  return b->strategies[0].values[1];
}

double row(int t) { return std::pow(0.9, t); }
double disc(double e) { return std::pow(1 + kD, -e); }

TEST(Counting, CycleBasedSchemes) {
  double beg = 0, end = 0, lt = 0, beg0 = 0, end0 = 0;
  for (int k = 1; k <= kN; ++k) {
    beg += row(k - 1) * disc(k);
    end += row(k) * disc(k);
    lt += 0.5 * (row(k - 1) + row(k)) * disc(k);
    beg0 += row(k - 1) * disc(k - 1);
    end0 += row(k) * disc(k - 1);
  }
  EXPECT_NEAR(run_ly("beginning", "t"), beg, 1e-14);
  EXPECT_NEAR(run_ly("end", "t"), end, 1e-14);
  EXPECT_NEAR(run_ly("life_table", "t"), lt, 1e-14);
  EXPECT_NEAR(run_ly("beginning", "t-1"), beg0, 1e-14);
  EXPECT_NEAR(run_ly("end", "t-1"), end0, 1e-14);
  // Not rewarding the initial state drops row 0 from beginning counting.
  EXPECT_NEAR(run_ly("beginning", "t-1", false), beg0 - 1, 1e-14);
}

TEST(Counting, RowBasedSchemes) {
  double half = 0, simpson = 0;
  for (int t = 0; t <= kN; ++t) {
    double w = (t == 0 || t == kN) ? 0.5 : 1.0;
    double ws = (t == 0 || t == kN) ? 1.0 / 3 : (t % 2 == 0 ? 4.0 / 3 : 2.0 / 3);
    half += w * row(t) * disc(t);
    simpson += ws * row(t) * disc(t);
  }
  EXPECT_NEAR(run_ly("half_cycle", "t"), half, 1e-14);
  EXPECT_NEAR(run_ly("trapezoid", "t"), half, 1e-14);
  EXPECT_NEAR(run_ly("simpson", "t"), simpson, 1e-14);
  EXPECT_NEAR(run_ly("half_cycle", "t", false), half - 0.5, 1e-14);
  // Undiscounted, the half-cycle correction equals life-table counting.
  EXPECT_NEAR(run_ly("half_cycle", "t", true, 0), run_ly("life_table", "t", true, 0), 1e-14);
}

TEST(Counting, TimeDependentHazardMatchesProductFormula) {
  // p(cycle) = 1 - exp(-0.01 * cycle), cycle length 0.5 years, rewards per year × 0.5.
  nlohmann::json spec = nlohmann::json::parse(R"j({
    "effects": ["ly"],
    "parameters": {"h": "0.01 * cycle"},
    "strategies": [{"name": "s"}],
    "model": {"type": "markov", "states": ["Alive", "Dead"], "initial": {"Alive": 1},
              "transitions": {"Alive": {"Alive": "C", "Dead": "rate_to_prob(h, 1)"}},
              "state_rewards": {"ly": {"Alive": 1}}, "cycles": 30, "cycle_length": 0.5,
              "counting": "end", "discount_start": "t"}})j");
  auto m = load_model(spec);
  ASSERT_TRUE(m) << m.error().message;
  auto b = run_base_case(*m);
  ASSERT_TRUE(b);
  double s = 1, ly = 0;
  for (int k = 1; k <= 30; ++k) {
    s *= std::exp(-0.01 * k);
    ly += 0.5 * s;
  }
  EXPECT_NEAR(b->strategies[0].values[1], ly, 1e-13);
}

TEST(Counting, TreeWithoutRootDecisionRunsOncePerStrategy) {
  nlohmann::json spec = nlohmann::json::parse(R"({
    "parameters": {"p": 0.3, "c": 10},
    "strategies": [{"name": "low"}, {"name": "high", "overrides": {"p": 0.6, "c": 20}}],
    "model": {"type": "tree", "root": {"type": "chance", "branches": [
      {"p": "p", "cost": "c", "node": {"type": "terminal", "qaly": 1}},
      {"p": "C", "node": {"type": "terminal", "qaly": 0.5}}]}}})");
  auto m = load_model(spec);
  ASSERT_TRUE(m) << m.error().message;
  auto b = run_base_case(*m);
  ASSERT_TRUE(b);
  EXPECT_DOUBLE_EQ(b->strategies[0].values[0], 3);
  EXPECT_DOUBLE_EQ(b->strategies[0].values[1], 0.3 + 0.35);
  EXPECT_DOUBLE_EQ(b->strategies[1].values[0], 12);
  EXPECT_DOUBLE_EQ(b->strategies[1].values[1], 0.6 + 0.2);
}

}  // namespace
}  // namespace yigong::value
