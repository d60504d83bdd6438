#include "review/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace yigong::review {
namespace {

constexpr double kEps = 1e-9;

struct Moments {
  double mean = 0, sd = 0;
  int n = 0;
};

std::map<std::int64_t, Moments> reviewer_moments(std::span<const ScoredReview> reviews) {
  std::map<std::int64_t, Moments> m;
  for (const auto& r : reviews) {
    auto& x = m[r.reviewer];
    x.n += 1;
    x.mean += r.weighted;
  }
  for (auto& [id, x] : m) x.mean /= x.n;
  for (const auto& r : reviews) {
    auto& x = m[r.reviewer];
    x.sd += (r.weighted - x.mean) * (r.weighted - x.mean);
  }
  for (auto& [id, x] : m) x.sd = std::sqrt(x.sd / x.n);
  return m;
}

bool same_score(const RankedProposal& a, const RankedProposal& b) {
  return a.reviews > 0 && b.reviews > 0 && std::abs(a.normalised - b.normalised) < kEps &&
         std::abs(a.raw - b.raw) < kEps;
}

}  // namespace

std::vector<RankedProposal> rank_proposals(std::size_t proposals, std::size_t criteria,
                                           std::span<const ScoredReview> reviews,
                                           double disagreement_threshold) {
  auto moments = reviewer_moments(reviews);
  std::vector<RankedProposal> out(proposals);
  std::vector<double> lo(proposals, INFINITY), hi(proposals, -INFINITY);
  for (std::size_t p = 0; p < proposals; ++p) {
    out[p].proposal = p;
    out[p].criteria.assign(criteria, 0.0);
  }
  for (const auto& r : reviews) {
    auto& x = out[r.proposal];
    const auto& m = moments[r.reviewer];
    x.reviews += 1;
    x.raw += r.weighted;
    x.normalised += (m.n > 1 && m.sd > kEps) ? (r.weighted - m.mean) / m.sd : 0.0;
    for (std::size_t c = 0; c < criteria && c < r.criteria.size(); ++c)
      x.criteria[c] += r.criteria[c];
    lo[r.proposal] = std::min(lo[r.proposal], r.weighted);
    hi[r.proposal] = std::max(hi[r.proposal], r.weighted);
  }
  for (std::size_t p = 0; p < proposals; ++p) {
    auto& x = out[p];
    if (x.reviews == 0) continue;
    x.raw /= x.reviews;
    x.normalised /= x.reviews;
    for (auto& c : x.criteria) c /= x.reviews;
    x.spread = hi[p] - lo[p];
    x.disagreement = x.spread > disagreement_threshold + kEps;
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedProposal& a, const RankedProposal& b) {
    if ((a.reviews > 0) != (b.reviews > 0)) return a.reviews > 0;
    if (std::abs(a.normalised - b.normalised) >= kEps) return a.normalised > b.normalised;
    if (std::abs(a.raw - b.raw) >= kEps) return a.raw > b.raw;
    return a.proposal < b.proposal;
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    bool tie = i > 0 &&
               (same_score(out[i], out[i - 1]) || (out[i].reviews == 0 && out[i - 1].reviews == 0));
    out[i].rank = tie ? out[i - 1].rank : static_cast<int>(i) + 1;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = 0; j < out.size(); ++j) {
      if (i != j && out[i].rank == out[j].rank) out[i].tied_with.push_back(out[j].proposal);
    }
  }
  return out;
}

}  // namespace yigong::review
