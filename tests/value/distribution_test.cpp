// Distributions: moments over many draws, method-of-moments forms, seeded reproducibility.
#include "value/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace yigong::value {
namespace {

Distribution parse(const char* text) {
  auto d = parse_distribution(nlohmann::json::parse(text), "d");
  EXPECT_TRUE(d) << text << ": " << (d ? "" : d.error().message);
  return *d;
}

struct Moments {
  double mean = 0, var = 0;
};

Moments moments(const Distribution& d, int n, std::size_t comp = 0) {
  double s = 0, s2 = 0;
  double buf[16];
  for (int i = 0; i < n; ++i) {
    Pcg32 rng(42, static_cast<std::uint64_t>(i));
    d.sample(rng, buf);
    s += buf[comp];
    s2 += buf[comp] * buf[comp];
  }
  Moments m;
  m.mean = s / n;
  m.var = s2 / n - m.mean * m.mean;
  return m;
}

void expect_moments(const char* text, double mean, double sd) {
  Distribution d = parse(text);
  EXPECT_NEAR(d.mean(), mean, 1e-9 * std::max(1.0, std::abs(mean))) << text;
  Moments m = moments(d, 200000);
  // 200,000 draws: the mean is within ~5 standard errors.
  EXPECT_NEAR(m.mean, mean, 5 * sd / std::sqrt(200000.0)) << text;
  EXPECT_NEAR(std::sqrt(m.var), sd, 0.02 * sd) << text;
}

TEST(Distribution, MomentsMatchOverManyDraws) {
  expect_moments(R"({"type": "beta", "alpha": 2, "beta": 8})", 0.2, std::sqrt(16.0 / (100 * 11)));
  expect_moments(R"({"type": "beta", "mean": 0.3, "sd": 0.05})", 0.3, 0.05);
  expect_moments(R"({"type": "gamma", "shape": 4, "scale": 250})", 1000, 500);
  expect_moments(R"({"type": "gamma", "shape": 0.5, "rate": 2})", 0.25, std::sqrt(0.125));
  expect_moments(R"({"type": "gamma", "mean": 2756, "sd": 2756})", 2756, 2756);
  expect_moments(R"({"type": "normal", "mean": -1, "sd": 2})", -1, 2);
  expect_moments(R"({"type": "uniform", "min": 2, "max": 5})", 3.5, 3 / std::sqrt(12.0));
  expect_moments(R"({"type": "lognormal", "mean": 10, "sd": 3})", 10, 3);
  double mu = -0.675, s = 0.3;
  expect_moments(R"({"type": "lognormal", "meanlog": -0.675, "sdlog": 0.3})",
                 std::exp(mu + s * s / 2),
                 std::exp(mu + s * s / 2) * std::sqrt(std::exp(s * s) - 1));
}

TEST(Distribution, DirichletComponentsHaveBetaMarginals) {
  Distribution d = parse(R"({"type": "dirichlet", "alpha": [1251, 350, 116, 17]})");
  EXPECT_EQ(d.dimension(), 4u);
  double a0 = 1734;
  for (std::size_t i = 0; i < 4; ++i) {
    double p = d.alpha[i] / a0;
    Moments m = moments(d, 50000, i);
    double sd = std::sqrt(p * (1 - p) / (a0 + 1));
    EXPECT_NEAR(m.mean, p, 5 * sd / std::sqrt(50000.0));
    EXPECT_NEAR(std::sqrt(m.var), sd, 0.03 * sd);
  }
  double buf[4];
  Pcg32 rng(1, 2);
  d.sample(rng, buf);
  EXPECT_NEAR(buf[0] + buf[1] + buf[2] + buf[3], 1.0, 1e-12);
}

TEST(Distribution, SameSeedAndStreamGiveSameDraws) {
  Distribution d = parse(R"({"type": "gamma", "shape": 2, "scale": 3})");
  double a, b, c;
  Pcg32 r1(7, 99), r2(7, 99), r3(7, 100);
  d.sample(r1, &a);
  d.sample(r2, &b);
  d.sample(r3, &c);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(Distribution, BadParametersAreErrorsWithPaths) {
  auto bad = [](const char* text, const char* field) {
    auto d = parse_distribution(nlohmann::json::parse(text), "parameters.p.distribution");
    ASSERT_FALSE(d) << text;
    EXPECT_EQ(d.error().field, field) << text << ": " << d.error().message;
  };
  bad(R"({"type": "beta", "alpha": -1, "beta": 2})", "parameters.p.distribution.alpha");
  bad(R"({"type": "beta", "mean": 0.5, "sd": 0.9})", "parameters.p.distribution.sd");
  bad(R"({"type": "beta", "mean": 1.5, "sd": 0.1})", "parameters.p.distribution.mean");
  bad(R"({"type": "gamma", "shape": 2})", "parameters.p.distribution");
  bad(R"({"type": "normal", "mean": 0, "sd": 0})", "parameters.p.distribution.sd");
  bad(R"({"type": "uniform", "min": 3, "max": 1})", "parameters.p.distribution.max");
  bad(R"({"type": "dirichlet", "alpha": [1, 0]})", "parameters.p.distribution.alpha[1]");
  bad(R"({"type": "weibull"})", "parameters.p.distribution.type");
  bad(R"({"alpha": 1})", "parameters.p.distribution.type");
}

}  // namespace
}  // namespace yigong::value
