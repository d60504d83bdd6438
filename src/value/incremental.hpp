// Incremental cost-effectiveness analysis: dominance, extended dominance, ICERs, NMB/NHB.
#pragma once

#include <string>
#include <vector>

namespace yigong::value {

enum class Dominance {
  kFrontier,  // on the efficient frontier (the cheapest one is the reference)
  kStrict,    // another strategy costs no more and yields at least as much (one strictly)
  kExtended,  // a mix of two frontier strategies beats it (its ICER exceeds the next one's)
};

// Immutable value.
struct IncrementalRow {
  std::string name;
  int index = 0;  // position in the input
  double cost = 0, effect = 0;
  Dominance status = Dominance::kFrontier;
  int comparator = -1;  // input index of the previous frontier strategy, −1 for the reference
  double inc_cost = 0, inc_effect = 0;
  double icer = 0;  // NaN for the reference and for dominated strategies
};

// Full incremental analysis (dampack's calculate_icers): sort by cost (ties: higher effect
// first), remove strictly dominated strategies, then repeatedly remove the extendedly dominated
// strategy with the largest ICER violation and recompute. Identical (cost, effect) pairs: the
// first in input order stays on the frontier, the others are marked strictly dominated.
// Rows come back sorted by cost. REQUIRES: equal sizes, finite values.
std::vector<IncrementalRow> incremental_analysis(const std::vector<std::string>& names,
                                                 const std::vector<double>& costs,
                                                 const std::vector<double>& effects);

inline double net_monetary_benefit(double cost, double effect, double wtp) {
  return wtp * effect - cost;
}
// REQUIRES: wtp > 0.
inline double net_health_benefit(double cost, double effect, double wtp) {
  return effect - cost / wtp;
}

const char* dominance_name(Dominance d);  // "frontier", "dominated", "extended_dominated"

}  // namespace yigong::value
