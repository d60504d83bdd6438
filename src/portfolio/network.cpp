#include "portfolio/network.hpp"

#include <igraph/igraph.h>

#include <cmath>
#include <mutex>

namespace yigong::portfolio {
namespace {

// igraph keeps global state (error handlers, RNG); one call at a time.
std::mutex& igraph_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

Result<Centrality> centrality(std::size_t nodes, const std::vector<NetworkEdge>& edges) {
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& e = edges[i];
    std::string f = "edges[" + std::to_string(i) + "]";
    if (e.a >= nodes || e.b >= nodes) return fail(Error::invalid("node index out of range", f));
    if (e.a == e.b) return fail(Error::invalid("an organisation cannot link to itself", f));
    if (!(e.weight > 0) || !std::isfinite(e.weight))
      return fail(Error::invalid("weights are positive", f));
  }
  Centrality out;
  out.betweenness.assign(nodes, 0.0);
  out.component.assign(nodes, 0);
  if (nodes == 0) return out;
  std::lock_guard lock(igraph_mutex());
  igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_vector_int_t ends;
  igraph_vector_int_init(&ends, static_cast<igraph_integer_t>(edges.size() * 2));
  for (std::size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ends)[2 * i] = static_cast<igraph_integer_t>(edges[i].a);
    VECTOR(ends)[2 * i + 1] = static_cast<igraph_integer_t>(edges[i].b);
  }
  igraph_t graph;
  if (igraph_create(&graph, &ends, static_cast<igraph_integer_t>(nodes), IGRAPH_UNDIRECTED) !=
      IGRAPH_SUCCESS) {
    igraph_vector_int_destroy(&ends);
    return fail(Error::internal("igraph could not build the network"));
  }
  igraph_vector_int_destroy(&ends);
  // Parallel edges would count a pair's shortest paths twice: merge them.
  igraph_simplify(&graph, /*multiple=*/true, /*loops=*/true, nullptr);
  igraph_vector_t scores;
  igraph_vector_init(&scores, 0);
  igraph_vector_int_t membership;
  igraph_vector_int_init(&membership, 0);
  bool okay = igraph_betweenness(&graph, &scores, igraph_vss_all(), IGRAPH_UNDIRECTED, nullptr) ==
                  IGRAPH_SUCCESS &&
              igraph_connected_components(&graph, &membership, nullptr, nullptr, IGRAPH_WEAK) ==
                  IGRAPH_SUCCESS;
  if (okay) {
    double pairs =
        nodes > 2 ? (static_cast<double>(nodes) - 1) * (static_cast<double>(nodes) - 2) / 2 : 1.0;
    for (std::size_t i = 0; i < nodes; ++i) {
      out.betweenness[i] = VECTOR(scores)[i] / pairs;
      out.component[i] = static_cast<int>(VECTOR(membership)[i]);
    }
  }
  igraph_vector_destroy(&scores);
  igraph_vector_int_destroy(&membership);
  igraph_destroy(&graph);
  if (!okay) return fail(Error::internal("igraph could not compute centrality"));
  return out;
}

}  // namespace yigong::portfolio
