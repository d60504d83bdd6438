// Incremental analysis following the standard algorithm (Drummond; dampack).
#include "value/incremental.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace yigong::value {

const char* dominance_name(Dominance d) {
  switch (d) {
    case Dominance::kFrontier:
      return "frontier";
    case Dominance::kStrict:
      return "dominated";
    case Dominance::kExtended:
      return "extended_dominated";
  }
  return "";
}

std::vector<IncrementalRow> incremental_analysis(const std::vector<std::string>& names,
                                                 const std::vector<double>& costs,
                                                 const std::vector<double>& effects) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t n = costs.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (costs[a] != costs[b]) return costs[a] < costs[b];
    return effects[a] > effects[b];
  });
  std::vector<IncrementalRow> rows(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t i = order[k];
    rows[k].name = i < names.size() ? names[i] : std::to_string(i);
    rows[k].index = static_cast<int>(i);
    rows[k].cost = costs[i];
    rows[k].effect = effects[i];
    rows[k].icer = nan;
  }
  // Strict dominance: in cost order, a strategy is dominated when an earlier (no costlier) one
  // has at least its effect.
  double best = -std::numeric_limits<double>::infinity();
  for (auto& r : rows) {
    if (r.effect <= best) {
      r.status = Dominance::kStrict;
    } else {
      best = r.effect;
    }
  }
  // Extended dominance: on the remaining list ICERs must increase; drop violators until they do.
  for (;;) {
    std::vector<std::size_t> f;
    for (std::size_t k = 0; k < n; ++k)
      if (rows[k].status == Dominance::kFrontier) f.push_back(k);
    bool removed = false;
    for (std::size_t a = 1; a + 1 < f.size(); ++a) {
      const auto &p = rows[f[a - 1]], &c = rows[f[a]], &q = rows[f[a + 1]];
      double icer_c = (c.cost - p.cost) / (c.effect - p.effect);
      double icer_q = (q.cost - c.cost) / (q.effect - c.effect);
      if (icer_c > icer_q) {
        rows[f[a]].status = Dominance::kExtended;
        removed = true;
        break;  // recompute from the start: removing one can expose another
      }
    }
    if (!removed) break;
  }
  int prev = -1;
  for (std::size_t k = 0; k < n; ++k) {
    auto& r = rows[k];
    if (r.status != Dominance::kFrontier) continue;
    if (prev >= 0) {
      const auto& p = rows[static_cast<std::size_t>(prev)];
      r.comparator = p.index;
      r.inc_cost = r.cost - p.cost;
      r.inc_effect = r.effect - p.effect;
      r.icer = r.inc_cost / r.inc_effect;
    }
    prev = static_cast<int>(k);
  }
  return rows;
}

}  // namespace yigong::value
