// Portfolio indicators from projects' stage histories: the funnel, time spent in each stage
// (median, p90), and where projects stop or stall — the "death valley".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/time.hpp"

namespace yigong::portfolio {

// One project's path: the stage it entered at each time (first entry = its start), and when it
// stopped, if it did.
struct StageHistory {
  std::vector<std::pair<Micros, int>> entered;  // sorted by time
  std::optional<Micros> stopped_at;
};

struct StageStats {
  int stage = 0;
  int reached = 0;                       // projects that were ever in this stage (the funnel)
  int current = 0;                       // live projects in it now
  int stopped_here = 0;                  // projects stopped while in it
  int stalled = 0;                       // live projects in it for longer than the stall threshold
  int completed_spans = 0;               // stays that ended (moved on or stopped)
  double median_days = 0, p90_days = 0;  // over every stay, the open ones counted up to now
};

// REQUIRES: stages ≥ 1; every history's stages in [0, stages).
std::vector<StageStats> stage_statistics(std::span<const StageHistory> histories, int stages,
                                         Micros now, double stall_days);

// Linear-interpolated percentile (p in [0, 1]) of values; 0 when empty.
double percentile(std::vector<double> values, double p);

}  // namespace yigong::portfolio
