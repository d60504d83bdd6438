// Distribution parsing (with method-of-moments forms) and samplers.
#include "value/distribution.hpp"

#include <cmath>
#include <numeric>

namespace yigong::value {

namespace {

using nlohmann::json;

Result<double> num(const json& j, const char* key, const std::string& path) {
  if (!j.contains(key)) return fail(Error::invalid(std::string("missing '") + key + "'", path));
  const json& v = j.at(key);
  if (!v.is_number()) return fail(Error::invalid("must be a number", path + "." + key));
  double d = v.get<double>();
  if (!std::isfinite(d)) return fail(Error::invalid("must be finite", path + "." + key));
  return d;
}

Result<void> positive(double v, const std::string& field) {
  if (!(v > 0)) return fail(Error::invalid("must be > 0", field));
  return ok();
}

}  // namespace

double Distribution::mean(std::size_t i) const {
  switch (kind) {
    case Kind::kBeta:
      return a / (a + b);
    case Kind::kGamma:
      return a * b;
    case Kind::kLognormal:
      return std::exp(a + b * b / 2);
    case Kind::kNormal:
      return a;
    case Kind::kUniform:
      return (a + b) / 2;
    case Kind::kDirichlet: {
      double s = std::accumulate(alpha.begin(), alpha.end(), 0.0);
      return alpha[i] / s;
    }
  }
  return 0;
}

double sample_normal(Pcg32& rng) {
  // Box–Muller, one value per call: two uniforms per normal keeps each draw's consumption fixed.
  double u1 = rng.uniform(), u2 = rng.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double sample_gamma(Pcg32& rng, double shape) {
  if (shape < 1) {
    // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
    double g = sample_gamma(rng, shape + 1);
    return g * std::pow(rng.uniform(), 1.0 / shape);
  }
  // Marsaglia & Tsang (2000).
  double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = sample_normal(rng), v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    double u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

void Distribution::sample(Pcg32& rng, double* out) const {
  switch (kind) {
    case Kind::kBeta: {
      double x = sample_gamma(rng, a), y = sample_gamma(rng, b);
      out[0] = x / (x + y);
      return;
    }
    case Kind::kGamma:
      out[0] = sample_gamma(rng, a) * b;
      return;
    case Kind::kLognormal:
      out[0] = std::exp(a + b * sample_normal(rng));
      return;
    case Kind::kNormal:
      out[0] = a + b * sample_normal(rng);
      return;
    case Kind::kUniform:
      out[0] = a + (b - a) * rng.uniform();
      return;
    case Kind::kDirichlet: {
      double s = 0;
      for (std::size_t i = 0; i < alpha.size(); ++i) s += out[i] = sample_gamma(rng, alpha[i]);
      for (std::size_t i = 0; i < alpha.size(); ++i) out[i] /= s;
      return;
    }
  }
}

Result<Distribution> parse_distribution(const json& j, const std::string& path) {
  if (!j.is_object()) return fail(Error::invalid("a distribution must be an object", path));
  if (!j.contains("type") || !j["type"].is_string())
    return fail(Error::invalid("missing 'type'", path + ".type"));
  std::string type = j["type"].get<std::string>();
  Distribution d;
  bool moments = j.contains("mean") && j.contains("sd") && type != "normal";
  double mean = 0, sd = 0;
  if (moments) {
    auto m = num(j, "mean", path);
    if (!m) return fail(m.error());
    auto s = num(j, "sd", path);
    if (!s) return fail(s.error());
    mean = *m;
    sd = *s;
    YG_TRY(positive(sd, path + ".sd"));
  }
  if (type == "beta") {
    d.kind = Distribution::Kind::kBeta;
    if (moments) {
      if (!(mean > 0 && mean < 1))
        return fail(Error::invalid("beta mean must be in (0, 1)", path + ".mean"));
      double k = mean * (1 - mean) / (sd * sd) - 1;
      if (!(k > 0)) return fail(Error::invalid("beta sd too large for its mean", path + ".sd"));
      d.a = mean * k;
      d.b = (1 - mean) * k;
    } else {
      auto a = num(j, "alpha", path);
      if (!a) return fail(a.error());
      auto b = num(j, "beta", path);
      if (!b) return fail(b.error());
      d.a = *a;
      d.b = *b;
      YG_TRY(positive(d.a, path + ".alpha"));
      YG_TRY(positive(d.b, path + ".beta"));
    }
  } else if (type == "gamma") {
    d.kind = Distribution::Kind::kGamma;
    if (moments) {
      YG_TRY(positive(mean, path + ".mean"));
      d.a = mean * mean / (sd * sd);
      d.b = sd * sd / mean;
    } else {
      auto k = num(j, "shape", path);
      if (!k) return fail(k.error());
      d.a = *k;
      YG_TRY(positive(d.a, path + ".shape"));
      if (j.contains("rate")) {
        auto r = num(j, "rate", path);
        if (!r) return fail(r.error());
        YG_TRY(positive(*r, path + ".rate"));
        d.b = 1 / *r;
      } else {
        auto s = num(j, "scale", path);
        if (!s) return fail(s.error());
        d.b = *s;
        YG_TRY(positive(d.b, path + ".scale"));
      }
    }
  } else if (type == "lognormal") {
    d.kind = Distribution::Kind::kLognormal;
    if (moments) {
      YG_TRY(positive(mean, path + ".mean"));
      double s2 = std::log(1 + sd * sd / (mean * mean));
      d.a = std::log(mean) - s2 / 2;
      d.b = std::sqrt(s2);
    } else {
      auto m = num(j, "meanlog", path);
      if (!m) return fail(m.error());
      auto s = num(j, "sdlog", path);
      if (!s) return fail(s.error());
      d.a = *m;
      d.b = *s;
      YG_TRY(positive(d.b, path + ".sdlog"));
    }
  } else if (type == "normal") {
    d.kind = Distribution::Kind::kNormal;
    auto m = num(j, "mean", path);
    if (!m) return fail(m.error());
    auto s = num(j, "sd", path);
    if (!s) return fail(s.error());
    d.a = *m;
    d.b = *s;
    YG_TRY(positive(d.b, path + ".sd"));
  } else if (type == "uniform") {
    d.kind = Distribution::Kind::kUniform;
    auto lo = num(j, "min", path);
    if (!lo) return fail(lo.error());
    auto hi = num(j, "max", path);
    if (!hi) return fail(hi.error());
    d.a = *lo;
    d.b = *hi;
    if (!(d.b > d.a)) return fail(Error::invalid("max must exceed min", path + ".max"));
  } else if (type == "dirichlet") {
    d.kind = Distribution::Kind::kDirichlet;
    if (!j.contains("alpha") || !j["alpha"].is_array() || j["alpha"].size() < 2 ||
        j["alpha"].size() > 1000)
      return fail(
          Error::invalid("dirichlet needs an 'alpha' array of 2 to 1000 numbers", path + ".alpha"));
    for (std::size_t i = 0; i < j["alpha"].size(); ++i) {
      const json& v = j["alpha"][i];
      std::string f = path + ".alpha[" + std::to_string(i) + "]";
      if (!v.is_number()) return fail(Error::invalid("must be a number", f));
      double a = v.get<double>();
      if (!(a > 0) || !std::isfinite(a)) return fail(Error::invalid("must be > 0", f));
      d.alpha.push_back(a);
    }
  } else {
    return fail(Error::invalid(
        "unknown distribution '" + type + "' (beta, gamma, lognormal, normal, uniform, dirichlet)",
        path + ".type"));
  }
  return d;
}

}  // namespace yigong::value
