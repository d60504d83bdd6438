// PSA: bit-identical results for any thread count, fixed parameters equal the base case,
// CEAC/CEAF/EVPI invariants, progress, cancellation and deterministic draw errors.
#include "value/psa.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "value/analysis.hpp"
#include "value/evppi.hpp"

namespace yigong::value {
namespace {

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

Model load(const nlohmann::json& spec) {
  auto m = load_model(spec);
  EXPECT_TRUE(m) << (m ? "" : m.error().message + " at " + m.error().field);
  return *m;
}

Model sick_sicker_psa() { return load(read(YIGONG_VALUE_PSA_DIR "/sick_sicker_psa.json")); }

PsaResult psa(const Model& m, std::int64_t draws, int threads, std::uint64_t seed = 20231) {
  PsaOptions o;
  o.draws = draws;
  o.threads = threads;
  o.seed = seed;
  auto r = run_psa(m, o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return *r;
}

TEST(Psa, ResultsAreBitIdenticalFor1And2And4Threads) {
  Model m = sick_sicker_psa();
  ASSERT_EQ(m.sampled.size(), 15u);
  PsaResult one = psa(m, 1000, 1);
  PsaResult two = psa(m, 1000, 2);
  PsaResult four = psa(m, 1000, 4);
  EXPECT_EQ(one.values, two.values);
  EXPECT_EQ(one.values, four.values);
  EXPECT_EQ(one.parameters, four.parameters);
}

TEST(Psa, SeedDeterminesTheDraws) {
  Model m = sick_sicker_psa();
  EXPECT_EQ(psa(m, 50, 1, 5).values, psa(m, 50, 3, 5).values);
  EXPECT_NE(psa(m, 50, 1, 5).values, psa(m, 50, 1, 6).values);
  // The first draws do not depend on how many draws are asked for.
  PsaResult small = psa(m, 10, 1), large = psa(m, 100, 2);
  for (int s = 0; s < 4; ++s) EXPECT_EQ(small.at(9, s, 0), large.at(9, s, 0));
}

TEST(Psa, FixedParametersReproduceTheDeterministicResultExactly) {
  for (const char* file : {"sick_sicker.json", "hiv_a.json", "thr.json", "sumatriptan.json"}) {
    Model m = load(read(std::string(YIGONG_VALUE_REFERENCE_DIR "/") + file)["spec"]);
    auto base = run_base_case(m);
    ASSERT_TRUE(base);
    PsaResult r = psa(m, 20, 2);
    for (std::int64_t d = 0; d < r.draws; ++d)
      for (int s = 0; s < r.strategies; ++s)
        for (int k = 0; k < r.rewards; ++k)
          ASSERT_EQ(
              r.at(d, s, k),
              base->strategies[static_cast<std::size_t>(s)].values[static_cast<std::size_t>(k)])
              << file;
    EXPECT_EQ(evpi(r, m.analysis.effect, m.analysis.wtp), 0.0) << file;
  }
}

TEST(Psa, DirichletRowsAtTheirMeansReproduceHivVariantA) {
  // The PSA version of hiv.md: Dirichlet rows; their means are the published fractions.
  nlohmann::json spec = read(YIGONG_VALUE_REFERENCE_DIR "/hiv_a.json")["spec"];
  auto& p = spec["parameters"];
  for (const char* k : {"tAA", "tAB", "tAC", "tAD", "tBB", "tBC", "tBD", "tCC", "tCD"}) p.erase(k);
  p["rowA"] = {{"distribution", {{"type", "dirichlet"}, {"alpha", {1251, 350, 116, 17}}}},
               {"components", {"tAA", "tAB", "tAC", "tAD"}}};
  p["rowB"] = {{"distribution", {{"type", "dirichlet"}, {"alpha", {731, 512, 15}}}},
               {"components", {"tBB", "tBC", "tBD"}}};
  p["rowC"] = {{"distribution", {{"type", "dirichlet"}, {"alpha", {1312, 437}}}},
               {"components", {"tCC", "tCD"}}};
  Model m = load(spec);
  auto base = run_base_case(m);
  ASSERT_TRUE(base);
  EXPECT_NEAR(base->strategies[0].values[0], 44663.45, 0.005);
  EXPECT_NEAR(base->incremental[1].icer, 6275.956, 0.0005);
  PsaResult r = psa(m, 2000, 2);
  EXPECT_NEAR(r.mean(0, 1), 7.991207, 0.05);  // Monte Carlo mean near the base case
}

TEST(Psa, AcceptabilityCurvesSumToOneAndEvpiIsNonNegative) {
  Model m = sick_sicker_psa();
  PsaResult r = psa(m, 500, 2);
  Acceptability a = acceptability(r, 1, 0, 200000, 10000);
  ASSERT_EQ(a.wtp.size(), 21u);
  for (std::size_t k = 0; k < a.wtp.size(); ++k) {
    double sum = 0;
    for (double p : a.probability[k]) sum += p;
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_GE(a.evpi[k], 0.0);
    EXPECT_EQ(a.optimal_probability[k], a.probability[k][static_cast<std::size_t>(a.optimal[k])]);
  }
  EXPECT_EQ(a.optimal[0], 0);  // at WTP 0 the cheapest (standard of care) is optimal
  double pe = population_evpi(100, 1000, 2, 0.5);
  EXPECT_DOUBLE_EQ(pe, 100 * (1000 + 1000 / 1.5));
}

TEST(Psa, JsonSummaryHasMeansCurvesAndEvpi) {
  Model m = sick_sicker_psa();
  PsaResult r = psa(m, 200, 2);
  Acceptability a = acceptability(r, m.analysis.effect, m.analysis.wtp_min, m.analysis.wtp_max,
                                  m.analysis.wtp_step);
  nlohmann::json j = to_json(m, r, 20231, a);
  EXPECT_EQ(j["strategies"].size(), 4u);
  EXPECT_DOUBLE_EQ(j["strategies"][0]["cost"].get<double>(), r.mean(0, 0));
  EXPECT_EQ(j["acceptability"]["wtp"].size(), 21u);
  EXPECT_EQ(j["acceptability"]["probability"]["SoC"].size(), 21u);
  EXPECT_GE(j["evpi_at_wtp"].get<double>(), 0.0);
  // 10,000 people a year for 10 years at 3 %: the annuity factor is sum_{y<10} 1.03^-y.
  double annuity = 0;
  for (int y = 0; y < 10; ++y) annuity += 10000 * std::pow(1.03, -y);
  EXPECT_NEAR(j["population_evpi"].get<double>(), j["evpi_at_wtp"].get<double>() * annuity, 1e-6);
}

TEST(Psa, EvppiIsBoundedByEvpiAndZeroForIrrelevantParameters) {
  Model m = sick_sicker_psa();
  PsaResult r = psa(m, 4000, 2);
  double wtp = 100000, total = evpi(r, 1, wtp);
  ASSERT_GT(total, 0);
  // c_H is paid in state H by every strategy alike: it cannot change the decision.
  auto irrelevant = evppi(m, r, "c_H", 1, wtp);
  ASSERT_TRUE(irrelevant) << irrelevant.error().message;
  EXPECT_LT(*irrelevant, 0.25 * total);  // regressogram noise only
  auto hr = evppi(m, r, "hr_S1S2_trtB", 1, wtp);
  ASSERT_TRUE(hr);
  EXPECT_LE(*hr, total * 1.0001);
  EXPECT_GT(*hr, *irrelevant);
  EXPECT_FALSE(evppi(m, r, "p_HD", 1, wtp));  // derived, not sampled
}

TEST(Psa, ReportsProgressAndCanBeCancelled) {
  Model m = sick_sicker_psa();
  PsaOptions o;
  o.draws = 300;
  o.threads = 2;
  std::int64_t last = 0;
  o.progress = [&](std::int64_t done, std::int64_t total) {
    EXPECT_EQ(total, 300);
    last = std::max(last, done);
  };
  ASSERT_TRUE(run_psa(m, o));
  EXPECT_EQ(last, 300);
  std::atomic<bool> cancel{true};
  o.cancel = &cancel;
  auto r = run_psa(m, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST(Psa, AFailingDrawIsReportedTheSameForAnyThreadCount) {
  // A normal distribution on a probability leaves [0, 1] in some draws.
  auto spec = nlohmann::json::parse(R"({
    "parameters": {"p": {"value": 0.5, "distribution": {"type": "normal", "mean": 0.9, "sd": 0.1}}},
    "strategies": [{"name": "s"}],
    "model": {"type": "markov", "states": ["A", "B"], "initial": {"A": 1},
              "transitions": {"A": {"A": "C", "B": "p"}}, "state_rewards": {"qaly": {"A": 1}},
              "cycles": 5, "counting": "end", "discount_start": "t"}})");
  Model m = load(spec);
  PsaOptions o;
  o.draws = 2000;
  o.threads = 1;
  auto r1 = run_psa(m, o);
  o.threads = 4;
  auto r4 = run_psa(m, o);
  ASSERT_FALSE(r1);
  ASSERT_FALSE(r4);
  EXPECT_EQ(r1.error().message, r4.error().message);
  EXPECT_EQ(r1.error().field, "model.transitions.A.B");
  EXPECT_EQ(r1.error().message.rfind("draw ", 0), 0u) << r1.error().message;
}

TEST(Psa, AbsurdDrawCountsAreRejected) {
  Model m = sick_sicker_psa();
  PsaOptions o;
  o.draws = 1000000000;
  auto r = run_psa(m, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "analysis.psa.draws");
  o.draws = 0;
  EXPECT_FALSE(run_psa(m, o));
}

}  // namespace
}  // namespace yigong::value
