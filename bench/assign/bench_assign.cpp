// Reviewer-assignment benchmark: seeded synthetic problems (proposals × reviewers, a group mix,
// ~3 % conflicts), solved by match::assign_reviewers with each LEMON solver and by a greedy
// baseline in the same run; prints one table.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "match/assign.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using yigong::match::AssignOptions;
using yigong::match::AssignProblem;
using yigong::match::AssignResult;
using yigong::match::AssignSolver;
using yigong::match::AssignTimings;

// ---- Options ----------------------------------------------------------------------------------

struct Size {
  std::size_t proposals = 0, reviewers = 0;
};

struct Options {
  std::vector<Size> sizes;  // empty: 200×50 and 2,000×500
  int runs = 5;
  int k = 3;
  int capacity = 15;
  double conflicts = 0.03;
  std::uint64_t seed = 42;
  bool network_simplex = true, cost_scaling = true, greedy = true;
  bool header = true;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "yigong_bench_assign: %s\n"
               "usage: yigong_bench_assign [--size PxR]... (default 200x50 2000x500) [--runs N=5]\n"
               "  [--k N=3] [--capacity L=15] [--conflicts F=0.03] [--seed S=42]\n"
               "  [--solver network_simplex|cost_scaling|both=both] [--no-greedy] [--no-header]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    auto number = [&]() -> long {
      const std::string v = value();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 0) usage("not a number");
      return n;
    };
    if (a == "--size") {
      const std::string v = value();
      const auto x = v.find('x');
      if (x == std::string::npos) usage("--size wants PxR, e.g. 2000x500");
      o.sizes.push_back({std::stoul(v.substr(0, x)), std::stoul(v.substr(x + 1))});
    } else if (a == "--runs") {
      o.runs = static_cast<int>(std::max(1L, number()));
    } else if (a == "--k") {
      o.k = static_cast<int>(number());
    } else if (a == "--capacity") {
      o.capacity = static_cast<int>(number());
    } else if (a == "--conflicts") {
      o.conflicts = std::stod(value());
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint64_t>(number());
    } else if (a == "--solver") {
      const std::string v = value();
      o.network_simplex = v == "network_simplex" || v == "both";
      o.cost_scaling = v == "cost_scaling" || v == "both";
      if (!o.network_simplex && !o.cost_scaling) usage("unknown solver");
    } else if (a == "--no-greedy") {
      o.greedy = false;
    } else if (a == "--no-header") {
      o.header = false;
    } else {
      usage("unknown option");
    }
  }
  if (o.sizes.empty()) o.sizes = {{200, 50}, {2000, 500}};
  return o;
}

// ---- Problem ----------------------------------------------------------------------------------

// splitmix64: the same stream on every platform (std distributions are not).
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

constexpr int kTopics = 12;

// Scores with structure: proposals and reviewers carry topic profiles (each mostly about 1–2 of
// 12 topics); score = 0.65 × cosine of the profiles + 0.2 × the reviewer's seniority (some
// reviewers everyone wants) + 0.15 × noise, on a 1/10,000 grid. Reviewers are 40 % clinicians,
// 35 % engineers, 25 % other; each pair is a conflict (no edge) with probability `conflicts`.
AssignProblem make_problem(const Options& o, Size size) {
  Rng rng{o.seed * 1000003 + size.proposals * 7919 + size.reviewers};
  auto profile = [&] {
    std::vector<double> v(kTopics);
    for (double& x : v) x = 0.1 * rng.uniform();
    v[rng.next() % kTopics] += 1.0;
    if (rng.uniform() < 0.5) v[rng.next() % kTopics] += 0.6;
    double norm = 0;
    for (double x : v) norm += x * x;
    for (double& x : v) x /= std::sqrt(norm);
    return v;
  };
  AssignProblem problem;
  problem.proposals = size.proposals;
  problem.per_proposal = o.k;
  problem.min_per_group = {{"clinician", 1}, {"engineer", 1}};
  std::vector<std::vector<double>> proposal_topics, reviewer_topics;
  std::vector<double> seniority;
  for (std::size_t p = 0; p < size.proposals; ++p) proposal_topics.push_back(profile());
  for (std::size_t r = 0; r < size.reviewers; ++r) {
    const double g = rng.uniform();
    problem.reviewers.push_back({g < 0.40   ? "clinician"
                                 : g < 0.75 ? "engineer"
                                            : "other",
                                 o.capacity});
    reviewer_topics.push_back(profile());
    seniority.push_back(std::pow(rng.uniform(), 3.0));
  }
  problem.edges.reserve(size.proposals * size.reviewers);
  for (std::size_t p = 0; p < size.proposals; ++p) {
    for (std::size_t r = 0; r < size.reviewers; ++r) {
      if (rng.uniform() < o.conflicts) continue;
      double cosine = 0;
      for (int t = 0; t < kTopics; ++t) cosine += proposal_topics[p][t] * reviewer_topics[r][t];
      const double s = 0.65 * cosine + 0.2 * seniority[r] + 0.15 * rng.uniform();
      problem.edges.push_back({p, r, std::round(std::clamp(s, 0.0, 1.0) * 1e4) / 1e4});
    }
  }
  return problem;
}

// ---- Greedy baseline ----------------------------------------------------------------------------

// Edges by score, best first: first fill each group's minimum, then the remaining places; a pair
// is taken when its proposal has room, its reviewer has capacity and it is not taken yet.
AssignResult greedy(const AssignProblem& problem) {
  std::vector<std::size_t> order(problem.edges.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return problem.edges[a].score != problem.edges[b].score
               ? problem.edges[a].score > problem.edges[b].score
               : a < b;
  });
  std::vector<int> load(problem.reviewers.size(), 0), count(problem.proposals, 0);
  std::vector<char> taken(problem.edges.size(), 0);
  AssignResult result;
  auto take = [&](std::size_t i) {
    const auto& e = problem.edges[i];
    if (taken[i] || count[e.proposal] >= problem.per_proposal ||
        load[e.reviewer] >= problem.reviewers[e.reviewer].capacity) {
      return false;
    }
    taken[i] = 1;
    ++count[e.proposal];
    ++load[e.reviewer];
    result.pairs.emplace_back(e.proposal, e.reviewer);
    result.total_score += e.score;
    return true;
  };
  for (const auto& [group, minimum] : problem.min_per_group) {
    std::vector<int> have(problem.proposals, 0);
    for (std::size_t i : order) {
      const auto& e = problem.edges[i];
      if (problem.reviewers[e.reviewer].group == group && have[e.proposal] < minimum && take(i)) {
        ++have[e.proposal];
      }
    }
  }
  for (std::size_t i : order) take(i);
  std::sort(result.pairs.begin(), result.pairs.end());
  // Shortfalls as assign_reviewers reports them (eligible counts left at 0).
  for (std::size_t p = 0; p < problem.proposals; ++p) {
    if (count[p] < problem.per_proposal) {
      result.shortfalls.push_back({p, "", problem.per_proposal - count[p], 0});
    }
  }
  for (const auto& [group, minimum] : problem.min_per_group) {
    std::vector<int> have(problem.proposals, 0);
    for (const auto& [p, r] : result.pairs) have[p] += problem.reviewers[r].group == group;
    for (std::size_t p = 0; p < problem.proposals; ++p) {
      if (have[p] < minimum) result.shortfalls.push_back({p, group, minimum - have[p], 0});
    }
  }
  result.complete = result.shortfalls.empty();
  return result;
}

// ---- Measurement
// ---------------------------------------------------------------------------------

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Row {
  std::vector<double> wall, validate, build, solve, extract;
  AssignResult result;
};

std::string fmt(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string with_commas(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int missing_places(const AssignResult& r) {
  int m = 0;
  for (const auto& s : r.shortfalls) m += s.missing;
  return m;
}

void print_row(Size size, std::size_t edges, const char* pipeline, const Row& row, bool timings,
               double optimum) {
  const std::string missing = std::to_string(missing_places(row.result));
  std::printf("| %s × %s | %s | %s | %s | %s | %s | %s | %s | %s | %.4f | %s | %s | %s |\n",
              with_commas(size.proposals).c_str(), with_commas(size.reviewers).c_str(),
              with_commas(edges).c_str(), pipeline, fmt("%.3f", median(row.wall)).c_str(),
              fmt("%.3f", *std::min_element(row.wall.begin(), row.wall.end())).c_str(),
              timings ? fmt("%.3f", median(row.validate)).c_str() : "",
              timings ? fmt("%.3f", median(row.build)).c_str() : "",
              timings ? fmt("%.3f", median(row.solve)).c_str() : "",
              timings ? fmt("%.3f", median(row.extract)).c_str() : "", row.result.total_score,
              optimum > 0 ? fmt("%.2f %%", 100.0 * row.result.total_score / optimum).c_str() : "",
              row.result.complete ? "yes" : "no", missing.c_str());
}

int run(const Options& o) {
  if (o.header) {
    std::printf(
        "| proposals × reviewers | edges | pipeline | median s | min s | validate s | build s | "
        "solve s | extract s | total score | of optimum | complete | missing places |\n"
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
  }
  for (const Size size : o.sizes) {
    const AssignProblem problem = make_problem(o, size);
    double optimum = 0;
    std::vector<std::pair<std::string, AssignResult>> solved;
    for (AssignSolver solver : {AssignSolver::network_simplex, AssignSolver::cost_scaling}) {
      const bool ns = solver == AssignSolver::network_simplex;
      if (ns ? !o.network_simplex : !o.cost_scaling) continue;
      Row row;
      for (int i = 0; i < o.runs; ++i) {
        AssignTimings t;
        const auto start = Clock::now();
        auto result = yigong::match::assign_reviewers(problem, AssignOptions{solver}, &t);
        row.wall.push_back(std::chrono::duration<double>(Clock::now() - start).count());
        if (!result) {
          std::fprintf(stderr, "assign_reviewers: %s (%s)\n", result.error().message.c_str(),
                       result.error().field.c_str());
          return 1;
        }
        row.validate.push_back(t.validate);
        row.build.push_back(t.build);
        row.solve.push_back(t.solve);
        row.extract.push_back(t.extract);
        row.result = std::move(*result);
      }
      if (solved.empty()) optimum = row.result.total_score;  // both solvers are exact
      print_row(size, problem.edges.size(),
                ns ? "yigong, LEMON NetworkSimplex" : "yigong, LEMON CostScaling", row, true,
                optimum);
      solved.emplace_back(ns ? "NetworkSimplex" : "CostScaling", row.result);
    }
    if (solved.size() == 2 && solved[0].second.pairs != solved[1].second.pairs) {
      // Both are optimal; with ties they may still pick different pairs.
      std::fflush(stdout);
      std::fprintf(stderr,
                   "note: %zu×%zu: the two solvers chose different pairs (scores %.4f, %.4f)\n",
                   size.proposals, size.reviewers, solved[0].second.total_score,
                   solved[1].second.total_score);
    }
    if (o.greedy) {
      Row row;
      for (int i = 0; i < o.runs; ++i) {
        const auto start = Clock::now();
        row.result = greedy(problem);
        row.wall.push_back(std::chrono::duration<double>(Clock::now() - start).count());
      }
      print_row(size, problem.edges.size(), "greedy by score (baseline)", row, false, optimum);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return run(parse_options(argc, argv)); }
