// Reviewer assignment: optimality against brute force on small random problems (both LEMON
// solvers), the constraints (conflicts, loads, mix, pins), infeasibility reports, invalid input.
#include "match/assign.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace yigong::match {
namespace {

using Pair = std::pair<std::size_t, std::size_t>;

const AssignSolver kSolvers[] = {AssignSolver::network_simplex, AssignSolver::cost_scaling};

const char* solver_name(AssignSolver s) {
  return s == AssignSolver::cost_scaling ? "cost_scaling" : "network_simplex";
}

AssignResult solve(const AssignProblem& problem, AssignSolver solver) {
  auto result = assign_reviewers(problem, AssignOptions{solver});
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return result ? *result : AssignResult{};
}

// Checks everything a result promises that can be read off the problem and the pairs alone:
// pairs sorted and distinct, each an edge, loads within capacity, at most k per proposal, pins
// present, total_score the sum of the pairs' scores, and shortfalls exactly what the pairs lack.
void expect_consistent(const AssignProblem& problem, const AssignResult& result) {
  std::map<Pair, double> score;
  for (const auto& e : problem.edges) score[{e.proposal, e.reviewer}] = e.score;
  EXPECT_TRUE(std::is_sorted(result.pairs.begin(), result.pairs.end()));
  EXPECT_EQ(std::adjacent_find(result.pairs.begin(), result.pairs.end()), result.pairs.end());
  std::vector<int> load(problem.reviewers.size(), 0);
  std::vector<int> count(problem.proposals, 0);
  std::vector<std::map<std::string, int>> by_group(problem.proposals);
  double total = 0;
  for (const auto& [p, r] : result.pairs) {
    ASSERT_LT(p, problem.proposals);
    ASSERT_LT(r, problem.reviewers.size());
    auto it = score.find({p, r});
    ASSERT_NE(it, score.end()) << "assigned a conflict: proposal " << p << ", reviewer " << r;
    total += it->second;
    ++load[r];
    ++count[p];
    ++by_group[p][problem.reviewers[r].group];
  }
  EXPECT_NEAR(result.total_score, total, 1e-9);
  for (std::size_t r = 0; r < load.size(); ++r) {
    EXPECT_LE(load[r], problem.reviewers[r].capacity) << "reviewer " << r;
  }
  for (const auto& pin : problem.pinned) {
    EXPECT_TRUE(std::binary_search(result.pairs.begin(), result.pairs.end(), pin))
        << "pin (" << pin.first << ", " << pin.second << ") dropped";
  }
  std::vector<Shortfall> expected;
  for (std::size_t p = 0; p < problem.proposals; ++p) {
    EXPECT_LE(count[p], problem.per_proposal);
    int eligible = 0;
    std::map<std::string, int> eligible_in;
    for (const auto& e : problem.edges) {
      if (e.proposal != p) continue;
      ++eligible;
      ++eligible_in[problem.reviewers[e.reviewer].group];
    }
    if (count[p] < problem.per_proposal) {
      expected.push_back({p, "", problem.per_proposal - count[p], eligible});
    }
    for (const auto& [group, minimum] : problem.min_per_group) {
      if (by_group[p][group] < minimum) {
        expected.push_back({p, group, minimum - by_group[p][group], eligible_in[group]});
      }
    }
  }
  ASSERT_EQ(result.shortfalls.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(result.shortfalls[i].proposal, expected[i].proposal) << i;
    EXPECT_EQ(result.shortfalls[i].group, expected[i].group) << i;
    EXPECT_EQ(result.shortfalls[i].missing, expected[i].missing) << i;
    EXPECT_EQ(result.shortfalls[i].eligible, expected[i].eligible) << i;
  }
  EXPECT_EQ(result.complete, expected.empty());
}

int missing_of(const AssignResult& result) {
  int missing = 0;
  for (const auto& s : result.shortfalls) missing += s.missing;
  return missing;
}

long long hundredths(double score) { return std::llround(score * 100); }

// Brute force over every assignment: each proposal takes a subset of at most k of its eligible
// reviewers containing its pins, loads within capacity. Best = fewest missing places (reviewers
// short of k plus group places short of the minima), then the highest score in hundredths.
struct Brute {
  const AssignProblem& problem;
  std::vector<std::vector<std::vector<std::size_t>>> options;  // per proposal: candidate sets
  std::vector<int> load;
  int best_missing = std::numeric_limits<int>::max();
  long long best_score = -1;

  explicit Brute(const AssignProblem& pr) : problem(pr), load(pr.reviewers.size(), 0) {
    for (std::size_t p = 0; p < problem.proposals; ++p) {
      std::vector<std::size_t> eligible;
      for (const auto& e : problem.edges)
        if (e.proposal == p) eligible.push_back(e.reviewer);
      auto& sets = options.emplace_back();
      for (unsigned mask = 0; mask < (1u << eligible.size()); ++mask) {
        std::vector<std::size_t> set;
        for (std::size_t i = 0; i < eligible.size(); ++i)
          if (mask & (1u << i)) set.push_back(eligible[i]);
        if (static_cast<int>(set.size()) > problem.per_proposal) continue;
        bool pins_in = true;
        for (const auto& [pp, pr2] : problem.pinned)
          if (pp == p && std::find(set.begin(), set.end(), pr2) == set.end()) pins_in = false;
        if (pins_in) sets.push_back(set);
      }
    }
  }

  long long score_of(std::size_t p, std::size_t r) const {
    for (const auto& e : problem.edges)
      if (e.proposal == p && e.reviewer == r) return hundredths(e.score);
    return 0;
  }

  int missing_of_set(const std::vector<std::size_t>& set) const {
    int missing = problem.per_proposal - static_cast<int>(set.size());
    for (const auto& [group, minimum] : problem.min_per_group) {
      int have = 0;
      for (std::size_t r : set) have += problem.reviewers[r].group == group;
      missing += std::max(0, minimum - have);
    }
    return missing;
  }

  void search(std::size_t p, int missing, long long score) {
    if (p == problem.proposals) {
      if (missing < best_missing || (missing == best_missing && score > best_score)) {
        best_missing = missing;
        best_score = score;
      }
      return;
    }
    for (const auto& set : options[p]) {
      bool fits = true;
      for (std::size_t r : set) fits = fits && load[r] < problem.reviewers[r].capacity;
      if (!fits) continue;
      long long s = 0;
      for (std::size_t r : set) {
        ++load[r];
        s += score_of(p, r);
      }
      search(p + 1, missing + missing_of_set(set), score + s);
      for (std::size_t r : set) --load[r];
    }
  }
};

AssignProblem random_problem(std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static const char* const kGroups[] = {"clinician", "engineer", "other"};
  AssignProblem problem;
  problem.proposals = static_cast<std::size_t>(uniform(2, 4));
  problem.per_proposal = uniform(1, 2);
  const int reviewers = uniform(3, 6);
  for (int r = 0; r < reviewers; ++r) {
    problem.reviewers.push_back({kGroups[uniform(0, 2)], uniform(0, 3)});
  }
  int left = problem.per_proposal;
  for (const char* group : {"clinician", "engineer"}) {
    const int minimum = std::min(left, uniform(0, 1));
    if (uniform(0, 3) > 0) problem.min_per_group[group] = minimum;
    left -= minimum;
  }
  for (std::size_t p = 0; p < problem.proposals; ++p) {
    for (int r = 0; r < reviewers; ++r) {
      if (uniform(0, 3) == 0) continue;  // a conflict: no edge
      problem.edges.push_back({p, static_cast<std::size_t>(r), uniform(0, 100) / 100.0});
    }
  }
  std::shuffle(problem.edges.begin(), problem.edges.end(), rng);
  // Sometimes pin one edge whose reviewer has room.
  if (!problem.edges.empty() && uniform(0, 2) == 0) {
    const auto& e = problem.edges[static_cast<std::size_t>(
        uniform(0, static_cast<int>(problem.edges.size()) - 1))];
    if (problem.reviewers[e.reviewer].capacity > 0)
      problem.pinned.emplace_back(e.proposal, e.reviewer);
  }
  return problem;
}

TEST(Assign, MatchesBruteForceOnSmallRandomProblems) {
  int incomplete = 0, pinned = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const AssignProblem problem = random_problem(rng);
    Brute brute(problem);
    brute.search(0, 0, 0);
    ASSERT_GE(brute.best_score, 0);
    incomplete += brute.best_missing > 0;
    pinned += !problem.pinned.empty();
    for (AssignSolver solver : kSolvers) {
      SCOPED_TRACE(solver_name(solver));
      const AssignResult result = solve(problem, solver);
      expect_consistent(problem, result);
      EXPECT_EQ(missing_of(result), brute.best_missing);
      EXPECT_EQ(hundredths(result.total_score), brute.best_score);
      EXPECT_EQ(result.complete, brute.best_missing == 0);
    }
  }
  // The generator must exercise both outcomes and pins, or the comparison proves little.
  EXPECT_GT(incomplete, 20);
  EXPECT_LT(incomplete, 180);
  EXPECT_GT(pinned, 20);
}

TEST(Assign, CompleteAssignmentPicksTheBestScores) {
  AssignProblem problem;
  problem.proposals = 2;
  problem.per_proposal = 1;
  problem.reviewers = {{"other", 1}, {"other", 1}};
  // Greedy (proposal 0 takes its best, reviewer 0) scores 0.9 + 0.1; the optimum is 0.8 + 0.8.
  problem.edges = {{0, 0, 0.9}, {0, 1, 0.8}, {1, 0, 0.8}, {1, 1, 0.1}};
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_TRUE(result.complete);
    EXPECT_EQ(result.pairs, (std::vector<Pair>{{0, 1}, {1, 0}}));
    EXPECT_NEAR(result.total_score, 1.6, 1e-12);
    expect_consistent(problem, result);
  }
}

TEST(Assign, ConflictsAreNeverAssignedEvenWhenShort) {
  AssignProblem problem;
  problem.proposals = 2;
  problem.per_proposal = 2;
  problem.reviewers = {{"other", 2}, {"other", 2}, {"other", 2}};
  // Proposal 1 conflicts with every reviewer: no edges at all.
  problem.edges = {{0, 0, 0.5}, {0, 1, 0.4}, {0, 2, 0.3}};
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_FALSE(result.complete);
    EXPECT_EQ(result.pairs, (std::vector<Pair>{{0, 0}, {0, 1}}));
    ASSERT_EQ(result.shortfalls.size(), 1u);
    EXPECT_EQ(result.shortfalls[0].proposal, 1u);
    EXPECT_EQ(result.shortfalls[0].group, "");
    EXPECT_EQ(result.shortfalls[0].missing, 2);
    EXPECT_EQ(result.shortfalls[0].eligible, 0);
    expect_consistent(problem, result);
  }
}

TEST(Assign, LoadsSpreadAPopularReviewer) {
  AssignProblem problem;
  problem.proposals = 4;
  problem.per_proposal = 1;
  problem.reviewers = {{"other", 2}, {"other", 2}};
  for (std::size_t p = 0; p < 4; ++p) {
    problem.edges.push_back({p, 0, 1.0});
    problem.edges.push_back({p, 1, 0.2});
  }
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_TRUE(result.complete);
    EXPECT_NEAR(result.total_score, 2.4, 1e-12);
    expect_consistent(problem, result);
  }
}

TEST(Assign, MixIsMetAtSomeCostInScore) {
  AssignProblem problem;
  problem.proposals = 1;
  problem.per_proposal = 2;
  problem.min_per_group = {{"clinician", 1}, {"engineer", 1}};
  problem.reviewers = {{"other", 1}, {"other", 1}, {"clinician", 1}, {"engineer", 1}};
  problem.edges = {{0, 0, 1.0}, {0, 1, 1.0}, {0, 2, 0.1}, {0, 3, 0.2}};
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_TRUE(result.complete);
    EXPECT_EQ(result.pairs, (std::vector<Pair>{{0, 2}, {0, 3}}));
    expect_consistent(problem, result);
  }
}

TEST(Assign, TooFewCliniciansIsReportedAndTheProposalStillGetsKReviewers) {
  AssignProblem problem;
  problem.proposals = 3;
  problem.per_proposal = 2;
  problem.min_per_group = {{"clinician", 1}};
  problem.reviewers = {{"clinician", 2}, {"engineer", 3}, {"engineer", 3}};
  problem.edges = {{0, 0, 0.9}, {1, 0, 0.9}, {2, 0, 0.1}};
  for (std::size_t p = 0; p < 3; ++p) {
    problem.edges.push_back({p, 1, 0.5});
    problem.edges.push_back({p, 2, 0.5});
  }
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_FALSE(result.complete);
    ASSERT_EQ(result.shortfalls.size(), 1u);
    EXPECT_EQ(result.shortfalls[0].proposal, 2u);
    EXPECT_EQ(result.shortfalls[0].group, "clinician");
    EXPECT_EQ(result.shortfalls[0].missing, 1);
    EXPECT_EQ(result.shortfalls[0].eligible, 1);
    EXPECT_EQ(std::count_if(result.pairs.begin(), result.pairs.end(),
                            [](const Pair& pr) { return pr.first == 2; }),
              2);
    EXPECT_NEAR(result.total_score, 3.8, 1e-12);
    expect_consistent(problem, result);
  }
}

TEST(Assign, AGroupNobodyBelongsToIsShortEverywhere) {
  AssignProblem problem;
  problem.proposals = 2;
  problem.per_proposal = 1;
  problem.min_per_group = {{"nurse", 1}};
  problem.reviewers = {{"other", 2}};
  problem.edges = {{0, 0, 0.5}, {1, 0, 0.5}};
  const AssignResult result = solve(problem, AssignSolver::network_simplex);
  EXPECT_FALSE(result.complete);
  EXPECT_EQ(result.pairs.size(), 2u);
  ASSERT_EQ(result.shortfalls.size(), 2u);
  EXPECT_EQ(result.shortfalls[1].proposal, 1u);
  EXPECT_EQ(result.shortfalls[1].group, "nurse");
  EXPECT_EQ(result.shortfalls[1].eligible, 0);
  expect_consistent(problem, result);
}

TEST(Assign, CapacitiesTooSmallOverallLeaveTheRightNumberShort) {
  AssignProblem problem;
  problem.proposals = 3;
  problem.per_proposal = 2;
  problem.reviewers = {{"other", 2}, {"other", 2}};
  for (std::size_t p = 0; p < 3; ++p) {
    problem.edges.push_back({p, 0, 0.1 * static_cast<double>(p + 1)});
    problem.edges.push_back({p, 1, 0.1 * static_cast<double>(p + 1)});
  }
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_FALSE(result.complete);
    EXPECT_EQ(result.pairs.size(), 4u);
    EXPECT_EQ(missing_of(result), 2);
    // The two best-scoring proposals are filled; proposal 0 (lowest scores) gets nobody.
    ASSERT_EQ(result.shortfalls.size(), 1u);
    EXPECT_EQ(result.shortfalls[0].proposal, 0u);
    EXPECT_EQ(result.shortfalls[0].missing, 2);
    EXPECT_EQ(result.shortfalls[0].eligible, 2);
    expect_consistent(problem, result);
  }
}

TEST(Assign, PinsAreKeptAgainstTheScore) {
  AssignProblem problem;
  problem.proposals = 2;
  problem.per_proposal = 1;
  problem.reviewers = {{"other", 1}, {"other", 1}};
  problem.edges = {{0, 0, 0.9}, {0, 1, 0.1}, {1, 0, 0.1}, {1, 1, 0.9}};
  problem.pinned = {{0, 1}};
  for (AssignSolver solver : kSolvers) {
    const AssignResult result = solve(problem, solver);
    EXPECT_TRUE(result.complete);
    EXPECT_EQ(result.pairs, (std::vector<Pair>{{0, 1}, {1, 0}}));
    EXPECT_NEAR(result.total_score, 0.2, 1e-12);
  }
}

TEST(Assign, APinThatBreaksTheMixIsKeptAndTheMixReportedShort) {
  AssignProblem problem;
  problem.proposals = 1;
  problem.per_proposal = 1;
  problem.min_per_group = {{"clinician", 1}};
  problem.reviewers = {{"clinician", 1}, {"engineer", 1}};
  problem.edges = {{0, 0, 0.9}, {0, 1, 0.1}};
  problem.pinned = {{0, 1}};
  const AssignResult result = solve(problem, AssignSolver::network_simplex);
  EXPECT_FALSE(result.complete);
  EXPECT_EQ(result.pairs, (std::vector<Pair>{{0, 1}}));
  ASSERT_EQ(result.shortfalls.size(), 1u);
  EXPECT_EQ(result.shortfalls[0].group, "clinician");
  expect_consistent(problem, result);
}

TEST(Assign, ResultDoesNotDependOnEdgeOrder) {
  std::mt19937 rng(7);
  AssignProblem problem;
  problem.proposals = 30;
  problem.per_proposal = 3;
  problem.min_per_group = {{"clinician", 1}};
  for (int r = 0; r < 12; ++r) problem.reviewers.push_back({r % 3 ? "other" : "clinician", 8});
  for (std::size_t p = 0; p < 30; ++p)
    for (std::size_t r = 0; r < 12; ++r)
      problem.edges.push_back({p, r, std::uniform_int_distribution<int>(0, 4)(rng) / 4.0});
  // Many equal scores: many optima, so only a fixed network order makes the answer unique.
  const AssignResult first = solve(problem, AssignSolver::network_simplex);
  expect_consistent(problem, first);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(problem.edges.begin(), problem.edges.end(), rng);
    const AssignResult again = solve(problem, AssignSolver::network_simplex);
    EXPECT_EQ(again.pairs, first.pairs);
    EXPECT_EQ(again.total_score, first.total_score);
  }
}

TEST(Assign, NoProposalsIsComplete) {
  AssignProblem problem;
  problem.reviewers = {{"other", 1}};
  const AssignResult result = solve(problem, AssignSolver::network_simplex);
  EXPECT_TRUE(result.complete);
  EXPECT_TRUE(result.pairs.empty());
}

AssignProblem valid_problem() {
  AssignProblem problem;
  problem.proposals = 2;
  problem.per_proposal = 2;
  problem.min_per_group = {{"clinician", 1}};
  problem.reviewers = {{"clinician", 2}, {"engineer", 2}, {"other", 1}};
  problem.edges = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 0, 0.5}, {1, 1, 0.5}, {1, 2, 0.5}};
  return problem;
}

void expect_invalid(const AssignProblem& problem, const std::string& field) {
  auto result = assign_reviewers(problem);
  ASSERT_FALSE(result.has_value()) << "accepted; expected an error on " << field;
  EXPECT_EQ(result.error().code, ErrorCode::invalid);
  EXPECT_EQ(result.error().field, field) << result.error().message;
  EXPECT_FALSE(result.error().message.empty());
}

TEST(Assign, InvalidInputIsRejectedWithItsField) {
  ASSERT_TRUE(assign_reviewers(valid_problem()).has_value());
  auto p = valid_problem();
  p.edges[3].proposal = 2;
  expect_invalid(p, "edges[3].proposal");
  p = valid_problem();
  p.edges[4].reviewer = 3;
  expect_invalid(p, "edges[4].reviewer");
  p = valid_problem();
  p.edges[1].score = 1.01;
  expect_invalid(p, "edges[1].score");
  p = valid_problem();
  p.edges[1].score = -0.1;
  expect_invalid(p, "edges[1].score");
  p = valid_problem();
  p.edges[0].score = std::nan("");
  expect_invalid(p, "edges[0].score");
  p = valid_problem();
  p.edges.push_back({1, 0, 0.3});
  expect_invalid(p, "edges[5]");
  p = valid_problem();
  p.per_proposal = 0;
  expect_invalid(p, "per_proposal");
  p = valid_problem();
  p.min_per_group = {{"clinician", 1}, {"engineer", 1}, {"other", 1}};
  expect_invalid(p, "min_per_group");
  p = valid_problem();
  p.min_per_group = {{"engineer", -1}};
  expect_invalid(p, "min_per_group.engineer");
  p = valid_problem();
  p.min_per_group = {{"", 1}};
  expect_invalid(p, "min_per_group");
  p = valid_problem();
  p.reviewers[1].capacity = -1;
  expect_invalid(p, "reviewers[1].capacity");
  p = valid_problem();
  p.pinned = {{0, 0}, {0, 2}};  // (0, 2) is a conflict
  expect_invalid(p, "pinned[1]");
  p = valid_problem();
  p.pinned = {{5, 0}};
  expect_invalid(p, "pinned[0]");
  p = valid_problem();
  p.pinned = {{0, 0}, {0, 0}};
  expect_invalid(p, "pinned[1]");
  p = valid_problem();
  p.pinned = {{1, 2}};
  p.reviewers[2].capacity = 0;
  expect_invalid(p, "pinned");
  p = valid_problem();
  p.per_proposal = 1;
  p.min_per_group.clear();
  p.pinned = {{1, 0}, {1, 1}};
  expect_invalid(p, "pinned");
  p = valid_problem();
  p.proposals = std::size_t{1} << 40;
  p.edges.clear();
  expect_invalid(p, "proposals");
}

}  // namespace
}  // namespace yigong::match
