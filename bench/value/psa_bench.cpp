// PSA benchmark driver: Sick-Sicker PSA with N draws, median wall time of R runs, T threads.
// Prints "yigong <threads> <median_ms> <mean cost SoC> <mean qaly SoC>".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "value/psa.hpp"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: psa_bench SPEC.json DRAWS RUNS THREADS\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  auto model = yigong::value::load_model(nlohmann::json::parse(in));
  if (!model) {
    std::fprintf(stderr, "%s at %s\n", model.error().message.c_str(), model.error().field.c_str());
    return 1;
  }
  yigong::value::PsaOptions o;
  o.draws = std::atoll(argv[2]);
  o.seed = 20231;
  o.threads = std::atoi(argv[4]);
  int runs = std::atoi(argv[3]);
  std::vector<double> ms;
  yigong::value::PsaResult last;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    auto res = yigong::value::run_psa(*model, o);
    auto t1 = std::chrono::steady_clock::now();
    if (!res) {
      std::fprintf(stderr, "%s\n", res.error().message.c_str());
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    last = std::move(*res);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("yigong %d %.2f %.1f %.4f\n", o.threads, ms[ms.size() / 2], last.mean(0, 0),
              last.mean(0, 1));
  return 0;
}
