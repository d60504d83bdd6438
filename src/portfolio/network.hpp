// The collaboration network: organisations linked by what they share, and the organisations that
// bridge otherwise separate groups (betweenness centrality, computed by igraph).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace yigong::portfolio {

struct NetworkEdge {
  std::size_t a = 0, b = 0;  // node indices; a ≠ b
  double weight = 1;         // strength (shared projects, matches, proposals); > 0
};

struct Centrality {
  std::vector<double> betweenness;  // per node, normalised to [0, 1] by (n−1)(n−2)/2
  std::vector<int> component;       // connected component of each node (0-based)
};

// Unweighted shortest paths (a link is a link, however strong); parallel edges are merged.
// Errors: invalid for an index out of range, a self-loop or a weight that is not positive.
Result<Centrality> centrality(std::size_t nodes, const std::vector<NetworkEdge>& edges);

}  // namespace yigong::portfolio
