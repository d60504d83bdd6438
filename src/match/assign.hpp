// Reviewer assignment: proposals get k reviewers each, maximising the summed match score under
// reviewer capacities, conflicts (pairs without an edge), a group mix and pinned pairs; solved
// exactly as one min-cost flow (LEMON).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace yigong::match {

struct AssignReviewer {
  std::string group;  // e.g. "clinician", "engineer", "other"; may be empty (no group)
  int capacity = 0;   // the most proposals this reviewer takes (L)
};

// An eligible (proposal, reviewer) pair. A pair with no edge is a conflict or forbidden: it is
// never assigned.
struct AssignEdge {
  std::size_t proposal = 0, reviewer = 0;
  double score = 0;  // in [0, 1]; the solver works on round(score × 10,000)
};

struct AssignProblem {
  std::size_t proposals = 0;
  std::vector<AssignReviewer> reviewers;
  int per_proposal = 3;  // k: reviewers each proposal gets
  // At least this many reviewers of each named group per proposal ({"clinician": 1}); the
  // minima sum to at most k. Groups no reviewer belongs to are allowed (and reported short).
  std::map<std::string, int> min_per_group;
  std::vector<AssignEdge> edges;  // at most one per pair
  // (proposal, reviewer) pairs that must be assigned; each must be an edge.
  std::vector<std::pair<std::size_t, std::size_t>> pinned;
};

// What one proposal lacks in the best partial assignment.
struct Shortfall {
  std::size_t proposal = 0;
  std::string group;  // "": reviewers of any group (the proposal has fewer than k)
  int missing = 0;    // reviewers (of that group) it lacks
  int eligible = 0;   // edges from this proposal (to reviewers of that group)
};

struct AssignResult {
  bool complete = false;  // every proposal got k reviewers meeting the mix
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (proposal, reviewer), sorted
  double total_score = 0;                                  // sum of the chosen edges' scores
  // Empty when complete; else sorted by (proposal, group), "" (too few reviewers) first.
  std::vector<Shortfall> shortfalls;
};

enum class AssignSolver {
  network_simplex,  // LEMON NetworkSimplex, block-search pivots
  cost_scaling,     // LEMON CostScaling, partial augment-relabel
};

struct AssignOptions {
  AssignSolver solver = AssignSolver::network_simplex;
};

// Where one call's time went, in seconds (for bench/assign).
struct AssignTimings {
  double validate = 0;  // checks, edges bucketed and sorted per proposal
  double build = 0;     // the flow network and its maps
  double solve = 0;     // the min-cost flow solver (its own copy of the network included)
  double extract = 0;   // pairs, score and shortfalls read back
};

// Assigns reviewers. Each proposal gets exactly k reviewers through distinct edges, each reviewer
// at most its capacity, each proposal at least min_per_group[g] reviewers of group g, and every
// pinned pair is assigned; among such assignments the one with the highest total score (on the
// 1/10,000 grid) is returned, with complete = true.
// When no such assignment exists the result is the best partial one: it minimises the number of
// missing reviewers plus the number of missing group places, counted per proposal (a proposal
// without an eligible clinician still gets k reviewers if it can), then maximises the score;
// pins are always kept. complete = false and shortfalls say which proposals lack whom.
// The result depends only on the problem (not on the order of its edges or on timing).
// Thread-safe: no shared state.
// REQUIRES nothing; every violated precondition is an Error::invalid naming its field:
//   edges[i].proposal / edges[i].reviewer out of range, edges[i].score outside [0, 1] or NaN,
//   edges[i] a duplicate pair, per_proposal < 1, reviewers[i].capacity < 0,
//   min_per_group.<g> negative, an empty group name or minima summing to more than k
//   (min_per_group), pinned[i] out of range, not an edge or repeated, more pins on a reviewer
//   than its capacity or on a proposal than k (pinned), and problems too large for the solver's
//   64-bit costs (proposals).
Result<AssignResult> assign_reviewers(const AssignProblem& problem);
Result<AssignResult> assign_reviewers(const AssignProblem& problem, const AssignOptions& options,
                                      AssignTimings* timings = nullptr);

}  // namespace yigong::match
