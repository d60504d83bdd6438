// Reviewer assignment as one min-cost flow: validation, the network, LEMON's solver, read-back.
//
// The network (supplies: k at each proposal node, −(proposals × k) at the sink):
//   proposal → reviewer            capacity 1, cost −round(score × 10,000); pins: lower bound 1
//   proposal → group node g        for each group with a minimum m > 0, two parallel arcs: a bonus
//                                  arc (capacity m, cost −M) and a plain one (capacity k, cost 0);
//                                  edges to reviewers of g leave from the group node instead
//   proposal → sink                slack for places no reviewer fills (capacity k, cost +M)
//   reviewer → sink                capacity L
// The bonus arc fills first, so each unmet group place costs M more than a met one; each unfilled
// place costs M through the slack. M exceeds any score difference, hence the min-cost flow first
// minimises the missing places (missing reviewers + missing group places), then maximises the
// score. A group minimum is soft rather than a lower bound so that a proposal lacking an eligible
// clinician still gets k reviewers, and so that pins may break the mix without making the network
// infeasible: with the slack arcs every instance that passes validation has a feasible flow.
#include "match/assign.hpp"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

// LEMON 1.3.1 stores maps of class-typed values in ArrayMap, which calls std::allocator's
// construct/destroy, removed in C++20. CostScaling's final Bellman-Ford pass keeps a
// StaticDigraph::NodeMap<Arc>: route that one map type to the std::vector-backed VectorMap.
namespace lemon {
template <typename Graph, typename Item>
struct DefaultMapSelector<Graph, Item, StaticDigraphBase::Arc> {
  using Map = VectorMap<Graph, Item, StaticDigraphBase::Arc>;
};
}  // namespace lemon

namespace yigong::match {
namespace {

using Graph = lemon::SmartDigraph;
using Cost = long long;

constexpr Cost kScoreScale = 10'000;
// The solvers' potentials stay within (largest arc cost × nodes) of their artificial costs, and
// CostScaling multiplies costs by nodes × its factor (16): keep M × nodes × 32 below 2^62.
constexpr Cost kCostLimit = Cost{1} << 62;
constexpr Cost kCostScalingFactor = 32;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point& start) {
  auto now = Clock::now();
  double s = std::chrono::duration<double>(now - start).count();
  start = now;
  return s;
}

std::string index_field(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

// The problem checked and arranged for the network.
struct Prepared {
  std::vector<std::size_t> order;  // edge indices sorted by (proposal, reviewer)
  std::vector<std::size_t> first;  // proposal p's edges: order[first[p] .. first[p + 1])
  std::vector<char> pinned;        // per position in order
  std::vector<int> group_of;       // per reviewer: its index in minima, or −1
  std::vector<std::pair<std::string, int>> minima;  // groups with a minimum > 0, by name
};

Result<void> check_scalars(const AssignProblem& problem) {
  if (problem.per_proposal < 1) {
    return fail(Error::invalid("must be at least 1", "per_proposal"));
  }
  for (std::size_t r = 0; r < problem.reviewers.size(); ++r) {
    if (problem.reviewers[r].capacity < 0) {
      return fail(
          Error::invalid("must not be negative", index_field("reviewers", r) + ".capacity"));
    }
  }
  long long sum = 0;
  for (const auto& [group, minimum] : problem.min_per_group) {
    if (group.empty()) {
      return fail(Error::invalid("a group name must not be empty", "min_per_group"));
    }
    if (minimum < 0) {
      return fail(Error::invalid("must not be negative", "min_per_group." + group));
    }
    sum += minimum;
  }
  if (sum > problem.per_proposal) {
    return fail(Error::invalid("the group minima sum to " + std::to_string(sum) +
                                   ", more than per_proposal (" +
                                   std::to_string(problem.per_proposal) + ")",
                               "min_per_group"));
  }
  return ok();
}

Result<void> check_edges(const AssignProblem& problem) {
  const std::size_t n = problem.proposals;
  const std::size_t reviewers = problem.reviewers.size();
  for (std::size_t i = 0; i < problem.edges.size(); ++i) {
    const AssignEdge& e = problem.edges[i];
    if (e.proposal >= n) {
      return fail(Error::invalid("proposal " + std::to_string(e.proposal) + " out of range (" +
                                     std::to_string(n) + " proposals)",
                                 index_field("edges", i) + ".proposal"));
    }
    if (e.reviewer >= reviewers) {
      return fail(Error::invalid("reviewer " + std::to_string(e.reviewer) + " out of range (" +
                                     std::to_string(reviewers) + " reviewers)",
                                 index_field("edges", i) + ".reviewer"));
    }
    if (!(e.score >= 0.0 && e.score <= 1.0)) {  // NaN fails both comparisons
      return fail(
          Error::invalid("score must be a number in [0, 1]", index_field("edges", i) + ".score"));
    }
  }
  return ok();
}

// The slack cost M, which must exceed any score a flow could gain by leaving one more place
// missing, so that the min-cost flow first minimises missing places. Two bounds hold and M takes
// the smaller, plus one: no total score exceeds 10,000 × proposals × k; and two feasible flows
// differ by a sum of residual cycles, a simple cycle passes each reviewer node at most once, so it
// crosses at most 2 × reviewers edge arcs and changes the score by at most 10,000 per arc.
// REQUIRES proposals × k to fit an int (check_size).
Cost slack_cost(const AssignProblem& problem) {
  const auto seats = static_cast<Cost>(problem.proposals) * problem.per_proposal;
  const auto cycle = 2 * static_cast<Cost>(problem.reviewers.size());
  return kScoreScale * std::min(seats, cycle) + 1;
}

// Sizes LEMON's int ids, int flows and 64-bit costs can hold.
Result<void> check_size(const AssignProblem& problem, std::size_t groups) {
  const auto int_max = static_cast<std::size_t>(std::numeric_limits<int>::max());
  const std::size_t n = problem.proposals;
  const auto k = static_cast<std::size_t>(problem.per_proposal);
  const std::size_t reviewers = problem.reviewers.size();
  bool fits = n <= int_max / k / 2;
  std::size_t nodes = 0, arcs = 0;
  if (fits) {
    nodes = 1 + reviewers + n * (1 + groups);
    arcs = problem.edges.size() + reviewers + n * (1 + 2 * groups);
    fits = nodes < int_max / 2 && arcs < int_max / 2 &&
           slack_cost(problem) <= kCostLimit / kCostScalingFactor / static_cast<Cost>(nodes);
  }
  if (!fits) {
    return fail(Error::invalid("too large for one flow network: " + std::to_string(n) +
                                   " proposals × " + std::to_string(k) + " reviewers, " +
                                   std::to_string(problem.edges.size()) + " edges",
                               "proposals"));
  }
  return ok();
}

// Buckets the edges by proposal, sorts each bucket by reviewer, rejects duplicates.
Result<void> arrange_edges(const AssignProblem& problem, Prepared& prep) {
  const std::size_t n = problem.proposals;
  prep.first.assign(n + 1, 0);
  for (const AssignEdge& e : problem.edges) ++prep.first[e.proposal + 1];
  for (std::size_t p = 0; p < n; ++p) prep.first[p + 1] += prep.first[p];
  prep.order.resize(problem.edges.size());
  std::vector<std::size_t> next(prep.first.begin(), prep.first.end() - 1);
  for (std::size_t i = 0; i < problem.edges.size(); ++i) {
    prep.order[next[problem.edges[i].proposal]++] = i;
  }
  for (std::size_t p = 0; p < n; ++p) {
    auto begin = prep.order.begin() + static_cast<std::ptrdiff_t>(prep.first[p]);
    auto end = prep.order.begin() + static_cast<std::ptrdiff_t>(prep.first[p + 1]);
    std::sort(begin, end, [&](std::size_t a, std::size_t b) {
      const std::size_t ra = problem.edges[a].reviewer, rb = problem.edges[b].reviewer;
      return ra != rb ? ra < rb : a < b;
    });
    for (auto it = begin; it != end && it + 1 != end; ++it) {
      const AssignEdge& a = problem.edges[*it];
      if (a.reviewer == problem.edges[*(it + 1)].reviewer) {
        return fail(Error::invalid("duplicate edge: proposal " + std::to_string(p) + ", reviewer " +
                                       std::to_string(a.reviewer) + " is also " +
                                       index_field("edges", *it),
                                   index_field("edges", *(it + 1))));
      }
    }
  }
  prep.pinned.assign(problem.edges.size(), 0);
  return ok();
}

Result<void> mark_pins(const AssignProblem& problem, Prepared& prep) {
  std::vector<int> per_reviewer(problem.reviewers.size(), 0);
  std::vector<int> per_proposal(problem.proposals, 0);
  for (std::size_t i = 0; i < problem.pinned.size(); ++i) {
    const auto [p, r] = problem.pinned[i];
    const std::string field = index_field("pinned", i);
    if (p >= problem.proposals || r >= problem.reviewers.size()) {
      return fail(Error::invalid(
          "pinned pair (" + std::to_string(p) + ", " + std::to_string(r) + ") is out of range",
          field));
    }
    auto begin = prep.order.begin() + static_cast<std::ptrdiff_t>(prep.first[p]);
    auto end = prep.order.begin() + static_cast<std::ptrdiff_t>(prep.first[p + 1]);
    auto it = std::lower_bound(begin, end, r, [&](std::size_t edge, std::size_t reviewer) {
      return problem.edges[edge].reviewer < reviewer;
    });
    if (it == end || problem.edges[*it].reviewer != r) {
      return fail(Error::invalid("pinned pair (" + std::to_string(p) + ", " + std::to_string(r) +
                                     ") is not an eligible edge (a conflict?)",
                                 field));
    }
    char& mark = prep.pinned[static_cast<std::size_t>(it - prep.order.begin())];
    if (mark) {
      return fail(Error::invalid(
          "pinned pair (" + std::to_string(p) + ", " + std::to_string(r) + ") is pinned twice",
          field));
    }
    mark = 1;
    if (++per_reviewer[r] > problem.reviewers[r].capacity) {
      return fail(Error::invalid("reviewer " + std::to_string(r) +
                                     " has more pins than its capacity (" +
                                     std::to_string(problem.reviewers[r].capacity) + ")",
                                 "pinned"));
    }
    if (++per_proposal[p] > problem.per_proposal) {
      return fail(Error::invalid("proposal " + std::to_string(p) +
                                     " has more pins than per_proposal (" +
                                     std::to_string(problem.per_proposal) + ")",
                                 "pinned"));
    }
  }
  return ok();
}

Result<Prepared> prepare(const AssignProblem& problem) {
  Prepared prep;
  YG_TRY(check_scalars(problem));
  for (const auto& [group, minimum] : problem.min_per_group) {
    if (minimum > 0) prep.minima.emplace_back(group, minimum);
  }
  YG_TRY(check_size(problem, prep.minima.size()));
  YG_TRY(check_edges(problem));
  YG_TRY(arrange_edges(problem, prep));
  YG_TRY(mark_pins(problem, prep));
  prep.group_of.assign(problem.reviewers.size(), -1);
  for (std::size_t r = 0; r < problem.reviewers.size(); ++r) {
    for (std::size_t g = 0; g < prep.minima.size(); ++g) {
      if (problem.reviewers[r].group == prep.minima[g].first)
        prep.group_of[r] = static_cast<int>(g);
    }
  }
  return prep;
}

struct Network {
  Graph graph;
  Graph::NodeMap<int> supply{graph, 0};
  Graph::ArcMap<int> lower{graph, 0};
  Graph::ArcMap<int> upper{graph, 0};
  Graph::ArcMap<Cost> cost{graph, 0};
  bool has_lower = false;
  std::vector<Graph::Arc> edge_arc;   // per position in Prepared::order
  std::vector<Graph::Arc> slack_arc;  // per proposal
  std::vector<Graph::Arc> bonus_arc;  // per proposal × group with a minimum

  Graph::Arc add_arc(Graph::Node from, Graph::Node to, int cap, Cost c) {
    Graph::Arc a = graph.addArc(from, to);
    upper[a] = cap;
    cost[a] = c;
    return a;
  }
};

void build(const AssignProblem& problem, const Prepared& prep, Network& net) {
  const std::size_t n = problem.proposals;
  const std::size_t groups = prep.minima.size();
  const int k = problem.per_proposal;
  const Cost big_m = slack_cost(problem);
  Graph& g = net.graph;
  g.reserveNode(static_cast<int>(1 + problem.reviewers.size() + n * (1 + groups)));
  g.reserveArc(
      static_cast<int>(problem.edges.size() + problem.reviewers.size() + n * (1 + 2 * groups)));

  const Graph::Node sink = g.addNode();
  net.supply[sink] = -static_cast<int>(n) * k;
  std::vector<Graph::Node> reviewer_node(problem.reviewers.size());
  for (std::size_t r = 0; r < problem.reviewers.size(); ++r) {
    reviewer_node[r] = g.addNode();
    net.add_arc(reviewer_node[r], sink, problem.reviewers[r].capacity, 0);
  }
  net.edge_arc.resize(prep.order.size());
  net.slack_arc.resize(n);
  net.bonus_arc.resize(n * groups);
  std::vector<Graph::Node> group_node(groups);
  for (std::size_t p = 0; p < n; ++p) {
    const Graph::Node proposal = g.addNode();
    net.supply[proposal] = k;
    net.slack_arc[p] = net.add_arc(proposal, sink, k, big_m);
    for (std::size_t gi = 0; gi < groups; ++gi) {
      group_node[gi] = g.addNode();
      net.bonus_arc[p * groups + gi] =
          net.add_arc(proposal, group_node[gi], prep.minima[gi].second, -big_m);
      net.add_arc(proposal, group_node[gi], k, 0);
    }
    for (std::size_t j = prep.first[p]; j < prep.first[p + 1]; ++j) {
      const AssignEdge& e = problem.edges[prep.order[j]];
      const int gi = prep.group_of[e.reviewer];
      const Graph::Node from = gi < 0 ? proposal : group_node[static_cast<std::size_t>(gi)];
      const Cost c = -std::llround(e.score * static_cast<double>(kScoreScale));
      const Graph::Arc a = net.add_arc(from, reviewer_node[e.reviewer], 1, c);
      net.edge_arc[j] = a;
      if (prep.pinned[j]) {
        net.lower[a] = 1;
        net.has_lower = true;
      }
    }
  }
}

// Runs one LEMON min-cost flow solver; NetworkSimplex and CostScaling share this interface.
template <typename Solver, typename... RunArgs>
Result<void> solve(const Network& net, Graph::ArcMap<int>& flow, RunArgs... run_args) {
  Solver solver(net.graph);
  solver.upperMap(net.upper).costMap(net.cost).supplyMap(net.supply);
  if (net.has_lower) solver.lowerMap(net.lower);
  const auto status = solver.run(run_args...);
  if (status != Solver::OPTIMAL) {
    // Unreachable: the slack arcs make every validated problem feasible and all arcs are bounded.
    return fail(Error::internal("the assignment flow network has no optimal flow"));
  }
  solver.flowMap(flow);
  return ok();
}

AssignResult extract(const AssignProblem& problem, const Prepared& prep, const Network& net,
                     const Graph::ArcMap<int>& flow) {
  AssignResult result;
  std::vector<int> eligible_in_group(prep.minima.size());
  for (std::size_t p = 0; p < problem.proposals; ++p) {
    std::fill(eligible_in_group.begin(), eligible_in_group.end(), 0);
    for (std::size_t j = prep.first[p]; j < prep.first[p + 1]; ++j) {
      const AssignEdge& e = problem.edges[prep.order[j]];
      if (prep.group_of[e.reviewer] >= 0) {
        ++eligible_in_group[static_cast<std::size_t>(prep.group_of[e.reviewer])];
      }
      if (flow[net.edge_arc[j]] > 0) {
        result.pairs.emplace_back(p, e.reviewer);
        result.total_score += e.score;
      }
    }
    const int unfilled = flow[net.slack_arc[p]];
    if (unfilled > 0) {
      result.shortfalls.push_back(
          {p, "", unfilled, static_cast<int>(prep.first[p + 1] - prep.first[p])});
    }
    for (std::size_t gi = 0; gi < prep.minima.size(); ++gi) {
      const int missing = prep.minima[gi].second - flow[net.bonus_arc[p * prep.minima.size() + gi]];
      if (missing > 0) {
        result.shortfalls.push_back({p, prep.minima[gi].first, missing, eligible_in_group[gi]});
      }
    }
  }
  result.complete = result.shortfalls.empty();
  return result;
}

}  // namespace

Result<AssignResult> assign_reviewers(const AssignProblem& problem) {
  return assign_reviewers(problem, AssignOptions{});
}

Result<AssignResult> assign_reviewers(const AssignProblem& problem, const AssignOptions& options,
                                      AssignTimings* timings) {
  AssignTimings local;
  AssignTimings& t = timings ? *timings : local;
  auto clock = Clock::now();
  auto prep = prepare(problem);
  if (!prep) return fail(std::move(prep.error()));
  t.validate = seconds_since(clock);

  Network net;
  build(problem, *prep, net);
  t.build = seconds_since(clock);

  Graph::ArcMap<int> flow(net.graph, 0);
  Result<void> solved = options.solver == AssignSolver::cost_scaling
                            ? solve<lemon::CostScaling<Graph, int, Cost>>(net, flow)
                            : solve<lemon::NetworkSimplex<Graph, int, Cost>>(net, flow);
  if (!solved) return fail(std::move(solved.error()));
  t.solve = seconds_since(clock);

  AssignResult result = extract(problem, *prep, net, flow);
  t.extract = seconds_since(clock);
  return result;
}

}  // namespace yigong::match
