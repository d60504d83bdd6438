#include "portfolio/kpi.hpp"

#include <algorithm>
#include <set>

namespace yigong::portfolio {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double pos = p * static_cast<double>(values.size() - 1);
  auto lo = static_cast<size_t>(pos);
  size_t hi = std::min(lo + 1, values.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return values[lo] + (values[hi] - values[lo]) * frac;
}

std::vector<StageStats> stage_statistics(std::span<const StageHistory> histories, int stages,
                                         Micros now, double stall_days) {
  constexpr double kDay = 86400.0 * 1e6;
  std::vector<StageStats> out(static_cast<size_t>(stages));
  std::vector<std::vector<double>> stays(static_cast<size_t>(stages));
  for (int s = 0; s < stages; ++s) out[static_cast<size_t>(s)].stage = s;
  for (const auto& h : histories) {
    if (h.entered.empty()) continue;
    std::set<int> reached;
    for (size_t i = 0; i < h.entered.size(); ++i) {
      auto [from, stage] = h.entered[i];
      auto& st = out[static_cast<size_t>(stage)];
      reached.insert(stage);
      bool last = i + 1 == h.entered.size();
      Micros to = !last ? h.entered[i + 1].first : h.stopped_at.value_or(now);
      double days = std::max<double>(0, static_cast<double>(to - from) / kDay);
      stays[static_cast<size_t>(stage)].push_back(days);
      if (!last || h.stopped_at) st.completed_spans += 1;
      if (last && h.stopped_at) st.stopped_here += 1;
      if (last && !h.stopped_at) {
        st.current += 1;
        if (days > stall_days && stage + 1 < stages) st.stalled += 1;  // the market is no stall
      }
    }
    for (int s : reached) out[static_cast<size_t>(s)].reached += 1;
  }
  for (int s = 0; s < stages; ++s) {
    out[static_cast<size_t>(s)].median_days = percentile(stays[static_cast<size_t>(s)], 0.5);
    out[static_cast<size_t>(s)].p90_days = percentile(stays[static_cast<size_t>(s)], 0.9);
  }
  return out;
}

}  // namespace yigong::portfolio
