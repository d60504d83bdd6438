// `yigong value check` and `yigong value run`: health-economic models from a JSON spec file.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "value/analysis.hpp"
#include "value/psa.hpp"

namespace yigong::cli {
namespace {

Result<value::Model> load_spec(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid("cannot read " + path, "file"));
  std::ostringstream buf;
  buf << in.rdbuf();
  nlohmann::json spec = nlohmann::json::parse(buf.str(), nullptr, false);
  if (spec.is_discarded()) return fail(Error::invalid(path + " is not valid JSON", "file"));
  return value::load_model(spec);
}

std::string money(double v) {
  char out[64];
  std::snprintf(out, sizeof out, "%.2f", v);
  return out;
}

void print_base_case(const value::BaseCase& base) {
  std::printf("%-24s %14s", "strategy", base.rewards[0].c_str());
  for (size_t r = 1; r < base.rewards.size(); ++r) std::printf(" %12s", base.rewards[r].c_str());
  std::printf("\n");
  for (const auto& s : base.strategies) {
    std::printf("%-24s %14s", s.name.c_str(), money(s.values[0]).c_str());
    for (size_t r = 1; r < s.values.size(); ++r) std::printf(" %12.5f", s.values[r]);
    std::printf("\n");
  }
  std::printf("\nincremental analysis (effect: %s)\n",
              base.rewards[static_cast<size_t>(base.effect)].c_str());
  std::printf("%-24s %-20s %14s %12s %14s\n", "strategy", "status", "inc. cost", "inc. effect",
              "ICER");
  for (const auto& row : base.incremental) {
    std::printf("%-24s %-20s %14s %12.5f %14s\n", row.name.c_str(),
                value::dominance_name(row.status), money(row.inc_cost).c_str(), row.inc_effect,
                std::isnan(row.icer) ? "-" : money(row.icer).c_str());
  }
}

}  // namespace

int run_value_check(const std::string& file) {
  auto model = load_spec(file);
  if (!model) {
    print_error(model.error());
    return 1;
  }
  // Value-dependent rules (probabilities, row sums) are checked by evaluating the base case.
  auto base = value::run_base_case(*model);
  if (!base) {
    print_error(base.error());
    return 1;
  }
  std::printf("yigong: %s is valid: %zu strategies, %zu parameters, rewards:", file.c_str(),
              model->strategies.size(), model->slot_names.size());
  for (const auto& r : model->rewards) std::printf(" %s", r.c_str());
  std::printf("\n");
  return 0;
}

int run_value_run(const ValueRunArgs& args) {
  auto model = load_spec(args.file);
  if (!model) {
    print_error(model.error());
    return 1;
  }
  auto base = value::run_base_case(*model);
  if (!base) {
    print_error(base.error());
    return 1;
  }
  print_base_case(*base);
  nlohmann::json out = value::to_json(*base);
  const std::int64_t draws = args.psa ? *args.psa : model->analysis.draws;
  if (draws > 0) {
    value::PsaOptions options;
    options.draws = draws;
    options.seed = args.seed ? *args.seed : model->analysis.seed;
    options.threads = args.threads;
    ProgressBar bar;
    options.progress = [&](std::int64_t done, std::int64_t total) {
      bar.update("psa", static_cast<size_t>(done), static_cast<size_t>(total));
    };
    auto psa = value::run_psa(*model, options);
    bar.finish();
    if (!psa) {
      print_error(psa.error());
      return 1;
    }
    const auto& a = model->analysis;
    const auto acc = value::acceptability(*psa, a.effect, a.wtp_min, a.wtp_max, a.wtp_step);
    out["psa"] = value::to_json(*model, *psa, options.seed, acc);
    std::printf("\nPSA: %lld draws, seed %llu; EVPI per person at %.0f: %s\n",
                static_cast<long long>(draws), static_cast<unsigned long long>(options.seed), a.wtp,
                money(value::evpi(*psa, a.effect, a.wtp)).c_str());
  }
  if (!args.out.empty()) {
    std::ofstream f(args.out, std::ios::binary);
    f << out.dump(2) << "\n";
    if (!f) {
      print_error(Error::unavailable("cannot write " + args.out));
      return 1;
    }
  }
  return 0;
}

}  // namespace yigong::cli
