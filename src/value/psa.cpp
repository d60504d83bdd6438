// PSA driver (threads pull blocks of draws; each draw has its own stream) and PSA summaries.
#include "value/psa.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "value/evaluate.hpp"
#include "value/random.hpp"

namespace yigong::value {

namespace {
// Results are kept in memory: cap them at 2^27 doubles (1 GiB).
constexpr std::size_t kMaxValues = std::size_t{1} << 27;
constexpr std::int64_t kBlock = 64;
}  // namespace

double PsaResult::mean(int s, int r) const {
  double acc = 0;
  for (std::int64_t d = 0; d < draws; ++d) acc += at(d, s, r);
  return draws > 0 ? acc / static_cast<double>(draws) : 0;
}

void sample_parameters(const Model& model, std::uint64_t seed, std::int64_t draw,
                       std::vector<double>& slots) {
  Pcg32 rng(seed, static_cast<std::uint64_t>(draw));
  double tmp[1024];
  for (const Sampled& s : model.sampled) {
    s.dist.sample(rng, tmp);
    for (std::size_t i = 0; i < s.slots.size(); ++i)
      slots[static_cast<std::size_t>(s.slots[i])] = tmp[i];
  }
}

Result<PsaResult> run_psa(const Model& model, const PsaOptions& opt) {
  if (opt.draws < 1 || opt.draws > kMaxDraws)
    return fail(Error::invalid("draws must be from 1 to " + std::to_string(kMaxDraws),
                               "analysis.psa.draws"));
  PsaResult out;
  out.draws = opt.draws;
  out.strategies = static_cast<int>(model.strategies.size());
  out.rewards = static_cast<int>(model.rewards.size());
  for (const Sampled& s : model.sampled)
    for (int slot : s.slots) out.parameter_slots.push_back(slot);
  std::size_t per_draw = static_cast<std::size_t>(out.strategies * out.rewards);
  std::size_t np = out.parameter_slots.size();
  if (static_cast<std::size_t>(opt.draws) * (per_draw + np) > kMaxValues)
    return fail(Error::invalid("draws × strategies × results exceed the memory limit",
                               "analysis.psa.draws"));
  out.values.assign(static_cast<std::size_t>(opt.draws) * per_draw, 0.0);
  out.parameters.assign(static_cast<std::size_t>(opt.draws) * np, 0.0);

  int threads = opt.threads > 0
                    ? opt.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<std::int64_t>(threads, (opt.draws + kBlock - 1) / kBlock));
  threads = std::max(threads, 1);
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex mu;  // guards first_error, error_draw and progress calls
  std::int64_t error_draw = std::numeric_limits<std::int64_t>::max();
  Error first_error;

  auto worker = [&]() {
    Evaluator ev(model);
    std::vector<double> slots(model.slot_names.size(), 0.0);
    for (;;) {
      if (failed.load() || (opt.cancel && opt.cancel->load())) return;
      std::int64_t b = next.fetch_add(kBlock);
      if (b >= opt.draws) return;
      std::int64_t e = std::min(b + kBlock, opt.draws);
      for (std::int64_t d = b; d < e; ++d) {
        sample_parameters(model, opt.seed, d, slots);
        double* row = &out.values[static_cast<std::size_t>(d) * per_draw];
        for (int s = 0; s < out.strategies; ++s) {
          auto r = ev.run(s, slots.data(), row + static_cast<std::size_t>(s * out.rewards));
          if (!r) {
            std::lock_guard<std::mutex> lock(mu);
            if (d < error_draw) {
              error_draw = d;
              first_error = r.error();
            }
            failed.store(true);
            return;
          }
        }
        for (std::size_t i = 0; i < np; ++i)
          out.parameters[static_cast<std::size_t>(d) * np + i] =
              slots[static_cast<std::size_t>(out.parameter_slots[i])];
      }
      std::int64_t total = done.fetch_add(e - b) + (e - b);
      if (opt.progress) {
        std::lock_guard<std::mutex> lock(mu);
        opt.progress(total, opt.draws);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failed.load()) {
    // Another thread may have stopped before reaching a lower failing draw: re-check the draws
    // below the one reported, in order, so the error does not depend on the thread count.
    Evaluator ev(model);
    std::vector<double> slots(model.slot_names.size(), 0.0);
    std::vector<double> tmp(static_cast<std::size_t>(out.rewards));
    for (std::int64_t d = 0; d < error_draw; ++d) {
      sample_parameters(model, opt.seed, d, slots);
      for (int s = 0; s < out.strategies; ++s) {
        auto r = ev.run(s, slots.data(), tmp.data());
        if (!r) {
          error_draw = d;
          first_error = r.error();
          goto report;
        }
      }
    }
  report:
    first_error.message = "draw " + std::to_string(error_draw) + ": " + first_error.message;
    return fail(first_error);
  }
  if (opt.cancel && opt.cancel->load()) return fail(Error::conflict("PSA cancelled"));
  return out;
}

Acceptability acceptability(const PsaResult& psa, int effect, double lo, double hi, double step) {
  Acceptability a;
  const int ns = psa.strategies;
  std::vector<double> mean_c(static_cast<std::size_t>(ns)), mean_e(static_cast<std::size_t>(ns));
  for (int s = 0; s < ns; ++s) {
    mean_c[static_cast<std::size_t>(s)] = psa.mean(s, 0);
    mean_e[static_cast<std::size_t>(s)] = psa.mean(s, effect);
  }
  auto points = static_cast<std::int64_t>(std::floor((hi - lo) / step + 1e-9)) + 1;
  for (std::int64_t k = 0; k < points; ++k) {
    double w = lo + static_cast<double>(k) * step;
    a.wtp.push_back(w);
    int opt = 0;
    double ov = -std::numeric_limits<double>::infinity();
    for (int s = 0; s < ns; ++s) {
      double v = w * mean_e[static_cast<std::size_t>(s)] - mean_c[static_cast<std::size_t>(s)];
      if (v > ov) {
        ov = v;
        opt = s;
      }
    }
    // EVPI as the mean regret of the optimal-on-average strategy: each term is exactly 0 when
    // the draws agree, so fixed parameters give EVPI 0 without round-off.
    std::vector<double> wins(static_cast<std::size_t>(ns), 0.0);
    double regret = 0;
    for (std::int64_t d = 0; d < psa.draws; ++d) {
      int best = 0;
      double bv = -std::numeric_limits<double>::infinity();
      for (int s = 0; s < ns; ++s) {
        double v = w * psa.at(d, s, effect) - psa.at(d, s, 0);
        if (v > bv) {
          bv = v;
          best = s;
        }
      }
      wins[static_cast<std::size_t>(best)] += 1;
      regret += bv - (w * psa.at(d, opt, effect) - psa.at(d, opt, 0));
    }
    double n = static_cast<double>(psa.draws);
    for (auto& x : wins) x /= n;
    a.optimal.push_back(opt);
    a.optimal_probability.push_back(wins[static_cast<std::size_t>(opt)]);
    a.probability.push_back(std::move(wins));
    a.evpi.push_back(regret / n);
  }
  return a;
}

double evpi(const PsaResult& psa, int effect, double wtp) {
  return acceptability(psa, effect, wtp, wtp, 1).evpi[0];
}

double population_evpi(double per_person, double annual, double years, double discount) {
  double total = 0;
  auto whole = static_cast<int>(std::floor(years));
  for (int y = 0; y < whole; ++y) total += annual * std::pow(1 + discount, -y);
  double frac = years - whole;
  if (frac > 0) total += frac * annual * std::pow(1 + discount, -whole);
  return per_person * total;
}

nlohmann::json to_json(const Model& model, const PsaResult& psa, std::uint64_t seed,
                       const Acceptability& acc) {
  nlohmann::json j;
  j["draws"] = psa.draws;
  j["seed"] = seed;
  j["strategies"] = nlohmann::json::array();
  for (int s = 0; s < psa.strategies; ++s) {
    nlohmann::json o{{"name", model.strategies[static_cast<std::size_t>(s)].name}};
    for (int r = 0; r < psa.rewards; ++r)
      o[model.rewards[static_cast<std::size_t>(r)]] = psa.mean(s, r);
    j["strategies"].push_back(o);
  }
  nlohmann::json a{
      {"wtp", acc.wtp}, {"optimal_probability", acc.optimal_probability}, {"evpi", acc.evpi}};
  a["probability"] = nlohmann::json::object();
  for (int s = 0; s < psa.strategies; ++s) {
    std::vector<double> col;
    for (const auto& row : acc.probability) col.push_back(row[static_cast<std::size_t>(s)]);
    a["probability"][model.strategies[static_cast<std::size_t>(s)].name] = col;
  }
  a["optimal"] = nlohmann::json::array();
  for (int o : acc.optimal)
    a["optimal"].push_back(model.strategies[static_cast<std::size_t>(o)].name);
  j["acceptability"] = a;
  double e = evpi(psa, model.analysis.effect, model.analysis.wtp);
  j["evpi_at_wtp"] = e;
  j["population_evpi"] = population_evpi(e, model.analysis.population, model.analysis.horizon_years,
                                         model.analysis.population_discount);
  return j;
}

}  // namespace yigong::value
